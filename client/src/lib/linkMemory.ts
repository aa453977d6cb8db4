/*
 * What this browser remembers of a person's link choices. Audio only is for one visit:
 * sessionStorage (this tab; a reload inside the circle keeps it), under the circle's id.
 * "Lower my hand when I start speaking" is the person's own setting: localStorage, off until
 * they turn it on. Never throws: storage can be disabled.
 */

const AUDIO_ONLY_KEY = 'hearth.audioOnly';
const LOWER_HAND_KEY = 'hearth.lowerHandWhenSpeaking';

/** The circle this tab receives audio only in, if any. */
export function recallAudioOnly(): string | null {
  try {
    return globalThis.sessionStorage?.getItem(AUDIO_ONLY_KEY) ?? null;
  } catch {
    return null;
  }
}

/** Audio only in `circleId` (null: video again). */
export function rememberAudioOnly(circleId: string | null): void {
  try {
    if (circleId) globalThis.sessionStorage?.setItem(AUDIO_ONLY_KEY, circleId);
    else globalThis.sessionStorage?.removeItem(AUDIO_ONLY_KEY);
  } catch {
    // A convenience only.
  }
}

/** Whether the person turned "Lower my hand when I start speaking" on in this browser. */
export function recallLowerHandWhenSpeaking(): boolean {
  try {
    return globalThis.localStorage?.getItem(LOWER_HAND_KEY) === 'on';
  } catch {
    return false;
  }
}

/** Remembers the setting for their next visits. */
export function rememberLowerHandWhenSpeaking(on: boolean): void {
  try {
    if (on) globalThis.localStorage?.setItem(LOWER_HAND_KEY, 'on');
    else globalThis.localStorage?.removeItem(LOWER_HAND_KEY);
  } catch {
    // A convenience only.
  }
}
