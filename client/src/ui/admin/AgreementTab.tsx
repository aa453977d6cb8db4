import { useEffect, useState, type FormEvent } from 'react';
import type { CohortView } from '@hearth/shared';
import { useHearth } from '../../app/context';
import { FormAlert, FormStatus, TextArea } from '../forms';
import { AgreementPrompt } from '../home/AgreementPrompt';
import { useSave } from './useSave';

/**
 * The group agreement. Saving creates a new version (members accept each version); the
 * editor sends the version it started from, so two facilitators never overwrite each other.
 */
export function AgreementTab({ cohort, manage }: { cohort: CohortView; manage: boolean }) {
  const saveAgreement = useHearth((s) => s.saveAgreement);
  const loadCohort = useHearth((s) => s.loadCohort);
  const { agreement } = cohort;
  const [text, setText] = useState(agreement.text);
  const [base, setBase] = useState(agreement.version);
  const save = useSave();

  // A reload (after a conflict) starts the editor from the newest version.
  useEffect(() => {
    setText(agreement.text);
    setBase(agreement.version);
  }, [agreement.text, agreement.version]);

  const updated = agreement.updatedAt ? ` · last changed ${new Date(agreement.updatedAt).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' })}` : '';
  const versionText = agreement.version === 0 ? 'No agreement yet' : `Version ${agreement.version}${updated}`;

  if (!manage) {
    const accepted = cohort.acceptedAgreementVersion === agreement.version;
    return (
      <section aria-labelledby="agreement-title">
        <h2 id="agreement-title">Group agreement</h2>
        <p className="soft">{versionText}</p>
        {agreement.version === 0 ? null : accepted ? (
          <>
            <div className="agreement-text preline">{agreement.text}</div>
            <p className="note">You accepted this version.</p>
          </>
        ) : (
          <AgreementPrompt cohort={cohort} />
        )}
      </section>
    );
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() === agreement.text.trim()) {
      save.setStatus('Nothing has changed.');
      return;
    }
    await save.run(() => saveAgreement(cohort.id, text, base), (a) => `Saved as version ${a.version}. Members will be asked to accept it.`);
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="stack" aria-labelledby="agreement-title">
      <h2 id="agreement-title">Group agreement</h2>
      <p className="soft" aria-live="polite">
        {versionText}
      </p>
      <TextArea
        label="Agreement text"
        value={text}
        onChange={setText}
        rows={14}
        maxLength={10_000}
        hint="What the group commits to: confidentiality, mutual respect, how turns work. Saving makes a new version that every member accepts again."
      />
      <FormAlert message={save.error} />
      <div className="row-actions">
        <button type="submit" className="primary" aria-disabled={save.busy || undefined}>
          Save agreement
        </button>
        {save.error ? (
          <button type="button" className="secondary" onClick={() => void loadCohort(cohort.id)}>
            Load the latest version
          </button>
        ) : null}
      </div>
      <FormStatus message={save.status} />
    </form>
  );
}
