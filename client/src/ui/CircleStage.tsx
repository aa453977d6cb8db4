import { useMemo, type CSSProperties } from 'react';
import { useHearth } from '../app/context';
import { ringLayout } from '../lib/circleLayout';
import { visibleIds } from '../lib/groups';
import { MODE_HINTS, MODE_LABELS } from '../lib/talk';
import { selectCircleTiles } from '../store/selectors';
import { HearthLogo } from './icons';
import { Tile } from './Tile';

type Vars = CSSProperties & Record<`--${string}`, string | number>;

/**
 * Everyone's tiles as a circle: seats around a ring in seating order, the viewer at the
 * bottom, the floor holder larger in the middle (their seat stays marked, so the circle
 * keeps its shape). Narrow screens get a grid instead (CSS), with the speaker first.
 * DOM order is seating order, so screen readers go round the circle too.
 */
export function CircleStage() {
  const allTiles = useHearth(selectCircleTiles);
  const view = useHearth((s) => s.circle.view);
  // In pairs and small groups: only the people in your group (the SFU sends nothing else).
  const tiles = useMemo(() => {
    const visible = visibleIds(view);
    return visible ? allTiles.filter((t) => t.isSelf || visible.has(t.peerId)) : allTiles;
  }, [allTiles, view]);
  const facilitator = view?.you?.role === 'facilitator';
  const selfIndex = Math.max(0, tiles.findIndex((t) => t.isSelf));
  const layout = useMemo(() => ringLayout(tiles.length, selfIndex), [tiles.length, selfIndex]);
  const holderIndex = tiles.findIndex((t) => t.floor);

  const seatStyle = (i: number, centre: boolean): Vars => {
    const seat = centre ? { x: 0.5, y: 0.5 } : (layout.seats[i] ?? { x: 0.5, y: 0.5 });
    return { '--x': seat.x, '--y': seat.y, '--w': centre ? layout.centreWidth : layout.tileWidth };
  };

  return (
    <div className="stage" data-count={tiles.length} data-groups={view?.groups ? 'on' : undefined} data-has-floor={String(holderIndex >= 0)}>
      {holderIndex < 0 && tiles.length > 1 && view ? (
        <div className="hearth-centre" style={seatStyle(0, true)}>
          <HearthLogo size={40} />
          <p className="hearth-mode">{view.groups ? 'Your group' : MODE_LABELS[view.rules.mode]}</p>
          <p className="hearth-hint">
            {view.groups ? 'An open floor: anyone here may speak.' : view.round ? 'Waiting for the next person…' : MODE_HINTS[view.rules.mode]}
          </p>
        </div>
      ) : null}
      {holderIndex >= 0 && tiles.length > 1 ? <div className="seat-empty" style={seatStyle(holderIndex, false)} aria-hidden="true" /> : null}
      <ul className="ring" aria-label="People in the circle">
        {tiles.map((tile, i) => (
          <li key={tile.isSelf ? 'self' : tile.peerId} className={tile.floor ? 'seat seat-centre' : 'seat'} style={seatStyle(i, tile.floor || tiles.length === 1)}>
            <Tile tile={tile} showActions={facilitator} />
          </li>
        ))}
      </ul>
    </div>
  );
}
