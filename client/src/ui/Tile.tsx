import { memo, useRef } from 'react';
import { useHearth } from '../app/context';
import { initialsOf } from '../lib/initials';
import { ordinal } from '../lib/talk';
import type { CircleTileModel, TileModel } from '../store/selectors';
import { HandIcon, LeafIcon, MicOffIcon, ReplyIcon } from './icons';
import { TileActions } from './TileActions';
import { TileReactions } from './TileReactions';
import { TrackAudio, TrackVideo } from './TrackVideo';
import { useVideoView } from './useVideoView';

const isCircleTile = (t: TileModel): t is CircleTileModel => 'floor' in t;

/** What a screen reader hears for a tile: name first, then what matters most. */
function describe(tile: TileModel, name: string): string {
  const c = isCircleTile(tile) ? tile : null;
  return [
    tile.isSelf ? `${name || 'You'}${name ? ' (you)' : ''}` : name,
    c?.role === 'facilitator' ? 'facilitator' : null,
    c?.floor || c?.speaking ? 'speaking' : null,
    c?.hand ? `${c.hand.kind === 'reply' ? 'wants to reply' : 'hand raised'}, ${ordinal(c.hand.place)} in the queue` : null,
    c?.presence === 'steppedOut' ? 'stepped out' : null,
    c?.presence === 'reconnecting' ? 'reconnecting, their place is kept' : null,
    c?.needsMoment ? 'needs a moment' : null,
    tile.muted ? 'muted' : null,
    tile.cameraOff ? 'camera off' : null,
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * One person in the circle. The data-* attributes are the end-to-end tests' hooks:
 * data-testid="tile", data-peer-id, data-self, data-camera-off, data-muted, and for tiles in
 * a circle data-floor, data-hand, data-presence, data-speaking (and data-moment where it may be seen);
 * data-waiting while our own connection comes back and the person is shown from the last view.
 * `showActions` adds the facilitator's per-person menu.
 */
export const Tile = memo(function Tile({ tile, showActions = false }: { tile: TileModel; showActions?: boolean }) {
  const { displayName, isSelf, cameraOff, muted, videoKey, audioKey } = tile;
  const c = isCircleTile(tile) ? tile : null;
  // Before a name is typed, our own preview just says "You" (the badge).
  const name = displayName || (isSelf ? '' : 'Someone');
  const steppedOut = c?.presence === 'steppedOut';
  const reconnecting = c?.presence === 'reconnecting';
  const frame = useRef<HTMLDivElement>(null);
  // Audio only: nobody's video is received, so remote tiles show who is there instead.
  const audioOnly = useHearth((s) => s.visitPrefs.audioOnly) && !isSelf;
  // Remote video follows the tile: the layer that fits its size, paused when out of sight.
  useVideoView(frame, isSelf ? null : videoKey, steppedOut || reconnecting, (c?.floor || c?.speaking) ?? false);
  const className = ['tile', c?.floor ? 'tile-floor' : '', c?.speaking ? 'tile-speaking' : '', steppedOut || reconnecting ? 'tile-away' : '', c?.needsMoment ? 'tile-moment' : '']
    .filter(Boolean)
    .join(' ');

  return (
    <article
      className={className}
      data-testid="tile"
      data-peer-id={tile.peerId}
      data-self={String(isSelf)}
      data-camera-off={String(cameraOff)}
      data-muted={String(muted)}
      data-floor={c ? String(c.floor) : undefined}
      data-hand={c ? String(c.hand !== null) : undefined}
      data-presence={c ? c.presence : undefined}
      data-speaking={c ? String(c.speaking) : undefined}
      data-moment={c && c.needsMoment !== null ? String(c.needsMoment) : undefined}
      data-waiting={tile.waiting ? 'true' : undefined}
      aria-label={describe(tile, name)}
    >
      <div className="tile-frame" ref={frame}>
        {videoKey && !audioOnly ? (
          <TrackVideo trackKey={videoKey} mirror={isSelf} />
        ) : (
          <div className="tile-placeholder">
            <span className="avatar" aria-hidden="true">
              {initialsOf(name || 'You')}
            </span>
            <span className="placeholder-label">{cameraOff ? 'Camera off' : audioOnly ? 'Audio only' : 'Connecting video…'}</span>
          </div>
        )}
        {steppedOut || reconnecting ? (
          <div className="tile-away-veil">
            <span>{reconnecting ? 'Reconnecting…' : 'Stepped out'}</span>
          </div>
        ) : null}
      </div>
      {audioKey && !isSelf ? <TrackAudio trackKey={audioKey} /> : null}

      {c && (c.floor || c.hand || c.needsMoment) ? (
        <div className="tile-top">
          {c.floor ? <span className="pill pill-speaking">Speaking</span> : null}
          {c.hand ? (
            <span className="pill pill-hand">
              {c.hand.kind === 'reply' ? <ReplyIcon size={16} /> : <HandIcon size={16} />}
              <span className="sr-only">{c.hand.kind === 'reply' ? 'Wants to reply, ' : 'Hand raised, '}place</span>
              {c.hand.kind === 'reply' ? <span className="pill-word">Reply</span> : null}
              <span>{c.hand.place}</span>
            </span>
          ) : null}
          {c.needsMoment ? (
            <span className="pill pill-moment">
              <LeafIcon size={14} />
              <span className="pill-word">Needs a moment</span>
            </span>
          ) : null}
        </div>
      ) : null}

      {c ? <TileReactions peerId={tile.peerId} /> : null}
      {showActions && !tile.waiting ? <TileActions peerId={tile.peerId} name={name || 'yourself'} isSelf={isSelf} cameraOff={cameraOff} /> : null}

      <div className="nameplate">
        {name ? <span className="tile-name">{name}</span> : null}
        {isSelf ? <span className="badge">You</span> : null}
        {c?.role === 'facilitator' ? <span className="role-label">Facilitator</span> : null}
        {muted ? (
          <span className="muted-label">
            <MicOffIcon size={16} />
            <span className="muted-word">Muted</span>
          </span>
        ) : null}
      </div>
    </article>
  );
});
