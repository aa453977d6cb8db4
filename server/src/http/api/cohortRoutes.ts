import { Router } from 'express';
import {
  acceptAgreementBodySchema,
  cohortParamsSchema,
  createCohortBodySchema,
  putAgreementBodySchema,
  updateCohortBodySchema,
  type CohortSummary,
  type CohortView,
} from '@hearth/shared';
import { cohortsOf } from '../../cohorts/records/cohortAccess';
import type { CohortAccess } from '../../cohorts/records/types';
import { cohortSummary, cohortView } from '../../cohorts/records/views';
import { DomainError } from '../../errors';
import { deleteCohort } from '../../privacy/cohortDeletion';
import { requireCohort } from './requireCohort';
import { route } from './route';
import type { Records } from '../../records';
import type { RequestAuth } from './signIn';

/** The full cohort view for the caller. */
async function viewFor(services: Records, auth: RequestAuth, access: CohortAccess): Promise<CohortView> {
  const [members, { sessions }] = await Promise.all([services.members.all(access.cohort.id), services.sessions.get(access.cohort.id)]);
  return cohortView({ access, user: auth.user, members, sessions, urls: services.urls });
}

/** Cohort records: list, create, read, settings, deletion, the group agreement, the cohort calendar. */
export function cohortRoutes(services: Records): Router {
  const router = Router();

  router.get(
    '/cohorts',
    route({}, async ({ auth }): Promise<CohortSummary[]> => {
      if (!auth.user.isAdmin) return (await cohortsOf(services, auth.user.id)).map(cohortSummary);
      const all = await services.cohorts.list();
      const mine = await Promise.all(all.map((c) => services.getCohortAccess(auth.user.id, c.id)));
      return mine.filter((a): a is CohortAccess => a !== null).map(cohortSummary);
    }),
  );

  router.post(
    '/cohorts',
    route({ body: createCohortBodySchema }, async ({ auth, body, res }) => {
      if (!auth.user.isAdmin) throw new DomainError('NOT_ALLOWED', 'only admins can create cohorts');
      const cohort = await services.cohorts.create(body, auth.user.id);
      const access = await requireCohort(services, auth, cohort.id, 'view');
      res.status(201);
      return viewFor(services, auth, access);
    }),
  );

  router.get(
    '/cohorts/:id',
    route({ params: cohortParamsSchema }, async ({ auth, params }) =>
      viewFor(services, auth, await requireCohort(services, auth, params.id, 'view')),
    ),
  );

  router.patch(
    '/cohorts/:id',
    route({ params: cohortParamsSchema, body: updateCohortBodySchema }, async ({ auth, params, body }) => {
      await requireCohort(services, auth, params.id, 'manage');
      if (body.capacity !== undefined) {
        // Not atomic with concurrent joins; it only stops an obviously wrong edit.
        const seated = Object.values(await services.members.all(params.id)).filter((m) => m.role === 'member').length;
        if (body.capacity < seated) throw new DomainError('CONFLICT', `the cohort already has ${seated} members`);
      }
      await services.cohorts.update(params.id, body);
      return viewFor(services, auth, await requireCohort(services, auth, params.id, 'view'));
    }),
  );

  router.delete(
    '/cohorts/:id',
    route({ params: cohortParamsSchema }, async ({ auth, params }) => {
      await requireCohort(services, auth, params.id, 'manage');
      // Facilitators run a cohort; ending its records for good is the admins' call.
      if (!auth.user.isAdmin) throw new DomainError('NOT_ALLOWED', 'only admins can delete a cohort');
      await deleteCohort(services, params.id);
    }),
  );

  router.put(
    '/cohorts/:id/agreement',
    route({ params: cohortParamsSchema, body: putAgreementBodySchema }, async ({ auth, params, body }) => {
      await requireCohort(services, auth, params.id, 'manage');
      const cohort = await services.cohorts.setAgreement(params.id, body.text, auth.user.id, body.baseVersion);
      return cohort.agreement;
    }),
  );

  router.post(
    '/cohorts/:id/agreement/accept',
    route({ params: cohortParamsSchema, body: acceptAgreementBodySchema }, async ({ auth, params, body }) => {
      const access = await requireCohort(services, auth, params.id, 'view');
      if (!access.membership) throw new DomainError('NOT_ALLOWED', 'only members of the cohort accept its agreement');
      if (body.version !== access.cohort.agreement.version) {
        throw new DomainError('CONFLICT', `the agreement is at version ${access.cohort.agreement.version}; read it again`);
      }
      const at = new Date(services.clock()).toISOString();
      const membership = await services.members.acceptAgreement(params.id, auth.user.id, body.version, at);
      return { acceptedAgreementVersion: membership.acceptedAgreementVersion, acceptedAt: membership.acceptedAgreementAt };
    }),
  );

  router.post(
    '/cohorts/:id/ical-token',
    route({ params: cohortParamsSchema }, async ({ auth, params }) => {
      await requireCohort(services, auth, params.id, 'manage');
      const cohort = await services.cohorts.regenerateIcalToken(params.id);
      return { icalUrl: services.urls.cohortCalendar(cohort.icalToken) };
    }),
  );

  return router;
}
