import { useId, useState } from 'react';
import type { CircleMode, CircleView, QueueOrder } from '@hearth/shared';
import { useHearth } from '../app/context';
import { hostedAccessOf } from '../lib/circleAccess';
import { MODE_LABELS, QUEUE_ORDER_LABELS, TURN_LIMITS, turnLimitLabel } from '../lib/talk';
import { formatDuration } from '../lib/time';
import { ActionButton } from './ActionButton';
import { ConfirmDialog } from './ConfirmDialog';
import { LeafIcon } from './icons';
import { ATTENTION_TARGETS, ChimeSwitch } from './Attention';
import { GroupsSection } from './Groups';
import { LobbySection } from './Lobby';
import { ShareLinkSection } from './ShareLink';

const MODES: CircleMode[] = ['open', 'queue', 'round', 'directed'];

/**
 * A setting shown as chosen right away, while its command is in flight: controls bound to
 * the server's view would otherwise snap back for a moment. The view wins once the command
 * settles (accepted or refused).
 */
function usePending<T>(server: T): [T, (value: T, send: () => Promise<boolean>) => void] {
  const [pending, setPending] = useState<{ value: T } | null>(null);
  const choose = (value: T, send: () => Promise<boolean>) => {
    setPending({ value });
    void send().finally(() => setPending(null));
  };
  return [pending ? pending.value : server, choose];
}
const ORDERS: QueueOrder[] = ['fifo', 'notYetSpoken', 'leastAirtime'];

/**
 * The facilitator's panel: who waits in the lobby, how people speak (mode, queue order, replies, timing), moving
 * the floor on, the circle itself (seating, lock, end), people who asked for a moment, and
 * airtime — offered as a fairness aid, not a score. Shown only to facilitators.
 */
export function FacilitationPanel() {
  const view = useHearth((s) => s.circle.view);
  const circleId = useHearth((s) => s.circle.circleId);
  // A hosted circle's creator shares (and replaces or revokes) its link from here.
  const hostedCreator = useHearth((s) => hostedAccessOf(s.access, s.circle.circleId)?.role === 'facilitator');
  if (!view || view.you?.role !== 'facilitator' || view.ended) return null;
  return (
    <section className="panel panel-facilitation" aria-labelledby="facilitation-title" data-testid="facilitation-panel">
      <h2 id="facilitation-title">Facilitation</h2>
      <LobbySection />
      <div className="panel-block panel-signals">
        <ChimeSwitch />
      </div>
      {hostedCreator && circleId ? <ShareLinkSection circleId={circleId} /> : null}
      <Moments view={view} />
      <GroupsSection view={view} />
      <HowWeSpeak view={view} />
      {/* The circle's floor waits while it is in groups (each group is an open floor). */}
      {view.groups ? null : <FloorActions view={view} />}
      <CircleActions view={view} />
      <Removed view={view} />
      <Airtime view={view} />
    </section>
  );
}

