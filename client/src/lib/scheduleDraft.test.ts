import { defaultScheduleDraft, draftFromSpec, specFromDraft } from './scheduleDraft';

describe('schedule builder drafts', () => {
  const base = defaultScheduleDraft('2026-01-01');

  it('the default is monthly on the 2nd Tuesday at 19:00, 8 sessions', () => {
    expect(specFromDraft(base, 'Europe/London')).toEqual({
      ok: true,
      spec: { timeZone: 'Europe/London', startDate: '2026-01-01', time: '19:00', durationMinutes: 90, rule: { freq: 'monthly', byWeekday: 'TU', bySetPos: 2 }, count: 8 },
    });
  });

  it('follows the server’s cross-field rules', () => {
    const weekly = specFromDraft({ ...base, freq: 'weekly', weekday: 'FR', interval: '2' }, 'UTC');
    expect(weekly.ok && weekly.spec.rule).toEqual({ freq: 'weekly', byWeekday: 'FR', interval: 2 });
    const byDate = specFromDraft({ ...base, monthlyBy: 'monthDay', monthDay: '15' }, 'UTC');
    expect(byDate.ok && byDate.spec.rule).toEqual({ freq: 'monthly', byMonthDay: 15 });
    const last = specFromDraft({ ...base, setPos: '-1' }, 'UTC');
    expect(last.ok && last.spec.rule.bySetPos).toBe(-1);
  });

  it('names each wrong field', () => {
    const r = specFromDraft({ ...base, duration: '10', count: '0', time: '7pm', monthlyBy: 'monthDay', monthDay: '32', startDate: '' }, 'UTC');
    expect(r.ok).toBe(false);
    expect(!r.ok && Object.keys(r.errors).sort()).toEqual(['count', 'duration', 'monthDay', 'startDate', 'time']);
  });

  it('reads a saved spec back into the builder', () => {
    const r = specFromDraft({ ...base, monthlyBy: 'monthDay', monthDay: '3' }, 'Asia/Tokyo');
    expect(r.ok && draftFromSpec(r.spec)).toMatchObject({ freq: 'monthly', monthlyBy: 'monthDay', monthDay: '3', interval: '1' });
    expect(draftFromSpec(null)).toBeNull();
    expect(draftFromSpec({ nonsense: true })).toBeNull();
  });
});
