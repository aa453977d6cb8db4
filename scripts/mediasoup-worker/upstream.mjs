/** mediasoup's own postinstall (the prebuilt download from GitHub), run as upstream ships it. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import process from 'node:process';
import { githubReachable } from '../lib/net.mjs';
import { run } from '../lib/process.mjs';

/**
 * Runs `<mediasoup>/npm-scripts.mjs postinstall` when github.com answers; resolves true
 * when it ran (whatever its outcome: the caller checks the binary), false when skipped.
 */
export async function tryUpstreamPostinstall(ms, { log, warn }) {
	const script = path.join(ms.dir, 'npm-scripts.mjs');

	if (!fs.existsSync(script)) {
		warn(`${script} not found; skipping mediasoup's own postinstall`);

		return false;
	}

	log('probing github.com:443 (5 s) to see if the upstream prebuilt download can work...');

	if (!(await githubReachable(5000))) {
		log('github.com is not reachable: skipping the upstream download, building locally');

		return false;
	}

	const timeoutS = Number(process.env.HEARTH_MEDIASOUP_UPSTREAM_TIMEOUT) || 900;

	log(`github.com reachable: running mediasoup's own postinstall (timeout ${timeoutS}s)`);

	// mediasoup's postinstall does nothing when MEDIASOUP_WORKER_BIN is set.
	const env = { ...process.env };
	delete env.MEDIASOUP_WORKER_BIN;

	const res = await run(process.execPath, [script, 'postinstall'], {
		cwd: ms.dir,
		env,
		timeoutMs: timeoutS * 1000,
	});

	if (res.timedOut) warn(`mediasoup's postinstall timed out after ${timeoutS}s`);
	else if (res.status !== 0) warn(`mediasoup's postinstall failed (exit status ${res.status})`);

	return true;
}
