import { Router } from 'express';
import { z } from 'zod';
import { cohortFeed, userFeed } from '../../cohorts/records/calendar';
import { DomainError } from '../../errors';
import type { ApiDeps } from './deps';
import { apiErrorHandler, apiNotFound, methodNotAllowed, rejectMalformedUrl, answerOptions, route } from './route';
import { createRecords, type Records } from '../../records';

/** `<token>.ics`: the token is the whole secret, the suffix is for calendar apps. */
const feedParams = z.strictObject({ file: z.string().regex(/^[A-Za-z0-9_-]{20,128}\.ics$/, 'not a calendar feed') });

/** Some calendar apps append cache-busting parameters; they are ignored, not refused. */
const anyQuery = z.object({});

/**
 * Calendar subscriptions, mounted at /ical: `/u/<token>.ics` (a person's cohorts) and
 * `/c/<token>.ics` (one cohort). No cookie: calendar apps fetch these on their own, so
 * the unguessable token is the credential. Unknown tokens are 404.
 */
export function icalRouter(deps: ApiDeps, services: Records = createRecords(deps)): Router {
  const router = Router();
  const serve = (kind: 'user' | 'cohort') =>
    route({ auth: 'optional', params: feedParams, query: anyQuery }, async ({ params, res }) => {
      const owner = await services.feeds.resolve(params.file.slice(0, -'.ics'.length));
      const now = new Date(services.clock()).toISOString();
      let body: string | null = null;
      if (owner?.kind === kind) body = kind === 'user' ? await userFeed(services, owner.id, now) : await cohortFeed(services, owner.id, now);
      if (body === null) throw new DomainError('NOT_FOUND', 'no such calendar');
      res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
      // The URL is a secret: keep it out of shared caches and search engines.
      res.setHeader('Cache-Control', 'private, no-cache');
      res.setHeader('X-Robots-Tag', 'noindex');
      res.send(body);
    });

  router.use(rejectMalformedUrl);
  router.use(answerOptions);
  router.get('/u/:file', serve('user'));
  router.get('/c/:file', serve('cohort'));
  router.all(['/u/:file', '/c/:file'], methodNotAllowed(['GET', 'HEAD']));
  router.use(apiNotFound);
  router.use(apiErrorHandler(deps.logger));
  return router;
}
