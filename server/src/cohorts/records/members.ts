import type { CohortRole } from '@hearth/shared';
import { DomainError } from '../../errors';
import { keys } from '../../store/keys';
import type { Store } from '../../store/types';
import type { MemberMap, Membership } from './types';

const sameName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

/** Two "Sam"s in one circle would be indistinguishable, so names are unique per cohort (case-insensitively). */
function assertNameFree(members: MemberMap, displayName: string, exceptUserId: string): void {
  const taken = Object.values(members).some((m) => m.userId !== exceptUserId && sameName(m.displayName, displayName));
  if (taken) throw new DomainError('CONFLICT', `someone in this cohort is already called "${displayName}"`);
}

/**
 * Cohort memberships. The member map of a cohort is one store value changed only with
 * update(), so the capacity check and the add are one atomic step (two people accepting
 * the last seat at once cannot both get it) and a role change cannot resurrect someone
 * removed concurrently. Each user's list of cohorts is a derived index: written after the
 * map, and always re-checked against it by readers.
 */
export class Members {
  constructor(private readonly store: Store) {}

  /** Everyone in the cohort, by user id. */
  async all(cohortId: string): Promise<MemberMap> {
    return (await this.store.get<MemberMap>(keys.cohortMembers(cohortId))) ?? {};
  }

  /** One membership, or null. */
  async get(cohortId: string, userId: string): Promise<Membership | null> {
    return (await this.all(cohortId))[userId] ?? null;
  }

  /**
   * Adds a person. 409 CONFLICT when already in the cohort or the name is taken; 409
   * ROOM_FULL when a member would exceed `capacity` (facilitators always fit).
   */
  async add(cohortId: string, membership: Membership, capacity: number): Promise<void> {
    await this.store.update<MemberMap>(keys.cohortMembers(cohortId), (cur) => {
      const members = cur ?? {};
      if (members[membership.userId]) throw new DomainError('CONFLICT', 'already in this cohort');
      assertNameFree(members, membership.displayName, membership.userId);
      const seated = Object.values(members).filter((m) => m.role === 'member').length;
      if (membership.role === 'member' && seated >= capacity) throw new DomainError('ROOM_FULL', 'this cohort is full');
      return { ...members, [membership.userId]: membership };
    });
    await this.store.hashSet(keys.userCohorts(membership.userId), cohortId, membership.role);
  }

  /** Changes role or display name; 404 when not a member. */
  async update(cohortId: string, userId: string, patch: { role?: CohortRole; displayName?: string }): Promise<Membership> {
    const next = await this.store.update<MemberMap>(keys.cohortMembers(cohortId), (cur) => {
      const existing = cur?.[userId];
      if (!cur || !existing) throw new DomainError('NOT_FOUND', 'no such member');
      if (patch.displayName !== undefined) assertNameFree(cur, patch.displayName, userId);
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      return { ...cur, [userId]: { ...existing, ...defined } };
    });
    const membership = next![userId]!;
    await this.store.hashSet(keys.userCohorts(userId), cohortId, membership.role);
    return membership;
  }

  /** Takes a person out of the cohort; 404 when not a member. */
  async remove(cohortId: string, userId: string): Promise<void> {
    await this.store.update<MemberMap>(keys.cohortMembers(cohortId), (cur) => {
      if (!cur?.[userId]) throw new DomainError('NOT_FOUND', 'no such member');
      const { [userId]: _removed, ...rest } = cur;
      return rest;
    });
    await this.store.hashDelete(keys.userCohorts(userId), cohortId);
  }

  /** Takes a person out of the cohort if they are in it; returns whether they were. */
  async removeIfPresent(cohortId: string, userId: string): Promise<boolean> {
    let found = false;
    await this.store.update<MemberMap>(keys.cohortMembers(cohortId), (cur) => {
      found = cur?.[userId] !== undefined;
      if (!cur || !found) return cur;
      const { [userId]: _removed, ...rest } = cur;
      return rest;
    });
    await this.store.hashDelete(keys.userCohorts(userId), cohortId);
    return found;
  }

  /** Empties the cohort (it is being deleted): every member's index entry, then the map. */
  async removeAll(cohortId: string): Promise<void> {
    const members = await this.all(cohortId);
    await Promise.all(Object.keys(members).map((userId) => this.store.hashDelete(keys.userCohorts(userId), cohortId)));
    await this.store.delete(keys.cohortMembers(cohortId));
  }

  /** Records that the member accepted agreement `version`; 404 when not a member. */
  async acceptAgreement(cohortId: string, userId: string, version: number, at: string): Promise<Membership> {
    const next = await this.store.update<MemberMap>(keys.cohortMembers(cohortId), (cur) => {
      const existing = cur?.[userId];
      if (!cur || !existing) throw new DomainError('NOT_FOUND', 'no such member');
      return { ...cur, [userId]: { ...existing, acceptedAgreementVersion: version, acceptedAgreementAt: at } };
    });
    return next![userId]!;
  }

  /** Ids of the cohorts the index lists for a user (verify each against the member map). */
  async cohortIdsOf(userId: string): Promise<string[]> {
    return Object.keys(await this.store.hashGetAll<string>(keys.userCohorts(userId)));
  }
}
