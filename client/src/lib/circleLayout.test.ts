import { STAGE_ASPECT, TILE_ASPECT, ringLayout } from './circleLayout';

/** Boxes in stage-height units (width = STAGE_ASPECT), to check overlaps geometrically. */
function boxes(count: number, anchor = 0) {
  const layout = ringLayout(count, anchor);
  const w = layout.tileWidth * STAGE_ASPECT;
  const h = w / TILE_ASPECT;
  const seats = layout.seats.map((s) => ({ cx: s.x * STAGE_ASPECT, cy: s.y, w, h }));
  const cw = layout.centreWidth * STAGE_ASPECT;
  return { layout, seats, centre: { cx: STAGE_ASPECT / 2, cy: 0.5, w: cw, h: cw / TILE_ASPECT } };
}

type Box = ReturnType<typeof boxes>['centre'];
const apart = (a: Box, b: Box) => Math.abs(a.cx - b.cx) >= (a.w + b.w) / 2 || Math.abs(a.cy - b.cy) >= (a.h + b.h) / 2;
const inside = (b: Box) => b.cx - b.w / 2 >= 0 && b.cx + b.w / 2 <= STAGE_ASPECT + 1e-9 && b.cy - b.h / 2 >= 0 && b.cy + b.h / 2 <= 1 + 1e-9;

describe('ringLayout', () => {
  it('is empty for nobody and centred for one person', () => {
    expect(ringLayout(0).seats).toEqual([]);
    const one = ringLayout(1);
    expect(one.seats).toEqual([{ x: 0.5, y: 0.5 }]);
    expect(one.tileWidth).toBeGreaterThan(0.3);
  });

  it('puts two people side by side', () => {
    const { seats } = ringLayout(2);
    expect(seats[0]!.x).toBeLessThan(0.5);
    expect(seats[1]!.x).toBeGreaterThan(0.5);
    expect(seats[0]!.y).toBeCloseTo(0.5);
  });

  it('places the anchor seat at the bottom centre and goes clockwise', () => {
    const { seats } = ringLayout(6, 2);
    expect(seats[2]!.x).toBeCloseTo(0.5);
    expect(seats[2]!.y).toBeGreaterThan(0.7);
    // Clockwise on screen: after the bottom seat comes the lower left, then the upper left.
    expect(seats[3]!.x).toBeLessThan(0.5);
    expect(seats[4]!.x).toBeLessThan(0.5);
    expect(seats[4]!.y).toBeLessThan(seats[3]!.y);
    // Opposite the anchor: the top centre; the ring is symmetric about it.
    expect(seats[5]!.x).toBeCloseTo(0.5);
    expect(seats[5]!.y).toBeLessThan(0.3);
    expect(seats[1]!.x).toBeCloseTo(1 - seats[3]!.x);
  });

  it.each(Array.from({ length: 19 }, (_, i) => i + 2))('never overlaps and stays on stage with %i people', (n) => {
    for (const anchor of [0, Math.floor(n / 2)]) {
      const { layout, seats, centre } = boxes(n, anchor);
      expect(seats).toHaveLength(n);
      for (const s of seats) expect(inside(s)).toBe(true);
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(apart(seats[i]!, seats[j]!)).toBe(true);
      // The speaker's tile in the centre is at least as large as a seat and clear of the ring.
      expect(layout.centreWidth).toBeGreaterThanOrEqual(layout.tileWidth);
      if (layout.centreWidth > layout.tileWidth) for (const s of seats) expect(apart(s, centre)).toBe(true);
    }
  });

  it('keeps tiles usable for a full circle of 20', () => {
    // ~10% of a 1000px stage: about 100px wide, enough for a face and a name.
    expect(ringLayout(20).tileWidth).toBeGreaterThan(0.1);
    expect(ringLayout(8).tileWidth).toBeGreaterThan(ringLayout(20).tileWidth);
  });

  it('makes the centre larger than a seat for typical circles', () => {
    for (const n of [4, 6, 8, 12]) {
      const l = ringLayout(n);
      expect(l.centreWidth).toBeGreaterThan(l.tileWidth * 1.3);
    }
  });
});
