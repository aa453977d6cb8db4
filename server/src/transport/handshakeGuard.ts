import type { EventEmitter } from 'node:events';
import type http from 'node:http';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { SocketLimits } from '../config';
import type { Logger } from '../logger';

/** What the guard needs to know about the deployment. */
export interface HandshakeGuardOptions {
  /** Origins whose pages may open a socket (exact `scheme://host[:port]`). */
  allowedOrigins: readonly string[];
  /**
   * Whether an origin not in `allowedOrigins` is one of the deployment's own (another node's
   * NODE_URL: its pages move their sockets to the circle's home, this node).
   */
  isDeploymentOrigin?: (origin: string) => Promise<boolean>;
  limits: SocketLimits;
  /** The client's address, honouring the proxy settings the HTTP side uses. */
  clientIp: (req: http.IncomingMessage) => string;
  logger: Logger;
}

/** engine.io's `allowRequest` hook. */
export type AllowRequest = (req: http.IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => void;

/** The part of engine.io's server the guard listens to. */
interface EngineLike extends EventEmitter {
  on(event: 'connection', listener: (socket: { request: http.IncomingMessage; once(event: 'close', fn: () => void): unknown }) => void): this;
}

/** Checks every socket.io handshake before a session exists; see {@link createHandshakeGuard}. */
export interface HandshakeGuard {
  allowRequest: AllowRequest;
  /** Holds each accepted handshake's slot until its connection closes. */
  track(engine: EngineLike): void;
  /** Sockets (or handshakes in progress) held by one IP. */
  held(ip: string): number;
}

/** A handshake that passed but whose connection engine.io has not opened yet gives its slot back after this. */
const PENDING_MS = 10_000;

/**
 * The socket's edge, applied at engine.io's handshake (so a refused client costs no
 * session): the page's Origin must be one Hearth is served from, and each client IP may
 * hold `limits.perIp` sockets and open `limits.connectsPerWindow` per window.
 *
 * Browsers send Origin on every WebSocket handshake and cross-origin request, so a
 * foreign page cannot join with a member's cookie. A request without Origin is not a
 * foreign page's (a same-origin polling GET, or a program, which holds no member's
 * cookie unless it stole it) and is let through. The counts are per node: a socket
 * lives on one node, and so does the cost of opening it.
 */
export function createHandshakeGuard(opts: HandshakeGuardOptions): HandshakeGuard {
  const { limits, logger } = opts;
  const origins = new Set(opts.allowedOrigins);
  const connects = new RateLimiterMemory({ points: limits.connectsPerWindow, duration: limits.windowSeconds });
  // Refusals are logged at warn at most once a minute each (the rest at debug): anyone can cause them.
  const warnings = new RateLimiterMemory({ points: 1, duration: 60 });
  const heldByIp = new Map<string, number>();
  const pending = new WeakMap<http.IncomingMessage, { ip: string; timer: NodeJS.Timeout }>();

  const take = (ip: string): boolean => {
    const n = heldByIp.get(ip) ?? 0;
    if (n >= limits.perIp) return false;
    heldByIp.set(ip, n + 1);
    return true;
  };
  const release = (ip: string): void => {
    const n = (heldByIp.get(ip) ?? 1) - 1;
    if (n > 0) heldByIp.set(ip, n);
    else heldByIp.delete(ip);
  };
  const refuse = (kind: string, detail: Record<string, unknown>, message: string, callback: Parameters<AllowRequest>[1]): void => {
    warnings.consume(kind).then(
      () => logger.warn(detail, `socket refused: ${message} (further refusals this minute at debug)`),
      () => logger.debug(detail, `socket refused: ${message}`),
    );
    callback(message, false);
  };

  const allowRequest: AllowRequest = (req, callback) => {
    const origin = req.headers.origin;
    if (origin === undefined || origins.has(origin)) return admit(req, callback);
    const foreign = (): void => refuse('origin', { origin: origin.slice(0, 200) }, 'this page’s origin may not open a socket', callback);
    if (!opts.isDeploymentOrigin) return foreign();
    opts.isDeploymentOrigin(origin).then(
      (ours) => (ours ? admit(req, callback) : foreign()),
      (err: unknown) => {
        logger.warn({ err }, 'could not check the deployment’s origins');
        foreign();
      },
    );
  };

  /** The per-IP limits, for a handshake whose origin is fine. */
  const admit: AllowRequest = (req, callback) => {
    let ip: string;
    try {
      ip = opts.clientIp(req);
    } catch {
      ip = req.socket.remoteAddress ?? 'unknown';
    }
    if (!take(ip)) {
      refuse('sockets', { ip }, `too many sockets from one address (at most ${limits.perIp})`, callback);
      return;
    }
    connects.consume(ip).then(
      () => {
        const timer = setTimeout(() => {
          pending.delete(req);
          release(ip);
        }, PENDING_MS);
        timer.unref();
        pending.set(req, { ip, timer });
        callback(null, true);
      },
      (err: unknown) => {
        release(ip);
        if (!(err instanceof RateLimiterRes)) logger.warn({ err }, 'socket connection limiter failed');
        refuse('connects', { ip }, 'too many new connections from one address; try again shortly', callback);
      },
    );
  };

  return {
    allowRequest,
    track(engine) {
      engine.on('connection', (socket) => {
        const slot = pending.get(socket.request);
        if (!slot) return;
        pending.delete(socket.request);
        clearTimeout(slot.timer);
        socket.once('close', () => release(slot.ip));
      });
    },
    held: (ip) => heldByIp.get(ip) ?? 0,
  };
}
