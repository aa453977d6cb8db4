/**
 * The installed mediasoup package, where its worker binary goes, the cache that keeps a
 * copy across `npm ci`, and the probe that tells whether a binary runs on this host.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import process from 'node:process';
import { fail } from '../lib/log.mjs';

// mediasoup-worker exits with this code when started without MEDIASOUP_VERSION
// (worker/src/main.cpp). Upstream's postinstall uses the same probe to check
// that a binary actually runs on this host (libc, shared libraries, ...).
const WORKER_PROBE_EXIT_CODE = 41;

/** `{ dir, version }` of the mediasoup package `root`'s node_modules resolves to. */
export function findMediasoup(root) {
	// mediasoup's package.json is not in its "exports", so resolve the main
	// entry point and walk up to the package root.
	const require = createRequire(path.join(root, 'package.json'));
	let entry;

	try {
		entry = require.resolve('mediasoup');
	} catch {
		fail(
			`mediasoup is not installed under ${root}/node_modules (run npm ci first, ` +
				'or pass --root <dir> pointing at the directory that has it)'
		);
	}

	for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
		const pkgFile = path.join(dir, 'package.json');

		if (fs.existsSync(pkgFile)) {
			const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));

			if (pkg.name === 'mediasoup') return { dir, version: pkg.version };
		}
	}

	fail(`could not find mediasoup's package.json above ${entry}`);
}

/** Where mediasoup looks for its worker when MEDIASOUP_WORKER_BIN is not set. */
export function defaultWorkerPath(ms) {
	return path.join(ms.dir, 'worker', 'out', 'Release', 'mediasoup-worker');
}

/** $HEARTH_CACHE_DIR, else $XDG_CACHE_HOME/hearth, else ~/.cache/hearth. */
export function cacheRoot() {
	if (process.env.HEARTH_CACHE_DIR) return path.resolve(process.env.HEARTH_CACHE_DIR);

	const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');

	return path.join(xdg, 'hearth');
}

/** The cached copy of this mediasoup version's worker for this platform. */
export function cachedWorkerPath(cacheDir, ms) {
	return path.join(cacheDir, `mediasoup-worker-${ms.version}-${process.platform}-${process.arch}`);
}

/** Runs the worker with an empty environment; a usable binary exits with 41. */
export function probeWorker(bin) {
	const res = spawnSync(bin, [], { env: {}, stdio: 'ignore', timeout: 10_000 });

	if (res.status === WORKER_PROBE_EXIT_CODE) return { ok: true };

	return {
		ok: false,
		why: res.error
			? res.error.message
			: `exit status ${res.status}${res.signal ? `, signal ${res.signal}` : ''}`,
	};
}

/** Copies a file into place atomically (temp file + rename) and makes it executable. */
export function installFile(src, dest) {
	fs.mkdirSync(path.dirname(dest), { recursive: true });
	const tmp = `${dest}.tmp-${process.pid}`;

	try {
		fs.copyFileSync(src, tmp);
		fs.chmodSync(tmp, 0o755);
		fs.renameSync(tmp, dest);
	} finally {
		fs.rmSync(tmp, { force: true });
	}
}
