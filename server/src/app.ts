import http from 'node:http';
import { randomUUID } from 'node:crypto';
import express from 'express';
import helmet from 'helmet';
import proxyaddr from 'proxy-addr';
import { createAdapter } from '@socket.io/redis-adapter';
import type { StartingRules } from '@hearth/shared';
import type { Config } from './config';
import type { Logger } from './logger';
import { answerMalformedRequests, fallbackErrors, fallbackNotFound } from './http/fallback';
import { permissionsPolicy } from './http/permissionsPolicy';
import { clientRoutes } from './http/static';
import { enforceAttendanceRetention } from './privacy/retention';
import { apiRouter, createRecords, icalRouter, type Records } from './http/api';
import { healthRoutes } from './http/health';
import { metricsRoutes } from './http/metrics';
import { resolveAnnouncedAddress } from './media/announcedAddress';
import { WorkerPool } from './media/workerPool';
import { HearthMetrics } from './metrics';
import { CircleAccess } from './services/circleAccess';
import { SessionEndings } from './services/sessionEndings';
import { CircleChat } from './services/chat';
import type { HostedCircles } from './services/hostedCircles';
import { iceServersFor } from './services/turnCredentials';
import { CircleService } from './services/circleService';
import { createRedisRelay } from './services/commandRelay';
import { createStore } from './store';
import type { RedisStore } from './store';
import type { Store } from './store/types';

const isRedisStore = (store: Store): store is RedisStore => store.kind === 'redis' && 'duplicate' in store;
import { disconnectUser } from './transport/disconnectUser';
import { attachCircleHandlers, createSocketServer, socketNotifier } from './transport/socketServer';
import type { HearthServer } from './transport/socketTypes';


