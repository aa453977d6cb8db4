import { useState, type FormEvent } from 'react';
import { useHearth } from '../../app/context';
import { ConfirmDialog } from '../ConfirmDialog';
import { FormAlert, TextField } from '../forms';

/**
 * "Delete my account": says what goes and what stays, then a confirm step that asks
 * for the password (Cancel has the focus, so a stray Enter on the button never deletes).
 */
export function DeleteAccountSection() {
  const deleteAccount = useHearth((s) => s.deleteAccount);
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Remounts the alert on each failure, so the same message is announced again.
  const [attempt, setAttempt] = useState(0);

  const close = () => {
    setOpen(false);
    setPassword('');
    setError(null);
  };
  const confirm = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    if (!password) {
      setAttempt((n) => n + 1);
      setError('Please enter your password to confirm.');
      return;
    }
    setBusy(true);
    const result = await deleteAccount(password);
    setBusy(false);
    // On success the app has already moved to the "account deleted" page.
    if (!result.ok) {
      setAttempt((n) => n + 1);
      setError(result.message);
      setPassword('');
    }
  };

  return (
    <section className="card danger-zone" aria-labelledby="delete-account-title">
      <h2 id="delete-account-title">Delete my account</h2>
      <p>Deleting your account is permanent. It:</p>
      <ul className="kept-list">
        <li>signs you out on every device;</li>
        <li>takes you out of all your cohorts, and ends the circles you started;</li>
        <li>stops your calendar link working, and frees your email address;</li>
        <li>keeps the sessions you attended only as an anonymous count ("Former member"), so a cohort's numbers stay right.</li>
      </ul>
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        Delete my account…
      </button>
      <ConfirmDialog
        open={open}
        title="Delete your account for good?"
        confirmLabel={busy ? 'Deleting…' : 'Delete my account'}
        cancelLabel="Keep my account"
        onConfirm={() => void confirm()}
        onCancel={close}
      >
        <p>This cannot be undone. To confirm it is you, enter your password.</p>
        <form onSubmit={(e) => void confirm(e)} noValidate className="stack">
          <TextField label="Your password" type="password" autoComplete="current-password" value={password} onChange={setPassword} required />
          <FormAlert key={attempt} message={error} />
        </form>
      </ConfirmDialog>
    </section>
  );
}
