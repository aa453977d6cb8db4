import { useId, useState, type FormEvent } from 'react';
import { useHearth } from '../app/context';
import { circleLinkFromInput, circlePath } from '../lib/route';
import { FormAlert } from './forms';
import { Link } from './Link';

/** Longest circle name the server accepts. */
const MAX_CIRCLE_NAME = 80;

/** `/`: start a circle of your own (signed in), or go to one from a link or code. */
export function WelcomePage() {
  const navigate = useHearth((s) => s.navigate);
  const accountStatus = useHearth((s) => s.account.status);
  const setReturnTo = useHearth((s) => s.setReturnTo);
  const [link, setLink] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const errorId = useId();

  const go = (e: FormEvent) => {
    e.preventDefault();
    const found = circleLinkFromInput(link);
    if (!found) {
      setError('That doesn’t look like a circle link. Paste the whole link, or just the code after /c/.');
      return;
    }
    navigate(circlePath(found.circleId, found.linkKey));
  };

  return (
    <div className="welcome">
      <section className="welcome-hero">
        <h1>A warm place to meet, wherever you are.</h1>
        <p className="lede">
          Hearth is simple video for peer-support circles. Start a circle, share its link with the people you trust, and talk — or
          just listen. Only the person who starts a circle needs an account.
        </p>
        {accountStatus === 'signedIn' ? (
          <StartCircleForm />
        ) : accountStatus === 'signedOut' ? (
          <Link className="button primary large" to="/sign-in" onClick={() => setReturnTo('/')}>
            Sign in to start a circle
          </Link>
        ) : null}
      </section>

      <section className="card welcome-join" aria-labelledby="have-link">
        <h2 id="have-link">Have a link?</h2>
        <form onSubmit={go} noValidate>
          <label htmlFor={inputId}>Circle link or code</label>
          <div className="inline-field">
            <input
              id={inputId}
              type="text"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              placeholder="https://…/c/abc123?k=…"
              value={link}
              onChange={(e) => setLink(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
            />
            <button type="submit" className="secondary">
              Go to circle
            </button>
          </div>
          {error ? (
            <p id={errorId} className="field-error">
              {error}
            </p>
          ) : null}
        </form>
      </section>
    </div>
  );
}

/** "Start a circle": a name, then the circle's page with its link to share. */
function StartCircleForm() {
  const start = useHearth((s) => s.startHostedCircle);
  const creating = useHearth((s) => s.hosted.busy === 'create');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [invalid, setInvalid] = useState(false);
  const nameId = useId();
  const hintId = useId();

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (creating) return;
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > MAX_CIRCLE_NAME) {
      setInvalid(true);
      setError(trimmed ? `Please keep the name to ${MAX_CIRCLE_NAME} characters.` : 'Please give the circle a name, so people know they are in the right place.');
      return;
    }
    setInvalid(false);
    const result = await start(trimmed);
    // On success the page changes to the new circle.
    if (!result.ok) setError(result.message);
  };

  return (
    <form className="start-circle" onSubmit={(e) => void onSubmit(e)} noValidate aria-label="Start a circle">
      <label htmlFor={nameId}>Circle name</label>
      <div className="inline-field">
        <input
          id={nameId}
          type="text"
          autoComplete="off"
          maxLength={MAX_CIRCLE_NAME + 20}
          placeholder="Thursday evening circle"
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={invalid || undefined}
          aria-describedby={hintId}
          disabled={creating}
        />
        <button type="submit" className="primary large" disabled={creating}>
          {creating ? 'Starting…' : 'Start a circle'}
        </button>
      </div>
      <p id={hintId} className="field-hint">
        You'll get a link to share. People who open it ask to join, and you let them in.
      </p>
      <FormAlert message={error} />
    </form>
  );
}
