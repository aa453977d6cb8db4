import { Router } from 'express';
import { z } from 'zod';
import { circleIdSchema, type CircleAccessView } from '@hearth/shared';
import type { CircleAccess } from '../../services/circleAccess';
import { route } from './route';

const circleParamsSchema = z.strictObject({ circleId: circleIdSchema });

/** `GET /api/circles/:circleId`: whether it is a cohort session's circle, and what joining it takes. */
export function circleRoutes(access: CircleAccess): Router {
  const router = Router();
  router.get(
    '/circles/:circleId',
    route({ auth: 'optional', params: circleParamsSchema }, ({ params, auth }): Promise<CircleAccessView> =>
      access.view(params.circleId, auth?.user.id ?? null),
    ),
  );
  return router;
}
