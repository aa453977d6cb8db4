import { quantile } from './summary';

/** Percentiles for the floor benchmark (bench/floor.ts). */
export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** count, p50, p95, p99, max of the finite values; NaN fields when there are none. */
export function percentiles(values: number[]): Percentiles {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
  };
}

/** Milliseconds for a table cell, one decimal below 10 ms (loopback latencies are small). */
export function msCell(v: number): string {
  if (!Number.isFinite(v)) return '-';
  return v < 10 ? v.toFixed(1) : v.toFixed(0);
}

/** The row cells `count p50 p95 p99 max` of a set of samples. */
export function percentileCells(values: number[]): string[] {
  const p = percentiles(values);
  return [String(p.count), msCell(p.p50), msCell(p.p95), msCell(p.p99), msCell(p.max)];
}

/** A rate or count for a table cell. */
export function num(v: number, digits = 0): string {
  return Number.isFinite(v) ? v.toFixed(digits) : '-';
}
