import { useEffect, useRef } from 'react';
import { useHearth } from '../app/context';
import { HearthLogo } from './icons';

/** After the circle ended for us (removed, or the session is over): why, kindly, and a way on. */
export function Farewell({ message }: { message: string }) {
  const navigate = useHearth((s) => s.navigate);
  const heading = useRef<HTMLHeadingElement>(null);
  // The page changed under the person: move focus to the reason, so it is read first.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="card narrow farewell" aria-labelledby="farewell-title" data-testid="farewell">
      <HearthLogo size={48} />
      <h1 id="farewell-title" tabIndex={-1} ref={heading}>
        {message}
      </h1>
      <p className="lede">Your camera and microphone are off. Take care of yourself, and be gentle with what came up today.</p>
      <button type="button" className="primary" onClick={() => navigate('/')}>
        Go to the start page
      </button>
    </section>
  );
}
