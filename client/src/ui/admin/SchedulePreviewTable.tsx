import type { SchedulePreview } from '@hearth/shared';
import { zoneCity } from '../../lib/zones';
import type { PreviewState } from './useSchedulePreview';

const SHIFT = { '-1': ' (day before)', '1': ' (next day)' } as Record<string, string>;
const ADJUSTMENT: Record<string, string> = {
  'gap-shifted': "that time doesn't exist on the day the clocks go forward, so it starts an hour later",
  'ambiguous-earlier': 'that time happens twice when the clocks go back; the first one is used',
};

function Cell({ t }: { t: SchedulePreview['rows'][number]['cohort'] }) {
  return (
    <td>
      {t.local}
      {t.dayShift !== 0 ? <strong className="day-shift">{SHIFT[String(t.dayShift)] ?? ` (${t.dayShift > 0 ? '+' : ''}${t.dayShift} days)`}</strong> : null}
    </td>
  );
}

/**
 * The schedule preview: every session in the cohort's zone and the two compared zones,
 * flagging dates that fall on another day there, and DST adjustments.
 */
export function SchedulePreviewTable({ state, cohortZone, zones }: { state: PreviewState; cohortZone: string; zones: readonly string[] }) {
  const { data, error, loading } = state;
  return (
    <section className="preview" aria-labelledby="preview-title" aria-busy={loading || undefined}>
      <h3 id="preview-title">Preview</h3>
      <p className="soft" role="status">
        {loading ? 'Updating the preview…' : data ? data.text : ''}
      </p>
      {error ? (
        <p className="form-alert" role="alert">
          {error}
        </p>
      ) : null}
      {data ? (
        <div className="table-wrap">
          <table className="data-table">
            <caption className="sr-only">Each session's date and time in three time zones</caption>
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">{zoneCity(cohortZone)} (cohort)</th>
                {zones.map((z) => (
                  <th scope="col" key={z}>
                    {zoneCity(z)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.rows.map((row) => (
                <tr key={row.index}>
                  <th scope="row">{row.index + 1}</th>
                  <Cell t={row.cohort} />
                  {row.zones.map((t) => (
                    <Cell key={t.timeZone} t={t} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {data && data.adjustments.length > 0 ? (
        <ul className="note-warn adjustments">
          {data.adjustments.map((a) => (
            <li key={a.index}>
              Session {a.index + 1}: {ADJUSTMENT[a.adjustment] ?? 'its time was adjusted for a daylight-saving change'}.
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
