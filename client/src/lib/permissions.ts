import type { CohortView } from '@hearth/shared';
import { COHORT_TABS, type CohortTab } from './route';

/** The label of each cohort tab. */
export const TAB_LABEL: Record<CohortTab, string> = {
  details: 'Details',
  schedule: 'Schedule',
  sessions: 'Sessions',
  invites: 'Invites',
  people: 'Members & facilitators',
  agreement: 'Agreement',
  crisis: 'Crisis resources',
  attendance: 'Attendance',
};

/** Tabs a member (not a manager) sees: read-only views; the server refuses the rest. */
const MEMBER_TABS: readonly CohortTab[] = ['details', 'sessions', 'people', 'agreement'];

/**
 * Whether I manage this cohort. The server decides (admins and the cohort's facilitators
 * may; it answers 403 otherwise); the page only hides controls that would be refused.
 */
export function canManage(role: CohortView['role']): boolean {
  return role === 'admin' || role === 'facilitator';
}

/** The tabs to offer for my role in the cohort. */
export function cohortTabsFor(role: CohortView['role']): readonly CohortTab[] {
  return canManage(role) ? COHORT_TABS : MEMBER_TABS;
}
