import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useHearth } from '../app/context';
import { FormAlert, TextField } from './forms';

/**
 * `/sign-in`: email and password. Wrong details and rate limits are explained in the
 * alert under the form; what happens next (going home, or back to the page that asked
 * for sign-in) is decided by the App's redirect once the session exists.
 */
export function SignInPage() {
  const signIn = useHearth((s) => s.signIn);
  const returnTo = useHearth((s) => s.account.returnTo);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Remounts the alert on each failure, so the same message is announced again.
  const [attempt, setAttempt] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!email.trim() || !password) {
      setError('Please enter your email address and password.');
      return;
    }
    setBusy(true);
    setError(null);
    const result = await signIn(email, password);
    setBusy(false);
    if (!result.ok) {
      setAttempt((n) => n + 1);
      setError(result.message);
      // A wrong password is retyped, not the email.
      if (result.code === 'UNAUTHENTICATED') setPassword('');
    }
  };

  return (
    <section className="card narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title" ref={heading} tabIndex={-1}>
        Sign in
      </h1>
      <p className="lede">
        {returnTo ? 'Please sign in to continue.' : 'Welcome back. Sign in to see your cohort and its next session.'}
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate className="stack">
        <TextField label="Email" type="email" autoComplete="email" inputMode="email" spellCheck={false} value={email} onChange={setEmail} required />
        <TextField label="Password" type="password" autoComplete="current-password" value={password} onChange={setPassword} required />
        <FormAlert key={attempt} message={error} />
        <button type="submit" className="primary large wide" aria-disabled={busy || undefined}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="note">New here? Hearth accounts are created from an invite link your facilitator sends you.</p>
    </section>
  );
}
