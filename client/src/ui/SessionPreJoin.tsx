import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useHearth } from '../app/context';
import { blockerHint, joinGate, lobbyWaitText, needsAffirmation, opensAtText, sessionIsOver, sessionStartText, sessionTitle, type JoinGate } from '../lib/circleAccess';
import { describeUntil, tickFor } from '../lib/countdown';
import { browserTimeZone } from '../lib/zones';
import type { SessionAccess } from '../store/accessTypes';
import { FormAlert } from './forms';
import { HearthLogo } from './icons';
import { PreJoinPreview } from './PreJoin';
import { useNow } from './useNow';

/** Ask the server again at most this often while the clock says the window changed but it disagrees. */
const RECHECK_MS = 10_000;

/**
 * The pre-join screen of a cohort session's circle: which session, when it opens (with a
 * countdown), the group agreement and this session's re-affirmation, the preview, and
 * Join — or "Ask to join" and a calm waiting screen when the cohort has a lobby.
 */
export function SessionPreJoin({ circleId, view }: { circleId: string; view: SessionAccess }) {
  const knock = useHearth((s) => s.lobby.knock);
  const stopWaiting = useHearth((s) => s.stopWaiting);
  const waiting = knock.circleId === circleId && (knock.status === 'waiting' || knock.status === 'admitted');
  // Coming back from the waiting screen: focus goes to the button that started it.
  const [wasWaiting, setWasWaiting] = useState(false);
  useEffect(() => {
    if (waiting) setWasWaiting(true);
  }, [waiting]);
  const over = sessionIsOver(joinGate(view, Date.now(), true));
  // Nobody waits for an admission that cannot happen: a closed session lets its lobby go.
  useEffect(() => {
    if (over && waiting && knock.status === 'waiting') void stopWaiting();
  }, [over, waiting, knock.status, stopWaiting]);
  if (over) return <SessionOver view={view} />;
  return (
    <div className="prejoin">
      <PreJoinPreview name={view.displayName} />
      {waiting ? (
        <LobbyWait view={view} admitted={knock.status === 'admitted'} />
      ) : (
        <SessionJoinCard circleId={circleId} view={view} focusButton={wasWaiting} />
      )}
    </div>
  );
}

function SessionJoinCard({ circleId, view, focusButton }: { circleId: string; view: SessionAccess; focusButton: boolean }) {
  const phase = useHearth((s) => s.circle.phase);
  const connected = useHearth((s) => s.connection.status === 'connected');
  const affirmed = useHearth((s) => s.access.affirmed);
  const loadedAt = useHearth((s) => s.access.loadedAt);
  const knocking = useHearth((s) => s.lobby.knock.status === 'knocking');
  const setAffirmed = useHearth((s) => s.setAffirmed);
  const loadAccess = useHearth((s) => s.loadAccess);
  const join = useHearth((s) => s.join);
  const knock = useHearth((s) => s.knock);
  const announce = useHearth((s) => s.announce);
  const zone = useHearth((s) => s.account.me?.timeZone) ?? browserTimeZone();
  const hintId = useId();
  const affirmId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const affirmBox = useRef<HTMLInputElement>(null);
  const [tried, setTried] = useState(false);

  const opensAt = view.window.state === 'notYet' ? Date.parse(view.window.opensAt) : 0;
  const closesAt = view.window.state === 'open' ? Date.parse(view.window.closesAt) : 0;
  // Every second near the opening (the countdown), else twice a minute.
  const now = useNow(Math.min(tickFor(opensAt - Date.now()), tickFor(closesAt - Date.now())));
  const gate = joinGate(view, now, affirmed);

  // The window opened or closed by the clock: ask the server for the real state, paced in
  // case this device's clock and the server's disagree.
  useEffect(() => {
    if (!gate.window.stale) return;
    const t = window.setTimeout(() => void loadAccess(circleId), Math.max(0, loadedAt + RECHECK_MS - Date.now()));
    return () => window.clearTimeout(t);
  }, [gate.window.stale, loadedAt, loadAccess, circleId]);

  // Say it once when the circle opens while the page is open.
  const wasOpen = useRef(gate.window.joinable);
  useEffect(() => {
    if (gate.window.joinable && !wasOpen.current) announce('The circle is open. You can join now.');
    wasOpen.current = gate.window.joinable;
  }, [gate.window.joinable, announce]);

  useEffect(() => {
    if (focusButton) button.current?.focus();
  }, [focusButton]);

  const joining = phase === 'joining';
  const busy = joining || knocking;
  const label = joining ? 'Joining…' : knocking ? 'Asking…' : gate.action === 'knock' ? 'Ask to join' : 'Join';

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (busy || !connected) return;
    if (gate.blocker) {
      setTried(true);
      if (gate.blocker === 'affirm') affirmBox.current?.focus();
      return;
    }
    if (gate.action === 'knock') void knock();
    else void join(view.displayName);
  };

  return (
    <section className="prejoin-form card session-prejoin" aria-labelledby="prejoin-title" data-testid="session-prejoin">
      <p className="eyebrow" data-testid="cohort-name">
        {view.cohort.name}
      </p>
      <h1 id="prejoin-title">Ready to join?</h1>
      <p className="session-title">{sessionTitle(view)}</p>
      <p className="when">
        <time dateTime={view.session.startsAt}>{view.session.local}</time>
      </p>

      {!view.agreement.accepted ? <AgreementToAccept view={view} onAccepted={() => affirmBox.current?.focus()} /> : null}

      <form onSubmit={onSubmit} noValidate>
        <p className="join-as">
          You'll join as <strong>{view.displayName}</strong>
          {view.role === 'facilitator' ? ', as a facilitator' : ''}.
        </p>
        {view.agreement.accepted && needsAffirmation(view) ? (
          <div className="affirm">
            <label className="check" htmlFor={affirmId}>
              <input
                id={affirmId}
                ref={affirmBox}
                type="checkbox"
                checked={affirmed}
                onChange={(e) => setAffirmed(e.target.checked)}
                disabled={busy}
                aria-invalid={tried && gate.blocker === 'affirm' ? true : undefined}
              />
              <span>I'll keep to our group agreement in this session</span>
            </label>
            <details className="agreement-reminder">
              <summary>Read the group agreement</summary>
              <div className="agreement-text preline">{view.agreement.text}</div>
            </details>
          </div>
        ) : null}
        <button
          ref={button}
          type="submit"
          className="primary wide"
          aria-disabled={gate.blocker ? true : undefined}
          aria-describedby={hintId}
          disabled={busy || !connected}
        >
          {label}
        </button>
        <JoinHint id={hintId} gate={gate} now={now} zone={zone} urgent={tried} />
        {!connected ? <p className="field-hint">Connecting to Hearth…</p> : null}
      </form>

      <SupportResources text={view.cohort.crisisResources} />
    </section>
  );
}

