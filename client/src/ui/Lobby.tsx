import { useHearth } from '../app/context';
import { waitingLabel } from '../lib/circleAccess';
import { ActionButton } from './ActionButton';
import { useNow } from './useNow';

/** Id of the lobby heading, so the header badge can take focus there. */
export const LOBBY_TITLE_ID = 'lobby-title';

/** Facilitators: is anyone waiting in this circle's lobby? */
function useWaiting() {
  const circleId = useHearth((s) => s.circle.circleId);
  const lobby = useHearth((s) => s.lobby);
  const isFacilitator = useHearth((s) => s.circle.view?.you?.role === 'facilitator');
  const waiting = isFacilitator && lobby.waitingCircleId === circleId ? lobby.waiting : [];
  return { waiting, admitting: lobby.admitting };
}

/**
 * The top of the facilitation panel while people wait to be let in: each name with how
 * long they have waited and "Let <name> in", and "Let everyone in". Hidden when nobody waits.
 */
export function LobbySection() {
  const { waiting, admitting } = useWaiting();
  const admit = useHearth((s) => s.admit);
  const readmitAndAdmit = useHearth((s) => s.readmitAndAdmit);
  const locked = useHearth((s) => s.circle.view?.locked ?? false);
  // "Waiting 3 min" only needs a redraw now and then.
  const now = useNow(30_000, waiting.length > 0);
  if (waiting.length === 0) return null;
  const everyone = admitting.includes('all');
  return (
    <section className="panel-block lobby" aria-labelledby={LOBBY_TITLE_ID} data-testid="lobby">
      <h3 id={LOBBY_TITLE_ID} tabIndex={-1}>
        Lobby <span className="lobby-count">({waiting.length} waiting)</span>
      </h3>
      <p className="soft">
        {locked
          ? 'The circle is locked: nobody new can ask to join, but you can still let in someone already waiting, by name.'
          : 'Waiting to be let in. Only facilitators see this.'}
      </p>
      <ul className="lobby-list">
        {waiting.map((entry) => (
          <li key={entry.entryId} data-entry-id={entry.entryId} data-removed={entry.removed || undefined}>
            <span className="lobby-person">
              <span className="lobby-name">{entry.displayName}</span>
              <span className="lobby-since soft">
                {entry.removed ? 'Removed earlier · ' : ''}
                {waitingLabel(entry.since, now)}
              </span>
            </span>
            {entry.removed ? (
              <ActionButton
                className="secondary small"
                disabled={everyone || admitting.includes(entry.entryId)}
                onClick={() => void readmitAndAdmit(entry)}
              >
                Let {entry.displayName} back in
              </ActionButton>
            ) : (
              <ActionButton
                className="secondary small"
                disabled={everyone || admitting.includes(entry.entryId)}
                onClick={() => void admit({ entryId: entry.entryId })}
              >
                Let {entry.displayName} in
              </ActionButton>
            )}
          </li>
        ))}
      </ul>
      {locked ? null : (
        <ActionButton className="primary small" disabled={everyone || waiting.every((e) => e.removed)} onClick={() => void admit({ all: true })}>
          Let everyone in
        </ActionButton>
      )}
      {!locked && waiting.some((e) => e.removed) ? <p className="soft small-text">“Let everyone in” leaves anyone removed earlier waiting: let them back in by name.</p> : null}
    </section>
  );
}
