import type { DeviceProblem, LocalMediaOutcome } from '../store/types';

/** Why a device is unavailable, phrased to finish "…because ___". */
export function problemReason(problem: DeviceProblem): string {
  switch (problem) {
    case 'denied':
      return "permission was denied (you can allow it in your browser's site settings, then reload)";
    case 'not-found':
      return 'none was found';
    case 'in-use':
      return 'another app is using it';
    case 'insecure':
      return 'this page is not served over a secure (https) connection';
    case 'unsupported':
      return "this browser doesn't support it";
    case 'unknown':
      return 'something went wrong';
  }
}

/**
 * What to tell someone after asking for camera and microphone, or null if both work.
 * Always says what they *can* do: in a support circle, joining to listen is welcome.
 */
export function mediaOutcomeMessage(o: LocalMediaOutcome): string | null {
  if (o.mic && o.camera) return null;
  if (o.mic) {
    return `We couldn't use your camera because ${problemReason(o.cameraProblem ?? 'unknown')}. You can join with your microphone only — others will see your initials.`;
  }
  if (o.camera) {
    return `We couldn't use your microphone because ${problemReason(o.micProblem ?? 'unknown')}. You can join with your camera only — others will see you as muted.`;
  }
  const problem = o.cameraProblem ?? o.micProblem ?? 'unknown';
  return `We couldn't use your camera or microphone because ${problemReason(problem)}. You can still join to listen and watch — sitting quietly is welcome here.`;
}

/** Error text when turning the camera back on fails. */
export function cameraStartMessage(problem: DeviceProblem): string {
  return `Couldn't start your camera because ${problemReason(problem)}.`;
}
