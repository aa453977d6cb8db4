import type { CircleDefaults, CreateCohortBody, UpdateCohortBody } from '@hearth/shared';
import { FeedTokens } from '../../accounts/feedTokens';
import { newId } from '../../accounts/tokens';
import { DomainError } from '../../errors';
import { keys } from '../../store/keys';
import type { Store } from '../../store/types';
import type { ScheduleSpec } from '../schedule';
import type { CohortRecord } from './types';

const notFound = () => new DomainError('NOT_FOUND', 'no such cohort');

/** Cohort records and the index of all cohorts. */
export class Cohorts {
  private readonly feeds: FeedTokens;

  constructor(
    private readonly store: Store,
    private readonly clock: () => number,
  ) {
    this.feeds = new FeedTokens(store);
  }

  private now(): string {
    return new Date(this.clock()).toISOString();
  }

  /** Creates a cohort (admins). The agreement starts at version 1 when text is given. */
  async create(input: Omit<CreateCohortBody, 'circleDefaults'> & { circleDefaults?: CircleDefaults }, createdBy: string): Promise<CohortRecord> {
    const id = newId();
    const now = this.now();
    const { agreement, ...fields } = input;
    const cohort: CohortRecord = {
      id,
      ...fields,
      circleDefaults: input.circleDefaults ?? {},
      agreement: agreement
        ? { text: agreement, version: 1, updatedAt: now, updatedBy: createdBy }
        : { text: '', version: 0, updatedAt: null, updatedBy: null },
      schedule: null,
      icalToken: await this.feeds.issue({ kind: 'cohort', id }),
      createdAt: now,
      createdBy,
      updatedAt: now,
    };
    await this.store.set(keys.cohort(id), cohort);
    // Indexed after the record exists, so the admin list never points at nothing.
    await this.store.hashSet(keys.cohortIndex(), id, now);
    return cohort;
  }

  /** The cohort, or null. */
  get(id: string): Promise<CohortRecord | null> {
    return this.store.get<CohortRecord>(keys.cohort(id));
  }

  /** Every cohort (admins' list), oldest first. */
  async list(): Promise<CohortRecord[]> {
    const index = await this.store.hashGetAll<string>(keys.cohortIndex());
    const ids = Object.entries(index).sort(([, a], [, b]) => a.localeCompare(b)).map(([id]) => id);
    const found = await Promise.all(ids.map((id) => this.get(id)));
    return found.filter((c): c is CohortRecord => c !== null);
  }

  /** Atomically applies `fn` to the cohort; 404 when it does not exist. `fn` may throw to refuse. */
  async modify(id: string, fn: (cur: CohortRecord) => CohortRecord): Promise<CohortRecord> {
    const updatedAt = this.now();
    const next = await this.store.update<CohortRecord>(keys.cohort(id), (cur) => (cur ? { ...fn(cur), updatedAt } : null));
    if (!next) throw notFound();
    return next;
  }

  /** Changes settings. */
  update(id: string, patch: UpdateCohortBody): Promise<CohortRecord> {
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    return this.modify(id, (cur) => ({ ...cur, ...defined }));
  }

  /**
   * Replaces the agreement, bumping its version. With `baseVersion`, refuses (409) when
   * the agreement changed since the editor loaded it, instead of silently overwriting.
   */
  setAgreement(id: string, text: string, by: string, baseVersion?: number): Promise<CohortRecord> {
    const at = this.now();
    return this.modify(id, (cur) => {
      if (baseVersion !== undefined && baseVersion !== cur.agreement.version) {
        throw new DomainError('CONFLICT', `the agreement is now at version ${cur.agreement.version}; reload it and edit again`);
      }
      return { ...cur, agreement: { text, version: cur.agreement.version + 1, updatedAt: at, updatedBy: by } };
    });
  }

  /** Records the spec the sessions were generated from. */
  setSchedule(id: string, schedule: ScheduleSpec): Promise<CohortRecord> {
    return this.modify(id, (cur) => ({ ...cur, schedule }));
  }

  /** New cohort calendar token; the old URL stops working. */
  async regenerateIcalToken(id: string): Promise<CohortRecord> {
    const token = await this.feeds.issue({ kind: 'cohort', id });
    let replaced: string | undefined;
    try {
      const next = await this.modify(id, (cur) => {
        replaced = cur.icalToken;
        return { ...cur, icalToken: token };
      });
      if (replaced) await this.feeds.revoke(replaced);
      return next;
    } catch (err) {
      await this.feeds.revoke(token);
      throw err;
    }
  }

  /**
   * Erasure: forgets `userId` as the cohort's creator and its agreement's last editor.
   * Returns whether the record named them.
   */
  async forgetPerson(id: string, userId: string): Promise<boolean> {
    const cohort = await this.get(id);
    if (!cohort || (cohort.createdBy !== userId && cohort.agreement.updatedBy !== userId)) return false;
    await this.store.update<CohortRecord>(keys.cohort(id), (cur) =>
      cur && {
        ...cur,
        createdBy: cur.createdBy === userId ? null : cur.createdBy,
        agreement: { ...cur.agreement, updatedBy: cur.agreement.updatedBy === userId ? null : cur.agreement.updatedBy },
      },
    );
    return true;
  }

  /**
   * Deletes the cohort's record, its calendar token and its place in the admins' list
   * (the last step of deleting a cohort: see privacy/cohortDeletion).
   */
  async remove(id: string): Promise<void> {
    const cohort = await this.get(id);
    if (cohort) await this.feeds.revoke(cohort.icalToken);
    await this.store.delete(keys.cohort(id));
    await this.store.hashDelete(keys.cohortIndex(), id);
  }
}
