import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { TurnConfig } from './services/turnCredentials';

const port = z.coerce.number().int().min(1).max(65535);
const ip = z.union([z.ipv4(), z.ipv6()]);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const count = (max: number) => z.coerce.number().int().min(1).max(max);

/** Per-IP socket limits unless configured: room for a venue whose people share one IP. */
export const DEFAULT_SOCKET_LIMITS: SocketLimits = { perIp: 50, connectsPerWindow: 30, windowSeconds: 10 };

/** Sign-in limits unless configured. */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  perEmailIp: 5,
  emailIpLockSeconds: 15 * 60,
  perIp: 100,
  ipWindowSeconds: 24 * 60 * 60,
};

/** `https://a.example, http://localhost:5173`: origins only (scheme, host, port), no paths. */
const originList = optionalString.pipe(
  z
    .string()
    .optional()
    .transform((v) => (v === undefined ? [] : v.split(',').map((o) => o.trim()).filter(Boolean)))
    .pipe(
      z.array(
        z
          .url({ protocol: /^https?$/ })
          .refine((o) => {
            const u = URL.parse(o);
            return !u || (u.pathname === '/' && !u.search && !u.hash && !u.username);
          }, 'an origin is scheme://host[:port], without a path')
          .transform((o) => URL.parse(o)?.origin ?? o),
      ),
    ),
);

/** Every environment variable Hearth reads, with its default. */
const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    RTC_LISTEN_IP: ip.default('0.0.0.0'),
    /** Address put in ICE candidates; must be reachable by browsers (public IP behind NAT). */
    RTC_ANNOUNCED_IP: optionalString.pipe(z.union([ip, z.hostname()]).optional()),
    RTC_MIN_PORT: port.default(40000),
    RTC_MAX_PORT: port.default(49999),
    REDIS_URL: optionalString.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
    /** Redis Sentinel: `host:port,host:port`; Hearth asks them for the current primary (REDIS_URL then only gives password and db). */
    REDIS_SENTINELS: optionalString.pipe(
      z.string().regex(/^[\w.-]+:\d{1,5}(,[\w.-]+:\d{1,5})*$/, 'host:port, comma-separated').optional(),
    ),
    /** The Sentinel master name. */
    REDIS_SENTINEL_NAME: z.string().regex(/^[\w.-]+$/).default('mymaster'),
    DATA_DIR: z.string().min(1).default(path.resolve(process.cwd(), '.data')),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MEDIASOUP_WORKERS: z.coerce.number().int().min(1).max(64).default(Math.max(1, os.cpus().length)),
    MAX_PEERS_PER_CIRCLE: z.coerce.number().int().min(2).max(100).default(20),
    CLIENT_DIR: optionalString,
    NODE_ID: optionalString,
    /** Where clients reach this node directly (several nodes: a join is sent to the circle's home node). */
    NODE_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    /** Where people reach Hearth (links in invites and calendar feeds). */
    PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    /** Mark cookies Secure; default: when PUBLIC_URL is https. */
    SECURE_COOKIES: z.enum(['true', 'false']).optional(),
    /** Allow open circles: any id, no account, first person in facilitates (development and demos). */
    OPEN_CIRCLES: z.enum(['true', 'false']).default('false'),
    /** How long someone whose connection dropped keeps their place (seat, hand, floor, round). */
    RECONNECT_GRACE_S: z.coerce.number().int().min(1).max(3600).default(60),
    /** How long a floor waits for its holder who is reconnecting before it moves on. */
    FLOOR_WAIT_S: z.coerce.number().int().min(0).max(3600).default(15),
    /** Bearer token a scraper sends for /metrics; unset: /metrics answers loopback only. */
    METRICS_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').regex(/^\S+$/, 'must not contain spaces').optional()),
    /** Pages (besides PUBLIC_URL's) that may open a socket: comma-separated origins. */
    ALLOWED_ORIGINS: originList,
    /** Sockets one client IP may hold open at once (per node); a venue shares one IP. */
    SOCKETS_PER_IP: count(100_000).default(DEFAULT_SOCKET_LIMITS.perIp),
    /** New sockets one client IP may open per SOCKET_CONNECTS_WINDOW_SECONDS (per node). */
    SOCKET_CONNECTS_PER_IP: count(100_000).default(DEFAULT_SOCKET_LIMITS.connectsPerWindow),
    SOCKET_CONNECTS_WINDOW_SECONDS: count(3600).default(DEFAULT_SOCKET_LIMITS.windowSeconds),
    /** Consecutive failed sign-ins for one email from one IP before that pair is locked. */
    SIGN_IN_FAILURES_PER_ACCOUNT_IP: count(1000).default(DEFAULT_SIGN_IN_LIMITS.perEmailIp),
    SIGN_IN_LOCK_MINUTES: count(24 * 60).default(DEFAULT_SIGN_IN_LIMITS.emailIpLockSeconds / 60),
    /** Failed sign-ins from one IP, whatever the emails, per day. */
    SIGN_IN_FAILURES_PER_IP: count(100_000).default(DEFAULT_SIGN_IN_LIMITS.perIp),
    /** express "trust proxy": set when behind a reverse proxy, so rate limits see real client IPs. */
    /** Days attendance (who joined which session) is kept after the session's latest join; then deleted. */
    ATTENDANCE_RETENTION_DAYS: z.coerce.number().positive().max(3650).default(400),
    TRUST_PROXY: z
      .string()
      .regex(/^(true|false|\d+|[\w.:/, -]+)$/, 'true, false, a hop count or a list of addresses')
      .optional(),
  })
  .refine((e) => e.RTC_MIN_PORT <= e.RTC_MAX_PORT, {
    path: ['RTC_MAX_PORT'],
    message: 'must be greater than or equal to RTC_MIN_PORT',
  });

