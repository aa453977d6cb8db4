import { useState, type FormEvent } from 'react';
import { emailSchema, type CohortView, type CreatedInvite } from '@hearth/shared';
import { useHearth } from '../../app/context';
import { CopyField, FormAlert, TextField } from '../forms';
import { useSave } from './useSave';

type Role = 'member' | 'facilitator';

/**
 * Invites: a single-use link for one new member or facilitator, optionally tied to an
 * email address. The link is only shown here, once: the server keeps no readable copy.
 */
export function InvitesTab({ cohort }: { cohort: CohortView }) {
  const createInvite = useHearth((s) => s.createInvite);
  const [role, setRole] = useState<Role>('member');
  const [email, setEmail] = useState('');
  const [emailError, setEmailError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedInvite[]>([]);
  const save = useSave();
  const full = role === 'member' && cohort.memberCount >= cohort.capacity;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const trimmed = email.trim();
    if (trimmed && !emailSchema.safeParse(trimmed).success) {
      setEmailError('Please enter a valid email address, or leave it empty.');
      return;
    }
    setEmailError(null);
    const result = await save.run(
      () => createInvite(cohort.id, trimmed ? { role, email: trimmed } : { role }),
      (inv) => `Invite created for a ${inv.role}. Copy the link and send it privately.`,
    );
    if (result?.ok) {
      setCreated((list) => [result.data, ...list]);
      setEmail('');
    }
  };

  return (
    <div className="tab-columns">
      <form onSubmit={(e) => void submit(e)} noValidate className="stack" aria-labelledby="invites-title">
        <h2 id="invites-title">Invite someone</h2>
        <p className="soft">Each link works once and expires after 14 days.</p>
        <fieldset className="choice">
          <legend>Role</legend>
          {(['member', 'facilitator'] as const).map((r) => (
            <label key={r} className="choice-option">
              <input type="radio" name="invite-role" value={r} checked={role === r} onChange={() => setRole(r)} />
              {r === 'member' ? 'Member' : 'Facilitator'}
            </label>
          ))}
        </fieldset>
        {full ? <p className="note-warn">All {cohort.capacity} member seats are taken: the invite can't be accepted until a seat frees up.</p> : null}
        <TextField
          label="Email (optional)"
          type="email"
          autoComplete="off"
          spellCheck={false}
          value={email}
          onChange={setEmail}
          error={emailError}
          hint="If you fill this in, only an account with this email can use the link."
        />
        <FormAlert message={save.error} />
        <button type="submit" className="primary" aria-disabled={save.busy || undefined}>
          Create invite
        </button>
        <p className="form-status" role="status">
          {save.status}
        </p>
      </form>
      <section aria-labelledby="created-title">
        <h2 id="created-title">Links created now</h2>
        {created.length === 0 ? <p className="soft">New invite links appear here. They are shown only once, so copy them before leaving the page.</p> : null}
        <ul className="invite-list">
          {created.map((inv) => (
            <li key={inv.token} className="invite-item">
              <CopyField label={`Invite link for a ${inv.role}${inv.email ? ` (${inv.email})` : ''}`} value={inv.url} copyLabel="Copy link" />
              <p className="field-hint">Expires {new Date(inv.expiresAt).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' })}.</p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
