/*
 * Seating is the circle order people see and rounds follow. It starts as join order (a
 * newcomer, or someone returning, takes the last seat); a facilitator may set it or shuffle
 * it. The engine has no randomness: the server draws the seed, so a shuffle is reproducible
 * from the command log.
 */

/** mulberry32: a tiny, well-mixed 32-bit PRNG; plenty for seating a circle. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A deterministic Fisher–Yates shuffle of `items` driven by `seed`. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const random = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * The shuffled seating. A shuffle always changes the order when there are two or more
 * seats: if the draw reproduces the current order, it is rotated by one, so the
 * facilitator's "shuffle" never silently does nothing.
 */
export function shuffledSeating(seating: readonly string[], seed: number): string[] {
  const out = seededShuffle(seating, seed);
  return sameOrder(out, seating) && out.length > 1 ? [...out.slice(1), out[0]!] : out;
}

/** Same ids in the same order. */
export function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** `order` lists exactly the ids of `of`, each once. */
export function isPermutationOf(order: readonly string[], of: readonly string[]): boolean {
  const wanted = new Set(of);
  return order.length === of.length && new Set(order).size === order.length && order.every((id) => wanted.has(id));
}
