import http from 'node:http';
import { randomUUID } from 'node:crypto';
import express from 'express';
import helmet from 'helmet';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Config } from './config';
import type { Logger } from './logger';
import { clientRoutes } from './http/static';
import { apiRouter, createApiServices, icalRouter, type ApiServices } from './http/api';
import { healthRoutes } from './http/health';
import { resolveAnnouncedAddress } from './media/announcedAddress';
import { WorkerPool } from './media/workerPool';
import { CircleAccess } from './services/circleAccess';
import { HostedCircles } from './services/hostedCircles';
import { iceServersFor } from './services/turnCredentials';
import { CircleService } from './services/circleService';
import { createStore } from './store';
import type { RedisStore } from './store';
import type { Store } from './store/types';

const isRedisStore = (store: Store): store is RedisStore => store.kind === 'redis' && 'duplicate' in store;
import { attachCircleHandlers, createSocketServer, socketClusterBus, socketNotifier } from './transport/socketServer';
import type { HearthServer } from './transport/socketTypes';

/** What pages may use: camera, mic and autoplay (remote audio) for Hearth itself, nothing for embedders. */
export const PERMISSIONS_POLICY = 'camera=(self), microphone=(self), autoplay=(self), display-capture=(), geolocation=(), payment=(), usb=()';

/** A running Hearth node. */
export interface Hearth {
  readonly httpServer: http.Server;
  readonly io: HearthServer;
  readonly pool: WorkerPool;
  readonly store: Store;
  readonly circles: CircleService;
  /** Accounts, cohorts and sessions (also what the circle layer asks about access). */
  readonly api: ApiServices;
  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number>;
  /** Closes sockets, rooms, workers and the store. Idempotent. */
  close(): Promise<void>;
}

/** Parts a caller (tests, benchmarks) may provide instead of the defaults. */
export interface HearthOverrides {
  store?: Store;
  newId?: () => string;
  requestsPerSecond?: number;
  /** The clock for join windows, timers and records (tests move it). */
  clock?: () => number;
}

/** Builds a Hearth node from configuration: store, mediasoup workers, HTTP and socket.io. */
export async function createHearth(config: Config, logger: Logger, overrides: HearthOverrides = {}): Promise<Hearth> {
  const announcedAddress = await resolveAnnouncedAddress(config.rtc.announcedAddress);
  if (announcedAddress !== config.rtc.announcedAddress) logger.info({ hostname: config.rtc.announcedAddress, address: announcedAddress }, 'announcing the RTC address the hostname resolves to');
  const store = overrides.store ?? (await createStore({ redisUrl: config.redisUrl, dataDir: config.dataDir }, logger));
  const pool = new WorkerPool({ size: config.workers, rtcMinPort: config.rtc.minPort, rtcMaxPort: config.rtc.maxPort, logger });
  try {
    await pool.start();
  } catch (err) {
    await store.close();
    throw err;
  }

  const app = express();
  app.disable('x-powered-by');
  // Behind a reverse proxy, rate limits must see the client's address, not the proxy's.
  app.set('trust proxy', config.trustProxy);
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  // Camera and microphone for Hearth's own pages only; nothing else a page could ask for.
  app.use((_req, res, next) => {
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    next();
  });
  const httpServer = http.createServer(app);
  const clock = overrides.clock ?? Date.now;
  const apiDeps = { store, logger, clock, config: { secureCookies: config.secureCookies, publicUrl: config.publicUrl } };
  const api = createApiServices(apiDeps);
  const socketOpts = {
    logger,
    newId: overrides.newId ?? randomUUID,
    requestsPerSecond: overrides.requestsPerSecond,
    authenticate: (cookie: string | undefined) => api.authenticateCookieHeader(cookie),
  };
  const io = createSocketServer(httpServer, socketOpts);

  const redisClients = isRedisStore(store) ? attachRedisAdapter(io, store) : [];
  const circles = new CircleService({
    pool,
    store,
    notifier: socketNotifier(io),
    bus: socketClusterBus(io, redisClients.length > 0),
    newId: socketOpts.newId,
    logger,
    listen: { listenIp: config.rtc.listenIp, announcedAddress },
    nodeId: config.nodeId,
    maxPeersPerCircle: config.maxPeersPerCircle,
    clock,
    recordAttendance: (sessionId, userId, name, at) => api.recordAttendance(sessionId, userId, name, at),
    iceServers: config.turn ? () => iceServersFor(config.turn, clock()) : undefined,
  });
  const access = new CircleAccess(api, new HostedCircles(store, clock), { clock, allowOpenCircles: config.openCircles });
  attachCircleHandlers(io, circles, access, socketOpts);

  app.use(healthRoutes({ pool, store, circles, nodeId: config.nodeId }));
  app.use('/api', apiRouter(apiDeps, api, access));
  app.use('/ical', icalRouter(apiDeps, api));
  app.use(clientRoutes(config.clientDir));

  let closing: Promise<void> | undefined;
  return {
    httpServer,
    io,
    pool,
    store,
    circles,
    api,
    listen: () =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => {
          const address = httpServer.address();
          resolve(typeof address === 'object' && address ? address.port : config.port);
        });
      }),
    close: () =>
      (closing ??= (async () => {
        // Only this node's sockets: a plain disconnectSockets would reach every node through Redis.
        io.local.disconnectSockets(true);
        await new Promise<void>((resolve) => io.close(() => resolve()));
        await circles.close();
        pool.close();
        await Promise.all(redisClients.map((c) => c.quit().catch(() => c.disconnect())));
        await store.close();
      })()),
  };
}

/** Several nodes share socket.io rooms through Redis pub/sub. */
function attachRedisAdapter(io: HearthServer, store: RedisStore): { quit(): Promise<unknown>; disconnect(): void }[] {
  // The store's duplicates log connection errors (once per outage) instead of crashing.
  const pub = store.duplicate();
  const sub = store.duplicate();
  // The adapter's close() leaves its UNSUBSCRIBE promises unhandled; with Redis down at
  // shutdown they would reject unobserved.
  for (const method of ['punsubscribe', 'unsubscribe'] as const) {
    const original = sub[method].bind(sub) as (...args: unknown[]) => Promise<unknown>;
    (sub as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => original(...args).catch(() => undefined);
  }
  io.adapter(createAdapter(pub, sub));
  return [pub, sub];
}
