import { Router } from 'express';
import { deleteMeBodySchema, userParamsSchema, type ErasureSummary, type PersonalDataExport } from '@hearth/shared';
import { DomainError } from '../../errors';
import { eraseAccount } from '../../privacy/erasure';
import { exportPersonalData } from '../../privacy/personalExport';
import { route } from './route';
import type { Records } from '../../records';
import { clearSignInCookie } from './signIn';

/**
 * A person's own data (GDPR articles 15 and 17): `GET /api/me/export` (a JSON download
 * of everything kept about them), `DELETE /api/me` (erase my account; needs the password
 * again, on top of the cookie and CSRF token) and `DELETE /api/admin/users/:id` (an admin
 * erases someone else).
 */
export function privacyRoutes(services: Records, secure: boolean): Router {
  const router = Router();

  router.get(
    '/me/export',
    route({}, async ({ auth, res }): Promise<PersonalDataExport> => {
      const data = await exportPersonalData(services, auth.user, auth.token);
      const day = data.exportedAt.slice(0, 10);
      res.setHeader('Content-Disposition', `attachment; filename="hearth-my-data-${day}.json"`);
      return data;
    }),
  );

  router.delete(
    '/me',
    route({ body: deleteMeBodySchema }, async ({ auth, body, req, res }): Promise<ErasureSummary> => {
      // The sign-in limiter: a stolen session must not become a way to guess the password.
      const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
      await services.limiter.admit(auth.user.email, ip);
      if (!(await services.users.verifyCredentials(auth.user.email, body.password))) {
        throw new DomainError('REAUTH_FAILED', 'that password is not right; your account was not deleted');
      }
      await services.limiter.succeeded(auth.user.email, ip);
      const summary = await eraseAccount(services, auth.user.id);
      clearSignInCookie(res, secure);
      return summary;
    }),
  );

  router.delete(
    '/admin/users/:id',
    route({ params: userParamsSchema }, async ({ auth, params }): Promise<ErasureSummary> => {
      if (!auth.user.isAdmin) throw new DomainError('NOT_ALLOWED', 'only admins can erase accounts');
      if (params.id === auth.user.id) {
        throw new DomainError('NOT_ALLOWED', 'to delete your own account, use "Delete my account" in your settings (it asks for your password)');
      }
      return eraseAccount(services, params.id);
    }),
  );

  return router;
}