/**
 * A STUN or TURN URI as browsers accept them (RFC 7064/7065): `stun:host[:port]`,
 * `turn:host[:port][?transport=udp|tcp]`, `turns:host[:port][?transport=tcp]`.
 */
const host = String.raw`(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)(?::\d{1,5})?`;
const iceUriPattern = new RegExp(String.raw`^(?:stun:${host}|turn:${host}(?:\?transport=(?:udp|tcp))?|turns:${host}(?:\?transport=tcp)?)$`);

/** TURN variables: checked together (a TURN URI needs the secret), apart from the rest so both groups report. */
const turnEnvSchema = z
  .object({
    /** Comma-separated STUN/TURN URIs handed to browsers at join. */
    TURN_URLS: optionalString.transform((v, ctx) => {
      const urls = (v ?? '').split(',').map((u) => u.trim()).filter((u) => u !== '');
      const bad = urls.filter((u) => !iceUriPattern.test(u));
      if (bad.length > 0) {
        ctx.addIssue({ code: 'custom', message: `not a stun:/turn:/turns: URI: ${bad.join(', ')}` });
      }
      return urls;
    }),
    /** coturn's static-auth-secret (use-auth-secret): TURN passwords are HMACs with it. */
    TURN_SECRET: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    /** Seconds a TURN credential stays valid; a visit longer than this loses its relay. */
    TURN_CREDENTIAL_TTL_S: z.coerce.number().int().min(600).max(7 * 86400).default(86400),
  })
  .superRefine((e, ctx) => {
    const relays = e.TURN_URLS.some((u) => !u.startsWith('stun:'));
    if (relays && e.TURN_SECRET === undefined) {
      ctx.addIssue({ code: 'custom', path: ['TURN_SECRET'], message: 'required when TURN_URLS has turn: or turns: URIs' });
    }
    if (!relays && e.TURN_SECRET !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['TURN_URLS'], message: 'TURN_SECRET is set but TURN_URLS has no turn: or turns: URI' });
    }
  });

/** Hearth's validated configuration. */
export interface Config {
  port: number;
  host: string;
  rtc: { listenIp: string; announcedAddress: string | undefined; minPort: number; maxPort: number };
  redisUrl: string | undefined;
  /** Redis Sentinel, when used: where the sentinels are and the master's name. */
  redisSentinel: { sentinels: { host: string; port: number }[]; name: string } | undefined;
  dataDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  workers: number;
  maxPeersPerCircle: number;
  clientDir: string;
  nodeId: string;
  /** This node's own URL; unset: derived from HOST and the bound port. */
  nodeUrl: string | undefined;
  publicUrl: string;
  secureCookies: boolean;
  trustProxy: boolean | number | string;
  openCircles: boolean;
  /** Required as a bearer token by /metrics; undefined: served to loopback only. */
  metricsToken: string | undefined;
  /** TURN/STUN servers for browsers; undefined when TURN_URLS is unset. */
  turn: TurnConfig | undefined;
  /** How long attendance is kept after a session's latest join. */
  attendanceRetentionMs: number;

  /** Presence across lost connections (ms). */
  presence: { graceMs: number; floorWaitMs: number };
  /** Origins whose pages may open a socket (PUBLIC_URL's first). */
  allowedOrigins: string[];
  socketLimits: SocketLimits;
  signInLimits: SignInLimits;
}

/** Per-IP limits on sockets, counted on each node. */
export interface SocketLimits {
  /** Sockets one IP may hold open at once. */
  perIp: number;
  /** New sockets one IP may open per window. */
  connectsPerWindow: number;
  windowSeconds: number;
}

/**
 * Sign-in limits (rate-limiter-flexible's login-protection recipe): strict on one
 * email from one IP, loose on the IP as a whole; only failures count.
 */
