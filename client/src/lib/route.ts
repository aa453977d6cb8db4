import { circleIdSchema, circlePath, entityIdSchema, urlTokenSchema } from '@hearth/shared';

/** The tabs of a cohort's page, in display order. Each has its own path segment. */
export const COHORT_TABS = ['details', 'schedule', 'sessions', 'invites', 'people', 'agreement', 'crisis', 'attendance'] as const;

/** One tab of the cohort page. */
export type CohortTab = (typeof COHORT_TABS)[number];

/** Which page the address bar points at. Kept serialisable: it lives in the store. */
export type Route =
  | { name: 'welcome' }
  /** `linkKey`: the `?k=` of a hosted circle's shared link (`/c/<id>?k=<key>`). */
  | { name: 'circle'; circleId: string; linkKey?: string }
  | { name: 'invalid-circle'; raw: string }
  | { name: 'sign-in' }
  | { name: 'home' }
  /** `/settings`: my account, my data (download, delete). */
  | { name: 'settings' }
  /** `/account-deleted`: where erasing one's own account lands. */
  | { name: 'account-deleted' }
  | { name: 'invite'; token: string }
  | { name: 'admin' }
  /** `/admin/cohorts/<id>[/<tab>]` or `/cohorts/<id>[/<tab>]`; `base` keeps the prefix the person used. */
  | { name: 'cohort'; cohortId: string; tab: CohortTab; base: '/admin/cohorts' | '/cohorts' }
  | { name: 'not-found'; path: string };

/** Pages that only make sense signed in: signed-out visitors are sent to sign in first. */
export function needsAccount(route: Route): boolean {
  return route.name === 'home' || route.name === 'admin' || route.name === 'cohort' || route.name === 'settings';
}

const isTab = (s: string): s is CohortTab => (COHORT_TABS as readonly string[]).includes(s);


/** The `k` of a query string (`?k=…`), if it looks like a link key. */
export function linkKeyFromSearch(search: string): string | null {
  const k = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search).get('k');
  // The lengths the server accepts (see joinCircleSchema.linkKey).
  return k !== null && k.length >= 8 && k.length <= 128 ? k : null;
}

/**
 * Turns a path (optionally with `?query` and `#hash`) into a {@link Route}. Pure, so it is
 * unit tested. Only a circle page reads the query: the key of a hosted circle's link.
 */
export function parseRoute(pathWithQuery: string): Route {
  const [beforeHash = ''] = pathWithQuery.split('#');
  const q = beforeHash.indexOf('?');
  const pathname = q === -1 ? beforeHash : beforeHash.slice(0, q);
  const search = q === -1 ? '' : beforeHash.slice(q);
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'welcome' };
  if (path === '/sign-in') return { name: 'sign-in' };
  if (path === '/home') return { name: 'home' };
  if (path === '/admin') return { name: 'admin' };
  if (path === '/settings') return { name: 'settings' };
  if (path === '/account-deleted') return { name: 'account-deleted' };

  const circle = /^\/c\/([^/]+)$/.exec(path);
  if (circle) {
    const raw = safeDecode(circle[1] ?? '');
    if (!circleIdSchema.safeParse(raw).success) return { name: 'invalid-circle', raw };
    const linkKey = linkKeyFromSearch(search);
    return linkKey ? { name: 'circle', circleId: raw, linkKey } : { name: 'circle', circleId: raw };
  }
  const invite = /^\/invite\/([^/]+)$/.exec(path);
  if (invite) {
    const token = safeDecode(invite[1] ?? '');
    return urlTokenSchema.safeParse(token).success ? { name: 'invite', token } : { name: 'not-found', path };
  }
  const cohort = /^(\/admin\/cohorts|\/cohorts)\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  if (cohort) {
    const cohortId = safeDecode(cohort[2] ?? '');
    const tab = cohort[3] ?? 'details';
    if (entityIdSchema.safeParse(cohortId).success && isTab(tab)) {
      return { name: 'cohort', cohortId, tab, base: cohort[1] === '/cohorts' ? '/cohorts' : '/admin/cohorts' };
    }
  }
  return { name: 'not-found', path };
}

export { circlePath };

/** The link key in the route, when the route is the page of `circleId`. */
export function routeLinkKey(route: Route, circleId: string): string | null {
  return route.name === 'circle' && route.circleId === circleId ? (route.linkKey ?? null) : null;
}

/**
 * The path and query of a link the server made (`https://host/c/<id>?k=<key>`), to
 * navigate to it without a reload. Null if it is not a circle link.
 */
export function circleLinkPath(url: string): string | null {
  const found = circleLinkFromInput(url);
  return found ? circlePath(found.circleId, found.linkKey) : null;
}

/** The path of a cohort page (the Details tab is the bare path). */
export function cohortPath(cohortId: string, tab: CohortTab = 'details', base: '/admin/cohorts' | '/cohorts' = '/admin/cohorts'): string {
  const root = `${base}/${encodeURIComponent(cohortId)}`;
  return tab === 'details' ? root : `${root}/${tab}`;
}

/** The path of an invite page. */
export function invitePath(token: string): string {
  return `/invite/${encodeURIComponent(token)}`;
}

/**
 * Reads what someone pasted into "join a circle": a full link (`https://…/c/abc`),
 * a path (`/c/abc`) or a bare id (`abc`). Returns the circle id, or null if it is not one.
 */
export function circleIdFromInput(input: string): string | null {
  return circleLinkFromInput(input)?.circleId ?? null;
}

/**
 * Like {@link circleIdFromInput}, and keeps a hosted circle's key: `https://…/c/abc?k=KEY`
 * → `{ circleId: 'abc', linkKey: 'KEY' }`.
 */
export function circleLinkFromInput(input: string): { circleId: string; linkKey: string | null } | null {
  const text = input.trim();
  if (!text) return null;
  const fromPath = /(?:^|\/)c\/([^/?#\s]+)(\?[^#\s]*)?/.exec(text);
  const candidate = safeDecode(fromPath ? (fromPath[1] ?? '') : text);
  if (!circleIdSchema.safeParse(candidate).success) return null;
  return { circleId: candidate, linkKey: fromPath?.[2] ? linkKeyFromSearch(fromPath[2]) : null };
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
