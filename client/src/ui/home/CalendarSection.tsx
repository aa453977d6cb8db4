import { webcalUrl } from '../../lib/links';
import { CopyField } from '../forms';

/** "Add to calendar": one subscription for all my cohorts' sessions, kept up to date by the calendar app. */
export function CalendarSection({ icalUrl }: { icalUrl: string }) {
  return (
    <section className="card" aria-labelledby="calendar-title">
      <h2 id="calendar-title">Add to calendar</h2>
      <p className="soft">Subscribe once: your sessions appear in your calendar, and moved or cancelled sessions update by themselves.</p>
      <p>
        <a className="button primary" href={webcalUrl(icalUrl)}>
          Add to calendar
        </a>
      </p>
      <CopyField label="Calendar link" value={icalUrl} copyLabel="Copy calendar link" />
      <p className="field-hint">Keep this link to yourself: anyone who has it can see when your sessions are.</p>
    </section>
  );
}
