import { monitorEventLoopDelay } from 'node:perf_hooks';
import fc from 'fast-check';
import { ERROR_CODES } from '@hearth/shared';

/*
 * Building blocks of the fuzz suites (tests/integration/fuzz.*.test.ts): hostile values
 * and a check of the reply envelope. Bounded: every generator has a size limit.
 */

/** Keys that have tripped JavaScript servers before, mixed with random ones. */
export const weirdKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'then', 'length', 'type', 'command', 'circleId', '') },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
);

/** Any JSON value, a few levels deep, with weird keys; strings include lone surrogates and NULs. */
export const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.string({ maxLength: 24, unit: 'binary' }),
    fc.constantFrom('\uD800', '\u0000', 'null', '-1', 'true', '%FF', '../..'),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(weirdKey, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Nests `leaf` `depth` times in arrays or objects. */
export function nest(depth: number, asArray: boolean, leaf: unknown = 1): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

/** Deep nesting (up to what socket.io-client's encoder can walk: it recurses). */
export const deepValue: fc.Arbitrary<unknown> = fc.tuple(fc.integer({ min: 7, max: 600 }), fc.boolean()).map(([d, a]) => nest(d, a));

/** Long strings: up to ~60 KB of one character (multi-byte ones included). */
export const hugeString: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(1_000, 10_000, 30_000, 60_000), fc.constantFrom('x', 'é', '😀', '\u0000', '\uD800', '%'))
  .map(([n, c]) => c.repeat(Math.max(1, Math.floor(n / c.length))));

/** Something no schema wants. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: jsonValue },
  { weight: 1, arbitrary: deepValue },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: fc.constantFrom(undefined, '', 0, -1, 2 ** 53, 1e308, [], {}, [[]], { __proto__: null }) },
);

/** `base` with one field replaced, one removed, or one weird key added (or unchanged). */
export function mutated(base: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  return fc.tuple(base, fc.nat(), hostileValue, weirdKey, fc.nat({ max: 3 })).map(([obj, pick, value, key, how]) => {
    const fields = Object.keys(obj);
    const copy: Record<string, unknown> = { ...obj };
    const field = fields.length ? fields[pick % fields.length]! : key;
    if (how === 1) copy[field] = value;
    else if (how === 2) delete copy[field];
    else if (how === 3) Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
    return copy;
  });
}

/** What is wrong with an ack/HTTP error body, or null when it is a proper envelope. */
export function envelopeProblem(reply: unknown): string | null {
  if (typeof reply !== 'object' || reply === null) return `not an object: ${JSON.stringify(reply)?.slice(0, 100)}`;
  const r = reply as { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } };
  if (r.ok === true) return 'data' in r ? null : 'ok without data';
  if (r.ok !== false) return `no ok flag: ${JSON.stringify(reply).slice(0, 100)}`;
  return errorProblem(r.error);
}

/** What is wrong with `{ code, message }`, or null. */
export function errorProblem(error: unknown): string | null {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  if (!e || typeof e.message !== 'string') return `error without message: ${JSON.stringify(error)?.slice(0, 100)}`;
  if (!(ERROR_CODES as readonly unknown[]).includes(e.code)) return `unknown error code ${JSON.stringify(e.code)}`;
  if (e.code === 'INTERNAL') return `INTERNAL: ${e.message}`;
  return null;
}

/** Process resources over a fuzz run: RSS growth and event-loop delay. */
export interface ResourceFigures {
  rssStartMb: number;
  rssPeakMb: number;
  rssEndMb: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

/** Starts watching RSS (sampled) and event-loop delay; `stop()` returns the figures. */
export function watchResources(): { stop(): ResourceFigures } {
  const mb = (b: number) => Math.round(b / 1024 / 1024);
  const start = process.memoryUsage().rss;
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  return {
    stop() {
      clearInterval(sampler);
      delay.disable();
      const end = process.memoryUsage().rss;
      return {
        rssStartMb: mb(start),
        rssPeakMb: mb(Math.max(peak, end)),
        rssEndMb: mb(end),
        loopDelayP99Ms: Math.round(delay.percentile(99) / 1e6),
        loopDelayMaxMs: Math.round(delay.max / 1e6),
      };
    },
  };
}
