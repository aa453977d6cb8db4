import { Router } from 'express';
import {
  cohortParamsSchema,
  patchSessionBodySchema,
  previewScheduleBodySchema,
  putScheduleBodySchema,
  putThemesBodySchema,
  sessionParamsSchema,
  type PatchSessionBody,
  type SavedSchedule,
  type SchedulePreview,
} from '@hearth/shared';
import { sessionItem, viewerZone } from '../../cohorts/records/views';
import { describeSchedule, expandSchedule } from '../../cohorts/schedule';
import { cancelSession, moveSession, previewInZones, type SessionRecord } from '../../cohorts/sessions';
import { instantMillis } from '../../cohorts/time';
import { DomainError } from '../../errors';
import { requireCohort } from './requireCohort';
import { route } from './route';
import type { Records } from '../../records';

const started = (s: SessionRecord, nowMs: number) => instantMillis(s.startsAt) <= nowMs;

/**
 * Applies a session edit. Pure (it runs inside an atomic store update). A session that
 * has started can no longer be moved or cancelled, and nothing moves into the past;
 * its theme can always be corrected.
 */
function applyEdit(session: SessionRecord, body: PatchSessionBody, nowMs: number): SessionRecord {
  const now = new Date(nowMs).toISOString();
  let next = session;
  if (body.cancelled || body.startsAt !== undefined || body.durationMinutes !== undefined) {
    if (started(session, nowMs)) throw new DomainError('CONFLICT', 'this session has already started');
    if (session.status === 'cancelled') throw new DomainError('CONFLICT', 'this session is cancelled');
  }
  if (body.cancelled) next = cancelSession(next, now);
  if (body.startsAt !== undefined || body.durationMinutes !== undefined) {
    const startsAt = body.startsAt ?? session.startsAt;
    if (instantMillis(startsAt) <= nowMs) throw new DomainError('INVALID_PAYLOAD', 'startsAt must be in the future');
    next = moveSession(next, startsAt, body.durationMinutes, now);
  }
  if (body.theme !== undefined) {
    const theme = body.theme ? body.theme : null;
    // A new title is a change subscribers should pick up: raise SEQUENCE like a move does.
    if (theme !== next.theme) next = { ...next, theme, sequence: next.sequence + 1, updatedAt: now };
  }
  return next;
}

/** The schedule: preview, (re)generate, single-session edits, and every theme at once. */
export function scheduleRoutes(services: Records): Router {
  const router = Router();

  router.post(
    '/cohorts/:id/schedule/preview',
    route({ params: cohortParamsSchema, body: previewScheduleBodySchema }, async ({ auth, params, body }): Promise<SchedulePreview> => {
      await requireCohort(services, auth, params.id, 'manage');
      const { spec } = body;
      const adjusted = expandSchedule(spec).filter((o) => o.adjustment !== 'none');
      return {
        text: describeSchedule(spec),
        rows: previewInZones(spec, body.zones),
        // Sessions whose local time fell in a DST gap or overlap, so the admin can pick another time.
        adjustments: adjusted.map((o) => ({ index: o.index, startsAt: o.startsAt, adjustment: o.adjustment })),
      };
    }),
  );

  router.put(
    '/cohorts/:id/schedule',
    route({ params: cohortParamsSchema, body: putScheduleBodySchema }, async ({ auth, params, body }): Promise<SavedSchedule> => {
      const access = await requireCohort(services, auth, params.id, 'manage');
      const { spec } = body;
      if (spec.timeZone !== access.cohort.timeZone) {
        throw new DomainError('INVALID_PAYLOAD', `spec.timeZone must be the cohort's home zone (${access.cohort.timeZone})`);
      }
      const { sessions } = await services.sessions.regenerate(params.id, spec, body.themes);
      await services.cohorts.setSchedule(params.id, spec);
      const zone = viewerZone(auth.user, access.cohort);
      return { scheduleText: describeSchedule(spec), sessions: sessions.map((s) => sessionItem(s, zone)) };
    }),
  );

  router.put(
    '/cohorts/:id/themes',
    route({ params: cohortParamsSchema, body: putThemesBodySchema }, async ({ auth, params, body }) => {
      const access = await requireCohort(services, auth, params.id, 'manage');
      const nowMs = services.clock();
      const themes = new Map(body.themes.map((t) => [t.sessionId, t.theme]));
      const sessions = await services.sessions.modifyMany(params.id, [...themes.keys()], (s) => applyEdit(s, { theme: themes.get(s.id) ?? null }, nowMs));
      const zone = viewerZone(auth.user, access.cohort);
      return { sessions: [...sessions].sort((a, b) => a.index - b.index).map((s) => sessionItem(s, zone)) };
    }),
  );

  router.patch(
    '/cohorts/:id/sessions/:sessionId',
    route({ params: sessionParamsSchema, body: patchSessionBodySchema }, async ({ auth, params, body }) => {
      const access = await requireCohort(services, auth, params.id, 'manage');
      const nowMs = services.clock();
      const session = await services.sessions.modify(params.id, params.sessionId, (s) => applyEdit(s, body, nowMs));
      return sessionItem(session, viewerZone(auth.user, access.cohort));
    }),
  );

  return router;
}
