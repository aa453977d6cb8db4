/**
 * Prefixed console output for the set-up scripts, and the error they throw for a failure
 * the user can act on (its message is printed as is, without a stack).
 */

/** A failure with a message meant for the person running the script. */
export class SetupError extends Error {}

/** Throws a {@link SetupError}. */
export function fail(msg) {
	throw new SetupError(msg);
}

/** `log`/`warn` functions that put `prefix` (e.g. `[hearth]`) before every line. */
export function prefixed(prefix) {
	return {
		log: msg => console.log(`${prefix} ${msg}`),
		warn: msg => console.warn(`${prefix} WARNING: ${msg}`),
	};
}
