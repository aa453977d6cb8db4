import { Router } from 'express';
import type { HomeView } from '@hearth/shared';
import { cohortsOf } from '../../cohorts/api/access';
import { homeCohort } from '../../cohorts/api/home';
import { meView } from '../../cohorts/api/views';
import { route } from './route';
import type { ApiServices } from './services';

/** `GET /api/home`: my cohorts, each with its open or next session in my zone. */
export function homeRoutes(services: ApiServices): Router {
  const router = Router();
  router.get(
    '/home',
    route({}, async ({ auth }): Promise<HomeView> => {
      const now = new Date(services.clock()).toISOString();
      const mine = await cohortsOf(services, auth.user.id);
      const cohorts = await Promise.all(
        mine.map(async (access) => homeCohort(access, auth.user, (await services.sessions.get(access.cohort.id)).sessions, now)),
      );
      // Soonest first; finished programmes last.
      const key = (c: (typeof cohorts)[number]) => (c.window.state === 'over' ? '~' : c.nextSession?.startsAt ?? '~');
      cohorts.sort((a, b) => key(a).localeCompare(key(b)));
      return { me: meView(auth.user, services.urls), cohorts };
    }),
  );
  return router;
}
