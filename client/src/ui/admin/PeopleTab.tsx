import { useEffect, useState } from 'react';
import type { CohortView, MemberView } from '@hearth/shared';
import { useHearth } from '../../app/context';
import { ConfirmDialog } from '../ConfirmDialog';
import { FormAlert, FormStatus } from '../forms';
import { useSave } from './useSave';

const ROLE = { member: 'Member', facilitator: 'Facilitator' } as const;

/**
 * Members & facilitators. Managers see emails and agreement status, change roles and
 * remove people; admins may also erase someone's whole account (after a confirm step);
 * members see who is in their cohort by display name only.
 */
export function PeopleTab({ cohort, manage }: { cohort: CohortView; manage: boolean }) {
  const members = useHearth((s) => s.cohorts.members);
  const load = useHearth((s) => s.loadMembers);
  const updateMember = useHearth((s) => s.updateMember);
  const removeMember = useHearth((s) => s.removeMember);
  const eraseMember = useHearth((s) => s.eraseMember);
  const meId = useHearth((s) => s.account.me?.id);
  const isAdmin = useHearth((s) => s.account.me?.isAdmin === true);
  const [removing, setRemoving] = useState<MemberView | null>(null);
  const [erasing, setErasing] = useState<MemberView | null>(null);
  const save = useSave();

  useEffect(() => {
    void load(cohort.id);
  }, [cohort.id, load]);

  const changeRole = (m: MemberView, role: MemberView['role']) =>
    void save.run(() => updateMember(cohort.id, m.userId, { role }), `${m.displayName} is now a ${role}.`);
  const remove = async () => {
    const m = removing;
    setRemoving(null);
    if (m) await save.run(() => removeMember(cohort.id, m.userId), `${m.displayName} was removed from the cohort.`);
  };
  const erase = async () => {
    const m = erasing;
    setErasing(null);
    if (m) await save.run(() => eraseMember(cohort.id, m.userId), `${m.displayName}'s account was erased.`);
  };

  const list = members.data ?? [];
  const version = cohort.agreement.version;
  return (
    <section aria-labelledby="people-title">
      <h2 id="people-title">Members & facilitators</h2>
      <p className="soft">
        {cohort.memberCount} of {cohort.capacity} member seats taken · {cohort.facilitators.length} facilitator{cohort.facilitators.length === 1 ? '' : 's'}
      </p>
      {members.status === 'loading' && !members.data ? (
        <p className="waiting" role="status">
          Loading people…
        </p>
      ) : null}
      <FormAlert message={members.error ?? save.error} />
      <FormStatus message={save.status} />
      {members.data && list.length === 0 ? <p className="soft">Nobody has joined yet. Create an invite to add people.</p> : null}
      {list.length > 0 ? (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Display name</th>
                <th scope="col">Role</th>
                {manage ? (
                  <>
                    <th scope="col">Email</th>
                    <th scope="col">Agreement</th>
                    <th scope="col">Actions</th>
                  </>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {list.map((m) => (
                <tr key={m.userId}>
                  <th scope="row">
                    {m.displayName}
                    {m.userId === meId ? <span className="soft"> (you)</span> : null}
                  </th>
                  <td>
                    {manage ? (
                      <select aria-label={`Role of ${m.displayName}`} value={m.role} onChange={(e) => changeRole(m, e.target.value as MemberView['role'])}>
                        <option value="member">Member</option>
                        <option value="facilitator">Facilitator</option>
                      </select>
                    ) : (
                      ROLE[m.role]
                    )}
                  </td>
                  {manage ? (
                    <>
                      <td>{m.email ?? '—'}</td>
                      <td>{version === 0 ? 'No agreement yet' : m.acceptedAgreementVersion === version ? 'Accepted' : 'Not yet'}</td>
                      <td>
                        <div className="row-actions">
                          <button type="button" className="danger-outline small" onClick={() => setRemoving(m)}>
                            Remove<span className="sr-only"> {m.displayName}</span>
                          </button>
                          {isAdmin && m.userId !== meId ? (
                            <button type="button" className="danger-outline small" onClick={() => setErasing(m)}>
                              Erase account<span className="sr-only"> of {m.displayName}</span>
                            </button>
                          ) : null}
                        </div>
                      </td>
                    </>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.displayName ?? ''} from the cohort?`}
        confirmLabel="Remove"
        onConfirm={() => void remove()}
        onCancel={() => setRemoving(null)}
      >
        <p>They will no longer see the cohort or its sessions. To bring them back, send a new invite.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={erasing !== null}
        title={`Erase ${erasing?.displayName ?? ''}'s account?`}
        confirmLabel="Erase account"
        cancelLabel="Keep account"
        onConfirm={() => void erase()}
        onCancel={() => setErasing(null)}
      >
        <p>
          This deletes their account everywhere, not only in this cohort: they are signed out on every device, taken out of every cohort, their
          calendar link stops working and their email is freed. Sessions they attended stay only as an anonymous count.
        </p>
        <p>
          <strong>This cannot be undone.</strong> Use it when they ask to be forgotten; to take them out of this cohort only, use Remove.
        </p>
      </ConfirmDialog>
    </section>
  );
}
