import express, { Router } from 'express';
import type { CircleAccess } from '../../services/circleAccess';
import { authRoutes } from './authRoutes';
import { circleRoutes } from './circleRoutes';
import { cohortRoutes } from './cohortRoutes';
import type { ApiDeps } from './deps';
import { homeRoutes } from './homeRoutes';
import { inviteRoutes } from './inviteRoutes';
import { memberRoutes } from './memberRoutes';
import { privacyRoutes } from './privacyRoutes';
import { apiErrorHandler, apiNotFound, rejectMalformedUrl, answerOptions } from './route';
import { scheduleRoutes } from './scheduleRoutes';
import { createRecords, type Records } from '../../records';
import { csrfGuard, signInLoader } from './signIn';

export type { ApiDeps } from './deps';
export type { Records } from '../../records';
export type { AuthedUser } from '../../accounts/types';
export type { CohortAccess } from '../../cohorts/records/types';
export { createRecords } from '../../records';
export { icalRouter } from './icalRoutes';

/**
 * The JSON API, to mount at /api. Pass the same `services` the socket layer uses (or
 * let it build its own). Every route is listed, with who may call it, in
 * server/src/http/ROUTES.md (a test checks the table against the mounted routes); each
 * enforces its role on the server.
 */
export function apiRouter(deps: ApiDeps, services: Records = createRecords(deps), circles?: CircleAccess): Router {
  const secure = deps.config.secureCookies;
  const router = Router();
  router.use(rejectMalformedUrl);
  router.use(answerOptions);
  router.use(express.json({ limit: '64kb' }));
  router.use((_req, res, next) => {
    // Personal data: never cached by browsers or proxies.
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.use(signInLoader(services, secure));
  router.use(csrfGuard(['/auth/sign-in']));
  router.use(authRoutes(services, secure));
  router.use(homeRoutes(services));
  router.use(inviteRoutes(services, secure));
  router.use(cohortRoutes(services));
  router.use(scheduleRoutes(services));
  router.use(memberRoutes(services));
  router.use(privacyRoutes(services, secure));
  if (circles) router.use(circleRoutes(circles, deps.config.publicUrl));
  router.use(apiNotFound);
  router.use(apiErrorHandler(deps.logger));
  return router;
}
