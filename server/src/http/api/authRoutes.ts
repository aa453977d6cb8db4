import { Router } from 'express';
import { signInBodySchema, updateMeBodySchema } from '@hearth/shared';
import { readSessionCookie } from '../../accounts/authSessions';
import { meView } from '../../cohorts/api/views';
import { DomainError } from '../../errors';
import { route } from './route';
import type { ApiServices } from './services';
import { clearSessionCookie, setSessionCookie } from './session';
import { sessionView } from './views';

/** Sign-in, sign-out and the signed-in person's own settings. */
export function authRoutes(services: ApiServices, secure: boolean): Router {
  const router = Router();

  router.post(
    '/auth/sign-in',
    route({ auth: 'optional', body: signInBodySchema }, async ({ body, req, res }) => {
      const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
      await services.limiter.admit(body.email, ip);
      const user = await services.users.verifyCredentials(body.email, body.password);
      if (!user) throw new DomainError('UNAUTHENTICATED', 'email or password is incorrect');
      await services.limiter.succeeded(body.email, ip);
      // A new session on every sign-in (never reuse one a fixation attack may have planted).
      await services.authSessions.destroy(readSessionCookie(req.headers.cookie));
      const { token, session } = await services.authSessions.create(user.id);
      setSessionCookie(res, token, secure);
      return sessionView(services, user, session);
    }),
  );

  router.post(
    '/auth/sign-out',
    route({ auth: 'optional' }, async ({ auth, res }) => {
      if (auth) await services.authSessions.destroy(auth.token);
      clearSessionCookie(res, secure);
    }),
  );

  router.get(
    '/session',
    route({}, ({ auth }) => sessionView(services, auth.user, auth.session)),
  );

  router.patch(
    '/me',
    route({ body: updateMeBodySchema }, async ({ auth, body }) => {
      const user = await services.users.update(auth.user.id, body);
      return meView(user, services.urls);
    }),
  );

  router.post(
    '/me/ical-token',
    route({}, async ({ auth }) => {
      const token = await services.users.regenerateIcalToken(auth.user.id);
      return { icalUrl: services.urls.userCalendar(token) };
    }),
  );

  return router;
}
