import type { Logger } from '../logger';
import { keys } from '../store/keys';
import type { Store } from '../store/types';

/** How long a node's heartbeat lives without a refresh; a crashed node is noticed after this. */
const HEARTBEAT_TTL_MS = 10_000;
/** How often the heartbeat is refreshed and dead nodes are looked for. */
const SWEEP_INTERVAL_MS = 3_000;

/** Settings of presence across lost connections. */
export interface PresenceSettings {
  /** How long someone whose connection dropped keeps their place (RECONNECT_GRACE_S). */
  graceMs: number;
  /** How long a floor waits for its holder before moving on (FLOOR_WAIT_S). */
  floorWaitMs: number;
}

/** Someone whose connection is gone: the circle, the participant and which connection it was. */
export interface LostAttachment {
  circleId: string;
  peerId: string;
  attachment: number;
}

const field = (circleId: string, peerId: string) => `${circleId} ${peerId}`;
/** An origin not known to be a node's is looked up again at most this often (anyone can send one). */
const ORIGINS_REFRESH_MS = 1_000;

/** The origins of the nodes' URLs in the node index (malformed ones skipped). */
function originsOf(nodes: Record<string, { url?: unknown } | null | undefined>): Set<string> {
  const out = new Set<string>();
  for (const n of Object.values(nodes)) {
    if (typeof n?.url !== 'string') continue;
    try {
      out.add(new URL(n.url).origin);
    } catch {
      // not a URL: no origin
    }
  }
  return out;
}

/**
 * Which connections this node holds, kept in the store so that when a node dies — SIGKILL,
 * a crash, a power cut — another node (or this one, restarted) finds the people whose
 * connections died with it and makes them `reconnecting` rather than leaving them present
 * with no connection anywhere. Each node keeps a heartbeat with a TTL; a sweep on every node
 * looks for nodes whose heartbeat lapsed.
 */
export class NodePresence {
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  /** Lost connections this node could not mark yet (the store was down): retried each sweep. */
  private readonly pending = new Map<string, LostAttachment>();
  /** Origins of the deployment's nodes (their NODE_URLs), as last read from the node index. */
  private origins = new Set<string>();
  private originsReadAt = -Infinity;

  constructor(
    private readonly deps: {
      store: Store;
      logger: Logger;
      nodeId: string;
      clock: () => number;
      /** Makes one lost connection's person `reconnecting` (an idempotent rules command). */
      lost: (lost: LostAttachment) => Promise<void>;
    },
  ) {}

  /** Registers this node (reached at `url`) and starts the heartbeat and the sweep (the first one at once). */
  async start(url: string): Promise<void> {
    const startedAt = this.deps.clock();
    await this.deps.store.hashSet(keys.nodeIndex(), this.deps.nodeId, { startedAt, url });
    await this.beat();
    this.timer = setInterval(() => void this.beat().then(() => this.sweep()), SWEEP_INTERVAL_MS);
    this.timer.unref();
    void this.sweep();
  }

  /** Where clients reach a live node (null when it is unknown or its heartbeat lapsed). */
  async urlOf(nodeId: string): Promise<string | null> {
    const { store } = this.deps;
    if ((await store.get(keys.node(nodeId))) === null) return null;
    const nodes = await store.hashGetAll<{ url?: string }>(keys.nodeIndex());
    return nodes[nodeId]?.url ?? null;
  }

  /** Origins of the deployment's nodes as last read (every sweep, a few seconds apart). */
  knownNodeOrigins(): string[] {
    return [...this.origins];
  }

  /**
   * Whether `origin` is that of a node of this deployment (a NODE_URL in the node index): a
   * page served by one node opens its socket on the circle's home. Read from the store when
   * unknown, at most once a second.
   */
  async isNodeOrigin(origin: string): Promise<boolean> {
    if (this.origins.has(origin)) return true;
    if (this.deps.clock() - this.originsReadAt < ORIGINS_REFRESH_MS) return false;
    this.originsReadAt = this.deps.clock();
    this.origins = originsOf(await this.deps.store.hashGetAll<{ url?: unknown }>(keys.nodeIndex()));
    return this.origins.has(origin);
  }

  /** This node now holds `peerId`'s connection (its `attachment`). */
  async attach(circleId: string, peerId: string, attachment: number): Promise<void> {
    await this.deps.store.hashSet(keys.nodeAttachments(this.deps.nodeId), field(circleId, peerId), attachment);
  }

  /** This node no longer holds that connection. */
  async detach(circleId: string, peerId: string): Promise<void> {
    await this.deps.store.hashDelete(keys.nodeAttachments(this.deps.nodeId), field(circleId, peerId));
  }

  /** Marks a lost connection later: the store could not be reached just now. */
  retryLater(lost: LostAttachment): void {
    this.pending.set(field(lost.circleId, lost.peerId), lost);
  }

  /** Finds nodes whose heartbeat lapsed and hands their connections to `lost`. One at a time. */
  sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  /**
   * Stops the heartbeat and leaves the node index (the caller has made everyone it held
   * reconnecting). With lost connections still unmarked the node's record stays, so another
   * node's sweep marks them once its heartbeat lapses.
   */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping?.catch(() => undefined);
    if (this.pending.size > 0) return;
    const { store, nodeId } = this.deps;
    await store.delete(keys.node(nodeId), keys.nodeAttachments(nodeId));
    await store.hashDelete(keys.nodeIndex(), nodeId);
  }

  private async beat(): Promise<void> {
    await this.deps.store
      .set(keys.node(this.deps.nodeId), { at: this.deps.clock() }, { ttlMs: HEARTBEAT_TTL_MS })
      .catch((err: unknown) => this.deps.logger.warn({ err }, 'could not refresh the node heartbeat'));
  }

  private async sweepOnce(): Promise<void> {
    const { store, nodeId, logger } = this.deps;
    for (const [key, lost] of [...this.pending]) {
      try {
        await this.deps.lost(lost);
        this.pending.delete(key);
        await this.detach(lost.circleId, lost.peerId);
      } catch {
        return; // still unreachable: next sweep
      }
    }
    try {
      const nodes = await store.hashGetAll<{ url?: unknown }>(keys.nodeIndex());
      this.origins = originsOf(nodes);
      this.originsReadAt = this.deps.clock();
      for (const other of Object.keys(nodes)) {
        if (other === nodeId || (await store.get(keys.node(other))) !== null) continue;
        const held = await store.hashGetAll<number>(keys.nodeAttachments(other));
        for (const [key, attachment] of Object.entries(held)) {
          const [circleId, peerId] = key.split(' ');
          if (!circleId || !peerId) continue;
          await this.deps.lost({ circleId, peerId, attachment });
        }
        await store.delete(keys.nodeAttachments(other));
        await store.hashDelete(keys.nodeIndex(), other);
        logger.info({ node: other, connections: Object.keys(held).length }, 'swept a node that stopped');
      }
    } catch (err) {
      logger.warn({ err }, 'could not sweep stopped nodes');
    }
  }
}
