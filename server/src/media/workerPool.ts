import { EventEmitter } from 'node:events';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { Logger } from '../logger';

/** Settings of every worker the pool runs. */
export interface WorkerPoolOptions {
  size: number;
  rtcMinPort: number;
  rtcMaxPort: number;
  logger: Logger;
  /** Seam for tests; defaults to mediasoup.createWorker. */
  createWorker?: typeof mediasoup.createWorker;
}

interface Slot {
  worker: types.Worker;
  /** Transports open on this worker: the load measure, since media cost follows transports. */
  transports: number;
}

/** What /healthz shows of each worker. */
export interface WorkerStatus {
  pid: number;
  transports: number;
  routers: number;
}

/**
 * One mediasoup worker per core. New routers go to the least-loaded worker. A worker
 * that dies is logged and replaced; its routers close (mediasoup emits 'workerclose' on
 * them) and their owners recover. Emits 'workerDied' (pid) and 'workerStarted' (pid).
 */
export class WorkerPool extends EventEmitter {
  private readonly slots: Slot[] = [];
  private readonly routerCounts = new Map<types.Worker, number>();
  private closed = false;

  constructor(private readonly opts: WorkerPoolOptions) {
    super();
  }

  /** Starts every worker; rejects if one cannot start (e.g. the worker binary is missing). */
  async start(): Promise<void> {
    await Promise.all(Array.from({ length: this.opts.size }, () => this.spawn()));
  }

  private async spawn(): Promise<void> {
    const create = this.opts.createWorker ?? mediasoup.createWorker;
    const worker = await create({
      logLevel: 'warn',
      rtcMinPort: this.opts.rtcMinPort,
      rtcMaxPort: this.opts.rtcMaxPort,
      // Debian's liburing lacks what mediasoup wants; io_uring is an optimisation only.
      disableLiburing: true,
    });
    const slot: Slot = { worker, transports: 0 };
    this.slots.push(slot);
    this.routerCounts.set(worker, 0);
    worker.on('died', (error) => this.onDied(slot, error));
    worker.observer.on('newrouter', (router) => {
      this.routerCounts.set(worker, (this.routerCounts.get(worker) ?? 0) + 1);
      router.observer.on('close', () => this.routerCounts.set(worker, (this.routerCounts.get(worker) ?? 1) - 1));
      router.observer.on('newtransport', (transport) => {
        slot.transports += 1;
        transport.observer.on('close', () => (slot.transports -= 1));
      });
    });
    this.opts.logger.info({ workerPid: worker.pid }, 'mediasoup worker started');
    this.emit('workerStarted', worker.pid);
  }

  private onDied(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    this.routerCounts.delete(slot.worker);
    this.opts.logger.error({ workerPid: slot.worker.pid, err: error }, 'mediasoup worker died; replacing it');
    this.emit('workerDied', slot.worker.pid);
    if (this.closed) return;
    this.spawn().catch((err: unknown) =>
      this.opts.logger.error({ err }, 'could not replace a dead mediasoup worker'),
    );
  }

  /** The least-loaded live worker. Throws when none is running. */
  leastLoaded(): types.Worker {
    let best: Slot | undefined;
    for (const slot of this.slots) {
      const load = slot.transports + (this.routerCounts.get(slot.worker) ?? 0);
      const bestLoad = best ? best.transports + (this.routerCounts.get(best.worker) ?? 0) : Infinity;
      if (load < bestLoad) best = slot;
    }
    if (!best) throw new Error('no mediasoup worker is running');
    return best.worker;
  }

  /**
   * The least-loaded live worker, waiting up to `timeoutMs` for one to start (a dead
   * worker's replacement takes a few hundred ms). Throws when none comes.
   */
  async liveWorker(timeoutMs: number): Promise<types.Worker> {
    if (this.slots.length > 0) return this.leastLoaded();
    if (this.closed) throw new Error('the worker pool is closed');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('workerStarted', started);
        reject(new Error('no mediasoup worker started in time'));
      }, timeoutMs);
      const started = () => {
        clearTimeout(timer);
        resolve();
      };
      this.once('workerStarted', started);
    });
    return this.leastLoaded();
  }

  /** Per-worker figures for health checks. */
  status(): WorkerStatus[] {
    return this.slots.map((s) => ({
      pid: s.worker.pid,
      transports: s.transports,
      routers: this.routerCounts.get(s.worker) ?? 0,
    }));
  }

  /** Live workers, for tests and shutdown. */
  workers(): types.Worker[] {
    return this.slots.map((s) => s.worker);
  }

  /** Closes every worker. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const slot of this.slots.splice(0)) slot.worker.close();
  }
}
