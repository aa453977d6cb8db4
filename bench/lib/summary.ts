/** Order statistics for benchmark samples (milliseconds). */
export interface Summary {
  count: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

/** Linear-interpolated quantile (q in [0, 1]) of already sorted values. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** count, median, p95, min, max of the finite values; NaN fields when there are none. */
export function summarise(values: number[]): Summary {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return {
    count: sorted.length,
    median: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    min: sorted.length ? sorted[0]! : NaN,
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
  };
}

/** Median of the finite values (NaN when there are none). */
export function median(values: number[]): number {
  return summarise(values).median;
}

/** A number of milliseconds for a table cell. */
export function ms(v: number): string {
  return Number.isFinite(v) ? v.toFixed(0) : '-';
}

/** Renders rows as a left-aligned first column and right-aligned other columns. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
