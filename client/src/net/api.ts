import { CSRF_HEADER, codeOfHttpStatus, isErrorCode, type ErrorCode } from '@hearth/shared';

/**
 * The JSON API helper. Every failure — a `{ error: { code, message } }` reply, a network
 * failure, a reply that is not JSON — becomes an {@link ApiError} with a contract error
 * code, so callers switch on `code` and never parse responses themselves.
 */

/** A failed API call. `status` is 0 when no HTTP reply arrived at all. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    /** From `Retry-After` (rate limits): how long to wait before trying again. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

/** The subset of `fetch` the helper uses, so tests can pass a fake. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Pick<Response, 'ok' | 'status' | 'headers' | 'text'>>;

/** HTTP methods the API uses. Every one but GET changes state and needs the CSRF header. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Options of {@link createApiClient}. */
export interface ApiClientOptions {
  fetch: FetchLike;
  /** The session's CSRF token, read at call time (it changes on sign-in). */
  csrfToken: () => string | null;
  /** Prefix of every path. Default `/api`. */
  base?: string;
}

/** Sends one API request and resolves with the parsed JSON body (undefined for 204). */
export type ApiCall = <T>(method: HttpMethod, path: string, body?: unknown) => Promise<T>;

/** Builds the {@link ApiCall} bound to a fetch implementation and a CSRF token source. */
export function createApiClient({ fetch, csrfToken, base = '/api' }: ApiClientOptions): ApiCall {
  return async <T>(method: HttpMethod, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const token = csrfToken();
    // GETs never change anything; sending the token only on writes keeps it out of logs.
    if (method !== 'GET' && token) headers[CSRF_HEADER] = token;

    let res: Awaited<ReturnType<FetchLike>>;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        // The session is an httpOnly cookie: same-origin requests must carry it.
        credentials: 'same-origin',
      });
    } catch {
      throw new ApiError('UNAVAILABLE', "Can't reach Hearth right now. Check your connection and try again.", 0);
    }

    const text = await res.text().catch(() => '');
    const json = parseJson(text);
    if (res.ok) {
      if (res.status === 204 || text === '') return undefined as T;
      if (json === INVALID) throw new ApiError('INTERNAL', 'Hearth sent an unexpected reply. Please try again.', res.status);
      return json as T;
    }
    throw errorFrom(res.status, json, res.headers.get('retry-after'));
  };
}

const INVALID = Symbol('invalid JSON');

function parseJson(text: string): unknown {
  if (text === '') return INVALID;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID;
  }
}

/** Reads `{ error: { code, message } }`; anything else is described by its status. */
function errorFrom(status: number, json: unknown, retryAfter: string | null): ApiError {
  const retry = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : null;
  const err = typeof json === 'object' && json !== null ? (json as { error?: { code?: unknown; message?: unknown } }).error : undefined;
  if (err && typeof err === 'object') {
    const code = isErrorCode(err.code) ? err.code : codeOfHttpStatus(status);
    const message = typeof err.message === 'string' && err.message ? err.message : 'Something went wrong.';
    return new ApiError(code, message, status, retry);
  }
  // A proxy or gateway answered (502, 504…): the server itself is not reachable.
  return new ApiError(codeOfHttpStatus(status), status >= 500 ? 'Hearth is not answering right now. Please try again shortly.' : 'Something went wrong.', status, retry);
}

/** The code of anything thrown by an API call; other errors count as `INTERNAL`. */
export function apiErrorCode(err: unknown): ErrorCode {
  return err instanceof ApiError ? err.code : 'INTERNAL';
}
