/**
 * The offline build of mediasoup-worker against Debian's libraries
 * (docs/mediasoup-worker-offline.md): prerequisites, meson, sources, compile.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import process from 'node:process';
import { fail } from '../lib/log.mjs';
import { isExecutableFile } from '../lib/process.mjs';
import { ensureMeson, mesonBuild } from './meson.mjs';
import { probeWorker } from './package.mjs';
import { ensureAptPrerequisites } from './prerequisites.mjs';
import { patchSources, prepareSources, recipeFingerprint } from './sources.mjs';

function formatDuration(ms) {
	const s = Math.round(ms / 1000);

	return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** Builds the worker in `cacheDir`'s build area; resolves with the path of a binary that runs. */
export async function localBuild(ms, cacheDir, { log, warn }) {
	if (process.platform !== 'linux') {
		fail(
			`the offline local build is only set up for Debian/Linux (this is ${process.platform}); ` +
				'set MEDIASOUP_WORKER_BIN to a mediasoup-worker binary instead'
		);
	}

	const started = Date.now();

	log('phase 1/4: checking build prerequisites');
	await ensureAptPrerequisites({ log });

	log('phase 2/4: getting meson');
	const meson = await ensureMeson(cacheDir, { log });

	log('phase 3/4: preparing sources');
	const buildArea = path.join(cacheDir, `mediasoup-worker-build-${ms.version}`);
	const stampFile = path.join(buildArea, 'hearth-build-stamp.json');
	const fingerprint = recipeFingerprint(ms);
	let worker = path.join(buildArea, 'worker');
	let reuse = false;

	try {
		reuse = JSON.parse(fs.readFileSync(stampFile, 'utf8')).fingerprint === fingerprint;
	} catch {
		reuse = false;
	}

	if (reuse && fs.existsSync(path.join(worker, 'meson.build'))) {
		// Sources and shims unchanged since an earlier (maybe interrupted) run:
		// keep them so ninja only rebuilds what is missing.
		log(`reusing prepared sources in ${worker}`);
		patchSources(ms, worker, { log });
	} else {
		worker = prepareSources(ms, buildArea, { log });
		fs.writeFileSync(stampFile, JSON.stringify({ fingerprint, version: ms.version }, null, 2));
	}

	log('phase 4/4: configuring and compiling (this takes a few minutes)');
	const built = await mesonBuild(meson, worker, { log, warn });

	if (!isExecutableFile(built)) fail(`the build finished but ${built} is missing`);

	const probe = probeWorker(built);

	if (!probe.ok) fail(`the freshly built ${built} does not run (${probe.why})`);

	log(`local build finished in ${formatDuration(Date.now() - started)}`);

	return built;
}
