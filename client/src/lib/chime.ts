/*
 * A soft two-note chime for facilitators (someone knocks, someone needs a moment), made
 * with the Web Audio API: no sound file to fetch, quiet, short, and off unless chosen.
 */

const SOUND_KEY = 'hearth.facilitatorSound';

/** Whether the facilitator chose the soft sound (remembered on this device). Never throws. */
export function loadChimeChoice(): boolean {
  try {
    return globalThis.localStorage?.getItem(SOUND_KEY) === 'on';
  } catch {
    return false;
  }
}

/** Remembers the choice. Never throws. */
export function saveChimeChoice(on: boolean): void {
  try {
    globalThis.localStorage?.setItem(SOUND_KEY, on ? 'on' : 'off');
  } catch {
    // A convenience only.
  }
}

let context: AudioContext | null = null;

/** Plays the chime (best effort: a browser without audio, or one that blocks it, stays silent). */
export function playChime(): void {
  try {
    const Ctor = globalThis.AudioContext;
    if (!Ctor) return;
    context ??= new Ctor();
    const ctx = context;
    const start = ctx.currentTime + 0.01;
    [660, 880].forEach((hz, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = hz;
      const at = start + i * 0.18;
      gain.gain.setValueAtTime(0, at);
      gain.gain.linearRampToValueAtTime(0.06, at + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.5);
      osc.connect(gain).connect(ctx.destination);
      osc.start(at);
      osc.stop(at + 0.55);
    });
  } catch {
    // Sound is a courtesy; the badge says the same.
  }
}

const listeners = new Set<() => void>();
let choice: boolean | null = null;

/** The current choice, for `useSyncExternalStore`. */
export function chimeChoice(): boolean {
  choice ??= loadChimeChoice();
  return choice;
}

/** Changes the choice everywhere on the page (the panel's switch and the room's signals). */
export function setChimeChoice(on: boolean): void {
  choice = on;
  saveChimeChoice(on);
  for (const l of listeners) l();
}

/** Subscribes to changes of the choice. */
export function onChimeChoice(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
