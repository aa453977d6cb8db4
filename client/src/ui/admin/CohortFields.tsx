import type { CohortDraft, CohortDraftErrors } from '../../lib/cohortDraft';
import { Switch, TextArea, TextField, TimeZoneSelect } from '../forms';

/**
 * The cohort settings fields, shared by "New cohort" and the Details tab.
 * `zoneLocked` explains, instead of allowing, a zone change that would move every session.
 */
export function CohortFields({
  draft,
  errors,
  onChange,
  zoneHint,
}: {
  draft: CohortDraft;
  errors: CohortDraftErrors;
  onChange(next: CohortDraft): void;
  zoneHint?: string;
}) {
  const set =
    <K extends keyof CohortDraft>(key: K) =>
    (value: CohortDraft[K]) =>
      onChange({ ...draft, [key]: value });
  return (
    <>
      <TextField label="Name" value={draft.name} onChange={set('name')} maxLength={80} error={errors.name} autoComplete="off" />
      <TextArea label="Description" value={draft.description} onChange={set('description')} rows={3} maxLength={2000} />
      <div className="field-grid">
        <TextField label="Stage" value={draft.stage} onChange={set('stage')} maxLength={40} hint="For example “Aspiring” or “Qualified”." autoComplete="off" />
        <TextField label="Capacity" type="number" inputMode="numeric" min={2} max={50} value={draft.capacity} onChange={set('capacity')} error={errors.capacity} hint="Seats for members; facilitators don't take one." />
      </div>
      <TimeZoneSelect label="Home time zone" value={draft.timeZone} onChange={set('timeZone')} hint={zoneHint ?? 'Sessions keep their wall-clock time in this zone, across daylight-saving changes.'} />
      <div className="field-grid">
        <TextField
          label="Open before (minutes)"
          type="number"
          inputMode="numeric"
          min={0}
          max={60}
          value={draft.openBeforeMinutes}
          onChange={set('openBeforeMinutes')}
          error={errors.openBeforeMinutes}
          hint="How early people can join before the start."
        />
        <TextField
          label="Stay open after (minutes)"
          type="number"
          inputMode="numeric"
          min={0}
          max={120}
          value={draft.graceMinutes}
          onChange={set('graceMinutes')}
          error={errors.graceMinutes}
          hint="How long the circle stays open after the end."
        />
      </div>
      <div className="switches">
        <Switch label="Lobby" hint="People wait in a lobby until a facilitator lets them in." checked={draft.lobbyEnabled} onChange={set('lobbyEnabled')} />
      </div>
    </>
  );
}