export interface SignInLimits {
  /** Consecutive failures for one email from one IP before that pair is locked. */
  perEmailIp: number;
  /** How long a locked email+IP pair waits. */
  emailIpLockSeconds: number;
  /** Failures from one IP, across emails, per `ipWindowSeconds` (then the IP waits out the window). */
  perIp: number;
  ipWindowSeconds: number;
}

/** Thrown by {@link loadConfig}: one line per bad variable, so an operator fixes all at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates configuration from environment variables. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  const turnParsed = turnEnvSchema.safeParse(env);
  if (!parsed.success || !turnParsed.success) {
    const issues = [...(parsed.error?.issues ?? []), ...(turnParsed.error?.issues ?? [])];
    const problems = issues.map((i) => {
      const name = String(i.path[0] ?? 'environment');
      // The secret is never echoed into logs.
      const value = name === 'TURN_SECRET' ? undefined : env[name];
      return `${name}${value === undefined ? '' : `=${JSON.stringify(value)}`}: ${i.message}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT || 3000}`).replace(/\/$/, '');
  const t = turnParsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    rtc: {
      listenIp: e.RTC_LISTEN_IP,
      // Browsers cannot use 0.0.0.0 as a candidate; on a laptop loopback is the sane default.
      announcedAddress: e.RTC_ANNOUNCED_IP ?? (e.RTC_LISTEN_IP === '0.0.0.0' ? '127.0.0.1' : undefined),
      minPort: e.RTC_MIN_PORT,
      maxPort: e.RTC_MAX_PORT,
    },
    redisUrl: e.REDIS_URL,
    redisSentinel: e.REDIS_SENTINELS
      ? {
          sentinels: e.REDIS_SENTINELS.split(',').map((hp) => ({ host: hp.slice(0, hp.lastIndexOf(':')), port: Number(hp.slice(hp.lastIndexOf(':') + 1)) })),
          name: e.REDIS_SENTINEL_NAME,
        }
      : undefined,
    dataDir: path.resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    workers: e.MEDIASOUP_WORKERS,
    maxPeersPerCircle: e.MAX_PEERS_PER_CIRCLE,
    clientDir: path.resolve(e.CLIENT_DIR ?? path.join(__dirname, '..', '..', 'client', 'dist')),
    nodeId: e.NODE_ID ?? `${os.hostname()}-${process.pid}`,
    nodeUrl: e.NODE_URL?.replace(/\/$/, ''),
    publicUrl,
    secureCookies: e.SECURE_COOKIES ? e.SECURE_COOKIES === 'true' : (e.PUBLIC_URL ?? '').startsWith('https://'),
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    openCircles: e.OPEN_CIRCLES === 'true',
    allowedOrigins: allowedOrigins(publicUrl, e.PUBLIC_URL === undefined, e.ALLOWED_ORIGINS),
    socketLimits: { perIp: e.SOCKETS_PER_IP, connectsPerWindow: e.SOCKET_CONNECTS_PER_IP, windowSeconds: e.SOCKET_CONNECTS_WINDOW_SECONDS },
    signInLimits: {
      perEmailIp: e.SIGN_IN_FAILURES_PER_ACCOUNT_IP,
      emailIpLockSeconds: e.SIGN_IN_LOCK_MINUTES * 60,
      perIp: e.SIGN_IN_FAILURES_PER_IP,
      ipWindowSeconds: DEFAULT_SIGN_IN_LIMITS.ipWindowSeconds,
    },
    metricsToken: e.METRICS_TOKEN,
    presence: { graceMs: e.RECONNECT_GRACE_S * 1000, floorWaitMs: Math.min(e.FLOOR_WAIT_S, e.RECONNECT_GRACE_S) * 1000 },
    attendanceRetentionMs: Math.round(e.ATTENDANCE_RETENTION_DAYS * 24 * 60 * 60 * 1000),
    turn: t.TURN_URLS.length > 0 ? { urls: t.TURN_URLS, secret: t.TURN_SECRET, ttlSeconds: t.TURN_CREDENTIAL_TTL_S } : undefined,
  };
}

/**
 * PUBLIC_URL's origin, then the extra ones. Without a PUBLIC_URL Hearth runs on a
 * developer's machine, where localhost, 127.0.0.1 and [::1] are the same page.
 */
function allowedOrigins(publicUrl: string, isDefault: boolean, extra: string[]): string[] {
  const own = new URL(publicUrl);
  const aliases = isDefault ? ['localhost', '127.0.0.1', '[::1]'].map((host) => `${own.protocol}//${host}${own.port ? `:${own.port}` : ''}`) : [];
  return [...new Set([own.origin, ...aliases, ...extra])];
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}
