import { useEffect, useState } from 'react';
import type { ScheduleSpecInput } from '@hearth/shared';
import { useHearth } from '../../app/context';
import type { SchedulePreview } from '@hearth/shared';

/** Wait this long after the last keystroke before asking the server for a preview. */
const DEBOUNCE_MS = 350;

/** The live preview's state. */
export interface PreviewState {
  loading: boolean;
  data: SchedulePreview | null;
  error: string | null;
}

/**
 * The server's preview of `spec` in the cohort's zone and `zones`, refreshed (debounced)
 * as the builder changes. The server expands schedules itself, so the preview is exactly
 * what "Save schedule" will create. A null spec (a field is wrong) keeps the last preview.
 */
export function useSchedulePreview(cohortId: string, spec: ScheduleSpecInput | null, zones: readonly string[]): PreviewState {
  const preview = useHearth((s) => s.previewSchedule);
  const [state, setState] = useState<PreviewState>({ loading: false, data: null, error: null });
  // A string key: a new spec object with the same content must not re-query.
  const key = spec ? JSON.stringify({ spec, zones }) : null;

  useEffect(() => {
    if (key === null) return;
    const { spec: s, zones: z } = JSON.parse(key) as { spec: ScheduleSpecInput; zones: string[] };
    let live = true;
    setState((prev) => ({ ...prev, loading: true }));
    const timer = window.setTimeout(() => {
      void preview(cohortId, s, z).then((result) => {
        if (!live) return;
        setState(result.ok ? { loading: false, data: result.data, error: null } : { loading: false, data: null, error: result.message });
      });
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [key, cohortId, preview]);

  return state;
}