/** Under the button: why it cannot be pressed yet (with the countdown), or what happens next. */
function JoinHint({ id, gate, now, zone, urgent }: { id: string; gate: JoinGate; now: number; zone: string; urgent: boolean }) {
  const { blocker, window: win } = gate;
  if (win.state === 'notYet' && blocker === 'notYet') {
    return (
      <div id={id} className="join-hint opens" data-testid="opens-at">
        <p>This circle opens at {opensAtText(new Date(win.opensAt).toISOString(), zone, now)}.</p>
        <p className="countdown" data-testid="opens-countdown">
          Opens {describeUntil(win.opensAt - now)}
        </p>
      </div>
    );
  }
  if (blocker && blocker !== 'notYet') {
    // After a press, the reason is an error to fix; before it, a quiet hint.
    return (
      <p id={id} className={urgent && (blocker === 'affirm' || blocker === 'agreement') ? 'field-error' : 'join-hint'}>
        {blockerHint(blocker)}
      </p>
    );
  }
  return (
    <p id={id} className="join-hint">
      {gate.action === 'knock'
        ? gate.locked
          ? "The circle is locked just now: the facilitators aren't letting anyone new in. If you were already in this session, you can ask to come back."
          : 'A facilitator will let you in. Take a moment to find a quiet, private space.'
        : 'The circle is open. Take a moment to find a quiet, private space.'}
    </p>
  );
}

/**
 * The session cannot be joined any more (ended, its window closed, or cancelled): said
 * kindly, with the next session in the person's own zone and where to find support now.
 */
function SessionOver({ view }: { view: SessionAccess }) {
  const zone = useHearth((s) => s.account.me?.timeZone) ?? browserTimeZone();
  const navigate = useHearth((s) => s.navigate);
  const heading = useRef<HTMLHeadingElement>(null);
  // Often reached from the waiting screen, whose focus went away with it.
  useEffect(() => heading.current?.focus(), []);
  const title =
    view.session.status === 'cancelled' ? 'This session was cancelled' : view.session.endedAt ? 'This session has ended' : "This session's circle has closed";
  return (
    <div className="prejoin prejoin-over">
      <section className="card narrow session-over" aria-labelledby="session-over-title" data-testid="session-over">
        <p className="eyebrow">{view.cohort.name}</p>
        <div className="lobby-glow" aria-hidden="true">
          <HearthLogo size={40} />
        </div>
        <h1 id="session-over-title" tabIndex={-1} ref={heading}>
          {title}
        </h1>
        <p className="lede">
          {sessionTitle(view)}. {view.session.status === 'cancelled' ? 'Nobody will meet in this circle.' : 'Nobody can join it now. Thank you for making the time.'}
        </p>
        <NextSessionLine next={view.next} zone={zone} />
        {view.cohort.crisisResources.trim() ? (
          <aside className="crisis" aria-labelledby="session-over-support" data-testid="support-resources">
            <h2 id="session-over-support">If you need support right now</h2>
            <p className="preline">{view.cohort.crisisResources}</p>
          </aside>
        ) : null}
        <button type="button" className="primary" onClick={() => navigate('/home')}>
          Go to your home page
        </button>
      </section>
    </div>
  );
}

