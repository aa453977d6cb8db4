import { createHmac, randomBytes } from 'node:crypto';
import type { IceServer } from '@hearth/shared';

/** The TURN servers Hearth hands out and the secret it shares with them (see config.ts). */
export interface TurnConfig {
  /** `turn:`, `turns:` and `stun:` URIs, in the order browsers should try them. */
  urls: string[];
  /** coturn's `static-auth-secret`; undefined when only STUN URIs are configured. */
  secret: string | undefined;
  /** How long a credential stays valid. It must outlast a visit: coturn refuses to refresh an allocation with an expired one. */
  ttlSeconds: number;
}

/** A TURN username and password. */
export interface TurnCredential {
  username: string;
  credential: string;
}

/**
 * The TURN REST API scheme (draft-uberti-behave-turn-rest, coturn's `use-auth-secret`):
 * username = `<expiry in unix seconds>:<id>`, password = base64(HMAC-SHA1(secret, username)).
 * The TURN server recomputes the password from the username, so nothing is stored anywhere,
 * and refuses the username once its expiry has passed.
 */
export function turnCredential(secret: string, ttlSeconds: number, id: string, nowMs: number): TurnCredential {
  if (id.includes(':')) throw new Error('a TURN credential id may not contain ":"');
  const expiry = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expiry}:${id}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}

/**
 * The ICE servers for one visit: STUN URIs as they are, TURN URIs with a fresh credential.
 * The id in the username is random, not the person's id: coturn logs usernames, and Hearth
 * keeps nothing about who met whom.
 */
export function iceServersFor(
  turn: TurnConfig | undefined,
  nowMs: number,
  newId: () => string = () => randomBytes(9).toString('base64url'),
): IceServer[] {
  if (!turn || turn.urls.length === 0) return [];
  const stun = turn.urls.filter((u) => u.startsWith('stun:'));
  const relays = turn.urls.filter((u) => !u.startsWith('stun:'));
  const servers: IceServer[] = [];
  if (relays.length > 0 && turn.secret !== undefined) {
    servers.push({ urls: relays, ...turnCredential(turn.secret, turn.ttlSeconds, newId(), nowMs) });
  }
  if (stun.length > 0) servers.push({ urls: stun });
  return servers;
}
