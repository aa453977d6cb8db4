import { useState } from 'react';
import { useHearth } from '../../app/context';
import { downloadJson } from '../../lib/download';
import { ActionButton } from '../ActionButton';
import { FormAlert, FormStatus } from '../forms';

/** What Hearth keeps, in plain words, and "Download my data". */
export function MyDataSection() {
  const exportMyData = useHearth((s) => s.exportMyData);
  const retentionDays = useHearth((s) => s.account.attendanceRetentionDays);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const download = async () => {
    if (busy) return;
    setBusy(true);
    setStatus(null);
    const result = await exportMyData();
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    const fileName = `hearth-my-data-${result.data.exportedAt.slice(0, 10)}.json`;
    downloadJson(result.data, fileName);
    setError(null);
    setStatus(`Downloaded ${fileName}.`);
  };

  return (
    <section className="card" aria-labelledby="my-data-title">
      <h2 id="my-data-title">Your data</h2>
      <p>Hearth records no audio or video, and keeps nothing said in a circle. It keeps:</p>
      <ul className="kept-list">
        <li>your account: name, email, time zone, and your password (only as a hash);</li>
        <li>your cohorts, your role and the name you use in each, and when you accepted each group agreement;</li>
        <li>which sessions you joined, and when: deleted {retentionDays === null ? 'after a set time' : `${retentionDays} days after the session`};</li>
        <li>the browsers signed in as you (for 30 days after their last use), your calendar link, and circles you started.</li>
      </ul>
      <p className="soft">The download is a JSON file with all of it. It leaves out working secrets such as your calendar link.</p>
      <FormAlert message={error} />
      <ActionButton className="secondary" disabled={busy} onClick={() => void download()}>
        {busy ? 'Preparing your data…' : 'Download my data'}
      </ActionButton>
      <FormStatus message={status} />
    </section>
  );
}
