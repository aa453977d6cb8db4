import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { httpStatusOf, noBodySchema, noQuerySchema, type ErrorCode } from '@hearth/shared';
import { CohortScheduleError } from '../../cohorts/time';
import { DomainError } from '../../errors';
import type { ApiDeps } from './deps';
import { authOf, type RequestAuth } from './signIn';

/** Parses untrusted input or throws 400 INVALID_PAYLOAD naming every problem. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const detail = result.error.issues.map((i) => `${[where, ...i.path].join('.')}: ${i.message}`).join('; ');
  throw new DomainError('INVALID_PAYLOAD', detail);
}

const noParams = z.strictObject({});

interface Schemas {
  params?: z.ZodType;
  body?: z.ZodType;
  query?: z.ZodType;
}
type Out<S extends Schemas, K extends keyof Schemas, D> = S[K] extends z.ZodType ? z.output<S[K]> : D;

/** What a handler receives: validated input plus the caller (when signed in). */
export interface RouteInput<S extends Schemas, A> {
  params: Out<S, 'params', Record<string, never>>;
  body: Out<S, 'body', Record<string, never> | undefined>;
  query: Out<S, 'query', Record<string, never>>;
  auth: A;
  req: Request;
  res: Response;
}

type Handler<S extends Schemas, A> = (input: RouteInput<S, A>) => Promise<unknown>;

/**
 * Declares a route: signed-in check (401) first, then params, query and body
 * validated with zod (400), then the handler. A handler's return value is sent as JSON
 * (204 when undefined) unless the handler already answered.
 */
export function route<S extends Schemas>(schemas: S & { auth?: 'user' }, handler: Handler<S, RequestAuth>): RequestHandler;
export function route<S extends Schemas>(schemas: S & { auth: 'optional' }, handler: Handler<S, RequestAuth | null>): RequestHandler;
export function route<S extends Schemas>(schemas: S & { auth?: 'user' | 'optional' }, handler: Handler<S, never>): RequestHandler {
  return async (req, res) => {
    const auth = authOf(res);
    if (schemas.auth !== 'optional' && !auth) throw new DomainError('UNAUTHENTICATED', 'sign in first');
    const input = {
      params: parseInput(schemas.params ?? noParams, req.params, 'params'),
      query: parseInput(schemas.query ?? noQuerySchema, req.query, 'query'),
      body: parseInput(schemas.body ?? noBodySchema, req.body, 'body'),
      auth,
      req,
      res,
    } as unknown as RouteInput<S, never>;
    const result = await handler(input);
    if (res.headersSent) return;
    if (result === undefined) res.status(204).end();
    else res.json(result);
  };
}

/** Errors from express and its parsers (bad JSON, too large, undecodable URL) carry a 4xx status. */
function clientErrorStatus(err: unknown): number | undefined {
  const status = typeof err === 'object' && err !== null ? (err as { status?: unknown }).status : undefined;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/** What a client's own mistake (an express or body-parser 4xx) is answered with. */
function clientMistake(err: unknown, status: number): { code: ErrorCode; message: string; status: number } {
  if (err instanceof URIError) return { code: 'INVALID_PAYLOAD', message: MALFORMED_URL, status: 400 };
  if (status === 404) return { code: 'NOT_FOUND', message: 'not found', status };
  const type = (err as { type?: unknown }).type;
  // body-parser's messages describe the body ("Unexpected token } in JSON…"); others may name internals.
  const message = typeof type === 'string' ? `body: ${(err as Error).message}` : 'the request is not valid';
  return { code: 'INVALID_PAYLOAD', message, status };
}

/** The message for a URL whose percent-encoding does not decode to UTF-8. */
export const MALFORMED_URL = 'the URL is not valid percent-encoding';

/**
 * Refuses a URL whose path or query does not percent-decode (`%FF`, `%C0%AE`, lone
 * surrogates): 400 INVALID_PAYLOAD before any route looks at it, logged at debug only
 * since anyone can send one.
 */
export const rejectMalformedUrl: RequestHandler = (req, _res, next) => {
  const url = req.originalUrl;
  const q = url.indexOf('?');
  try {
    decodeURIComponent(q === -1 ? url : url.slice(0, q));
    if (q !== -1) decodeURIComponent(url.slice(q + 1).replace(/\+/g, ' '));
  } catch {
    throw new DomainError('INVALID_PAYLOAD', MALFORMED_URL);
  }
  next();
};

/**
 * Answers every failure as `{ error: { code, message } }`. Refusals and clients' own
 * mistakes are logged at debug at most (anyone can cause them); only unexpected errors
 * are logged as errors, and never shown.
 */
export function apiErrorHandler(logger: ApiDeps['logger']): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    let code: ErrorCode;
    let message: string;
    let status: number;
    const clientStatus = clientErrorStatus(err);
    if (err instanceof DomainError) {
      [code, message, status] = [err.code, err.message, httpStatusOf(err.code)];
      const retry = (err as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      if (typeof retry === 'number') res.setHeader('Retry-After', String(retry));
    } else if (err instanceof CohortScheduleError) {
      [code, message, status] = ['INVALID_PAYLOAD', err.message, 400];
    } else if (clientStatus !== undefined) {
      ({ code, message, status } = clientMistake(err, clientStatus));
      logger.debug({ err, method: req.method }, 'api request refused');
    } else {
      logger.error({ err, method: req.method, path: req.originalUrl.split('?')[0] }, 'api request failed');
      [code, message, status] = ['INTERNAL', 'something went wrong on the server', 500];
    }
    if (res.headersSent) return;
    res.status(status).json({ error: { code, message } });
  };
}

/**
 * OPTIONS is answered 204 with nothing: the API offers no cross-origin use (no CORS
 * headers, so preflights fail), and express's own answer would be a text body.
 */
export const answerOptions: RequestHandler = (req, res, next) => {
  if (req.method !== 'OPTIONS') return next();
  res.status(204).end();
};

/** 405 with `Allow` for a path that exists under other methods. */
export function methodNotAllowed(allowed: readonly string[]): RequestHandler {
  return (req, res) => {
    res.setHeader('Allow', allowed.join(', '));
    res.status(405).json({ error: { code: 'NOT_ALLOWED', message: `${req.method.slice(0, 16)} is not allowed here; use ${allowed.join(' or ')}` } });
  };
}

/** 404 for any /api path no route matched (instead of falling through to the client's HTML). */
export const apiNotFound: RequestHandler = (_req, res) => {
  res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no such API route' } });
};
