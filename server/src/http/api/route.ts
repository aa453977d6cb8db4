import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { noBodySchema, noQuerySchema, type ErrorCode } from '@hearth/shared';
import { CohortScheduleError } from '../../cohorts/time';
import { DomainError } from '../../errors';
import type { ApiDeps } from './deps';
import { authOf, type RequestAuth } from './session';

/** HTTP status for each error code the API uses; anything else is a 400. */
const STATUS: Partial<Record<ErrorCode, number>> = {
  INVALID_PAYLOAD: 400,
  UNAUTHENTICATED: 401,
  NOT_ALLOWED: 403,
  CSRF: 403,
  REAUTH_FAILED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  ROOM_FULL: 409,
  GONE: 410,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

/** The HTTP status for a code. */
export function statusOf(code: ErrorCode): number {
  return STATUS[code] ?? 400;
}

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

/** Express' own body-parser errors (bad JSON, too large) carry a `type` and a status. */
function isParserError(err: unknown): err is { type: string; status: number; message: string } {
  return typeof err === 'object' && err !== null && typeof (err as { type?: unknown }).type === 'string' && 'status' in err;
}

/** Answers every failure as `{ error: { code, message } }`; unexpected ones are logged, not shown. */
export function apiErrorHandler(logger: ApiDeps['logger']): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    let code: ErrorCode;
    let message: string;
    let status: number;
    if (err instanceof DomainError) {
      [code, message, status] = [err.code, err.message, statusOf(err.code)];
      const retry = (err as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      if (typeof retry === 'number') res.setHeader('Retry-After', String(retry));
    } else if (err instanceof CohortScheduleError) {
      [code, message, status] = ['INVALID_PAYLOAD', err.message, 400];
    } else if (isParserError(err) && err.status >= 400 && err.status < 500) {
      [code, message, status] = ['INVALID_PAYLOAD', `body: ${err.message}`, err.status];
    } else {
      logger.error({ err, method: req.method, path: req.originalUrl.split('?')[0] }, 'api request failed');
      [code, message, status] = ['INTERNAL', 'something went wrong on the server', 500];
    }
    if (res.headersSent) return;
    res.status(status).json({ error: { code, message } });
  };
}

/** 404 for any /api path no route matched (instead of falling through to the client's HTML). */
export const apiNotFound: RequestHandler = (_req, res) => {
  res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no such API route' } });
};
