import { useState, type FormEvent } from 'react';
import { useHearth } from '../app/context';
import { loadDisplayName } from '../lib/storage';
import { mediaOutcomeMessage } from '../lib/mediaMessages';
import { selfTile } from '../store/selectors';
import { MediaToggles } from './MediaToggles';
import { Tile } from './Tile';
import { NameField, nameProblem } from './NameField';

/** Longest display name the server accepts (see displayNameSchema). */

/**
 * Before joining: your own preview, camera/mic toggles, your name and "Join". Explains
 * missing devices and lets people join anyway.
 */
export function PreJoin({ circleId }: { circleId: string }) {
  const circle = useHearth((s) => s.circle);
  const connected = useHearth((s) => s.connection.status === 'connected');
  const join = useHearth((s) => s.join);
  const [name, setName] = useState(() => circle.displayName || loadDisplayName());
  const [nameError, setNameError] = useState<string | null>(null);

  const joining = circle.phase === 'joining';

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    const problem = nameProblem(name);
    setNameError(problem);
    if (problem) return;
    void join(trimmed);
  };

  return (
    <div className="prejoin">
      <PreJoinPreview name={name.trim()} />

      <section className="prejoin-form card" aria-labelledby="prejoin-title">
        <h1 id="prejoin-title">Ready to join?</h1>
        <p className="lede">
          Circle <code className="circle-code">{circleId}</code>. You can mute or turn off your camera at any time.
        </p>
        <form onSubmit={onSubmit} noValidate>
          <NameField value={name} onChange={setName} error={nameError} disabled={joining} />
          <button type="submit" className="primary wide" disabled={joining || !connected}>
            {joining ? 'Joining…' : 'Join'}
          </button>
          {!connected ? <p className="field-hint">Connecting to Hearth…</p> : null}
        </form>
      </section>
    </div>
  );
}

/** Your own tile (camera preview), the camera/mic toggles, and what went wrong with them. */
export function PreJoinPreview({ name }: { name: string }) {
  const circle = useHearth((s) => s.circle);
  const media = useHearth((s) => s.media);
  const preview = selfTile({ ...circle, displayName: name }, media);
  const mediaMessage =
    media.status === 'ready'
      ? mediaOutcomeMessage({
          mic: media.mic.available,
          camera: media.camera.available,
          micProblem: media.mic.problem,
          cameraProblem: media.camera.problem,
        })
      : null;
  return (
    <section className="prejoin-preview" aria-label="Your camera and microphone">
      <Tile tile={preview} />
      <div className="toggle-row">
        <MediaToggles />
      </div>
      {media.status === 'requesting' ? (
        <p className="note" role="status">
          Asking your browser for the camera and microphone…
        </p>
      ) : null}
      {mediaMessage ? (
        <p className="note note-warn" role="status" data-testid="media-notice">
          {mediaMessage}
        </p>
      ) : null}
    </section>
  );
}
