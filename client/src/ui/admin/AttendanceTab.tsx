import { useEffect } from 'react';
import type { CohortView } from '@hearth/shared';
import { useHearth } from '../../app/context';
import { formatShort } from '../../lib/zones';

/** Attendance: one row per session, with who joined its circle. */
export function AttendanceTab({ cohort }: { cohort: CohortView }) {
  const attendance = useHearth((s) => s.cohorts.attendance);
  const load = useHearth((s) => s.loadAttendance);
  useEffect(() => {
    void load(cohort.id);
  }, [cohort.id, load]);

  const rows = attendance.data ?? [];
  const now = Date.now();
  return (
    <section aria-labelledby="attendance-title">
      <h2 id="attendance-title">Attendance</h2>
      {attendance.status === 'loading' && !attendance.data ? (
        <p className="waiting" role="status">
          Loading attendance…
        </p>
      ) : null}
      {attendance.error ? (
        <p className="form-alert" role="alert">
          {attendance.error}
        </p>
      ) : null}
      {attendance.data && rows.length === 0 ? <p className="soft">No sessions yet.</p> : null}
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table className="data-table">
            <caption className="sr-only">Who joined each session ({cohort.memberCount} members)</caption>
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">Date ({cohort.viewerTimeZone.replace(/_/g, ' ')})</th>
                <th scope="col">Attended</th>
                <th scope="col">Who</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const future = Date.parse(r.startsAt) > now;
                return (
                  <tr key={r.sessionId} className={r.status === 'cancelled' ? 'row-muted' : undefined}>
                    <th scope="row">{r.index + 1}</th>
                    <td>{formatShort(r.startsAt, cohort.viewerTimeZone)}</td>
                    <td>{r.status === 'cancelled' ? 'Cancelled' : future ? 'Not yet' : r.attendees.length}</td>
                    <td>{r.attendees.map((a) => a.displayName).join(', ') || (future || r.status === 'cancelled' ? '' : 'Nobody')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
