import { Hysteresis } from './hysteresis';

describe('Hysteresis', () => {
  it('turns on only after enough samples in a row, and off only after more', () => {
    const h = new Hysteresis(3, 5);
    const seen = [true, true, false, true, true, true].map((s) => h.observe(s));
    // A good sample in between starts the count again.
    expect(seen).toEqual([null, null, null, null, null, true]);
    expect(h.value).toBe(true);
    const after = [false, false, false, false, true, false, false, false, false, false].map((s) => h.observe(s));
    expect(after).toEqual([null, null, null, null, null, null, null, null, null, false]);
    expect(h.value).toBe(false);
  });

  it('does not flap on a link that alternates', () => {
    const h = new Hysteresis(3, 5);
    for (let i = 0; i < 100; i++) expect(h.observe(i % 2 === 0)).toBeNull();
    expect(h.value).toBe(false);
  });
});
