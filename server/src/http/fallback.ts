import http from 'node:http';
import type net from 'node:net';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logger';

/** For paths outside /api and /ical that nothing serves: a plain 404. */
export const fallbackNotFound: RequestHandler = (_req, res) => {
  res.status(404).type('text').send('Not found');
};

/**
 * The app's last error handler (mount it on the app itself: a router's error handlers
 * see only their own routes' errors), for the client's pages and assets: a short plain
 * text, never express's HTML page with a stack trace. A client's mistake (undecodable
 * URL, a path the static server refuses) is logged at debug; a refused asset path
 * answers 404, as if it did not exist.
 */
export function fallbackErrors(logger: Pick<Logger, 'error' | 'debug'>): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const raw = typeof err === 'object' && err !== null ? (err as { status?: unknown }).status : undefined;
    const status = typeof raw === 'number' && raw >= 400 && raw < 500 ? (raw === 400 ? 400 : 404) : 500;
    if (status === 500) logger.error({ err, method: req.method, path: req.path }, 'request failed');
    else logger.debug({ err, method: req.method }, 'request refused');
    if (res.headersSent) return void res.end();
    res.status(status).type('text').send(status === 400 ? 'Bad request' : status === 404 ? 'Not found' : 'Something went wrong');
  };
}

/**
 * Requests Node cannot parse (an unknown method, a broken header) never reach express;
 * they are answered here in the API's envelope instead of Node's bare 400.
 */
export function answerMalformedRequests(server: http.Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: net.Socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const message = status === 431 ? 'the request’s headers are too large' : 'malformed HTTP request';
    const body = JSON.stringify({ error: { code: 'INVALID_PAYLOAD', message } });
    // A HEAD answer has no body, even this one (the request line is known when the headers were too long).
    const head = (err as { rawPacket?: Buffer }).rawPacket?.toString('latin1', 0, 5) === 'HEAD ';
    socket.end(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${head ? '' : body}`,
    );
  });
}
