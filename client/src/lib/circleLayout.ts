/*
 * Where tiles sit on the ring. Pure geometry so it can be tested: seats are spread around a
 * rounded ring filling the stage, in seating order, clockwise; the person viewing sits at
 * the bottom (they "look across" the circle, as in a room). The floor holder's tile moves to
 * the centre, larger; their seat stays where it is, so nobody else shifts when the floor moves.
 *
 * Tiles are wider than tall, so neighbours side by side need more room than neighbours one
 * above the other. Seats are therefore spaced evenly in a "tile metric" along the ring
 * (horizontal distance counts in tile widths, vertical in tile heights), which lets far
 * more tiles fit than spacing by angle.
 *
 * Units: internally the stage is `aspect` wide and 1 high; results are fractions of the
 * stage's width (x, widths) and height (y), ready for CSS percentages.
 */

/** Width ÷ height of the stage the ring is drawn in (CSS uses the same value). */
export const STAGE_ASPECT = 16 / 10;
/** Width ÷ height of a tile. */
export const TILE_ASPECT = 4 / 3;

/** A seat's centre, as fractions of the stage's width (x) and height (y). */
export interface Seat {
  x: number;
  y: number;
}

/** Seats plus tile sizes, as fractions of the stage width. */
export interface RingLayout {
  seats: Seat[];
  /** Width of a tile on the ring. */
  tileWidth: number;
  /** Width of the floor holder's tile in the centre. */
  centreWidth: number;
}

/** Space kept between tiles and around the edge (stage-height units). */
const GAP = 0.02;
const EDGE = 0.01;
/** Largest ring tile and the smallest we shrink to before giving up (stage-height units). */
const MAX_TILE = 0.42;
const MIN_TILE = 0.05;
const STEP = 0.0025;
/** Extra room around the centre tile: its highlight ring glows beyond its edges. */
const CENTRE_GAP = 0.04;
/** The centre tile aims to be this much larger than a ring tile. */
const CENTRE_GROWTH = 1.5;
/** Largest centre tile (stage-height units). */
const MAX_CENTRE = 0.62 * TILE_ASPECT;
/** Roundness of the ring: 2 is an ellipse; a little more uses the stage's corners. */
const ROUNDNESS = 2.6;
/** Points sampled along the ring to space seats evenly. */
const SAMPLES = 720;

interface Rect {
  cx: number;
  cy: number;
  w: number;
  h: number;
}

const overlaps = (a: Rect, b: Rect, gap = GAP) =>
  Math.abs(a.cx - b.cx) < (a.w + b.w) / 2 + gap - 1e-9 && Math.abs(a.cy - b.cy) < (a.h + b.h) / 2 + gap - 1e-9;

/** Angle of the anchor seat: bottom for a ring, left for two people side by side. */
const anchorAngle = (count: number) => (count === 2 ? Math.PI : Math.PI / 2);

/** A point of the superellipse |x/rx|^p + |y/ry|^p = 1 at parameter `t`. */
function ringPoint(t: number, rx: number, ry: number): [number, number] {
  const c = Math.cos(t);
  const s = Math.sin(t);
  const e = 2 / ROUNDNESS;
  return [rx * Math.sign(c) * Math.abs(c) ** e, ry * Math.sign(s) * Math.abs(s) ** e];
}

function seatRects(count: number, anchor: number, w: number, aspect: number): Rect[] {
  const h = w / TILE_ASPECT;
  const rx = aspect / 2 - w / 2 - EDGE;
  const ry = 1 / 2 - h / 2 - EDGE;
  const start = anchorAngle(count);
  // Walk once round the ring from the anchor (clockwise on screen: y grows downwards),
  // measuring in tile units, then drop seats at equal distances.
  const points: Array<[number, number]> = [];
  const along: number[] = [0];
  for (let k = 0; k <= SAMPLES; k++) points.push(ringPoint(start + (k * 2 * Math.PI) / SAMPLES, rx, ry));
  for (let k = 1; k <= SAMPLES; k++) {
    const [x0, y0] = points[k - 1]!;
    const [x1, y1] = points[k]!;
    along.push(along[k - 1]! + Math.max(Math.abs(x1 - x0) / TILE_ASPECT, Math.abs(y1 - y0)));
  }
  const total = along[SAMPLES]!;
  const rects: Rect[] = [];
  let k = 0;
  for (let i = 0; i < count; i++) {
    const target = (i * total) / count;
    while (k < SAMPLES && along[k + 1]! <= target) k++;
    const [x0, y0] = points[k]!;
    const [x1, y1] = points[Math.min(k + 1, SAMPLES)]!;
    const span = along[Math.min(k + 1, SAMPLES)]! - along[k]!;
    const f = span > 0 ? (target - along[k]!) / span : 0;
    rects.push({ cx: aspect / 2 + x0 + (x1 - x0) * f, cy: 1 / 2 + y0 + (y1 - y0) * f, w, h });
  }
  // Seat i belongs to seating index (anchor + i).
  return rects.map((_, i) => rects[(i - anchor + count) % count]!);
}

const anyOverlap = (rects: Rect[]) => rects.some((a, i) => rects.slice(i + 1).some((b) => overlaps(a, b)));
const centreRect = (aspect: number, w: number): Rect => ({ cx: aspect / 2, cy: 1 / 2, w, h: w / TILE_ASPECT });
const centreFits = (rects: Rect[], aspect: number, w: number) => !rects.some((r) => overlaps(r, centreRect(aspect, w), CENTRE_GAP));

/**
 * Lays out `count` seats. `anchor` is the index (in seating order) of the viewer's seat,
 * placed at the bottom. Ring tiles are as large as they can be without touching each other
 * while leaving room for a larger speaker's tile in the middle.
 */
export function ringLayout(count: number, anchor = 0, aspect = STAGE_ASPECT): RingLayout {
  if (count <= 0) return { seats: [], tileWidth: 0, centreWidth: 0 };
  if (count === 1) {
    // Alone: one comfortable tile in the middle; it is also where a speaker would be.
    const w = Math.min(aspect * 0.55, 0.8 * TILE_ASPECT);
    return { seats: [{ x: 0.5, y: 0.5 }], tileWidth: w / aspect, centreWidth: w / aspect };
  }
  const at = ((anchor % count) + count) % count;
  const wanted = (w: number) => Math.min(w * CENTRE_GROWTH, MAX_CENTRE, aspect * 0.55);
  let w = MAX_TILE;
  let rects = seatRects(count, at, w, aspect);
  while (w > MIN_TILE && (anyOverlap(rects) || !centreFits(rects, aspect, wanted(w)))) {
    w -= STEP;
    rects = seatRects(count, at, w, aspect);
  }
  // Then grow the centre as far as it fits (never smaller than a seat).
  let cw = wanted(w);
  while (cw + STEP <= Math.min(MAX_CENTRE, aspect * 0.55) && centreFits(rects, aspect, cw + STEP)) cw += STEP;
  if (!centreFits(rects, aspect, cw)) cw = w;

  return {
    seats: rects.map((r) => ({ x: r.cx / aspect, y: r.cy })),
    tileWidth: w / aspect,
    centreWidth: Math.max(cw, w) / aspect,
  };
}
