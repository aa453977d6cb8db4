import type { CohortView, UpdateCohortBody } from '@hearth/shared';

/** The cohort settings form as typed: numbers stay strings until submitted. */
export interface CohortDraft {
  name: string;
  description: string;
  stage: string;
  capacity: string;
  timeZone: string;
  lobbyEnabled: boolean;
  openBeforeMinutes: string;
  graceMinutes: string;
}

/** Fields of {@link CohortDraft} that can be wrong. */
export type CohortDraftErrors = Partial<Record<'name' | 'capacity' | 'openBeforeMinutes' | 'graceMinutes', string>>;

/** A new cohort's starting values (the server's defaults), in `timeZone`. */
export function newCohortDraft(timeZone: string): CohortDraft {
  return { name: '', description: '', stage: '', capacity: '12', timeZone, lobbyEnabled: true, openBeforeMinutes: '10', graceMinutes: '15' };
}

/** The draft of an existing cohort's settings. */
export function draftOf(c: CohortView): CohortDraft {
  return {
    name: c.name,
    description: c.description,
    stage: c.stage,
    capacity: String(c.capacity),
    timeZone: c.timeZone,
    lobbyEnabled: c.lobbyEnabled,
    openBeforeMinutes: String(c.openBeforeMinutes),
    graceMinutes: String(c.graceMinutes),
  };
}

function whole(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= min && n <= max ? n : null;
}

/**
 * Checks a draft against the same bounds as the server's schema and builds the body.
 * Checking here lets each field say what is wrong in words, before any request.
 */
export function draftToBody(d: CohortDraft): { ok: true; body: Required<Omit<UpdateCohortBody, 'crisisResources' | 'circleDefaults'>> } | { ok: false; errors: CohortDraftErrors } {
  const errors: CohortDraftErrors = {};
  const name = d.name.trim();
  if (!name) errors.name = 'Please give the cohort a name.';
  else if (name.length > 80) errors.name = 'Please keep the name under 80 characters.';
  const capacity = whole(d.capacity, 2, 50);
  if (capacity === null) errors.capacity = 'Capacity must be a whole number from 2 to 50.';
  const openBeforeMinutes = whole(d.openBeforeMinutes, 0, 60);
  if (openBeforeMinutes === null) errors.openBeforeMinutes = 'Enter a number of minutes from 0 to 60.';
  const graceMinutes = whole(d.graceMinutes, 0, 120);
  if (graceMinutes === null) errors.graceMinutes = 'Enter a number of minutes from 0 to 120.';
  if (Object.keys(errors).length > 0 || capacity === null || openBeforeMinutes === null || graceMinutes === null) return { ok: false, errors };
  return {
    ok: true,
    body: {
      name,
      description: d.description.trim(),
      stage: d.stage.trim(),
      capacity,
      timeZone: d.timeZone,
      lobbyEnabled: d.lobbyEnabled,
      openBeforeMinutes,
      graceMinutes,
    },
  };
}

/** Only the fields that differ from the saved cohort (PATCH sends changes only). */
export function changedFields<T extends object>(next: T, saved: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(next) as (keyof T)[]) if (next[key] !== saved[key]) out[key] = next[key];
  return out;
}
