import { useId, useState, type FormEvent } from 'react';
import type { CohortView, SessionItem } from '@hearth/shared';
import { useHearth } from '../../app/context';
import { formatShort, isoToZonedWallTime, zonedWallTimeToIso, zoneCity } from '../../lib/zones';
import { ConfirmDialog } from '../ConfirmDialog';
import { FormAlert, FormStatus, TextField } from '../forms';
import { useSave } from './useSave';

/**
 * One session: when (in my zone, and the cohort's when it differs), its theme, and for
 * managers "Move" (a date and time in the cohort's zone) and "Cancel session". Themes are
 * edited all together (ThemesForm); sessions that have started cannot be moved or cancelled.
 */
export function SessionRow({ cohort, session, manage }: { cohort: CohortView; session: SessionItem; manage: boolean }) {
  const update = useHearth((s) => s.updateSession);
  const [moving, setMoving] = useState(false);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const titleId = useId();
  const save = useSave();

  const n = session.index + 1;
  const cancelled = session.status === 'cancelled';
  const started = Date.parse(session.startsAt) <= Date.now();
  const otherZone = cohort.timeZone !== cohort.viewerTimeZone;

  const cancel = async () => {
    setConfirmCancel(false);
    await save.run(() => update(cohort.id, session.id, { cancelled: true }), `Session ${n} cancelled.`);
  };

  return (
    <article className={cancelled ? 'session-row session-cancelled' : 'session-row'} aria-labelledby={titleId}>
      <header className="session-row-header">
        <h3 id={titleId}>Session {n}</h3>
        <p className="session-when">
          <time dateTime={session.startsAt}>{session.local}</time>
          {otherZone ? <span className="soft"> · {formatShort(session.startsAt, cohort.timeZone)} in {zoneCity(cohort.timeZone)}</span> : null}
        </p>
        {cancelled ? <span className="chip chip-muted">Cancelled</span> : null}
        {session.originalStartsAt && !cancelled ? <span className="chip">Moved from {formatShort(session.originalStartsAt, cohort.viewerTimeZone)}</span> : null}
      </header>
      {manage ? (
        <>
          {session.theme ? <p className="theme">{session.theme}</p> : null}
          {!cancelled && !started ? (
            <div className="row-actions">
              <button type="button" className="secondary small" aria-expanded={moving} onClick={() => setMoving((m) => !m)}>
                Move
              </button>
              <button type="button" className="danger-outline small" onClick={() => setConfirmCancel(true)}>
                Cancel session
              </button>
            </div>
          ) : null}
          {moving ? (
            <MoveForm
              cohort={cohort}
              session={session}
              onDone={(moved) => {
                setMoving(false);
                if (moved) save.setStatus(`Session ${n} moved.`);
              }}
            />
          ) : null}
        </>
      ) : session.theme ? (
        <p className="theme">{session.theme}</p>
      ) : null}
      <FormAlert message={save.error} />
      <FormStatus message={save.status} />
      <ConfirmDialog open={confirmCancel} title={`Cancel session ${n}?`} confirmLabel="Cancel session" cancelLabel="Keep session" onConfirm={() => void cancel()} onCancel={() => setConfirmCancel(false)}>
        <p>Everyone's calendar will show it as cancelled, and its circle won't open. A cancelled session can't be restored.</p>
      </ConfirmDialog>
    </article>
  );
}

/** "Move": a new date and time, entered in the cohort's home zone. */
function MoveForm({ cohort, session, onDone }: { cohort: CohortView; session: SessionItem; onDone(moved: boolean): void }) {
  const update = useHearth((s) => s.updateSession);
  const [when, setWhen] = useState(() => isoToZonedWallTime(session.startsAt, cohort.timeZone));
  const save = useSave();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const startsAt = zonedWallTimeToIso(when.date, when.time, cohort.timeZone);
    if (!startsAt) {
      save.setError('Please enter a date and a time.');
      return;
    }
    if (Date.parse(startsAt) <= Date.now()) {
      save.setError('Please choose a time in the future.');
      return;
    }
    const result = await save.run(() => update(cohort.id, session.id, { startsAt }), 'Session moved.');
    if (result?.ok) onDone(true);
  };

  return (
    <form className="move-form stack" onSubmit={(e) => void submit(e)} noValidate>
      <div className="field-grid">
        <TextField label={`New date (${zoneCity(cohort.timeZone)})`} type="date" value={when.date} onChange={(date) => setWhen((w) => ({ ...w, date }))} />
        <TextField label={`New time (${zoneCity(cohort.timeZone)})`} type="time" value={when.time} onChange={(time) => setWhen((w) => ({ ...w, time }))} />
      </div>
      <FormAlert message={save.error} />
      <div className="row-actions">
        <button type="submit" className="primary small" aria-disabled={save.busy || undefined}>
          Save new time
        </button>
        <button type="button" className="secondary small" onClick={() => onDone(false)}>
          Keep the current time
        </button>
      </div>
    </form>
  );
}
