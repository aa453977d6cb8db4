import { UPLINK_POLICY, UPLINK_WEAK_BPS, uplinkTracker, uplinkWeakSample } from './uplinkPolicy';

const weak = { availableBps: UPLINK_WEAK_BPS - 1, sendingVideo: true };
const good = { availableBps: 1_500_000, sendingVideo: true };

describe('uplinkWeakSample', () => {
  it('is weak below what the middle layer and the mic need, while video is sent', () => {
    expect(uplinkWeakSample(weak)).toBe(true);
    expect(uplinkWeakSample({ ...weak, availableBps: UPLINK_WEAK_BPS })).toBe(false);
    expect(uplinkWeakSample(good)).toBe(false);
  });

  it('says nothing while the camera is not sent, or before there is an estimate', () => {
    expect(uplinkWeakSample({ ...weak, sendingVideo: false })).toBe(false);
    expect(uplinkWeakSample({ ...weak, availableBps: null })).toBe(false);
  });
});

describe('uplinkTracker', () => {
  it('turns weak after a run of weak readings and back after a longer run of good ones', () => {
    const t = uplinkTracker();
    const first = Array.from({ length: UPLINK_POLICY.weakAfter }, () => t.observe(weak));
    expect(first.at(-1)).toBe(true);
    expect(first.slice(0, -1).every((x) => x === null)).toBe(true);
    const back = Array.from({ length: UPLINK_POLICY.recoveredAfter }, () => t.observe(good));
    expect(back.at(-1)).toBe(false);
    expect(back.slice(0, -1).every((x) => x === null)).toBe(true);
  });

  it('turning the camera off counts as recovering (there is nothing left to suggest)', () => {
    const t = uplinkTracker();
    for (let i = 0; i < UPLINK_POLICY.weakAfter; i++) t.observe(weak);
    const off = Array.from({ length: UPLINK_POLICY.recoveredAfter }, () => t.observe({ ...weak, sendingVideo: false }));
    expect(off.at(-1)).toBe(false);
  });

  it('starts afresh after reset', () => {
    const t = uplinkTracker();
    for (let i = 0; i < UPLINK_POLICY.weakAfter - 1; i++) t.observe(weak);
    t.reset();
    expect(t.observe(weak)).toBeNull();
  });
});
