import type { CohortView, SessionItem } from '@hearth/shared';
import type { CohortsSlice, CohortsState } from './accountTypes';
import { attemptWith, idle, loading, settled } from './apiResult';
import type { SliceCreator } from './types';

const initial = (): CohortsState => ({
  home: idle(),
  details: {},
  list: idle(),
  currentId: null,
  current: idle(),
  members: idle(),
  attendance: idle(),
});

/** Replaces one session in a list by id, keeping the order. */
export function replaceSession(sessions: SessionItem[], next: SessionItem): SessionItem[] {
  return sessions.map((s) => (s.id === next.id ? next : s));
}

/**
 * Cohorts slice: the member home, the admin list, and the open cohort page with its
 * members and attendance. Writes return an ApiResult for the form that made them, and
 * fold the server's reply into the state, so no page refetches after its own edit.
 */
export const createCohortsSlice: SliceCreator<CohortsSlice> = (services) => (set, get) => {
  const attempt = attemptWith(services, get);
  const patch = (p: Partial<CohortsState>) => set((s) => ({ cohorts: { ...s.cohorts, ...p } }));
  /** Applies `fn` to the open cohort if it is still `cohortId`. */
  const onCurrent = (cohortId: string, fn: (c: CohortView) => CohortView) =>
    set((s) => {
      const { current, currentId } = s.cohorts;
      if (currentId !== cohortId || !current.data) return s;
      return { cohorts: { ...s.cohorts, current: { ...current, data: fn(current.data) } } };
    });

  /** Takes a person off the open cohort's lists (removed from it, or their account erased). */
  const dropMember = (cohortId: string, userId: string) => {
    if (get().cohorts.currentId !== cohortId) return;
    const { members } = get().cohorts;
    patch({ members: { ...members, data: members.data?.filter((m) => m.userId !== userId) ?? null } });
    onCurrent(cohortId, (c) => ({
      ...c,
      facilitators: c.facilitators.filter((f) => f.userId !== userId),
      memberCount: Math.max(0, c.memberCount - (members.data?.some((m) => m.userId === userId && m.role === 'member') ? 1 : 0)),
    }));
  };

  return {
    cohorts: initial(),

    loadHome: async () => {
      patch({ home: loading(get().cohorts.home, true) });
      const result = await attempt((api) => api.home());
      patch({ home: settled(get().cohorts.home, result) });
      if (!result.ok) return;
      // The home view has no crisis resources or agreement text: fetch each cohort's page
      // view too. Cohorts are few (a person is in one or two), so this stays cheap.
      const views = await Promise.all(result.data.cohorts.map((c) => attempt((api) => api.cohort(c.cohort.id))));
      const details: Record<string, CohortView> = {};
      for (const v of views) if (v.ok) details[v.data.id] = v.data;
      patch({ details });
    },

    loadCohortList: async () => {
      patch({ list: loading(get().cohorts.list, true) });
      const result = await attempt((api) => api.cohorts());
      patch({ list: settled(get().cohorts.list, result) });
    },

    createCohort: async (body) => {
      const result = await attempt((api) => api.createCohort(body));
      if (result.ok) {
        const { list } = get().cohorts;
        const { id, name, stage, role } = result.data;
        if (list.data) patch({ list: { ...list, data: [...list.data, { id, name, stage, role, displayName: null }] } });
      }
      return result;
    },

    loadCohort: async (cohortId) => {
      const same = get().cohorts.currentId === cohortId;
      patch(
        same
          ? { current: loading(get().cohorts.current, true) }
          : { currentId: cohortId, current: loading(get().cohorts.current, false), members: idle(), attendance: idle() },
      );
      const result = await attempt((api) => api.cohort(cohortId));
      if (get().cohorts.currentId !== cohortId) return;
      patch({ current: settled(get().cohorts.current, result) });
    },

    updateCohort: async (cohortId, body) => {
      const result = await attempt((api) => api.updateCohort(cohortId, body));
      if (result.ok) onCurrent(cohortId, () => result.data);
      return result;
    },

    previewSchedule: (cohortId, spec, zones) => attempt((api) => api.previewSchedule(cohortId, spec, zones)),

    saveSchedule: async (cohortId, body) => {
      const result = await attempt((api) => api.saveSchedule(cohortId, body));
      if (result.ok) {
        onCurrent(cohortId, (c) => ({
          ...c,
          sessions: result.data.sessions,
          manage: c.manage && { ...c.manage, schedule: body.spec, scheduleText: result.data.scheduleText },
        }));
      }
      return result;
    },

    updateSession: async (cohortId, sessionId, body) => {
      const result = await attempt((api) => api.patchSession(cohortId, sessionId, body));
      if (result.ok) onCurrent(cohortId, (c) => ({ ...c, sessions: replaceSession(c.sessions, result.data) }));
      return result;
    },

    saveThemes: async (cohortId, body) => {
      const result = await attempt((api) => api.saveThemes(cohortId, body));
      if (!result.ok) return result;
      onCurrent(cohortId, (c) => ({ ...c, sessions: result.data.sessions }));
      return { ok: true, data: result.data.sessions };
    },

    createInvite: (cohortId, input) => attempt((api) => api.createInvite(cohortId, input)),

    loadMembers: async (cohortId) => {
      if (get().cohorts.currentId !== cohortId) return;
      patch({ members: loading(get().cohorts.members, true) });
      const result = await attempt((api) => api.members(cohortId));
      if (get().cohorts.currentId === cohortId) patch({ members: settled(get().cohorts.members, result) });
    },

    updateMember: async (cohortId, userId, body) => {
      const result = await attempt((api) => api.updateMember(cohortId, userId, body));
      if (result.ok && get().cohorts.currentId === cohortId) {
        // The reply omits the manager-only fields (email…): merge, don't replace.
        const { members } = get().cohorts;
        const data = members.data?.map((m) => (m.userId === userId ? { ...m, ...result.data } : m)) ?? null;
        patch({ members: { ...members, data } });
        // The facilitator list on the cohort view follows role changes.
        void get().loadCohort(cohortId);
      }
      return result;
    },

    removeMember: async (cohortId, userId) => {
      const result = await attempt((api) => api.removeMember(cohortId, userId));
      if (result.ok) dropMember(cohortId, userId);
      return result;
    },

    eraseMember: async (cohortId, userId) => {
      const result = await attempt((api) => api.eraseUser(userId), { NOT_FOUND: 'That account no longer exists.' });
      if (result.ok) dropMember(cohortId, userId);
      return result;
    },

    deleteCohort: async (cohortId) => {
      const result = await attempt((api) => api.deleteCohort(cohortId), { NOT_ALLOWED: 'Only admins can delete a cohort.' });
      if (result.ok) {
        const { list, currentId } = get().cohorts;
        patch({
          list: { ...list, data: list.data?.filter((c) => c.id !== cohortId) ?? null },
          ...(currentId === cohortId ? { currentId: null, current: idle(), members: idle(), attendance: idle() } : {}),
        });
      }
      return result;
    },

    saveAgreement: async (cohortId, text, baseVersion) => {
      const result = await attempt((api) => api.saveAgreement(cohortId, text, baseVersion), {
        CONFLICT: 'Someone else changed the agreement while you were editing. Reload it to see their version, then make your change again.',
      });
      if (result.ok) onCurrent(cohortId, (c) => ({ ...c, agreement: result.data }));
      return result;
    },

    acceptAgreement: async (cohortId, version) => {
      const result = await attempt(async (api) => (await api.acceptAgreement(cohortId, version)).acceptedAgreementVersion, {
        CONFLICT: 'The agreement was updated since this page loaded. Please read the new version.',
      });
      if (result.ok) {
        const { home, details } = get().cohorts;
        const detail = details[cohortId];
        const homeData = home.data && {
          ...home.data,
          cohorts: home.data.cohorts.map((c) => (c.cohort.id === cohortId ? { ...c, agreementPending: false } : c)),
        };
        patch({
          home: { ...home, data: homeData },
          details: detail ? { ...details, [cohortId]: { ...detail, acceptedAgreementVersion: result.data } } : details,
        });
        onCurrent(cohortId, (c) => ({ ...c, acceptedAgreementVersion: result.data }));
      } else if (result.code === 'CONFLICT') {
        void get().loadHome();
      }
      return result;
    },

    loadAttendance: async (cohortId) => {
      if (get().cohorts.currentId !== cohortId) return;
      patch({ attendance: loading(get().cohorts.attendance, true) });
      const result = await attempt((api) => api.attendance(cohortId));
      if (get().cohorts.currentId === cohortId) patch({ attendance: settled(get().cohorts.attendance, result) });
    },

    resetCohorts: () => set({ cohorts: initial() }),
  };
};
