import { useEffect, type MouseEvent } from 'react';
import { useHearth, useHearthStore } from '../app/context';
import { joinGate, sessionIsOver } from '../lib/circleAccess';
import { circlePath, routeLinkKey } from '../lib/route';
import { Farewell } from './Farewell';
import { HostedPreJoin } from './HostedPreJoin';
import { PreJoin } from './PreJoin';
import { Room } from './Room';
import { SessionPreJoin } from './SessionPreJoin';

/**
 * `/c/<circleId>`: first what the circle is (`GET /api/circles/<id>`), then the pre-join
 * screen — the name field for an open circle, the name and "Ask to join" for a hosted
 * circle's guests (its `?k=` link key goes along), the session's details, agreement and
 * lobby for a cohort's — then the circle.
 */
export function CirclePage({ circleId }: { circleId: string }) {
  const phase = useHearth((s) => s.circle.phase);
  const startPreview = useHearth((s) => s.startPreview);
  const loadAccess = useHearth((s) => s.loadAccess);
  const navigate = useHearth((s) => s.navigate);
  const setReturnTo = useHearth((s) => s.setReturnTo);
  const connected = useHearth((s) => s.connection.status === 'connected');
  const access = useHearth((s) => s.access);
  const store = useHearthStore();
  const linkKey = useHearth((s) => routeLinkKey(s.ui.route, circleId));
  const signedIn = useHearth((s) => s.account.status === 'signedIn');

  const mine = access.circleId === circleId;
  const view = mine ? access.view : null;
  const errorCode = mine ? (access.error?.code ?? null) : null;

  useEffect(() => {
    void loadAccess(circleId);
  }, [circleId, loadAccess]);

  // The check failed because the server was unreachable: try again once the socket is back.
  useEffect(() => {
    if (!connected) return;
    const a = store.getState().access;
    if (a.circleId === circleId && a.status === 'error' && a.view === null && a.error && RETRYABLE.has(a.error.code)) void loadAccess(circleId);
  }, [connected, circleId, loadAccess, store]);

  // A cohort's circle needs the account: sign in, then come straight back here.
  useEffect(() => {
    if (errorCode !== 'UNAUTHENTICATED') return;
    setReturnTo(circlePath(circleId));
    navigate('/sign-in', { replace: true });
  }, [errorCode, circleId, navigate, setReturnTo]);

  // Ask for camera/mic as soon as we know the person may be here, so they see themselves
  // before joining. startPreview is idempotent; leaving the page (routeChanged) stops the
  // preview. After a removal or the end of the session the camera stays off.
  const mediaStatus = useHearth((s) => s.media.status);
  const farewell = useHearth((s) => s.ui.farewell);
  // An ended (or closed, or cancelled) circle has nothing to preview: the camera stays off.
  const over = view?.kind === 'session' ? sessionIsOver(joinGate(view, Date.now(), true)) : view?.kind === 'hosted' ? view.ended : false;
  const allowed = view !== null && errorCode !== 'NOT_FOUND' && !over;
  useEffect(() => {
    if (allowed && mediaStatus === 'idle' && farewell === null) void startPreview();
  }, [allowed, mediaStatus, farewell, startPreview]);
  // Meanwhile the media connection gets ready, so that Join is quick.
  const prepareMedia = useHearth((s) => s.prepareMedia);
  useEffect(() => {
    if (allowed && connected) prepareMedia();
  }, [allowed, connected, prepareMedia]);
  // It ended while the preview was on (waiting in the lobby): nothing should capture now.
  const stopPreview = useHearth((s) => s.stopPreview);
  useEffect(() => {
    if (over && phase === 'idle' && mediaStatus === 'ready') stopPreview();
  }, [over, phase, mediaStatus, stopPreview]);

  if (farewell !== null && phase === 'idle') return <Farewell message={farewell} circleId={circleId} />;
  // Inside the circle nothing interrupts it, not even a failed re-check.
  if (phase !== 'idle' && phase !== 'joining') return <Room circleId={circleId} />;
  if (errorCode === 'NOT_FOUND') {
    // A hosted circle's link that was replaced or revoked: the server says what to do.
    if (linkKey) return <LinkGone message={access.error?.message ?? ''} onHome={(e) => go(e, navigate, '/')} />;
    // Signed out, a 404 can only be a mistyped (or stale) link: cohort circles ask to sign in.
    if (!signedIn) return <NoSuchCircle onHome={(e) => go(e, navigate, '/')} />;
    return <NotYours onHome={(e) => go(e, navigate, '/home')} />;
  }
  if (errorCode === 'UNAUTHENTICATED') return <Checking text="Please sign in to join your cohort's circle…" />;
  if (!view) {
    if (errorCode) return <AccessProblem message={mine ? (access.error?.message ?? '') : ''} onRetry={() => void loadAccess(circleId)} />;
    return <Checking text="Checking the circle…" />;
  }
  if (view.kind === 'session') return <SessionPreJoin circleId={circleId} view={view} />;
  if (view.kind === 'hosted') return <HostedPreJoin circleId={circleId} view={view} />;
  // Open circles (and kinds this page does not know yet) keep the name field and Join.
  return <PreJoin circleId={circleId} />;
}

