import { Router } from 'express';
import { z } from 'zod';
import { circleIdSchema, circlePath, putCircleDefaultsBodySchema, type CircleAccessView, type CircleDefaults, type HostedCircleLink } from '@hearth/shared';
import type { CircleAccess } from '../../services/circleAccess';
import { route } from './route';

const circleParamsSchema = z.strictObject({ circleId: circleIdSchema });
const linkQuerySchema = z.strictObject({ k: z.string().min(8).max(128).optional() });
const createBodySchema = z.strictObject({ name: z.string().trim().min(1).max(80) });
const linkBodySchema = z.strictObject({ revoke: z.boolean().optional() });

/**
 * Circles: `GET /api/circles/:circleId` (what joining takes: a cohort session's circle, a
 * hosted circle, or an open one); `POST /api/circles` (a signed-in person starts a hosted
 * circle and gets its link); `POST /api/circles/:circleId/link` (its creator replaces or
 * revokes the link); `PUT /api/circles/:circleId/defaults` (its facilitators save the rules
 * its next sessions start with); `DELETE /api/circles/:circleId` (its creator ends it: its record is deleted).
 */
export function circleRoutes(access: CircleAccess, publicUrl: string): Router {
  const router = Router();
  const linkOf = (circleId: string, key: string | null): string | null => (key ? `${publicUrl}${circlePath(circleId, key)}` : null);

  router.get(
    '/circles/:circleId',
    route({ auth: 'optional', params: circleParamsSchema, query: linkQuerySchema }, ({ params, query, auth }): Promise<CircleAccessView> =>
      access.view(params.circleId, auth?.user.id ?? null, query.k),
    ),
  );
  router.post(
    '/circles',
    route({ body: createBodySchema }, async ({ body, auth, res }): Promise<HostedCircleLink> => {
      const { circle, key } = await access.hosted.create(auth.user.id, body.name);
      res.status(201);
      return { circleId: circle.id, name: circle.name, url: linkOf(circle.id, key) };
    }),
  );
  router.put(
    '/circles/:circleId/defaults',
    route({ params: circleParamsSchema, body: putCircleDefaultsBodySchema }, ({ params, body, auth }): Promise<{ rules: CircleDefaults }> =>
      access.saveStartingRules(params.circleId, auth.user.id, body.rules).then((rules) => ({ rules })),
    ),
  );
  router.post(
    '/circles/:circleId/link',
    route({ params: circleParamsSchema, body: linkBodySchema }, async ({ params, body, auth }): Promise<HostedCircleLink> => {
      const key = await access.hosted.rotateLink(params.circleId, auth.user.id, body.revoke === true);
      const circle = await access.hosted.get(params.circleId);
      return { circleId: params.circleId, name: circle?.name ?? '', url: linkOf(params.circleId, key) };
    }),
  );
  router.delete(
    '/circles/:circleId',
    route({ params: circleParamsSchema }, async ({ params, auth }) => {
      await access.hosted.end(params.circleId, auth.user.id);
    }),
  );
  return router;
}
