import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Router } from 'express';
import type { HearthMetrics } from '../metrics';

/** Whether a scrape may read the metrics, and if not, why. */
export type MetricsAccess = 'allowed' | 'unauthorized' | 'forbidden';

/** Headers a reverse proxy adds: a request carrying one came from elsewhere, whatever its socket says. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 addresses. */
function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Who may scrape: with a token configured, whoever sends it as `Authorization: Bearer <token>`
 * (anyone else: 'unauthorized'); without one, only a direct connection from this machine's
 * loopback. The socket's own address decides, never `req.ip` (which `trust proxy` takes from
 * a spoofable header), and a request with forwarding headers is refused even from loopback,
 * since a reverse proxy on the same machine connects from there on behalf of anyone.
 */
export function metricsAccess(remoteAddress: string | undefined, headers: IncomingHttpHeaders, token: string | undefined): MetricsAccess {
  if (token !== undefined) {
    const match = /^Bearer (\S+)$/i.exec(headers.authorization ?? '');
    // Digests have one length, so the comparison takes the same time whatever was sent.
    return match && timingSafeEqual(digest(match[1]!), digest(token)) ? 'allowed' : 'unauthorized';
  }
  if (FORWARDING_HEADERS.some((h) => headers[h] !== undefined)) return 'forbidden';
  return isLoopback(remoteAddress) ? 'allowed' : 'forbidden';
}

/** `GET /metrics`: this node's metrics in Prometheus text format, for the scrapers {@link metricsAccess} allows. */
export function metricsRoutes(deps: { metrics: HearthMetrics; token: string | undefined }): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    const access = metricsAccess(req.socket.remoteAddress, req.headers, deps.token);
    if (access === 'unauthorized') {
      res.setHeader('WWW-Authenticate', 'Bearer realm="hearth-metrics"');
      res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: 'send the metrics token as Authorization: Bearer <METRICS_TOKEN>' } });
      return;
    }
    if (access === 'forbidden') {
      res.status(403).json({ error: { code: 'NOT_ALLOWED', message: 'metrics are served to loopback only; set METRICS_TOKEN to scrape from elsewhere' } });
      return;
    }
    const text = await deps.metrics.render();
    res.setHeader('Content-Type', deps.metrics.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(text);
  });
  return router;
}
