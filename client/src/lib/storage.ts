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

/** Forgets the remembered name (the account is deleted: nothing of theirs stays in this browser). Never throws. */
export function forgetDisplayName(): void {
  try {
    globalThis.localStorage?.removeItem(NAME_KEY);
  } catch {
    // Storage disabled: there is nothing stored either.
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
