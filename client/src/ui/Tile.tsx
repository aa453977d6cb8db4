import { memo } from 'react';
import { initialsOf } from '../lib/initials';
import type { TileModel } from '../store/selectors';
import { MicOffIcon } from './icons';
import { TrackAudio, TrackVideo } from './TrackVideo';

/**
 * One person in the circle. The data-* attributes are the end-to-end tests' hooks:
 * data-testid="tile", data-peer-id, data-self, data-camera-off, data-muted.
 */
export const Tile = memo(function Tile({ tile }: { tile: TileModel }) {
  const { displayName, isSelf, cameraOff, muted, videoKey, audioKey } = tile;
  // Before a name is typed, our own preview just says "You" (the badge).
  const name = displayName || (isSelf ? '' : 'Someone');
  const description = [isSelf ? `${name || 'You'}${name ? ' (you)' : ''}` : name, muted ? 'muted' : null, cameraOff ? 'camera off' : null].filter(Boolean).join(', ');

  return (
    <article
      className="tile"
      data-testid="tile"
      data-peer-id={tile.peerId}
      data-self={String(isSelf)}
      data-camera-off={String(cameraOff)}
      data-muted={String(muted)}
      aria-label={description}
    >
      {videoKey ? (
        <TrackVideo trackKey={videoKey} mirror={isSelf} />
      ) : (
        <div className="tile-placeholder">
          <span className="avatar" aria-hidden="true">
            {initialsOf(name || 'You')}
          </span>
          <span className="placeholder-label">{cameraOff ? 'Camera off' : 'Connecting video…'}</span>
        </div>
      )}
      {audioKey && !isSelf ? <TrackAudio trackKey={audioKey} /> : null}
      <div className="nameplate">
        {name ? <span className="tile-name">{name}</span> : null}
        {isSelf ? <span className="badge">You</span> : null}
        {muted ? (
          <span className="muted-label">
            <MicOffIcon size={16} />
            Muted
          </span>
        ) : null}
      </div>
    </article>
  );
});
