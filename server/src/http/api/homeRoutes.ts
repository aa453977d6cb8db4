import { Router } from 'express';
import type { HomeView } from '@hearth/shared';
import { cohortsOf } from '../../cohorts/records/cohortAccess';
import { homeCohort } from '../../cohorts/records/home';
import { meView } from '../../cohorts/records/views';
import { route } from './route';
import type { Records } from '../../records';

/** `GET /api/home`: my cohorts, each with its open or next session in my zone. */
export function homeRoutes(services: Records): Router {
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