/** "Your next session: Tuesday 10 March 2026 at 19:00 GMT · Session 4 · Theme", or that there is none. */
export function NextSessionLine({ next, zone }: { next: SessionAccess['next']; zone: string }) {
  if (!next) return <p className="soft" data-testid="next-session">There are no more sessions scheduled for now.</p>;
  return (
    <p className="next-session-line" data-testid="next-session">
      Your next session:{' '}
      <strong>
        <time dateTime={next.startsAt}>{sessionStartText(next.startsAt, zone)}</time>
      </strong>
      {next.theme ? ` · ${next.theme}` : ''}
    </p>
  );
}

/** The agreement, until this person accepts its current version. */
function AgreementToAccept({ view, onAccepted }: { view: SessionAccess; onAccepted(): void }) {
  const accept = useHearth((s) => s.acceptCircleAgreement);
  const accepting = useHearth((s) => s.access.accepting);
  const announce = useHearth((s) => s.announce);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();

  const agree = async () => {
    if (accepting) return;
    const result = await accept();
    setError(result.ok ? null : result.message);
    if (result.ok) {
      // The text goes away with the focus on its button: say so, and move on to the checkbox.
      announce(`Thank you. You accepted the group agreement of ${view.cohort.name}.`);
      window.setTimeout(onAccepted, 0);
    }
  };

  return (
    <section className="agreement-prompt" aria-labelledby={titleId} data-testid="agreement">
      <h2 id={titleId}>Please read the group agreement</h2>
      <p className="soft small-text">Everyone in {view.cohort.name} agrees to it before meeting.</p>
      <div className="agreement-text preline" tabIndex={0} aria-label="Group agreement text">
        {view.agreement.text}
      </div>
      <FormAlert message={error} />
      <button type="button" className="secondary" aria-disabled={accepting || undefined} onClick={() => void agree()}>
        {accepting ? 'Saving…' : 'I accept the group agreement'}
      </button>
    </section>
  );
}

/** The cohort's crisis resources, folded away until someone wants them. */
function SupportResources({ text }: { text: string }) {
  if (!text.trim()) return null;
  return (
    <details className="support-resources" data-testid="support-resources">
      <summary>Support resources</summary>
      <p className="preline">{text}</p>
    </details>
  );
}

/** Waiting in the lobby of a cohort's session; when its window closes the screen checks again. */
function LobbyWait({ view, admitted }: { view: SessionAccess; admitted: boolean }) {
  const loadAccess = useHearth((s) => s.loadAccess);
  const closesAt = view.window.state === 'open' ? Date.parse(view.window.closesAt) : null;
  useEffect(() => {
    if (closesAt === null) return;
    // A little after the close, so the server agrees; capped, as timers overflow past ~24 days.
    const t = window.setTimeout(() => void loadAccess(view.session.id), Math.min(Math.max(0, closesAt - Date.now()) + 2000, 2 ** 31 - 1));
    return () => window.clearTimeout(t);
  }, [closesAt, loadAccess, view.session.id]);
  return (
    <LobbyWaitCard
      eyebrow={view.cohort.name}
      admitted={admitted}
      detail={
        <>
          {sessionTitle(view)} · You'll join as <strong>{view.displayName}</strong>.
        </>
      }
    >
      <SupportResources text={view.cohort.crisisResources} />
    </LobbyWaitCard>
  );
}

/** Waiting in a lobby (a cohort session's or a hosted circle's): calm, with a way out. */
export function LobbyWaitCard({ eyebrow, detail, admitted, children }: { eyebrow: string; detail: ReactNode; admitted: boolean; children?: ReactNode }) {
  const stopWaiting = useHearth((s) => s.stopWaiting);
  const status = useHearth((s) => s.lobby.status);
  const heading = useRef<HTMLHeadingElement>(null);
  // The form (and the focused button) went away: read the new heading first.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="prejoin-form card lobby-wait" aria-labelledby="lobby-wait-title" data-testid="lobby-waiting">
      <p className="eyebrow">{eyebrow}</p>
      <div className="lobby-glow" aria-hidden="true">
        <HearthLogo size={40} />
      </div>
      <h1 id="lobby-wait-title" tabIndex={-1} ref={heading}>
        {admitted ? "You're being let in…" : 'Waiting for a facilitator to let you in…'}
      </h1>
      <p className="lede" aria-live="polite" data-testid="lobby-wait-text">
        {admitted ? 'Joining the circle now.' : lobbyWaitText(status)}
      </p>
      <p className="soft">{detail}</p>
      {admitted ? null : (
        <button type="button" className="secondary" onClick={() => void stopWaiting()}>
          Stop waiting
        </button>
      )}
      {children}
    </section>
  );
}
