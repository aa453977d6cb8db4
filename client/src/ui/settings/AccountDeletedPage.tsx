import { useEffect, useRef } from 'react';
import { useHearth } from '../../app/context';
import { HearthLogo } from '../icons';

/** Where deleting one's own account lands: what happened, calmly, and a way on. */
export function AccountDeletedPage() {
  const navigate = useHearth((s) => s.navigate);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="card narrow farewell" aria-labelledby="deleted-title" data-testid="account-deleted">
      <HearthLogo size={48} />
      <h1 id="deleted-title" tabIndex={-1} ref={heading}>
        Your account has been deleted
      </h1>
      <p className="lede">
        You are signed out on every device. Your account, your place in your cohorts, your calendar link and the circles you started are gone,
        and this browser has forgotten your name.
      </p>
      <p>Sessions you attended are kept only as an anonymous count, and are deleted like all attendance records.</p>
      <button type="button" className="primary" onClick={() => navigate('/')}>
        Go to the start page
      </button>
    </section>
  );
}
