/** The `webcal://` form of a calendar feed URL: calendar apps subscribe instead of downloading once. */
export function webcalUrl(httpUrl: string): string {
  return httpUrl.replace(/^https?:\/\//i, 'webcal://');
}

/** "Session 3 of 8" (indexes are 0-based; the total counts sessions still scheduled). */
export function sessionLabel(index: number, total: number | null): string {
  return total && total > index ? `Session ${index + 1} of ${total}` : `Session ${index + 1}`;
}
