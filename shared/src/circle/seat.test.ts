import { applyCommand, createCircleState } from './engine';
import type { CircleState } from './types';

function joinAll(seats: (number | undefined)[]): CircleState {
  let state = createCircleState('c', 0);
  seats.forEach((seat, i) => {
    const r = applyCommand(state, { type: 'join', name: `P${i}`, role: i === 0 ? 'facilitator' : 'member', ...(seat === undefined ? {} : { seat }) }, `p${i}`, i);
    if (!r.ok) throw new Error(r.error.message);
    state = r.state;
  });
  return state;
}

describe('join seats', () => {
  it('takes the last seat by default', () => {
    expect(joinAll([undefined, undefined, undefined]).seating).toEqual(['p0', 'p1', 'p2']);
  });

  it('takes the seat the server drew, modulo the seats there are', () => {
    // p1 at 0 → [p1, p0]; p2 at 4 % 3 = 1 → [p1, p2, p0]
    expect(joinAll([undefined, 0, 4]).seating).toEqual(['p1', 'p2', 'p0']);
  });
});
