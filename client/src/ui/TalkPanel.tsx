import { QUEUE_REASON_LABELS, type CircleView } from '@hearth/shared';
import { useHearth } from '../app/context';
import { MODE_HINTS, MODE_LABELS, nameIn, roundLines, type RoundStatus } from '../lib/talk';
import { DownIcon, UpIcon } from './icons';
import { TurnTimer } from './TurnTimer';

const ROUND_STATUS_WORDS: Readonly<Record<RoundStatus, string>> = {
  done: 'had their turn',
  speaking: 'speaking now',
  next: 'next',
  later: '',
  away: 'stepped out',
};

/**
 * "Talk order", for everyone: the mode, who has the floor and the turn timer, the go-around
 * (who is speaking, who is next) and the raised hands with each person's place and why.
 * Facilitators can move hands up and down here.
 */
export function TalkPanel() {
  const view = useHearth((s) => s.circle.view);
  if (!view) return null;
  const holder = view.floor ? nameIn(view, view.floor.holderId) : null;
  const selfId = view.you?.id;
  return (
    <section className="panel" aria-labelledby="talk-title" data-testid="talk-panel">
      <h2 id="talk-title">Talk order</h2>
      {view.groups ? (
        <p className="soft" data-testid="talk-waits">
          The circle is in groups: each group is an open floor. This talk order resumes when everyone is back.
        </p>
      ) : null}
      <p className="panel-mode">
        <strong>{MODE_LABELS[view.rules.mode]}</strong> <span className="soft">{MODE_HINTS[view.rules.mode]}</span>
      </p>
      {view.rules.mode !== 'open' ? (
        <div className="floor-line" data-testid="floor-line">
          {holder ? (
            <>
              <span>
                <strong>{view.floor?.holderId === selfId ? 'You have' : `${holder} has`}</strong> the floor
              </span>
              <TurnTimer timer={view.timer} />
            </>
          ) : (
            <span className="soft">No one has the floor right now.</span>
          )}
        </div>
      ) : null}
      {view.round ? <RoundList view={view} /> : null}
      <QueueList view={view} />
    </section>
  );
}

function RoundList({ view }: { view: CircleView }) {
  const lines = roundLines(view);
  return (
    <div className="panel-block">
      <h3>Go-around</h3>
      <ol className="round-list" data-testid="round-list">
        {lines.map((line) => (
          <li
            key={line.id}
            className={`round-${line.status}`}
            data-status={line.status}
            aria-current={line.status === 'speaking' ? 'step' : undefined}
          >
            <span className="round-name">
              {line.name}
              {line.id === view.you?.id ? ' (you)' : ''}
            </span>
            {ROUND_STATUS_WORDS[line.status] ? <span className="round-status">{ROUND_STATUS_WORDS[line.status]}</span> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}

function QueueList({ view }: { view: CircleView }) {
  const send = useHearth((s) => s.sendCommand);
  const facilitator = view.you?.role === 'facilitator';
  const queue = view.queue;
  const move = (from: number, to: number) => {
    const order = queue.map((e) => e.participantId);
    const [id] = order.splice(from, 1);
    order.splice(to, 0, id!);
    void send({ type: 'reorderQueue', order });
  };
  return (
    <div className="panel-block">
      <h3>Raised hands</h3>
      {queue.length > 1 && queue.every((e) => e.reason === 'raisedFirst' || e.reason === 'directReply') ? (
        <p className="soft small-text">In the order hands went up.</p>
      ) : null}
      {queue.length === 0 ? (
        <p className="soft">No hands raised.</p>
      ) : (
        <ol className="queue-list" data-testid="queue-list">
          {queue.map((e, i) => {
            const name = nameIn(view, e.participantId);
            const who = `${name}${e.participantId === view.you?.id ? ' (you)' : ''}`;
            return (
              <li key={e.participantId} data-peer-id={e.participantId} data-reason={e.reason}>
                <span className="queue-place" aria-hidden="true">
                  {i + 1}
                </span>
                <span className="queue-who">
                  <span className="queue-name">{who}</span>
                  {/* "In the order raised" on every line says nothing: that is said once, above. */}
                  {e.kind === 'reply' || e.reason !== 'raisedFirst' ? (
                    <span className="queue-reason">
                      {e.kind === 'reply' ? 'reply · ' : ''}
                      {e.reason === 'raisedFirst' ? '' : QUEUE_REASON_LABELS[e.reason]}
                    </span>
                  ) : null}
                </span>
                {facilitator && queue.length > 1 ? (
                  <span className="queue-move">
                    <button type="button" className="icon-button" aria-label={`Move ${name} up`} disabled={i === 0} onClick={() => move(i, i - 1)}>
                      <UpIcon size={18} />
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Move ${name} down`}
                      disabled={i === queue.length - 1}
                      onClick={() => move(i, i + 1)}
                    >
                      <DownIcon size={18} />
                    </button>
                  </span>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
