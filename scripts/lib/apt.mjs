/**
 * Installing Debian packages from the set-up scripts (as root, where apt-get exists): waits
 * for another apt/dpkg run instead of failing at once, and on a failed install (typically
 * stale package lists in a fresh container) runs apt-get update and retries once.
 */
import process from 'node:process';
import { fail } from './log.mjs';
import { run, runOrFail, which } from './process.mjs';

/** How long apt-get waits for a dpkg lock another apt run holds. */
const APT_LOCK_TIMEOUT_S = 600;

/** True when this process may install packages itself: root, with apt-get on PATH. */
export function canUseApt() {
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

	return isRoot && which('apt-get') !== null;
}

/**
 * `apt-get install -y <pkgs>`; throws a SetupError if it still fails after an update.
 * `quiet` passes -qq; `recommends: false` passes --no-install-recommends.
 */
export async function aptInstall(pkgs, { log = () => {}, quiet = false, recommends = true } = {}) {
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const lockOpt = ['-o', `DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT_S}`];
	const flags = [...(quiet ? ['-qq'] : []), ...(recommends ? [] : ['--no-install-recommends'])];
	const installArgs = [...lockOpt, 'install', '-y', ...flags, ...pkgs];

	log(`apt-get install ${pkgs.join(' ')}`);

	const first = await run('apt-get', installArgs, { env });

	if (first.status === 0) return;
	if (first.error) fail(`apt-get install: could not run apt-get: ${first.error.message}`);

	log('apt-get install failed; running apt-get update and retrying');
	await runOrFail('apt-get update', 'apt-get', [...lockOpt, 'update', ...(quiet ? ['-qq'] : [])], { env });
	await runOrFail(`apt-get install ${pkgs.join(' ')}`, 'apt-get', installArgs, { env });
}
