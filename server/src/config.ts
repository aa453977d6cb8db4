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
    DATA_DIR: z.string().min(1).default(path.resolve(process.cwd(), '.data')),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MEDIASOUP_WORKERS: z.coerce.number().int().min(1).max(64).default(Math.max(1, os.cpus().length)),
    MAX_PEERS_PER_CIRCLE: z.coerce.number().int().min(2).max(100).default(20),
    CLIENT_DIR: optionalString,
    NODE_ID: optionalString,
    /** Where people reach Hearth (links in invites and calendar feeds). */
    PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    /** Mark cookies Secure; default: when PUBLIC_URL is https. */
    SECURE_COOKIES: z.enum(['true', 'false']).optional(),
    /** Allow open circles: any id, no account, first person in facilitates (development and demos). */
    OPEN_CIRCLES: z.enum(['true', 'false']).default('false'),
    /** express "trust proxy": set when behind a reverse proxy, so rate limits see real client IPs. */
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
  dataDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  workers: number;
  maxPeersPerCircle: number;
  clientDir: string;
  nodeId: string;
  publicUrl: string;
  secureCookies: boolean;
  trustProxy: boolean | number | string;
  openCircles: boolean;
  /** TURN/STUN servers for browsers; undefined when TURN_URLS is unset. */
  turn: TurnConfig | undefined;
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
    dataDir: path.resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    workers: e.MEDIASOUP_WORKERS,
    maxPeersPerCircle: e.MAX_PEERS_PER_CIRCLE,
    clientDir: path.resolve(e.CLIENT_DIR ?? path.join(__dirname, '..', '..', 'client', 'dist')),
    nodeId: e.NODE_ID ?? `${os.hostname()}-${process.pid}`,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT || 3000}`).replace(/\/$/, ''),
    secureCookies: e.SECURE_COOKIES ? e.SECURE_COOKIES === 'true' : (e.PUBLIC_URL ?? '').startsWith('https://'),
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    openCircles: e.OPEN_CIRCLES === 'true',
    turn: t.TURN_URLS.length > 0 ? { urls: t.TURN_URLS, secret: t.TURN_SECRET, ttlSeconds: t.TURN_CREDENTIAL_TTL_S } : undefined,
  };
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}
