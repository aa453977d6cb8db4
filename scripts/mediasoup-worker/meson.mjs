/** Configuring and compiling the worker with meson, every subproject a local shim. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensurePipTool } from '../lib/pip-venv.mjs';
import { run, runOrFail } from '../lib/process.mjs';

const MIN_MESON = [1, 1, 0]; // worker/meson.build: meson_version >= 1.1.0

/** meson >= 1.1 (Debian 12 has 1.0.1): from PATH if new enough, else a venv in the cache. */
export function ensureMeson(cacheDir, { log }) {
	return ensurePipTool({
		tool: 'meson',
		min: MIN_MESON,
		venvDir: path.join(cacheDir, 'meson-venv'),
		log,
		hint: "needed by mediasoup's worker/meson.build; Debian 12's meson is too old",
	});
}

/** Configures (or reconfigures) and compiles `worker`; resolves with the built binary's path. */
export async function mesonBuild(meson, worker, { log, warn }) {
	const installDir = path.join(worker, 'out', 'Release');
	const buildDir = path.join(installDir, 'build');
	const jobs = String(Math.max(1, os.availableParallelism?.() ?? os.cpus().length));
	const setupArgs = [
		'setup',
		'--prefix',
		installDir,
		'--bindir',
		'',
		'--libdir',
		'',
		'--buildtype',
		'release',
		'-Db_ndebug=true',
		// Never try to download a subproject: every one is a local shim.
		'--wrap-mode=nodownload',
		// Debian's liburing 2.3 lacks io_uring_prep_sendto (and there is no shim).
		'-Dms_disable_liburing=true',
		buildDir,
		worker,
	];

	if (fs.existsSync(path.join(buildDir, 'meson-private', 'coredata.dat'))) {
		const res = await run(meson, [...setupArgs.slice(0, 1), '--reconfigure', ...setupArgs.slice(1)]);

		if (res.status !== 0) {
			warn('meson reconfigure failed; wiping the build directory and configuring again');
			fs.rmSync(buildDir, { recursive: true, force: true });
			await runOrFail('meson setup', meson, setupArgs);
		}
	} else {
		fs.rmSync(buildDir, { recursive: true, force: true });
		await runOrFail('meson setup', meson, setupArgs);
	}

	// The FlatBuffers headers must be generated first: nothing orders the C++
	// compiles after the `flatbuffers-generator` custom target.
	log('compiling flatbuffers-generator (FBS headers, with Debian flatc)');
	await runOrFail('compiling flatbuffers-generator', meson, [
		'compile',
		'-C',
		buildDir,
		'-j',
		jobs,
		'flatbuffers-generator',
	]);

	log(`compiling mediasoup-worker with ${jobs} jobs`);
	await runOrFail('compiling mediasoup-worker', meson, ['compile', '-C', buildDir, '-j', jobs, 'mediasoup-worker']);

	return path.join(buildDir, 'mediasoup-worker');
}
