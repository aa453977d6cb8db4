/**
 * Every store key Hearth uses, in one place, so that two features can never collide on a
 * key by accident and so an operator can find what lives under `hearth:*` in Redis.
 * Add new keys here (with their type and owning module) rather than building strings
 * at call sites.
 */

/** Namespace for every key, so Hearth can share a Redis database with other apps. */
const PREFIX = 'hearth:';

/** Ids end up inside keys; a `:` or empty id would silently alias another key. */
function id(kind: string, value: string): string {
  if (value.length === 0 || value.includes(':')) {
    throw new Error(`invalid ${kind} id for a store key: ${JSON.stringify(value)}`);
  }
  return value;
}

/** Key builders. Each returns the full, prefixed key. */
export const keys = {
  /** string (JSON circle record). Owner: circle service. */
  circle: (circleId: string): string => `${PREFIX}circle:${id('circle', circleId)}`,

  /** hash: peerId → JSON peer presence. Owner: circle service. */
  circlePeers: (circleId: string): string => `${PREFIX}circle:${id('circle', circleId)}:peers`,

  /**
   * string (node id hosting the circle's media router), with TTL so a dead node's claim
   * lapses. Owner: room→node registry.
   */
  circleNode: (circleId: string): string => `${PREFIX}circle:${id('circle', circleId)}:node`,

  /**
   * string (JSON `{ state: CircleState, recent: string[] }`: the rules engine's state and the
   * ids of recently applied commands), with an idle TTL. Owner: rules service.
   */
  circleRules: (circleId: string): string => `${PREFIX}circle:${id('circle', circleId)}:rules`,

  /** string (participant id) per sha256(rejoin token), with a TTL. Owner: rejoin tokens (services/identity). */
  circleRejoin: (circleId: string, tokenHash: string): string =>
    `${PREFIX}circle:${id('circle', circleId)}:rejoin:${id('token', tokenHash)}`,

  /** string (JSON heartbeat), with TTL so a crashed node disappears. Owner: node registry. */
  node: (nodeId: string): string => `${PREFIX}node:${id('node', nodeId)}`,
} as const;

/** The prefix shared by every Hearth key (e.g. for SCAN-based tooling). */
export const KEY_PREFIX = PREFIX;
