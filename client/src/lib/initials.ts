/**
 * Up to two initials for the "camera off" avatar: first letters of the first and last
 * words ("Ada Lovelace" → "AL", "bob" → "B"). Uses code points so emoji and accented
 * letters are not split in half.
 */
export function initialsOf(displayName: string): string {
  const words = displayName.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = Array.from(words[0] ?? '')[0] ?? '';
  const last = words.length > 1 ? (Array.from(words[words.length - 1] ?? '')[0] ?? '') : '';
  return (first + last).toLocaleUpperCase();
}
