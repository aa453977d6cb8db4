import { useEffect, useState, type FormEvent } from 'react';
import type { CohortView } from '@hearth/shared';
import { useHearth } from '../../app/context';
import { FormAlert, FormStatus, TextField } from '../forms';
import { useSave } from './useSave';

function themesOf(cohort: CohortView): Record<string, string> {
  return Object.fromEntries(cohort.sessions.map((s) => [s.id, s.theme ?? '']));
}

/** Every session's theme on one screen, saved together (one request, all or nothing). */
export function ThemesForm({ cohort }: { cohort: CohortView }) {
  const saveThemes = useHearth((s) => s.saveThemes);
  const [themes, setThemes] = useState<Record<string, string>>(() => themesOf(cohort));
  const save = useSave();
  // A save (ours or someone else's) changes the saved themes: start from them again. A mere
  // refresh of the page's data (same themes) must not wipe what is being typed.
  const savedKey = JSON.stringify(themesOf(cohort));
  useEffect(() => setThemes(JSON.parse(savedKey) as Record<string, string>), [savedKey]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const changed = cohort.sessions.filter((s) => (themes[s.id] ?? '').trim() !== (s.theme ?? ''));
    if (changed.length === 0) {
      save.setError(null);
      save.setStatus('Nothing has changed.');
      return;
    }
    await save.run(
      () => saveThemes(cohort.id, { themes: changed.map((s) => ({ sessionId: s.id, theme: (themes[s.id] ?? '').trim() || null })) }),
      `Themes saved (${changed.length} changed).`,
    );
  };

  return (
    <form className="stack themes-form" onSubmit={(e) => void submit(e)} aria-labelledby="themes-title" data-testid="themes-form">
      <h3 id="themes-title">Themes</h3>
      <p className="soft">One theme per session, shown to members with the session. Leave a session blank for none.</p>
      <ol className="themes-list">
        {cohort.sessions.map((s) => (
          <li key={s.id}>
            <TextField
              label={`Theme for session ${s.index + 1}`}
              value={themes[s.id] ?? ''}
              onChange={(v) => setThemes((t) => ({ ...t, [s.id]: v }))}
              maxLength={120}
              placeholder="e.g. Boundaries"
            />
          </li>
        ))}
      </ol>
      <FormAlert message={save.error} />
      <button type="submit" className="primary" aria-disabled={save.busy || undefined}>
        Save all themes
      </button>
      <FormStatus message={save.status} />
    </form>
  );
}