/** A running Hearth node. */
export interface Hearth {
  readonly httpServer: http.Server;
  /** The express app on `httpServer`; its routes are listed in server/src/http/ROUTES.md. */
  readonly app: express.Express;
  readonly io: HearthServer;
  readonly pool: WorkerPool;
  readonly store: Store;
  readonly circles: CircleService;
  /** This node's Prometheus metrics (served at /metrics). */
  readonly metrics: HearthMetrics;
  /** Accounts, cohorts and sessions (also what the circle layer asks about access). */
  readonly api: Records;
  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number>;
  /** Drains (everyone held here becomes reconnecting), closes sockets, rooms, workers and, last, the store. Idempotent. */
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
  const metrics = new HearthMetrics();
  const announcedAddress = await resolveAnnouncedAddress(config.rtc.announcedAddress);
  if (announcedAddress !== config.rtc.announcedAddress) logger.info({ hostname: config.rtc.announcedAddress, address: announcedAddress }, 'announcing the RTC address the hostname resolves to');
  const store =
    overrides.store ?? (await createStore({ redisUrl: config.redisUrl, redisSentinel: config.redisSentinel, dataDir: config.dataDir }, logger, (kind) => metrics.redisError(kind)));
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
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          upgradeInsecureRequests: null,
          // A page follows MOVED to the circle's home: it may connect to the deployment's nodes
          // (their NODE_URL origins; `ws:` matches http and ws, `wss:` https and wss).
          connectSrc: ["'self'", () => circles.nodes.knownNodeOrigins().flatMap((o) => [o, o.replace(/^http/, 'ws')]).join(' ')],
        },
      },
    }),
  );
  app.use(permissionsPolicy);
  const httpServer = http.createServer(app);
  answerMalformedRequests(httpServer);
  if (config.publicUrl.startsWith('https://') && config.trustProxy === false) {
    // Hearth speaks plain HTTP, so an https PUBLIC_URL means a proxy in front.
    logger.warn('PUBLIC_URL is https but TRUST_PROXY is not set: every client seems to come from the proxy and shares its per-IP limits');
  }
  const clock = overrides.clock ?? Date.now;
  const apiDeps = {
    store,
    logger,
    clock,
    config: { secureCookies: config.secureCookies, publicUrl: config.publicUrl, attendanceRetentionMs: config.attendanceRetentionMs, signInLimits: config.signInLimits },
    // The account is already gone: a node that does not answer only delays closing their tabs.
    onUserErased: (userId: string) =>
      disconnectUser(io, userId).then(
        () => undefined,
        (err: unknown) => logger.warn({ err, userId }, 'could not close the sockets of an erased account'),
      ),
  };
  const api = createRecords(apiDeps);
  // In the background: the node serves meanwhile, and a failure only delays the clean-up to the next start.
  void enforceAttendanceRetention(api).then(
    (sweep) => logger.info(sweep, 'attendance retention applied'),
    (err: unknown) => logger.warn({ err }, 'could not apply attendance retention'),
  );
  let draining = false;
  const socketOpts = {
    isDraining: () => draining,
    logger,
    newId: overrides.newId ?? randomUUID,
    requestsPerSecond: overrides.requestsPerSecond,
    authenticate: (cookie: string | undefined) => api.authenticateCookieHeader(cookie),
    edge: {
      allowedOrigins: config.allowedOrigins,
      // Pages served by the deployment's other nodes move their sockets to the circle's home here.
      isDeploymentOrigin: (origin: string) => circles.nodes.isNodeOrigin(origin),
      limits: config.socketLimits,
      // The same reading of X-Forwarded-For as express's req.ip (TRUST_PROXY).
      clientIp: (req: http.IncomingMessage) => proxyaddr(req, app.get('trust proxy fn') as Parameters<typeof proxyaddr>[1]),
    },
  };
  const io = createSocketServer(httpServer, socketOpts);

  const redisClients = isRedisStore(store) ? attachRedisAdapter(io, store) : [];
  // Commands for a circle homed on another node travel there over Redis pub/sub.
  const relayClients = isRedisStore(store) ? { pub: store.duplicate(), sub: store.duplicate() } : null;

  const hosted = api.hosted;
  // Needs the circle service, which needs it: reached through a getter once both exist.
  const endings: SessionEndings = new SessionEndings({ api, circles: () => circles, logger, clock });
  const circles: CircleService = new CircleService({
    pool,
    store,
    notifier: socketNotifier(io),
    newId: socketOpts.newId,
    logger,
    listen: { listenIp: config.rtc.listenIp, announcedAddress },
    nodeId: config.nodeId,
    maxPeersPerCircle: config.maxPeersPerCircle,
    presence: config.presence,
    createRelay: relayClients ? (handle) => createRedisRelay({ ...relayClients, nodeId: config.nodeId, logger, handle, onForward: (d) => metrics.incForwarded(d) }) : undefined,
    clock,
    recordAttendance: async (sessionId, userId, name, at) => {
      endings.watch(sessionId);
      await api.recordAttendance(sessionId, userId, name, at);
    },
    startingRules: (circleId) => startingRulesOf(api, hosted, circleId),
    onApplied: (state, events) => endings.applied(state, events),
    metrics,
    iceServers: config.turn ? () => iceServersFor(config.turn!, clock()) : undefined,
  });
  metrics.observe({ rooms: circles.rooms, connections: circles.connections, workers: () => pool.workers() });
  metrics.setLeasesHeld(() => circles.rules.homes.size);
  const access = new CircleAccess(api, hosted, {
    clock,
    allowOpenCircles: config.openCircles,
    circleStatus: async (circleId) => {
      const state = await circles.rules.state(circleId);
      return state ? { locked: state.locked, ended: state.ended } : null;
    },
  });
  attachCircleHandlers(io, circles, access, { ...socketOpts, chat: new CircleChat(circles, socketNotifier(io), clock) });

  app.use(healthRoutes({ pool, store, circles, nodeId: config.nodeId }));
  app.use(metricsRoutes({ metrics, token: config.metricsToken }));
  app.use('/api', apiRouter(apiDeps, api, access));
  app.use('/ical', icalRouter(apiDeps, api));
  app.use(clientRoutes(config.clientDir));
  app.use(fallbackNotFound);
  app.use(fallbackErrors(logger));

  let closing: Promise<void> | undefined;
  return {
    httpServer,
    app,
    io,
    pool,
    store,
    circles,
    metrics,
    api,
    listen: async () => {
      const port = await new Promise<number>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => {
          const address = httpServer.address();
          resolve(typeof address === 'object' && address ? address.port : config.port);
        });
      });
      // Registered once reachable: other nodes send joins for circles homed here to this URL.
      const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      await circles.start(config.nodeUrl ?? `http://${host}:${port}`);
      return port;
    },
    close: () =>
      (closing ??= (async () => {
        // Drain first: no new joins, requests in flight finish, everyone held here becomes
        // reconnecting (their place kept) while the store is still open.
        draining = true;
        await circles.drain();
        // Only this node's sockets. Closing the transport (not a socket.io disconnect) lets
        // clients reconnect by themselves, to this node once it is back or to another one.
        for (const socket of io.of('/').sockets.values()) socket.conn.close();
        await new Promise<void>((resolve) => io.close(() => resolve()));
        endings.close();
        await circles.close();
        pool.close();
        const extra = relayClients ? [relayClients.pub, relayClients.sub] : [];
        await Promise.all([...redisClients, ...extra].map((c) => c.quit().catch(() => c.disconnect())));
        await store.close();
      })()),
  };
}

/** The saved rules a circle starts with: its cohort's (a session circle) or its own (a hosted circle). */
async function startingRulesOf(api: Records, hosted: HostedCircles, circleId: string): Promise<StartingRules | null> {
  const session = await api.sessionById(circleId);
  if (session) return session.cohort.circleDefaults ?? null;
  return (await hosted.get(circleId))?.circleDefaults ?? null;
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
