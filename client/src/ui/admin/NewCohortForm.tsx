import { useState, type FormEvent } from 'react';
import { useHearth } from '../../app/context';
import { draftToBody, newCohortDraft, type CohortDraftErrors } from '../../lib/cohortDraft';
import { cohortPath } from '../../lib/route';
import { browserTimeZone } from '../../lib/zones';
import { FormAlert, TextArea } from '../forms';
import { CohortFields } from './CohortFields';

/** "New cohort" (admins): the settings, the group agreement and crisis resources, then straight on to its schedule (and themes). */
export function NewCohortForm() {
  const create = useHearth((s) => s.createCohort);
  const navigate = useHearth((s) => s.navigate);
  const [draft, setDraft] = useState(() => newCohortDraft(browserTimeZone()));
  const [errors, setErrors] = useState<CohortDraftErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [agreement, setAgreement] = useState('');
  const [crisisResources, setCrisisResources] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const checked = draftToBody(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      setError('Please check the highlighted fields.');
      return;
    }
    setErrors({});
    setError(null);
    setBusy(true);
    const result = await create({ ...checked.body, agreement: agreement.trim(), crisisResources: crisisResources.trim() });
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    // A new cohort's next step is its schedule.
    navigate(cohortPath(result.data.id, 'schedule'));
  };

  return (
    <section className="card" aria-labelledby="new-cohort-title">
      <h2 id="new-cohort-title">New cohort</h2>
      <form onSubmit={(e) => void submit(e)} noValidate className="stack">
        <CohortFields draft={draft} errors={errors} onChange={setDraft} />
        <TextArea
          label="Group agreement"
          value={agreement}
          onChange={setAgreement}
          rows={5}
          maxLength={10_000}
          hint="What everyone agrees to before meeting (confidentiality, passing is always fine…). Members accept it before their first session. You can change it later."
        />
        <TextArea
          label="Crisis resources"
          value={crisisResources}
          onChange={setCrisisResources}
          rows={4}
          maxLength={4000}
          hint="Phone lines and services for urgent support, for every country your members live in. Shown on members' home pages and when a session ends."
        />
        <p className="soft small-text">Next: the schedule, where you can give each session a theme.</p>
        <FormAlert message={error} />
        <button type="submit" className="primary" aria-disabled={busy || undefined}>
          {busy ? 'Creating…' : 'Create cohort'}
        </button>
      </form>
    </section>
  );
}
