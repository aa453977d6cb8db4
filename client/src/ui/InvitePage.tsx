import { useEffect, useState, type FormEvent } from 'react';
import { accountNameSchema, displayNameSchema, emailSchema, newPasswordSchema, type InviteView } from '@hearth/shared';
import { useApi, useHearth } from '../app/context';
import { browserTimeZone } from '../lib/zones';
import { friendlyMessage } from '../net/apiMessages';
import { FormAlert, TextField } from './forms';
import { Link } from './Link';

type Load = { state: 'loading' } | { state: 'ready'; invite: InviteView } | { state: 'failed'; message: string };
type Fields = 'displayName' | 'name' | 'email' | 'password';

/** `message` when the shared schema (the server's own rule) refuses `value`, else null. */
function problem(schema: { safeParse(v: unknown): { success: boolean } }, value: string, message: string): string | null {
  return schema.safeParse(value).success ? null : message;
}

/**
 * `/invite/<token>`: who invited me to what, then "Join cohort". New people create
 * their account here (name, email, password); signed-in people only choose how the
 * cohort will see them. Used and expired links say so instead of showing the form.
 */
export function InvitePage({ token }: { token: string }) {
  const api = useApi();
  const account = useHearth((s) => s.account);
  const sessionStarted = useHearth((s) => s.sessionStarted);
  const loadSession = useHearth((s) => s.loadSession);
  const setReturnTo = useHearth((s) => s.setReturnTo);
  const navigate = useHearth((s) => s.navigate);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [values, setValues] = useState<Record<Fields, string>>({ displayName: '', name: '', email: '', password: '' });
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signedIn = account.status === 'signedIn';

  useEffect(() => {
    let live = true;
    api.invite(token).then(
      (invite) => {
        if (!live) return;
        setLoad({ state: 'ready', invite });
        if (invite.email) setValues((v) => ({ ...v, email: invite.email ?? '' }));
      },
      (err: unknown) => live && setLoad({ state: 'failed', message: friendlyMessage(err, { NOT_FOUND: "We couldn't find this invite. Check that you copied the whole link." }) }),
    );
    return () => {
      live = false;
    };
  }, [api, token]);

  const set = (field: Fields) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const found: Partial<Record<Fields, string>> = {};
    const dn = problem(
      displayNameSchema,
      values.displayName,
      values.displayName.trim() ? 'Please keep your display name to 40 characters.' : 'Please choose a display name: a first name or a pseudonym.',
    );
    if (dn) found.displayName = dn;
    if (!signedIn) {
      const n = problem(accountNameSchema, values.name, 'Please enter your name (up to 80 characters).');
      const em = problem(emailSchema, values.email, 'Please enter a valid email address.');
      const pw = problem(newPasswordSchema, values.password, 'Please use a password of at least 10 characters.');
      if (n) found.name = n;
      if (em) found.email = em;
      if (pw) found.password = pw;
    }
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setError('Please check the highlighted fields.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const account = signedIn
        ? undefined
        : // The new account starts in this device's zone, so its first home page shows local times.
          { name: values.name, email: values.email, password: values.password, timeZone: browserTimeZone() };
      const reply = await api.acceptInvite(token, { displayName: values.displayName, account });
      sessionStarted(reply.session);
      navigate('/home');
    } catch (err) {
      setBusy(false);
      setError(
        friendlyMessage(err, {
          GONE: 'This invite link can no longer be used. Ask your facilitator for a new one.',
          UNAUTHENTICATED: 'Please sign in first, or fill in your details to create an account.',
        }),
      );
      // A "signed in as someone else" conflict may mean the session changed in another tab.
      void loadSession();
    }
  };

  if (load.state === 'loading') {
    return (
      <p className="waiting" role="status">
        Opening your invite…
      </p>
    );
  }
  if (load.state === 'failed') return <InviteProblem title="This invite can't be opened" message={load.message} />;
  const { invite } = load;
  if (invite.state === 'used') {
    return (
      <InviteProblem
        title="This invite has already been used"
        message="Each invite link works once. If you accepted it yourself, sign in to see your cohort. Otherwise, ask your facilitator for a new link."
      />
    );
  }
  if (invite.state === 'expired') {
    const when = new Date(invite.expiresAt).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' });
    return <InviteProblem title="This invite has expired" message={`The link stopped working on ${when}. Ask your facilitator to send you a new one.`} />;
  }

  const role = invite.role === 'facilitator' ? 'a facilitator' : 'a member';
  return (
    <section className="card narrow" aria-labelledby="invite-title">
      <p className="eyebrow">You're invited</p>
      <h1 id="invite-title">{invite.cohort.name}</h1>
      <p className="lede">
        Join {invite.cohort.stage ? `this ${invite.cohort.stage} cohort` : 'this cohort'} as <strong>{role}</strong>. What is shared in the
        group stays in the group.
      </p>
      {signedIn && account.me ? (
        <p className="note-warn">
          You're signed in as <strong>{account.me.email}</strong>. The cohort will be added to this account.
        </p>
      ) : null}
      <form onSubmit={(e) => void submit(e)} noValidate className="stack">
        <TextField
          label="Your display name in this cohort"
          hint="A first name or a pseudonym: this is how others in the cohort will see you."
          autoComplete="nickname"
          maxLength={40}
          value={values.displayName}
          onChange={set('displayName')}
          error={errors.displayName}
        />
        {signedIn ? null : (
          <fieldset className="fieldset">
            <legend>Your account</legend>
            <TextField label="Your name" hint="Private: only you, your facilitators and admins see it." autoComplete="name" value={values.name} onChange={set('name')} error={errors.name} />
            <TextField
              label="Email"
              type="email"
              autoComplete="email"
              spellCheck={false}
              value={values.email}
              onChange={set('email')}
              readOnly={invite.email !== null}
              hint={invite.email ? 'This invite is for this email address.' : undefined}
              error={errors.email}
            />
            <TextField label="Password" type="password" autoComplete="new-password" hint="At least 10 characters." value={values.password} onChange={set('password')} error={errors.password} />
          </fieldset>
        )}
        <FormAlert message={error} />
        <button type="submit" className="primary large wide" aria-disabled={busy || undefined}>
          {busy ? 'Joining…' : 'Join cohort'}
        </button>
      </form>
      {signedIn ? null : (
        <p className="note">
          Already have a Hearth account?{' '}
          <Link to="/sign-in" onClick={() => setReturnTo(`/invite/${token}`)}>
            Sign in first
          </Link>
          , then open this link again.
        </p>
      )}
    </section>
  );
}

function InviteProblem({ title, message }: { title: string; message: string }) {
  const signedIn = useHearth((s) => s.account.status === 'signedIn');
  return (
    <section className="card narrow" aria-labelledby="invite-problem">
      <h1 id="invite-problem">{title}</h1>
      <p role="alert">{message}</p>
      <Link to={signedIn ? '/home' : '/sign-in'} className="button secondary">
        {signedIn ? 'Go to your home page' : 'Sign in'}
      </Link>
    </section>
  );
}
