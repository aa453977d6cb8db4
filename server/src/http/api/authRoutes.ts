import { Router } from 'express';
import { signInBodySchema, updateMeBodySchema } from '@hearth/shared';
import { readSignInCookie } from '../../accounts/signIns';
import { meView } from '../../cohorts/records/views';
import { DomainError } from '../../errors';
import { route } from './route';
import type { Records } from '../../records';
import { clearSignInCookie, setSignInCookie } from './signIn';
import { sessionView } from './views';

/** Sign-in, sign-out and the signed-in person's own settings. */
export function authRoutes(services: Records, secure: boolean): Router {
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
      await services.signIns.destroy(readSignInCookie(req.headers.cookie));
      const { token, session } = await services.signIns.create(user.id);
      setSignInCookie(res, token, secure);
      return sessionView(services, user, session);
    }),
  );

  router.post(
    '/auth/sign-out',
    route({ auth: 'optional' }, async ({ auth, res }) => {
      if (auth) await services.signIns.destroy(auth.token);
      clearSignInCookie(res, secure);
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
