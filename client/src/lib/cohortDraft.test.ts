import { cohortView } from '../test/apiViews';
import { changedFields, draftOf, draftToBody, newCohortDraft } from './cohortDraft';

describe('cohort drafts', () => {
  it('a new cohort starts at the server defaults', () => {
    const r = draftToBody({ ...newCohortDraft('Europe/London'), name: '  Spring 2026 ' });
    expect(r).toEqual({
      ok: true,
      body: { name: 'Spring 2026', description: '', stage: '', capacity: 12, timeZone: 'Europe/London', lobbyEnabled: true, openBeforeMinutes: 10, graceMinutes: 15 },
    });
  });

  it('checks the same bounds as the server', () => {
    const r = draftToBody({ ...newCohortDraft('UTC'), name: ' ', capacity: '1', openBeforeMinutes: '61', graceMinutes: 'x' });
    expect(!r.ok && Object.keys(r.errors).sort()).toEqual(['capacity', 'graceMinutes', 'name', 'openBeforeMinutes']);
  });

  it('sends only what changed', () => {
    const saved = draftToBody(draftOf(cohortView()));
    const next = draftToBody({ ...draftOf(cohortView()), capacity: '14' });
    expect(saved.ok && next.ok && changedFields(next.body, saved.body)).toEqual({ capacity: 14 });
  });
});
