import { useEffect, useState, type FormEvent } from 'react';
import type { CohortView } from '@hearth/shared';
import { useHearth } from '../../app/context';
import { changedFields, draftOf, draftToBody, type CohortDraftErrors } from '../../lib/cohortDraft';
import { zoneLabel } from '../../lib/zones';
import { CopyField, FormAlert, FormStatus } from '../forms';
import { CircleDefaultsForm } from './CircleDefaultsForm';
import { CohortFields } from './CohortFields';
import { DeleteCohortSection } from './DeleteCohortSection';
import { useSave } from './useSave';

/** Details: the cohort's settings (editable by managers), its calendar feed, and (admins) deleting it. */
export function DetailsTab({ cohort, manage }: { cohort: CohortView; manage: boolean }) {
  if (!manage) return <DetailsReadOnly cohort={cohort} />;
  return <DetailsForm cohort={cohort} />;
}

function DetailsForm({ cohort }: { cohort: CohortView }) {
  const update = useHearth((s) => s.updateCohort);
  const isAdmin = useHearth((s) => s.account.me?.isAdmin === true);
  const [draft, setDraft] = useState(() => draftOf(cohort));
  const [errors, setErrors] = useState<CohortDraftErrors>({});
  const save = useSave();

  // Someone else's save (or ours) arrives as a new view: start from it again.
  useEffect(() => setDraft(draftOf(cohort)), [cohort]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next = draftToBody(draft);
    const saved = draftToBody(draftOf(cohort));
    if (!next.ok) {
      setErrors(next.errors);
      save.setError('Please check the highlighted fields.');
      return;
    }
    setErrors({});
    const changes = saved.ok ? changedFields(next.body, saved.body) : next.body;
    if (Object.keys(changes).length === 0) {
      save.setError(null);
      save.setStatus('Nothing has changed.');
      return;
    }
    await save.run(() => update(cohort.id, changes), 'Details saved.');
  };

  return (
    <div className="tab-columns">
      <form onSubmit={(e) => void submit(e)} noValidate className="stack" aria-labelledby="details-title">
        <h2 id="details-title">Details</h2>
        <CohortFields
          draft={draft}
          errors={errors}
          onChange={setDraft}
          zoneHint="Changing the zone keeps existing sessions where they are; rebuild the schedule to move them."
        />
        <FormAlert message={save.error} />
        <button type="submit" className="primary" aria-disabled={save.busy || undefined}>
          Save details
        </button>
        <FormStatus message={save.status} />
      </form>
      {cohort.manage ? (
        <section aria-labelledby="cohort-calendar">
          <h2 id="cohort-calendar">Cohort calendar</h2>
          <p className="soft">Every session of this cohort, for facilitators' and organisers' calendars.</p>
          <CopyField label="Cohort calendar link" value={cohort.manage.icalUrl} copyLabel="Copy cohort calendar link" />
          {cohort.manage.scheduleText ? <p className="note">Schedule: {cohort.manage.scheduleText}</p> : null}
          {isAdmin ? <DeleteCohortSection cohort={cohort} /> : null}
        </section>
      ) : null}
      <CircleDefaultsForm cohort={cohort} />
    </div>
  );
}

function DetailsReadOnly({ cohort }: { cohort: CohortView }) {
  return (
    <section aria-labelledby="details-title">
      <h2 id="details-title">About this cohort</h2>
      {cohort.description ? <p className="preline">{cohort.description}</p> : null}
      <dl className="facts">
        {cohort.stage ? (
          <>
            <dt>Stage</dt>
            <dd>{cohort.stage}</dd>
          </>
        ) : null}
        <dt>Home time zone</dt>
        <dd>{zoneLabel(cohort.timeZone)}</dd>
        <dt>Facilitators</dt>
        <dd>{cohort.facilitators.map((f) => f.displayName).join(', ') || 'None yet'}</dd>
      </dl>
      {cohort.crisisResources ? (
        <aside className="crisis" aria-labelledby="details-crisis">
          <h3 id="details-crisis">If you need support right now</h3>
          <p className="preline">{cohort.crisisResources}</p>
        </aside>
      ) : null}
    </section>
  );
}
