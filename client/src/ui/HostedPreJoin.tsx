import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useHearth } from '../app/context';
import { hostedAction } from '../lib/circleAccess';
import { loadDisplayName } from '../lib/storage';
import type { HostedAccess } from '../store/accessTypes';
import { PreJoinPreview } from './PreJoin';
import { LobbyWaitCard } from './SessionPreJoin';
import { ShareLinkSection } from './ShareLink';
import { NameField, nameProblem } from './NameField';

/** Longest display name the server accepts (see displayNameSchema). */

/**
 * The pre-join screen of a hosted circle: its name, your name and the preview. Its
 * creator joins straight in (and sees the link to share); guests "Ask to join" and wait
 * until the creator lets them in.
 */
export function HostedPreJoin({ circleId, view }: { circleId: string; view: HostedAccess }) {
  const knock = useHearth((s) => s.lobby.knock);
  const knockName = useHearth((s) => s.lobby.knockName);
  const circleName = useHearth((s) => s.circle.displayName);
  const myName = useHearth((s) => s.account.me?.name ?? '');
  const [name, setName] = useState(() => circleName || loadDisplayName() || myName);
  const waiting = knock.circleId === circleId && (knock.status === 'waiting' || knock.status === 'admitted');
  // Coming back from the waiting screen: focus goes to the button that started it.
  const [wasWaiting, setWasWaiting] = useState(false);
  useEffect(() => {
    if (waiting) setWasWaiting(true);
  }, [waiting]);
  if (view.ended) return <HostedEnded view={view} />;

  return (
    <div className="prejoin">
      <PreJoinPreview name={waiting ? knockName : name.trim()} />
      {waiting ? (
        <LobbyWaitCard
          eyebrow={view.name}
          admitted={knock.status === 'admitted'}
          detail={
            <>
              You'll join as <strong>{knockName}</strong>.
            </>
          }
        />
      ) : (
        <HostedJoinCard view={view} circleId={circleId} name={name} setName={setName} focusButton={wasWaiting} />
      )}
    </div>
  );
}

/** Its creator ended this circle's session: said plainly, with no button that cannot work. */
function HostedEnded({ view }: { view: HostedAccess }) {
  const navigate = useHearth((s) => s.navigate);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="prejoin prejoin-over">
      <section className="card narrow session-over" aria-labelledby="hosted-over-title" data-testid="session-over">
        <p className="eyebrow">{view.name}</p>
        <h1 id="hosted-over-title" tabIndex={-1} ref={heading}>
          This circle's session has ended
        </h1>
        <p className="lede">Nobody can join it now. The person who started it can tell you when it meets again.</p>
        <button type="button" className="primary" onClick={() => navigate('/')}>
          Go to the start page
        </button>
      </section>
    </div>
  );
}

function HostedJoinCard({
  circleId,
  view,
  name,
  setName,
  focusButton,
}: {
  circleId: string;
  view: HostedAccess;
  name: string;
  setName(name: string): void;
  focusButton: boolean;
}) {
  const phase = useHearth((s) => s.circle.phase);
  const connected = useHearth((s) => s.connection.status === 'connected');
  const knocking = useHearth((s) => s.lobby.knock.status === 'knocking');
  const join = useHearth((s) => s.join);
  const knock = useHearth((s) => s.knock);
  const [nameError, setNameError] = useState<string | null>(null);
  const hintId = useId();
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focusButton) button.current?.focus();
  }, [focusButton]);

  const action = hostedAction(view);
  const joining = phase === 'joining';
  const busy = joining || knocking;
  const label = joining ? 'Joining…' : knocking ? 'Asking…' : action === 'knock' ? 'Ask to join' : 'Join';

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (busy || !connected) return;
    const trimmed = name.trim();
    const problem = nameProblem(name);
    setNameError(problem);
    if (problem) return;
    if (action === 'knock') void knock(trimmed);
    else void join(trimmed);
  };

  return (
    <section className="prejoin-form card hosted-prejoin" aria-labelledby="prejoin-title" data-testid="hosted-prejoin">
      <p className="eyebrow" data-testid="circle-name">
        {view.name}
      </p>
      <h1 id="prejoin-title">Ready to join?</h1>
      <p className="lede">
        {view.role === 'facilitator'
          ? "You started this circle, so you'll facilitate it. You can mute or turn off your camera at any time."
          : 'You can mute or turn off your camera at any time.'}
      </p>
      <form onSubmit={onSubmit} noValidate>
        <NameField value={name} onChange={setName} error={nameError} disabled={busy} />
        <button ref={button} type="submit" className="primary wide" disabled={busy || !connected} aria-describedby={hintId}>
          {label}
        </button>
        <p id={hintId} className="join-hint">
          {action === 'knock'
            ? view.locked
              ? "The circle is locked just now: nobody new is being let in. If you were already in, you can ask to come back."
              : 'The person who started this circle will let you in. Take a moment to find a quiet, private space.'
            : 'Take a moment to find a quiet, private space.'}
        </p>
        {!connected ? <p className="field-hint">Connecting to Hearth…</p> : null}
      </form>
      {view.role === 'facilitator' ? <ShareLinkSection circleId={circleId} heading="h2" /> : null}
    </section>
  );
}
