/** The parts of socket.io's Manager that say where its next connection goes (writable, though not typed so). */
export interface ManagerTarget {
  uri: string;
  opts: { path?: string };
  on(event: 'error', listener: () => void): unknown;
}

/** Where the page's socket connects, and how it follows a circle's home. */
export interface NodeRoute {
  /** The next connection goes to `url` (a node's URL from MOVED, resolved against `base`). */
  moveTo(url: string, base: string): void;
  /** Whether the socket is pointed at a node other than the entry. */
  readonly moved: boolean;
}

/**
 * The socket connects to the deployment's entry (the page's own origin: the load balancer)
 * until a join is answered MOVED, then to that node: its origin, and its path prefix if it
 * has one (a proxy routing /n/<node>/socket.io to the node keeps the sign-in cookie). When
 * that node cannot be reached (it died, or is restarting), the next attempt goes back to the
 * entry, which reaches a live node: the circle's new home, or one that sends it on again.
 * Without this, a page would retry a dead node for ever.
 */
export function nodeRoute(manager: ManagerTarget): NodeRoute {
  const entry = { uri: manager.uri, path: manager.opts.path };
  let moved = false;
  // The Manager emits `error` for every connection attempt that fails (reconnections too).
  manager.on('error', () => {
    if (!moved) return;
    moved = false;
    manager.uri = entry.uri;
    manager.opts.path = entry.path;
  });
  return {
    moveTo(url, base) {
      const target = new URL(url, base);
      manager.uri = target.origin;
      manager.opts.path = `${target.pathname.replace(/\/$/, '')}/socket.io`;
      moved = manager.uri !== entry.uri || manager.opts.path !== entry.path;
    },
    get moved() {
      return moved;
    },
  };
}
