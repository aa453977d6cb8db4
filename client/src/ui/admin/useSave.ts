import { useCallback, useState } from 'react';
import type { ApiResult } from '../../store/accountTypes';

/**
 * The busy / error / saved state every tab's form needs around one store action.
 * `run` ignores presses while busy (buttons use aria-disabled, so they stay pressable).
 */
export function useSave() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const run = useCallback(
    async <T>(action: () => Promise<ApiResult<T>>, done: string | ((data: T) => string)): Promise<ApiResult<T> | null> => {
      if (busy) return null;
      setBusy(true);
      setStatus(null);
      const result = await action();
      setBusy(false);
      if (result.ok) {
        setError(null);
        setStatus(typeof done === 'string' ? done : done(result.data));
      } else {
        setError(result.message);
      }
      return result;
    },
    [busy],
  );

  return { busy, error, status, run, setError, setStatus };
}
