import { useId, useState } from 'react';
import type { CohortView } from '@hearth/shared';
import { useHearth } from '../../app/context';
import { FormAlert } from '../forms';

/**
 * The group agreement, shown on the home page until the member accepts its current
 * version: the circle's confidentiality rests on everyone having read it.
 */
export function AgreementPrompt({ cohort }: { cohort: CohortView }) {
  const accept = useHearth((s) => s.acceptAgreement);
  const announce = useHearth((s) => s.announce);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  const agree = async () => {
    if (busy) return;
    setBusy(true);
    const result = await accept(cohort.id, cohort.agreement.version);
    setBusy(false);
    setError(result.ok ? null : result.message);
    // The prompt disappears on success: say what happened, since focus goes with it.
    if (result.ok) announce(`Thank you. You accepted the group agreement of ${cohort.name}.`);
  };

  return (
    <section className="agreement-prompt" aria-labelledby={id}>
      <h4 id={id}>Please read the group agreement</h4>
      <p className="soft small-text">Version {cohort.agreement.version}. Everyone in the cohort agrees to it before meeting.</p>
      <div className="agreement-text preline" tabIndex={0} aria-label="Group agreement text">
        {cohort.agreement.text}
      </div>
      <FormAlert message={error} />
      <button type="button" className="secondary" aria-disabled={busy || undefined} onClick={() => void agree()}>
        I agree to the group agreement
      </button>
    </section>
  );
}
