import { useState, type FormEvent } from 'react';
import { useHearth } from '../../app/context';
import { draftToBody, newCohortDraft, type CohortDraftErrors } from '../../lib/cohortDraft';
import { cohortPath } from '../../lib/route';
import { browserTimeZone } from '../../lib/zones';
import { FormAlert } from '../forms';
import { CohortFields } from './CohortFields';

/** "New cohort" (admins): the settings, then straight on to its schedule. */
export function NewCohortForm() {
  const create = useHearth((s) => s.createCohort);
  const navigate = useHearth((s) => s.navigate);
  const [draft, setDraft] = useState(() => newCohortDraft(browserTimeZone()));
  const [errors, setErrors] = useState<CohortDraftErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

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
    const result = await create(checked.body);
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
        <FormAlert message={error} />
        <button type="submit" className="primary" aria-disabled={busy || undefined}>
          {busy ? 'Creating…' : 'Create cohort'}
        </button>
      </form>
    </section>
  );
}
