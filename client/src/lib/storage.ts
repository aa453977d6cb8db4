const NAME_KEY = 'hearth.displayName';

/** The name typed last time, so returning members don't retype it. Never throws. */
export function loadDisplayName(): string {
  try {
    return globalThis.localStorage?.getItem(NAME_KEY) ?? '';
  } catch {
    // Storage can be disabled (privacy modes); the field just starts empty.
    return '';
  }
}

/** Remembers the name for next time. Never throws. */
export function saveDisplayName(name: string): void {
  try {
    globalThis.localStorage?.setItem(NAME_KEY, name);
  } catch {
    // Nothing to do: remembering the name is a convenience only.
  }
}
