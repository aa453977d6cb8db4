/**
 * Hearth's changes to mediasoup's worker sources, as patch files in
 * scripts/mediasoup-offline/patches/ (applied in name order with `patch -p1` in worker/).
 * A patch already applied (a reused build area) is left alone; one that applies neither
 * way means this mediasoup version changed the code and the patch must be looked at again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fail } from '../lib/log.mjs';
import { capture } from '../lib/process.mjs';

/** The patch files, in the order they apply. */
export function listPatches(patchDir) {
	if (!fs.existsSync(patchDir)) return [];

	return fs
		.readdirSync(patchDir)
		.filter(name => name.endsWith('.patch'))
		.sort()
		.map(name => path.join(patchDir, name));
}

/** Applies every patch of `patchDir` to the worker sources in `workerDir`. */
export function applyPatches(workerDir, patchDir, { log, mediasoupVersion }) {
	for (const file of listPatches(patchDir)) {
		const name = path.basename(file);
		// --force, not --batch: with --batch, patch takes an unapplied patch for a reversed
		// one and the "already applied" test below would pass on pristine sources.
		const patch = args => capture('patch', ['-p1', '--force', '--silent', '-i', file, ...args], { cwd: workerDir });

		if (patch(['--dry-run', '--reverse']).ok) {
			log(`patch ${name} already applied`);
			continue;
		}

		const dryRun = patch(['--dry-run', '--forward']);

		if (!dryRun.ok) {
			fail(
				`cannot apply ${name} to mediasoup ${mediasoupVersion}'s worker sources:\n` +
					`${(dryRun.stdout + dryRun.stderr).trim()}\n` +
					'This mediasoup version changed the patched code; check whether it still needs the change ' +
					'(docs/mediasoup-worker-offline.md) and update or remove the patch.'
			);
		}

		const applied = patch(['--forward']);

		if (!applied.ok) fail(`patch ${name} failed: ${(applied.stdout + applied.stderr).trim()}`);

		log(`applied ${name}`);
	}
}
