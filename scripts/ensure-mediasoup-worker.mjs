#!/usr/bin/env node
/**
 * Make sure the installed mediasoup package has a working mediasoup-worker
 * binary, even without internet access.
 *
 * Why this exists: mediasoup's own postinstall downloads a prebuilt worker from
 * GitHub and otherwise builds one with meson, which downloads meson itself and
 * every subproject (OpenSSL, libuv, libsrtp, ...) from GitHub/wrapdb. Neither
 * works offline, and npm may not run dependency install scripts at all. So
 * after `npm ci` this script, in order:
 *
 *   1. uses $MEDIASOUP_WORKER_BIN if it points at an executable (mediasoup then
 *      uses that binary at run time and never looks at the default path);
 *   2. keeps an existing <mediasoup>/worker/out/Release/mediasoup-worker;
 *   3. restores a previously built binary from the cache directory (npm ci wipes
 *      node_modules; this avoids a ~4 minute rebuild every time);
 *   4. if github.com is reachable, runs mediasoup's own postinstall (the normal
 *      upstream prebuilt-download path, untouched);
 *   5. otherwise builds the worker locally against Debian's libraries, with the
 *      meson subproject shims and the source patches in scripts/mediasoup-offline/
 *      (docs/mediasoup-worker-offline.md explains why each is there).
 *
 * It is idempotent: re-running it when the binary is in place does nothing.
 * The steps live in scripts/mediasoup-worker/ (this build) and scripts/lib/
 * (helpers shared with scripts/hearth.mjs).
 *
 * Usage: node scripts/ensure-mediasoup-worker.mjs [options]
 *   --root <dir>       directory whose node_modules holds mediasoup
 *                      (default: the repository root, i.e. this script's ../)
 *   --force            ignore an existing binary and the cache; get a fresh one
 *   --no-upstream      skip mediasoup's own postinstall (GitHub download)
 *   --local-build      alias of --force --no-upstream: always build locally
 *   -h, --help
 *
 * Environment:
 *   MEDIASOUP_WORKER_BIN     worker binary chosen by the user (used as is)
 *   HEARTH_CACHE_DIR         cache directory (default $XDG_CACHE_HOME/hearth,
 *                            or ~/.cache/hearth)
 *   HEARTH_MEDIASOUP_UPSTREAM_TIMEOUT   seconds allowed for mediasoup's own
 *                            postinstall (default 900)
 *   HEARTH_MEDIASOUP_NO_UPSTREAM=1      same as --no-upstream
 *
 * Only Node built-ins are used: this runs right after `npm ci`, before any of
 * the project's own tooling can be assumed to work.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { acquireLock } from './lib/lock.mjs';
import { SetupError, prefixed } from './lib/log.mjs';
import { isExecutableFile } from './lib/process.mjs';
import { localBuild } from './mediasoup-worker/localBuild.mjs';
import {
	cacheRoot,
	cachedWorkerPath,
	defaultWorkerPath,
	findMediasoup,
	installFile,
	probeWorker,
} from './mediasoup-worker/package.mjs';
import { tryUpstreamPostinstall } from './mediasoup-worker/upstream.mjs';

const SCRIPT_DIR = path.dirname(fileURLToPath(import.meta.url));
const PREFIX = '[mediasoup-worker]';
const out = prefixed(PREFIX);
const { log, warn } = out;

function parseArgs(argv) {
	const usageError = msg => {
		console.error(`${PREFIX} ${msg} (see --help)`);
		process.exit(2);
	};
	const opts = {
		root: path.resolve(SCRIPT_DIR, '..'),
		force: false,
		upstream: !process.env.HEARTH_MEDIASOUP_NO_UPSTREAM,
	};

	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];

		if (arg === '--root') {
			if (!argv[i + 1]) usageError('--root needs a directory');
			opts.root = path.resolve(argv[++i]);
		} else if (arg.startsWith('--root=')) {
			opts.root = path.resolve(arg.slice('--root='.length));
		} else if (arg === '--force') {
			opts.force = true;
		} else if (arg === '--no-upstream') {
			opts.upstream = false;
		} else if (arg === '--local-build') {
			opts.force = true;
			opts.upstream = false;
		} else if (arg === '-h' || arg === '--help') {
			const header = fs.readFileSync(fileURLToPath(import.meta.url), 'utf8');
			console.log(header.slice(header.indexOf('/**'), header.indexOf('*/') + 2));
			process.exit(0);
		} else {
			usageError(`unknown argument: ${arg}`);
		}
	}

	return opts;
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	const ms = findMediasoup(opts.root);
	const target = defaultWorkerPath(ms);
	const cacheDir = cacheRoot();
	const cached = cachedWorkerPath(cacheDir, ms);

	log(`mediasoup ${ms.version} at ${ms.dir}`);

	// 1. A binary chosen by the user wins: mediasoup uses it at run time.
	const envBin = process.env.MEDIASOUP_WORKER_BIN;

	if (envBin) {
		if (isExecutableFile(envBin)) {
			log(`using MEDIASOUP_WORKER_BIN=${envBin}; nothing to do`);

			return;
		}

		// Keep going so the default binary exists, but say loudly that mediasoup
		// will try MEDIASOUP_WORKER_BIN first and fail while it is set like this.
		warn(
			`MEDIASOUP_WORKER_BIN=${envBin} is set but is not an executable file; mediasoup uses it ` +
				'whenever it is set. Ensuring the default binary anyway; unset MEDIASOUP_WORKER_BIN to use it.'
		);
	}

	fs.mkdirSync(cacheDir, { recursive: true });
	const releaseLock = await acquireLock(path.join(cacheDir, 'mediasoup-worker.lock'), { log });

	try {
		// 2. Already installed (upstream prebuilt, earlier run, ...).
		if (!opts.force && isExecutableFile(target)) {
			const probe = probeWorker(target);

			if (probe.ok) {
				log(`mediasoup-worker ${ms.version} present, skipping build (${target})`);

				// Keep a copy so the next `npm ci` does not need to fetch/build it.
				if (!fs.existsSync(cached)) {
					installFile(target, cached);
					log(`cached a copy at ${cached}`);
				}

				return;
			}

			warn(`existing ${target} does not run on this host (${probe.why}); replacing it`);
		}

		// 3. Cache from an earlier build.
		if (!opts.force && isExecutableFile(cached)) {
			const probe = probeWorker(cached);

			if (probe.ok) {
				installFile(cached, target);
				log(`mediasoup-worker ${ms.version} restored from cache ${cached} -> ${target}`);

				return;
			}

			warn(`cached ${cached} does not run on this host (${probe.why}); discarding it`);
			fs.rmSync(cached, { force: true });
		}

		// 4. mediasoup's normal path (prebuilt download from GitHub), when online.
		if (opts.upstream && (await tryUpstreamPostinstall(ms, out))) {
			if (isExecutableFile(target) && probeWorker(target).ok) {
				installFile(target, cached);
				log(`mediasoup-worker ${ms.version} installed by mediasoup's postinstall; cached at ${cached}`);

				return;
			}

			warn("mediasoup's postinstall did not produce a working binary; building locally");
		} else if (!opts.upstream) {
			log('upstream download disabled (--no-upstream / HEARTH_MEDIASOUP_NO_UPSTREAM)');
		}

		// 5. Local build against Debian's libraries.
		const built = await localBuild(ms, cacheDir, out);

		installFile(built, cached);
		installFile(built, target);
		log(`installed ${target}`);
		log(`cached a copy at ${cached}`);
	} finally {
		releaseLock();
	}
}

main().catch(error => {
	if (error instanceof SetupError) {
		console.error(`${PREFIX} ERROR: ${error.message}`);
	} else {
		console.error(`${PREFIX} ERROR: unexpected failure:`, error);
	}

	console.error(
		`${PREFIX} mediasoup-worker is NOT available; mediasoup cannot start workers until this is fixed.`
	);
	process.exit(1);
});
