import type { ReactionKind } from '@hearth/shared';

/*
 * Keyboard shortcuts, as a pure mapping from a key press to an intent. The Room binds it to
 * `keydown`; whether the intent is possible right now (e.g. Pass when it is not your turn)
 * is decided there, from the same state the buttons use.
 */

/** What a shortcut asks for. */
export type ShortcutAction =
  | { type: 'toggleHand' }
  | { type: 'pass' }
  | { type: 'finishTurn' }
  | { type: 'reply' }
  | { type: 'toggleMic' }
  | { type: 'toggleCamera' }
  | { type: 'toggleMoment' }
  | { type: 'react'; kind: ReactionKind }
  | { type: 'help' };

/** The parts of a KeyboardEvent the mapping needs (plain objects in tests). */
export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  repeat?: boolean;
  /** Whether the focus is somewhere people type: see {@link isTypingTarget}. */
  typing?: boolean;
}

const LETTERS: Readonly<Record<string, ShortcutAction>> = {
  h: { type: 'toggleHand' },
  p: { type: 'pass' },
  f: { type: 'finishTurn' },
  r: { type: 'reply' },
  m: { type: 'toggleMic' },
  v: { type: 'toggleCamera' },
  n: { type: 'toggleMoment' },
};

const DIGITS: Readonly<Record<string, ReactionKind>> = { '1': 'meToo', '2': 'resonates', '3': 'thankYou', '4': 'heart' };

/**
 * The shortcut for a key press, or null. Ignored while typing, with Ctrl/Cmd/Alt (those
 * belong to the browser and assistive technology) and on auto-repeat (holding H must not
 * flicker a hand up and down).
 */
export function shortcutFor(press: KeyPress): ShortcutAction | null {
  if (press.typing || press.ctrlKey || press.metaKey || press.altKey || press.repeat) return null;
  if (press.key === '?') return { type: 'help' };
  const digit = DIGITS[press.key];
  if (digit) return { type: 'react', kind: digit };
  return LETTERS[press.key.toLowerCase()] ?? null;
}

/** Duck-typed view of an event target, so the check works without a DOM. */
interface TargetLike {
  tagName?: string;
  isContentEditable?: boolean;
  type?: string;
}

/** Text-entry input types; a checkbox or radio with focus is not "typing". */
const TEXT_INPUTS = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date', 'time']);

/** True when keys pressed on `target` are text for it, not commands for Hearth. */
export function isTypingTarget(target: unknown): boolean {
  if (!target || typeof target !== 'object') return false;
  const t = target as TargetLike;
  if (t.isContentEditable) return true;
  const tag = (t.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && TEXT_INPUTS.has((t.type ?? 'text').toLowerCase());
}

/** The list shown in the shortcuts help dialog. */
export const SHORTCUT_HELP: ReadonlyArray<{ keys: string; does: string }> = [
  { keys: 'H', does: 'Raise or lower your hand' },
  { keys: 'P', does: 'Pass your turn' },
  { keys: 'F', does: 'Finish your turn' },
  { keys: 'R', does: 'Reply to the speaker (when replies are on)' },
  { keys: 'M', does: 'Mute or unmute your microphone' },
  { keys: 'V', does: 'Turn your camera off or on' },
  { keys: 'N', does: 'I need a moment (press again to withdraw)' },
  { keys: '1', does: 'React: Me too' },
  { keys: '2', does: 'React: Resonates' },
  { keys: '3', does: 'React: Thank you' },
  { keys: '4', does: 'React: Heart' },
  { keys: '?', does: 'Show these shortcuts' },
];
