import { useId, useState, type FormEvent } from 'react';
import { useHearth } from '../app/context';
import { circleIdFromInput, circlePath, newCircleId } from '../lib/route';

/** `/`: start a new circle, or go to one from a link or code. */
export function WelcomePage() {
  const navigate = useHearth((s) => s.navigate);
  const [link, setLink] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const errorId = useId();

  const go = (e: FormEvent) => {
    e.preventDefault();
    const circleId = circleIdFromInput(link);
    if (!circleId) {
      setError('That doesn’t look like a circle link. Paste the whole link, or just the code after /c/.');
      return;
    }
    navigate(circlePath(circleId));
  };

  return (
    <div className="welcome">
      <section className="welcome-hero">
        <h1>A warm place to meet, wherever you are.</h1>
        <p className="lede">
          Hearth is simple video for peer-support circles. Start a circle, share its link with the people you trust, and talk — or
          just listen. Nobody needs an account.
        </p>
        <button type="button" className="primary large" onClick={() => navigate(circlePath(newCircleId()))}>
          Start a circle
        </button>
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
              placeholder="https://…/c/abc123"
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
