import { useMemo, useState, type FormEvent } from 'react';
import type { CohortView } from '@hearth/shared';
import { useHearth } from '../../app/context';
import { cohortPath } from '../../lib/route';
import { defaultScheduleDraft, draftFromSpec, SET_POSITIONS, specFromDraft, WEEKDAYS, type ScheduleDraft } from '../../lib/scheduleDraft';
import { browserTimeZone, compareZones, formatShort, todayIn, zoneLabel } from '../../lib/zones';
import { ConfirmDialog } from '../ConfirmDialog';
import { FormAlert, FormStatus, SelectField, TextArea, TextField, TimeZoneSelect } from '../forms';
import { Link } from '../Link';
import { SchedulePreviewTable } from './SchedulePreviewTable';
import { useSchedulePreview } from './useSchedulePreview';
import { useSave } from './useSave';

const FREQS = [
  { value: 'monthly', label: 'Monthly' },
  { value: 'weekly', label: 'Weekly' },
] as const;
const MONTHLY_BY = [
  { value: 'weekday', label: 'A weekday of the month (e.g. the 2nd Tuesday)' },
  { value: 'monthDay', label: 'A date of the month (e.g. the 15th)' },
] as const;
const weekdayOptions = WEEKDAYS.map(([value, label]) => ({ value, label }));
const positionOptions = SET_POSITIONS.map(([value, label]) => ({ value, label }));

/** In the confirm step: exactly which single-session edits stay as they are, and what goes. */
function KeptEdits({ cohort, count }: { cohort: CohortView; count: number | null }) {
  const zone = cohort.viewerTimeZone;
  const inRange = (index: number) => count === null || index < count;
  const cancelled = cohort.sessions.filter((s) => s.status === 'cancelled' && inRange(s.index));
  const moved = cohort.sessions.filter((s) => s.status === 'scheduled' && s.originalStartsAt !== null && inRange(s.index));
  const dropped = count === null ? [] : cohort.sessions.filter((s) => s.index >= count && s.status === 'scheduled');
  if (cancelled.length + moved.length + dropped.length === 0) return null;
  return (
    <ul className="kept-edits" data-testid="kept-edits">
      {moved.map((s) => (
        <li key={s.id}>
          Session {s.index + 1} stays at the time it was moved to ({formatShort(s.startsAt, zone)}).
        </li>
      ))}
      {cancelled.map((s) => (
        <li key={s.id}>Session {s.index + 1} stays cancelled.</li>
      ))}
      {dropped.length > 0 ? (
        <li>
          {dropped.length === 1 ? `Session ${dropped[0]!.index + 1} is` : `Sessions ${dropped.map((s) => s.index + 1).join(', ')} are`} beyond the new number and
          will be cancelled.
        </li>
      ) : null}
    </ul>
  );
}

/**
 * The schedule builder: the pattern in the cohort's home zone, a live preview of every
 * date in that zone and two others the admin picks, then "Save schedule".
 */
