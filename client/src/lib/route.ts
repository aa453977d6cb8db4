import { circleIdSchema } from '@hearth/shared';

/** Which page the address bar points at. Kept serialisable: it lives in the store. */
export type Route =
  | { name: 'welcome' }
  | { name: 'circle'; circleId: string }
  | { name: 'invalid-circle'; raw: string }
  | { name: 'not-found'; path: string };

/** Turns a pathname into a {@link Route}. Pure, so it is unit tested. */
export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'welcome' };
  const match = /^\/c\/([^/]+)$/.exec(path);
  if (!match) return { name: 'not-found', path };
  const raw = safeDecode(match[1] ?? '');
  return circleIdSchema.safeParse(raw).success ? { name: 'circle', circleId: raw } : { name: 'invalid-circle', raw };
}

/** The path of a circle page. */
export function circlePath(circleId: string): string {
  return `/c/${encodeURIComponent(circleId)}`;
}

/**
 * Reads what someone pasted into "join a circle": a full link (`https://…/c/abc`),
 * a path (`/c/abc`) or a bare id (`abc`). Returns the circle id, or null if it is not one.
 */
export function circleIdFromInput(input: string): string | null {
  const text = input.trim();
  if (!text) return null;
  const fromPath = /(?:^|\/)c\/([^/?#\s]+)/.exec(text);
  const candidate = safeDecode(fromPath ? (fromPath[1] ?? '') : text);
  return circleIdSchema.safeParse(candidate).success ? candidate : null;
}

/**
 * A fresh, short, URL-safe circle id. Short enough to read aloud; 12 hex digits keep
 * collisions between concurrent circles negligible. `randomUUID` only exists in secure
 * contexts, so fall back to `getRandomValues` (available everywhere) on plain http.
 */
export function newCircleId(cryptoImpl: Pick<Crypto, 'getRandomValues'> & Partial<Pick<Crypto, 'randomUUID'>> = globalThis.crypto): string {
  if (typeof cryptoImpl.randomUUID === 'function') return cryptoImpl.randomUUID().replace(/-/g, '').slice(0, 12);
  const bytes = cryptoImpl.getRandomValues(new Uint8Array(6));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
