import { useEffect, useRef } from 'react';
import { useHearth } from '../app/context';
import { sessionAccessOf } from '../lib/circleAccess';
import { LEFT_MESSAGE } from '../lib/circleEvents';
import { browserTimeZone } from '../lib/zones';
import { HearthLogo } from './icons';
import { NextSessionLine } from './SessionPreJoin';

/**
 * After the circle ended for us (we left, were removed, or the session is over): why,
 * kindly, that the camera and microphone are off, the cohort's next session in the
 * person's own zone, and a way on (back in, after leaving by choice).
 */
export function Farewell({ message, circleId }: { message: string; circleId: string }) {
  const navigate = useHearth((s) => s.navigate);
  const showFarewell = useHearth((s) => s.showFarewell);
  const loadAccess = useHearth((s) => s.loadAccess);
  const signedIn = useHearth((s) => s.account.status === 'signedIn');
  const session = useHearth((s) => sessionAccessOf(s.access, circleId));
  const zone = useHearth((s) => s.account.me?.timeZone) ?? browserTimeZone();
  const heading = useRef<HTMLHeadingElement>(null);
  // The page changed under the person: move focus to the reason, so it is read first.
  useEffect(() => heading.current?.focus(), []);
  // Ask again: the session may have just ended, and the next one is what matters now.
  useEffect(() => {
    void loadAccess(circleId);
  }, [loadAccess, circleId]);
  const left = message === LEFT_MESSAGE;
  return (
    <section className="card narrow farewell" aria-labelledby="farewell-title" data-testid="farewell">
      <HearthLogo size={48} />
      <h1 id="farewell-title" tabIndex={-1} ref={heading}>
        {message}
      </h1>
      <p className="lede">Your camera and microphone are off. Take care of yourself, and be gentle with what came up today.</p>
      {session ? <NextSessionLine next={session.next} zone={zone} /> : null}
      <div className="farewell-actions">
        {/* Only after leaving by choice: a removal or an ended session has no way back in here. */}
        {left && !session?.session.endedAt ? (
          <button type="button" className="secondary" onClick={() => showFarewell(null)}>
            Go back in
          </button>
        ) : null}
        <button type="button" className="primary" onClick={() => navigate(signedIn ? '/home' : '/')}>
          {signedIn ? 'Go to your home page' : 'Go to the start page'}
        </button>
      </div>
    </section>
  );
}
