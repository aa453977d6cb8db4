/**
 * The JSON text each value was last written as by a store's `fencedSet`, by identity. A
 * single writer (a circle's home) passes back as `expected` the very object it wrote last, so
 * the check compares against the text it was written as instead of serialising the whole
 * record a second time on every write. A value changed after it was written still compares
 * as what was written, which is what the store holds.
 */
export class WrittenJson {
  private readonly texts = new WeakMap<object, string>();

  /** The text `value` was written as, else `encode(value)`. */
  of(value: unknown, encode: (value: unknown) => string): string {
    const known = typeof value === 'object' && value !== null ? this.texts.get(value) : undefined;
    return known ?? encode(value);
  }

  /** Notes that `value` was written as `json`. */
  remember(value: unknown, json: string): void {
    if (typeof value === 'object' && value !== null) this.texts.set(value, json);
  }
}