export function ScheduleTab({ cohort }: { cohort: CohortView }) {
  const saveSchedule = useHearth((s) => s.saveSchedule);
  const [draft, setDraft] = useState<ScheduleDraft>(() => draftFromSpec(cohort.manage?.schedule) ?? defaultScheduleDraft(todayIn(cohort.timeZone)));
  const [zones, setZones] = useState(() => compareZones(cohort.timeZone, browserTimeZone()));
  const [confirming, setConfirming] = useState(false);
  // The first schedule (the new-cohort flow): its themes can come along, one per line.
  const [themeText, setThemeText] = useState('');
  const first = cohort.sessions.length === 0;
  const save = useSave();

  const checked = useMemo(() => specFromDraft(draft, cohort.timeZone), [draft, cohort.timeZone]);
  const preview = useSchedulePreview(cohort.id, checked.ok ? checked.spec : null, zones);
  const errors = checked.ok ? {} : checked.errors;
  const set =
    <K extends keyof ScheduleDraft>(key: K) =>
    (value: ScheduleDraft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));

  const doSave = async () => {
    setConfirming(false);
    if (!checked.ok) return;
    const themes = first ? themeText.split('\n').map((t) => t.trim()) : [];
    const body = first && themes.some(Boolean) ? { spec: checked.spec, themes: themes.slice(0, checked.spec.count) } : { spec: checked.spec };
    await save.run(() => saveSchedule(cohort.id, body), (r) => `Schedule saved: ${r.sessions.length} sessions.`);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!checked.ok) {
      save.setError('Please check the highlighted fields.');
      return;
    }
    // Replacing live sessions changes everyone's calendar: ask first.
    if (cohort.sessions.length > 0) setConfirming(true);
    else void doSave();
  };

  const unit = draft.freq === 'monthly' ? 'months' : 'weeks';
  return (
    <div className="schedule-builder">
      <form onSubmit={submit} noValidate className="stack" aria-labelledby="schedule-title">
        <h2 id="schedule-title">Schedule builder</h2>
        <p className="soft">
          Times are in the cohort's home zone, <strong>{zoneLabel(cohort.timeZone)}</strong>.
          {cohort.manage?.scheduleText ? ` Current schedule: ${cohort.manage.scheduleText}.` : ' No schedule yet.'}
        </p>
        <div className="field-grid">
          <SelectField label="Frequency" value={draft.freq} options={FREQS} onChange={set('freq')} />
          <TextField label={`Repeat every (${unit})`} type="number" inputMode="numeric" min={1} max={12} value={draft.interval} onChange={set('interval')} error={errors.interval} />
        </div>
        {draft.freq === 'monthly' ? <SelectField label="Repeat on" value={draft.monthlyBy} options={MONTHLY_BY} onChange={set('monthlyBy')} /> : null}
        <div className="field-grid">
          {draft.freq === 'monthly' && draft.monthlyBy === 'weekday' ? <SelectField label="Which one" value={draft.setPos} options={positionOptions} onChange={set('setPos')} /> : null}
          {draft.freq === 'weekly' || draft.monthlyBy === 'weekday' ? <SelectField label="Weekday" value={draft.weekday} options={weekdayOptions} onChange={set('weekday')} /> : null}
          {draft.freq === 'monthly' && draft.monthlyBy === 'monthDay' ? (
            <TextField label="Day of the month" type="number" inputMode="numeric" min={1} max={31} value={draft.monthDay} onChange={set('monthDay')} error={errors.monthDay} />
          ) : null}
        </div>
        <div className="field-grid">
          <TextField label="Time" type="time" value={draft.time} onChange={set('time')} error={errors.time} />
          <TextField label="Duration (minutes)" type="number" inputMode="numeric" min={15} max={480} step={5} value={draft.duration} onChange={set('duration')} error={errors.duration} />
        </div>
        <div className="field-grid">
          <TextField label="Number of sessions" type="number" inputMode="numeric" min={1} max={52} value={draft.count} onChange={set('count')} error={errors.count} />
          <TextField label="Start date" type="date" value={draft.startDate} onChange={set('startDate')} error={errors.startDate} hint="The first session is on or after this date." />
        </div>
        {first ? (
          <TextArea
            label="Session themes (one per line, optional)"
            value={themeText}
            onChange={setThemeText}
            rows={5}
            maxLength={52 * 121}
            hint="The first line is session 1's theme, and so on; a blank line leaves a session without one. All themes can be edited together on the Sessions tab."
          />
        ) : null}
        <fieldset className="fieldset">
          <legend>Compare with</legend>
          <TimeZoneSelect label="First other time zone" value={zones[0]} onChange={(z) => setZones(([, b]) => [z, b])} />
          <TimeZoneSelect label="Second other time zone" value={zones[1]} onChange={(z) => setZones(([a]) => [a, z])} />
        </fieldset>
        <FormAlert message={save.error} />
        <button type="submit" className="primary" aria-disabled={save.busy || undefined}>
          Save schedule
        </button>
        <FormStatus message={save.status} />
        {save.status ? (
          <p>
            <Link to={cohortPath(cohort.id, 'sessions')}>See the sessions and add themes</Link>
          </p>
        ) : null}
      </form>
      <SchedulePreviewTable state={preview} cohortZone={cohort.timeZone} zones={zones} />
      <ConfirmDialog open={confirming} title="Replace the schedule?" confirmLabel="Replace schedule" cancelLabel="Keep the current schedule" onConfirm={() => void doSave()} onCancel={() => setConfirming(false)}>
        <p>Sessions are rebuilt from this pattern. Each keeps its link and theme, and calendars update.</p>
        <KeptEdits cohort={cohort} count={checked.ok ? checked.spec.count : null} />
      </ConfirmDialog>
    </div>
  );
}
