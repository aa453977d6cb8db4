import { useState } from 'react';
import { useHearth } from '../app/context';
import { selectTiles } from '../store/selectors';
import { LeaveIcon } from './icons';
import { MediaToggles } from './MediaToggles';
import { Tile } from './Tile';

/** Grid columns for `n` tiles: as square as possible, at most 4 across. */
function columnsFor(n: number): number {
  return Math.min(4, Math.max(1, Math.ceil(Math.sqrt(n))));
}

/** The circle itself: everyone's tiles and the controls bar. */
export function Room({ circleId }: { circleId: string }) {
  const tiles = useHearth(selectTiles);
  const phase = useHearth((s) => s.circle.phase);
  const leave = useHearth((s) => s.leave);
  const cols = columnsFor(tiles.length);
  const rows = Math.ceil(tiles.length / cols);

  return (
    <div className="room">
      <header className="room-header">
        <div className="room-title">
          <h1>
            Circle <code className="circle-code">{circleId}</code>
          </h1>
          <p className="room-count">{tiles.length === 1 ? 'Just you so far' : `${tiles.length} people here`}</p>
        </div>
        <InviteButton />
      </header>

      {phase === 'rejoining' ? (
        <p className="note" role="status">
          Reconnecting to the circle…
        </p>
      ) : null}

      <ul className="grid" style={{ ['--cols' as string]: cols, ['--rows' as string]: rows }} data-count={tiles.length} aria-label="People in the circle">
        {tiles.map((tile) => (
          <li key={tile.isSelf ? 'self' : tile.peerId}>
            <Tile tile={tile} />
          </li>
        ))}
      </ul>

      <nav className="controls" aria-label="Call controls">
        <MediaToggles />
        <button type="button" className="control control-leave" onClick={() => void leave()} disabled={phase === 'leaving'}>
          <LeaveIcon />
          <span>Leave</span>
        </button>
      </nav>
    </div>
  );
}

/** Copies the circle link, so inviting someone is one click. */
function InviteButton() {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 2500);
    } catch {
      // Clipboard access can be refused; the address bar still has the link.
      window.prompt('Copy this link to invite someone:', window.location.href);
    }
  };
  return (
    <button type="button" className="secondary" onClick={() => void copy()}>
      <span aria-live="polite">{copied ? 'Link copied' : 'Copy invite link'}</span>
    </button>
  );
}
