import { Router } from 'express';
import { acceptInviteBodySchema, inviteParamsSchema, type AcceptedInvite, type AcceptInviteBody, type InviteView, type SessionView } from '@hearth/shared';
import { newId } from '../../accounts/tokens';
import type { UserRecord } from '../../accounts/types';
import { inviteState } from '../../cohorts/records/invites';
import type { InviteRecord } from '../../cohorts/records/types';
import { DomainError } from '../../errors';
import { route } from './route';
import type { Records } from '../../records';
import { setSignInCookie, type RequestAuth } from './signIn';
import { sessionView } from './views';

/** The invite's email restriction, if any. */
function assertEmail(invite: InviteRecord, email: string): void {
  if (invite.email && invite.email !== email) {
    throw new DomainError('NOT_ALLOWED', 'this invite is for a different email address');
  }
}

/**
 * Who is accepting: the signed-in account, or a new one described in the body. Checked
 * before the invite is claimed so that a refused attempt does not use up the link.
 */
async function resolveAcceptor(services: Records, invite: InviteRecord, body: AcceptInviteBody, auth: RequestAuth | null) {
  if (auth) {
    if (body.account) throw new DomainError('CONFLICT', `you are signed in as ${auth.user.email}; sign out to create another account`);
    assertEmail(invite, auth.user.email);
    return { existing: auth.user, userId: auth.user.id };
  }
  if (!body.account) throw new DomainError('UNAUTHENTICATED', 'sign in, or give account details to create an account');
  assertEmail(invite, body.account.email);
  if (await services.users.findByEmail(body.account.email)) {
    throw new DomainError('CONFLICT', 'an account with this email already exists; sign in, then open the invite link again');
  }
  return { existing: null, userId: newId() };
}

/** Invite links: look at one, accept one. */
export function inviteRoutes(services: Records, secure: boolean): Router {
  const router = Router();

  router.get(
    '/invites/:token',
    route({ auth: 'optional', params: inviteParamsSchema }, async ({ params }): Promise<InviteView> => {
      const invite = await services.invites.get(params.token);
      const cohort = invite && (await services.cohorts.get(invite.cohortId));
      if (!invite || !cohort) throw new DomainError('NOT_FOUND', 'no such invite');
      return {
        cohort: { id: cohort.id, name: cohort.name, stage: cohort.stage },
        role: invite.role,
        email: invite.email,
        expiresAt: invite.expiresAt,
        state: inviteState(invite, services.clock()),
      };
    }),
  );

  router.post(
    '/invites/:token/accept',
    route({ auth: 'optional', params: inviteParamsSchema, body: acceptInviteBodySchema }, async ({ params, body, auth, res }): Promise<AcceptedInvite> => {
      const invite = await services.invites.usable(params.token);
      const cohort = await services.cohorts.get(invite.cohortId);
      if (!cohort) throw new DomainError('GONE', 'this cohort no longer exists');
      const { existing, userId } = await resolveAcceptor(services, invite, body, auth);
      if (existing && (await services.members.get(cohort.id, userId))) throw new DomainError('CONFLICT', 'you are already in this cohort');

      await services.invites.claim(params.token, userId);
      let created: UserRecord | null = null;
      try {
        if (!existing && body.account) {
          const { email, name, password, timeZone } = body.account;
          created = await services.users.create({ id: userId, email, name, password, timeZone: timeZone ?? null });
        }
        const joinedAt = new Date(services.clock()).toISOString();
        await services.members.add(
          cohort.id,
          { userId, role: invite.role, displayName: body.displayName, joinedAt, acceptedAgreementVersion: null, acceptedAgreementAt: null },
          cohort.capacity,
        );
      } catch (err) {
        // Undo, so the person can fix the problem (name taken, cohort full) and use the same link.
        if (created) await services.users.discard(created);
        await services.invites.release(params.token, userId);
        throw err;
      }

      const user = existing ?? created!;
      let session = auth?.session;
      if (!session) {
        const started = await services.signIns.create(user.id);
        setSignInCookie(res, started.token, secure);
        session = started.session;
      }
      res.status(201);
      const reply: { cohortId: string; session: SessionView } = { cohortId: cohort.id, session: await sessionView(services, user, session) };
      return reply;
    }),
  );

  return router;
}