/** Failures worth retrying by themselves when the connection comes back. */
const RETRYABLE = new Set(['UNAVAILABLE', 'INTERNAL', 'RATE_LIMITED']);

function go(e: MouseEvent<HTMLAnchorElement>, navigate: (path: string) => void, path: string) {
  // Client-side navigation; a modified click (new tab) keeps the browser's behaviour.
  if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  navigate(path);
}

function Checking({ text }: { text: string }) {
  return (
    <p className="waiting" role="status">
      {text}
    </p>
  );
}

/** 404 while signed out: no circle has this address (a cohort's would have asked to sign in). */
function NoSuchCircle({ onHome }: { onHome(e: MouseEvent<HTMLAnchorElement>): void }) {
  return (
    <section className="card narrow" aria-labelledby="no-such-circle-title" data-testid="circle-not-found">
      <h1 id="no-such-circle-title">We couldn't find that circle</h1>
      <p>The link may be mistyped or incomplete. Check it, or ask the person who sent it to send it again.</p>
      <a className="button primary" href="/" onClick={onHome}>
        Go to the start page
      </a>
    </section>
  );
}

/** 404 from the access check while signed in: a mistyped link, or another cohort's circle. */
function NotYours({ onHome }: { onHome(e: MouseEvent<HTMLAnchorElement>): void }) {
  return (
    <section className="card narrow" aria-labelledby="not-yours-title" data-testid="circle-not-yours">
      <h1 id="not-yours-title">We couldn't open that circle</h1>
      <p>
        The link may be mistyped, or the circle may belong to a cohort you're not part of. If you were expecting to be here, check
        you're signed in with the email your invite was sent to, or ask your facilitator.
      </p>
      <a className="button primary" href="/home" onClick={onHome}>
        Go to your home page
      </a>
    </section>
  );
}

/** 404 for a hosted circle's link: replaced or revoked by the person who started it. */
function LinkGone({ message, onHome }: { message: string; onHome(e: MouseEvent<HTMLAnchorElement>): void }) {
  return (
    <section className="card narrow" aria-labelledby="link-gone-title" data-testid="circle-link-gone">
      <h1 id="link-gone-title">This link no longer works</h1>
      <p>{message || 'Ask the person who shared it for a new one.'}</p>
      <a className="button secondary" href="/" onClick={onHome}>
        Go to the start page
      </a>
    </section>
  );
}

/** The check itself failed (server unreachable, unexpected reply): say so, and offer to try again. */
function AccessProblem({ message, onRetry }: { message: string; onRetry(): void }) {
  return (
    <section className="card narrow" aria-labelledby="access-problem-title">
      <h1 id="access-problem-title">We couldn't open this circle just now</h1>
      <p role="alert">{message || 'Something went wrong. Please try again.'}</p>
      <button type="button" className="primary" onClick={onRetry}>
        Try again
      </button>
    </section>
  );
}
