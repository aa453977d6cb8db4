import type { types } from 'mediasoup';
import { DomainError } from '../errors';
import type { Logger } from '../logger';
import { mediaCodecs } from './codecs';
import type { Notifier } from '../transport/notifier';
import { Room, type RtcListen } from './room';
import type { WorkerPool } from './workerPool';

/** How long opening a room waits for a live worker (a dead one's replacement is starting). */
const WORKER_WAIT_MS = 10_000;

/**
 * The media rooms this node hosts: one mediasoup router per circle, opened on the first
 * join (on the least-loaded live worker, waiting for one while a dead worker is replaced),
 * closed when its last peer goes. A router closed by its worker's death is reported to
 * `onLost` with the peers it had, so they can rebuild their media on a new router.
 */
export class RoomHost {
  private readonly rooms = new Map<string, Room>();
  private readonly opening = new Map<string, Promise<Room>>();
  /** Every router has the same capabilities (same codecs): learnt once, from a throwaway router. */
  private capabilities: Promise<types.RtpCapabilities> | undefined;

  constructor(
    private readonly deps: {
      pool: WorkerPool;
      notifier: Notifier;
      logger: Logger;
      listen: RtcListen;
      /** A room's router closed because its worker died; `peerIds` were in it. */
      onLost: (circleId: string, peerIds: string[]) => void;
      /** The SFU now hears `peerId` most in the circle's room. */
      onSpeaking?: (circleId: string, peerId: string) => void;
    },
  ) {}

  /** The circle's room on this node, if it is open. */
  get(circleId: string): Room | undefined {
    return this.rooms.get(circleId);
  }

  /** The circle's room, opening it if needed (concurrent callers share one opening). */
  async open(circleId: string): Promise<Room> {
    for (;;) {
      const existing = this.rooms.get(circleId);
      if (existing) return existing;
      let pending = this.opening.get(circleId);
      if (!pending) {
        pending = this.create(circleId).finally(() => this.opening.delete(circleId));
        this.opening.set(circleId, pending);
      }
      const room = await pending;
      // It may have closed (its last peer left) between opening and now: open again.
      if (this.rooms.get(circleId) === room) return room;
    }
  }

  /**
   * The RTP capabilities of this node's routers, for a device loaded before its join (any
   * room's router would do; a throwaway one is made when none is open).
   */
  routerRtpCapabilities(): Promise<types.RtpCapabilities> {
    const open = this.rooms.values().next().value;
    if (open) return Promise.resolve(open.router.rtpCapabilities);
    this.capabilities ??= (async () => {
      const worker = await this.deps.pool.liveWorker(WORKER_WAIT_MS);
      const router = await worker.createRouter({ mediaCodecs });
      router.close();
      return router.rtpCapabilities;
    })().catch((err: unknown) => {
      this.capabilities = undefined;
      this.deps.logger.error({ err }, 'could not learn the routers\' RTP capabilities');
      throw new DomainError('UNAVAILABLE', 'The media server is not available; trying again shortly.');
    });
    return this.capabilities;
  }

  /** Closes the room when nobody is in it any more. */
  closeIfEmpty(room: Room): void {
    if (room.peers.size === 0) this.close(room);
  }

  /** How many rooms are open here. */
  get size(): number {
    return this.rooms.size;
  }

  /** Every open room. */
  all(): Room[] {
    return [...this.rooms.values()];
  }

  /** Closes every room. Idempotent. */
  closeAll(): void {
    for (const room of [...this.rooms.values()]) this.close(room);
  }

  private close(room: Room): void {
    if (this.rooms.get(room.circleId) !== room) return;
    this.rooms.delete(room.circleId);
    room.close();
    this.deps.logger.info({ circleId: room.circleId }, 'circle media closed');
  }

  private async create(circleId: string): Promise<Room> {
    let router: types.Router;
    let workerPid: number | undefined;
    try {
      const worker = await this.deps.pool.liveWorker(WORKER_WAIT_MS);
      workerPid = worker.pid;
      router = await worker.createRouter({ mediaCodecs });
    } catch (err) {
      this.deps.logger.error({ err, circleId }, 'could not create a router');
      throw new DomainError('UNAVAILABLE', 'The media server is not available; trying again shortly.');
    }
    const room = new Room(circleId, router, this.deps.listen, this.deps.notifier, (peerId) => this.deps.onSpeaking?.(circleId, peerId));
    room.workerPid = workerPid;
    this.rooms.set(circleId, room);
    router.on('workerclose', () => {
      if (this.rooms.get(circleId) !== room) return;
      const peerIds = [...room.peers.keys()];
      this.rooms.delete(circleId);
      room.close();
      this.deps.logger.warn({ circleId, peers: peerIds.length }, 'circle media lost with its worker');
      this.deps.onLost(circleId, peerIds);
    });
    this.deps.logger.info({ circleId, workerPid }, 'circle media opened');
    return room;
  }
}
