import type { DeviceProblem } from '../store/types';

/** A camera/microphone failure with its classified {@link DeviceProblem}. */
export class DeviceError extends Error {
  override readonly name = 'DeviceError';
  constructor(
    readonly problem: DeviceProblem,
    message = `media device unavailable: ${problem}`,
  ) {
    super(message);
  }
}

/**
 * Maps a getUserMedia rejection to a {@link DeviceProblem}. Browsers disagree on names
 * (Chrome's legacy `PermissionDeniedError`, Firefox's `SecurityError`), hence the lists.
 */
export function classifyMediaError(err: unknown): DeviceProblem {
  if (err instanceof DeviceError) return err.problem;
  const name = (err as { name?: unknown } | null)?.name;
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'not-found';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'in-use';
    case 'TypeError':
    case 'NotSupportedError':
      return 'unsupported';
    default:
      return 'unknown';
  }
}

/** Reads the problem from anything thrown, if it is a device failure. */
export function deviceProblemOf(err: unknown): DeviceProblem | null {
  return err instanceof DeviceError ? err.problem : null;
}
