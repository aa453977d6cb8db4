import { useEffect, useState } from 'react';

/** The circle's wide layout (panels beside the circle); keep in step with the app shell in styles/shell.css. */
export const WIDE_CIRCLE_QUERY = '(min-width: 1100px) and (min-height: 620px)';

/** Whether `query` matches now, following changes (rotating a phone, resizing a window). */
export function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => globalThis.matchMedia?.(query).matches ?? true);
  useEffect(() => {
    const list = globalThis.matchMedia?.(query);
    if (!list) return;
    const onChange = () => setMatches(list.matches);
    onChange();
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, [query]);
  return matches;
}
