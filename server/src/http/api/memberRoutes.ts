import { Router } from 'express';
import {
  cohortParamsSchema,
  createInviteBodySchema,
  memberParamsSchema,
  updateMemberBodySchema,
  type AttendanceSession,
  type CreatedInvite,
  type MemberView,
} from '@hearth/shared';
import { memberView } from '../../cohorts/records/views';
import { DomainError } from '../../errors';
import { requireCohort } from './requireCohort';
import { route } from './route';
import type { Records } from '../../records';

/** People in a cohort: invites, the member list, role changes and removal, attendance. */
export function memberRoutes(services: Records): Router {
  const router = Router();

  router.post(
    '/cohorts/:id/invites',
    route({ params: cohortParamsSchema, body: createInviteBodySchema }, async ({ auth, params, body, res }): Promise<CreatedInvite> => {
      await requireCohort(services, auth, params.id, 'manage');
      const { token, invite } = await services.invites.create({
        cohortId: params.id,
        role: body.role,
        email: body.email ?? null,
        createdBy: auth.user.id,
        expiresInDays: body.expiresInDays,
      });
      res.status(201);
      return { url: services.urls.invite(token), token, role: invite.role, email: invite.email, expiresAt: invite.expiresAt };
    }),
  );

  router.get(
    '/cohorts/:id/members',
    route({ params: cohortParamsSchema }, async ({ auth, params }): Promise<MemberView[]> => {
      const access = await requireCohort(services, auth, params.id, 'view');
      const members = Object.values(await services.members.all(params.id));
      const emails = access.canManage
        ? new Map((await Promise.all(members.map((m) => services.users.get(m.userId)))).flatMap((u) => (u ? [[u.id, u.email] as const] : [])))
        : new Map<string, string>();
      return members
        .sort((a, b) => (a.role === b.role ? a.displayName.localeCompare(b.displayName) : a.role === 'facilitator' ? -1 : 1))
        .map((m) => memberView(m, emails.get(m.userId), access.canManage));
    }),
  );

  router.patch(
    '/cohorts/:id/members/:userId',
    route({ params: memberParamsSchema, body: updateMemberBodySchema }, async ({ auth, params, body }): Promise<MemberView> => {
      const access = await requireCohort(services, auth, params.id, 'view');
      const self = params.userId === auth.user.id;
      // Members may rename themselves; only managers change roles or others' names.
      if (!access.canManage && (!self || body.role !== undefined)) {
        throw new DomainError('NOT_ALLOWED', 'only the cohort’s facilitators and admins can change this');
      }
      const membership = await services.members.update(params.id, params.userId, body);
      return memberView(membership, undefined, false);
    }),
  );

  router.delete(
    '/cohorts/:id/members/:userId',
    route({ params: memberParamsSchema }, async ({ auth, params }) => {
      const access = await requireCohort(services, auth, params.id, 'view');
      // Anyone may leave; only managers remove others.
      if (!access.canManage && params.userId !== auth.user.id) {
        throw new DomainError('NOT_ALLOWED', 'only the cohort’s facilitators and admins can remove people');
      }
      await services.members.remove(params.id, params.userId);
    }),
  );

  router.get(
    '/cohorts/:id/attendance',
    route({ params: cohortParamsSchema }, async ({ auth, params }): Promise<AttendanceSession[]> => {
      await requireCohort(services, auth, params.id, 'manage');
      const { sessions } = await services.sessions.get(params.id);
      const ordered = [...sessions].sort((a, b) => a.index - b.index);
      return Promise.all(
        ordered.map(async (s) => ({
          sessionId: s.id,
          index: s.index,
          startsAt: s.startsAt,
          status: s.status,
          attendees: await services.attendance.of(s.id),
        })),
      );
    }),
  );

  return router;
}
