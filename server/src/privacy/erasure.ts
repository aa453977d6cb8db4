import type { ErasureSummary } from '@hearth/shared';
import { DomainError } from '../errors';
import type { Records } from '../records';

/** Runs `fn` over items a few at a time: enough to overlap store round trips without a burst. */
async function eachLimited<T>(items: readonly T[], fn: (item: T) => Promise<void>, width = 8): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(fn));
}

/**
 * Erases a person (GDPR art. 17): afterwards nothing in the store names them. In order:
 * the password goes first (no sign-in can start), every sign-in session is deleted
 * (signed out everywhere), then in every cohort they are removed from the members, their
 * attendance is anonymised (the count survives, see Attendance.anonymise), invites
 * addressed to or accepted by them are scrubbed, and records naming them as creator or
 * editor forget them; the circles they started end; last the account itself, its
 * calendar token and its email claim (the email is free again). Sessions are swept a
 * second time for a sign-in that passed the password check just before it went.
 *
 * Every cohort is visited, not just the ones the person's index lists: they may have
 * left one whose attendance still names them. Each step is idempotent, so an erasure
 * cut short (a crash, a store outage) is completed by running it again — the account
 * record, deleted last, keeps it findable until then.
 */
export async function eraseAccount(services: Records, userId: string): Promise<ErasureSummary> {
  const user = await services.users.get(userId);
  if (!user) throw new DomainError('NOT_FOUND', 'no such account');
  const summary: ErasureSummary = { userId, signedOutSessions: 0, cohortsLeft: 0, attendanceAnonymised: 0, invitesScrubbed: 0, hostedCirclesEnded: 0 };

  await services.users.lockOut(userId);
  summary.signedOutSessions += await services.signIns.destroyAllOf(userId);

  const listed = await services.members.cohortIdsOf(userId);
  const all = (await services.cohorts.list()).map((c) => c.id);
  const cohortIds = [...new Set([...listed, ...all])];
  for (const cohortId of cohortIds) {
    if (await services.members.removeIfPresent(cohortId, userId)) summary.cohortsLeft++;
    await services.cohorts.forgetPerson(cohortId, userId);
    await eachLimited(await services.sessions.allIds(cohortId), async (sessionId) => {
      if (await services.attendance.anonymise(sessionId, userId)) summary.attendanceAnonymised++;
    });
    summary.invitesScrubbed += await services.invites.scrubPerson(cohortId, user);
  }
  summary.hostedCirclesEnded = await services.hosted.removeAllOf(userId);

  await services.users.remove(user);
  summary.signedOutSessions += await services.signIns.destroyAllOf(userId);
  await services.onUserErased(userId);
  return summary;
}