function Moments({ view }: { view: CircleView }) {
  const send = useHearth((s) => s.sendCommand);
  const waiting = view.participants.filter((p) => p.needsMoment && p.id !== view.you?.id);
  if (waiting.length === 0) return null;
  return (
    <div className="panel-block moments" data-testid="moments">
      <h3 id={ATTENTION_TARGETS.moments} tabIndex={-1}>
        Needs a moment
      </h3>
      <p className="soft">They may want a quiet check-in, a pause, or simply to be noticed. Only facilitators see this.</p>
      <ul className="moment-list">
        {waiting.map((p) => (
          <li key={p.id} data-peer-id={p.id}>
            <LeafIcon size={18} />
            <span className="moment-name" id={`moment-${p.id}`}>
              {p.name}
            </span>
            <button type="button" className="secondary small" aria-describedby={`moment-${p.id}`} onClick={() => void send({ type: 'acknowledgeMoment', target: p.id })}>
              Acknowledge
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

type Toggle = 'directReplies' | 'facilitatorsMaySpeak' | 'autoAdvance' | 'chat';

function RuleSwitch({ view, rule, label, hint }: { view: CircleView; rule: Toggle; label: string; hint: string }) {
  const send = useHearth((s) => s.sendCommand);
  // `chat` is absent from circles started before it existed: on.
  const [on, choose] = usePending(view.rules[rule] ?? true);
  const hintId = useId();
  return (
    <label className="switch">
      <input
        type="checkbox"
        role="switch"
        checked={on}
        aria-describedby={hintId}
        onChange={(e) => {
          const next = e.target.checked;
          choose(next, () => send({ type: 'setRules', rules: { [rule]: next } }));
        }}
      />
      <span className="switch-text">
        <span>{label}</span>
        <span className="soft" id={hintId}>
          {hint}
        </span>
      </span>
    </label>
  );
}

function HowWeSpeak({ view }: { view: CircleView }) {
  const send = useHearth((s) => s.sendCommand);
  const limitId = useId();
  const rules = view.rules;
  const [mode, chooseMode] = usePending(rules.mode);
  const [queueOrder, chooseOrder] = usePending(rules.queueOrder);
  const [limit, chooseLimit] = usePending(rules.turnLimitMs);
  const limits = TURN_LIMITS.includes(limit) ? TURN_LIMITS : [...TURN_LIMITS, limit];
  return (
    <div className="panel-block">
      {/* In pairs and small groups each group is an open floor; the mode applies when everyone is back. */}
      <fieldset className="choice" disabled={view.groups !== undefined}>
        <legend>Mode</legend>
        {MODES.map((m) => (
          <label key={m} className="choice-option">
            <input type="radio" name="circle-mode" value={m} checked={mode === m} onChange={() => chooseMode(m, () => send({ type: 'setMode', mode: m }))} />
            <span>{MODE_LABELS[m]}</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="choice">
        <legend>Queue order</legend>
        {ORDERS.map((order) => (
          <label key={order} className="choice-option">
            <input
              type="radio"
              name="queue-order"
              value={order}
              checked={queueOrder === order}
              onChange={() => chooseOrder(order, () => send({ type: 'setRules', rules: { queueOrder: order } }))}
            />
            <span>{QUEUE_ORDER_LABELS[order]}</span>
          </label>
        ))}
      </fieldset>
      <div className="switches">
        <RuleSwitch view={view} rule="directReplies" label="Direct replies" hint="Someone may ask to answer the speaker directly." />
        <RuleSwitch view={view} rule="facilitatorsMaySpeak" label="Facilitators may always speak" hint="Your mics stay open in structured modes." />
        <RuleSwitch view={view} rule="autoAdvance" label="Auto-advance" hint="When a turn’s time is up, the floor moves on by itself." />
        <RuleSwitch view={view} rule="chat" label="Chat" hint="Messages to everyone present. Private messages to facilitators stay open." />
      </div>
      <div className="field-row">
        <label htmlFor={limitId}>Turn limit</label>
        <select
          id={limitId}
          value={limit === null ? 'none' : String(limit)}
          onChange={(e) => {
            const next = e.target.value === 'none' ? null : Number(e.target.value);
            chooseLimit(next, () => send({ type: 'setRules', rules: { turnLimitMs: next } }));
          }}
        >
          {limits.map((ms) => (
            <option key={ms ?? 'none'} value={ms === null ? 'none' : String(ms)}>
              {turnLimitLabel(ms)}
            </option>
          ))}
        </select>
      </div>
      <SaveForNextTime />
    </div>
  );
}

function FloorActions({ view }: { view: CircleView }) {
  const send = useHearth((s) => s.sendCommand);
  const mode = view.rules.mode;
  const timer = view.timer;
  const canTime = timer !== null && view.rules.turnLimitMs !== null;
  return (
    <div className="panel-block">
      <h3>The floor</h3>
      <div className="button-grid">
        {view.round ? (
          <ActionButton className="secondary" onClick={() => void send({ type: 'endRound' })}>
            End round
          </ActionButton>
        ) : (
          <ActionButton className="secondary" onClick={() => void send({ type: 'startRound' })} title="Starts a go-around from the first seat">
            Start round
          </ActionButton>
        )}
        <ActionButton className="secondary" disabled={mode === 'open' || (mode !== 'round' && !view.floor)} onClick={() => void send({ type: 'next' })}>
          Next
        </ActionButton>
        <ActionButton className="secondary" disabled={!view.floor} onClick={() => void send({ type: 'revokeFloor' })}>
          Revoke floor
        </ActionButton>
        <ActionButton className="secondary" disabled={view.queue.length === 0} onClick={() => void send({ type: 'lowerAllHands' })}>
          Lower all hands
        </ActionButton>
        {timer?.paused ? (
          <ActionButton className="secondary" onClick={() => void send({ type: 'resumeTimer' })}>
            Resume timer
          </ActionButton>
        ) : (
          <ActionButton className="secondary" disabled={!canTime} onClick={() => void send({ type: 'pauseTimer' })}>
            Pause timer
          </ActionButton>
        )}
      </div>
    </div>
  );
}

function CircleActions({ view }: { view: CircleView }) {
  const send = useHearth((s) => s.sendCommand);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const count = view.participants.length;
  return (
    <div className="panel-block">
      <h3>The circle</h3>
      <div className="button-grid">
        <ActionButton
          className="secondary"
          disabled={count < 2}
          // The server draws the real seed; this one only satisfies the command's shape.
          onClick={() => void send({ type: 'shuffleSeating', seed: Math.floor(Math.random() * 0xffffffff) })}
        >
          Shuffle seating
        </ActionButton>
        <ActionButton className="secondary" onClick={() => void send({ type: view.locked ? 'unlockCircle' : 'lockCircle' })}>
          {view.locked ? 'Unlock circle' : 'Lock circle'}
        </ActionButton>
        <ActionButton className="danger-outline" onClick={() => setConfirmEnd(true)}>
          End session for all
        </ActionButton>
      </div>
      {view.locked ? (
        <p className="soft">Locked: nobody new can join or ask to. People who drop out can still come back, and you can still let in someone already waiting, by name.</p>
      ) : null}
      <ConfirmDialog
        open={confirmEnd}
        title="End the session for everyone?"
        confirmLabel="End session"
        onCancel={() => setConfirmEnd(false)}
        onConfirm={() => {
          setConfirmEnd(false);
          void send({ type: 'endSession' });
        }}
      >
        <p>
          The call closes for all {count} {count === 1 ? 'person' : 'people'} here. It can't be undone. You might like to thank
          everyone and say goodbye first.
        </p>
      </ConfirmDialog>
    </div>
  );
}

/** People removed this session, who can be let back in (they then ask to join, or join, again). */
function Removed({ view }: { view: CircleView }) {
  const send = useHearth((s) => s.sendCommand);
  const people = view.removedPeople ?? [];
  if (people.length === 0) return null;
  return (
    <div className="panel-block removed" data-testid="removed-people">
      <h3>Removed</h3>
      <p className="soft">Letting someone back in means they can ask to join again. Only facilitators see this.</p>
      <ul className="moment-list">
        {people.map((p) => (
          <li key={p.id} data-peer-id={p.id}>
            <span className="moment-name" id={`removed-${p.id}`}>
              {p.name}
            </span>
            <ActionButton className="secondary small" onClick={() => void send({ type: 'readmit', target: p.id })}>
              Let {p.name} back in
            </ActionButton>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** "Save these settings for next time": this circle's rules become where its next sessions start. */
function SaveForNextTime() {
  const save = useHearth((s) => s.saveRulesForNextTime);
  const [state, setState] = useState<{ busy: boolean; message: string | null; error: boolean }>({ busy: false, message: null, error: false });
  const run = async () => {
    if (state.busy) return;
    setState({ busy: true, message: null, error: false });
    const result = await save();
    setState(result.ok ? { busy: false, message: 'Saved: the next sessions start with these settings.', error: false } : { busy: false, message: result.message, error: true });
  };
  return (
    <div className="save-next-time">
      <button type="button" className="secondary small" aria-disabled={state.busy || undefined} onClick={() => void run()}>
        Save these settings for next time
      </button>
      <p className={state.error ? 'field-error' : 'soft small-text'} role="status">
        {state.message ?? ''}
      </p>
    </div>
  );
}

function Airtime({ view }: { view: CircleView }) {
  const rows = view.participants.filter((p) => p.stats);
  if (rows.length === 0) return null;
  const quiet = rows.filter((p) => !p.stats!.hasSpoken).map((p) => p.name);
  return (
    <div className="panel-block airtime">
      <h3>Airtime</h3>
      <p className="soft">
        A gentle aid for sharing space fairly — not a score. Only facilitators see it. Silence and passing are always welcome.
      </p>
      {quiet.length > 0 && quiet.length < rows.length ? (
        <p className="airtime-quiet">Haven't spoken yet: {quiet.join(', ')}. Maybe there's space for them, if they'd like it.</p>
      ) : null}
      <table className="airtime-table" data-testid="airtime">
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Time speaking</th>
            <th scope="col">Turns</th>
            <th scope="col">Passes</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.id} data-peer-id={p.id}>
              <th scope="row">{p.name}</th>
              <td>{formatDuration(p.stats!.airtimeMs)}</td>
              <td>{p.stats!.turns}</td>
              <td>{p.stats!.passes}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
