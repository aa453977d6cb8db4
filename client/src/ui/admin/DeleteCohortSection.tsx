import { useState } from 'react';
import type { CohortView } from '@hearth/shared';
import { useHearth } from '../../app/context';
import { ConfirmDialog } from '../ConfirmDialog';
import { FormAlert } from '../forms';

/**
 * Admins: delete the cohort when its programme is over. Everything recorded in it goes
 * (members list, sessions, attendance, invites, its calendar); people's accounts stay.
 */
export function DeleteCohortSection({ cohort }: { cohort: CohortView }) {
  const deleteCohort = useHearth((s) => s.deleteCohort);
  const navigate = useHearth((s) => s.navigate);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    setOpen(false);
    const result = await deleteCohort(cohort.id);
    if (result.ok) navigate('/admin');
    else setError(result.message);
  };

  return (
    <section className="danger-zone-plain" aria-labelledby="delete-cohort-title">
      <h2 id="delete-cohort-title">Delete this cohort</h2>
      <p className="soft">When the programme is over: its members list, sessions, attendance, invites and calendar are deleted. Accounts stay.</p>
      <FormAlert message={error} />
      <button type="button" className="danger-outline" onClick={() => setOpen(true)}>
        Delete cohort…
      </button>
      <ConfirmDialog
        open={open}
        title={`Delete ${cohort.name}?`}
        confirmLabel="Delete cohort"
        cancelLabel="Keep cohort"
        onConfirm={() => void confirm()}
        onCancel={() => setOpen(false)}
      >
        <p>
          Its {cohort.memberCount} member{cohort.memberCount === 1 ? '' : 's'} lose access to it, its sessions leave their calendars, and its
          attendance records are deleted. This cannot be undone.
        </p>
      </ConfirmDialog>
    </section>
  );
}
