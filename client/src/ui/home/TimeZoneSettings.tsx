import { useState, type FormEvent } from 'react';
import { useHearth } from '../../app/context';
import { browserTimeZone, zoneLabel } from '../../lib/zones';
import { FormAlert, FormStatus, TimeZoneSelect } from '../forms';

/**
 * My time zone, used for every time Hearth shows me. Starts at the saved zone, else at
 * this device's zone; saving it also changes what the server formats for me.
 */
export function TimeZoneSettings({ title = 'Settings' }: { title?: string }) {
  const me = useHearth((s) => s.account.me);
  const updateMe = useHearth((s) => s.updateMe);
  const loadHome = useHearth((s) => s.loadHome);
  const device = browserTimeZone();
  const [zone, setZone] = useState(me?.timeZone ?? device);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setStatus(null);
    const result = await updateMe({ timeZone: zone });
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setError(null);
    setStatus(`Saved. Times are now shown in ${zoneLabel(zone)} time.`);
    void loadHome();
  };

  const saved = me?.timeZone ?? null;
  return (
    <section className="card" aria-labelledby="settings-title">
      <h2 id="settings-title">{title}</h2>
      <form onSubmit={(e) => void save(e)} className="stack">
        <TimeZoneSelect
          label="Your time zone"
          value={zone}
          onChange={setZone}
          hint={saved ? `Saved: ${zoneLabel(saved)}.` : `Not saved yet: showing this device's zone (${zoneLabel(device)}).`}
        />
        <FormAlert message={error} />
        <button type="submit" className="secondary" aria-disabled={busy || undefined}>
          Save time zone
        </button>
        <FormStatus message={status} />
      </form>
    </section>
  );
}
