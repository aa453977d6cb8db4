import { useEffect, useState, type FormEvent } from 'react';
import type { CohortView } from '@hearth/shared';
import { useHearth } from '../../app/context';
import { FormAlert, FormStatus, TextArea } from '../forms';
import { useSave } from './useSave';

/** Crisis resources: shown to every member on their home page, beside the next session. */
export function CrisisTab({ cohort }: { cohort: CohortView }) {
  const update = useHearth((s) => s.updateCohort);
  const [text, setText] = useState(cohort.crisisResources);
  const save = useSave();
  useEffect(() => setText(cohort.crisisResources), [cohort.crisisResources]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await save.run(() => update(cohort.id, { crisisResources: text.trim() }), 'Crisis resources saved.');
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="stack" aria-labelledby="crisis-title">
      <h2 id="crisis-title">Crisis resources</h2>
      <TextArea
        label="Crisis resources text"
        value={text}
        onChange={setText}
        rows={8}
        maxLength={4000}
        hint="Phone lines and services for members who need urgent support, for every country your members live in. Members see this on their home page."
      />
      <FormAlert message={save.error} />
      <button type="submit" className="primary" aria-disabled={save.busy || undefined}>
        Save crisis resources
      </button>
      <FormStatus message={save.status} />
    </form>
  );
}
