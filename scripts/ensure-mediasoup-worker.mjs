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
 *   5. otherwise builds the worker locally against Debian's libraries, using the
 *      meson subproject shims in scripts/mediasoup-offline/ (see
 *      /work/shared/notes/mediasoup-offline.md for the background), including
 *      the DTLS fix needed with Debian's KTLS-enabled OpenSSL.
 *
 * It is idempotent: re-running it when the binary is in place does nothing.
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

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const SCRIPT_DIR = path.dirname(fileURLToPath(import.meta.url));
const SHIM_DIR = path.join(SCRIPT_DIR, 'mediasoup-offline');
const SHIM_SUBPROJECTS_DIR = path.join(SHIM_DIR, 'subprojects');
const PREFIX = '[mediasoup-worker]';

// Debian packages needed for the local build (see the note). Each check below
// maps to one of these, so a failure can name the exact package.
const APT_TOOL_CHECKS = [
	{ what: 'C compiler (cc)', cmd: 'cc', pkg: 'build-essential' },
	{ what: 'C++ compiler (c++)', cmd: 'c++', pkg: 'build-essential' },
	{ what: 'pkg-config', cmd: 'pkg-config', pkg: 'pkg-config' },
	{ what: 'ninja', cmd: 'ninja', pkg: 'ninja-build' },
	{ what: 'flatc (FlatBuffers compiler)', cmd: 'flatc', pkg: 'flatbuffers-compiler' },
	{ what: 'python3', cmd: 'python3', pkg: 'python3' },
];
const APT_PKGCONFIG_CHECKS = [
	{ module: 'libssl', pkg: 'libssl-dev' },
	{ module: 'libcrypto', pkg: 'libssl-dev' },
	{ module: 'libuv', pkg: 'libuv1-dev' },
	{ module: 'libsrtp2', pkg: 'libsrtp2-dev' },
	{ module: 'usrsctp', pkg: 'libusrsctp-dev' },
	{ module: 'absl_flat_hash_map', pkg: 'libabsl-dev' },
	{ module: 'absl_flat_hash_set', pkg: 'libabsl-dev' },
	{ module: 'absl_btree', pkg: 'libabsl-dev' },
	{ module: 'absl_strings', pkg: 'libabsl-dev' },
	{ module: 'absl_optional', pkg: 'libabsl-dev' },
	{ module: 'flatbuffers', pkg: 'libflatbuffers-dev' },
];
const APT_LOCK_TIMEOUT_S = 600; // wait for another apt/dpkg rather than failing
const MIN_MESON = [1, 1, 0]; // worker/meson.build: meson_version >= 1.1.0

// mediasoup-worker exits with this code when started without MEDIASOUP_VERSION
// (worker/src/main.cpp). Upstream's postinstall uses the same probe to check
// that a binary actually runs on this host (libc, shared libraries, ...).
const WORKER_PROBE_EXIT_CODE = 41;

// The DTLS fix (note: "The DTLS crash, and its cause", option 1). OpenSSL calls
// the BIO callback after a ctrl with BIO_CB_CTRL|BIO_CB_RETURN; comparing with
// == makes every ctrl on the write BIO answer 1, so with Debian's KTLS-enabled
// OpenSSL `BIO_get_ktls_send()` claims KTLS and the DTLS write buffer is never
// allocated (SIGSEGV on the first ClientHello). A bit test fixes it.
const DTLS_PATCH = {
	file: path.join('src', 'RTC', 'DtlsTransport.cpp'),
	from: '(operationType == BIO_CB_RETURN)',
	to: '(operationType & BIO_CB_RETURN)',
};

// Bump when the build recipe changes, so stale build areas are rebuilt.
const RECIPE_VERSION = 1;

class SetupError extends Error {}

function log(msg) {
	console.log(`${PREFIX} ${msg}`);
}

function warn(msg) {
	console.warn(`${PREFIX} WARNING: ${msg}`);
}

function fail(msg) {
	throw new SetupError(msg);
}

// ---------------------------------------------------------------------------
// Arguments

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

// ---------------------------------------------------------------------------
// Small helpers

function isExecutableFile(file) {
	try {
		if (!fs.statSync(file).isFile()) return false;
		fs.accessSync(file, fs.constants.X_OK);

		return true;
	} catch {
		return false;
	}
}

/** Runs the worker with an empty environment; a usable binary exits with 41. */
function probeWorker(bin) {
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
function installFile(src, dest) {
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

function which(cmd) {
	for (const dir of (process.env.PATH || '').split(path.delimiter)) {
		if (dir && isExecutableFile(path.join(dir, cmd))) return path.join(dir, cmd);
	}

	return null;
}

/**
 * Runs a command, streaming its output; resolves with its exit status.
 * With `timeoutMs` the command runs in its own process group so that, on
 * timeout or Ctrl-C, the whole tree (node -> python -> meson -> ninja -> cc)
 * can be ended. Other commands stay in our process group: apt/dpkg must keep
 * the terminal (a background process group touching the tty gets stopped).
 */
function run(cmd, args, { cwd, env, timeoutMs } = {}) {
	return new Promise(resolve => {
		const ownGroup = Boolean(timeoutMs);
		const child = spawn(cmd, args, {
			cwd,
			env: env || process.env,
			stdio: 'inherit',
			detached: ownGroup,
		});
		let timedOut = false;
		let timer = null;
		const killTree = signal => {
			try {
				process.kill(-child.pid, signal);
			} catch {
				// already gone
			}
		};
		const onSignal = () => {
			killTree('SIGTERM');
			process.exit(130);
		};

		if (ownGroup) {
			process.once('SIGINT', onSignal);
			process.once('SIGTERM', onSignal);
			timer = setTimeout(() => {
				timedOut = true;
				killTree('SIGTERM');
				setTimeout(() => killTree('SIGKILL'), 5000).unref();
			}, timeoutMs);
		}

		const done = (status, error) => {
			clearTimeout(timer);
			process.removeListener('SIGINT', onSignal);
			process.removeListener('SIGTERM', onSignal);
			resolve({ status, timedOut, error });
		};

		child.on('error', error => done(null, error));
		child.on('exit', (code, signal) => done(code ?? (signal ? 128 : 1)));
	});
}

async function runOrFail(what, cmd, args, options) {
	const res = await run(cmd, args, options);

	if (res.error) fail(`${what}: could not run ${cmd}: ${res.error.message}`);
	if (res.status !== 0) fail(`${what} failed (exit status ${res.status}): ${cmd} ${args.join(' ')}`);
}

function capture(cmd, args, options = {}) {
	const res = spawnSync(cmd, args, { encoding: 'utf8', ...options });

	return { ok: !res.error && res.status === 0, stdout: res.stdout || '', stderr: res.stderr || '' };
}

function parseVersion(text) {
	const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(text || '');

	return m ? [Number(m[1]), Number(m[2]), Number(m[3] || 0)] : null;
}

function versionAtLeast(v, min) {
	for (let i = 0; i < 3; i++) {
		if (v[i] !== min[i]) return v[i] > min[i];
	}

	return true;
}

function formatDuration(ms) {
	const s = Math.round(ms / 1000);

	return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** Quick reachability check so offline machines skip the GitHub download. */
function canReach(host, port, timeoutMs) {
	return new Promise(resolve => {
		const socket = net.connect({ host, port });
		const finish = ok => {
			socket.destroy();
			resolve(ok);
		};

		socket.setTimeout(timeoutMs, () => finish(false));
		socket.once('connect', () => finish(true));
		socket.once('error', () => finish(false));
	});
}

// ---------------------------------------------------------------------------
// Locating mediasoup and the cache

function findMediasoup(root) {
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

function cacheRoot() {
	if (process.env.HEARTH_CACHE_DIR) return path.resolve(process.env.HEARTH_CACHE_DIR);

	const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');

	return path.join(xdg, 'hearth');
}

/**
 * A simple lock in the cache dir so two concurrent runs (e.g. two setup steps)
 * do not build into the same directory at once. A lock whose owner process is
 * gone is taken over.
 */
async function acquireLock(cacheDir) {
	const lockFile = path.join(cacheDir, 'mediasoup-worker.lock');
	let announced = false;

	for (;;) {
		try {
			fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
			const release = () => fs.rmSync(lockFile, { force: true });

			process.once('exit', release);

			return release;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
		}

		let owner = 0;

		try {
			owner = Number(fs.readFileSync(lockFile, 'utf8').trim());
		} catch {
			continue; // released in the meantime
		}

		let alive = true;

		if (owner) {
			try {
				process.kill(owner, 0);
			} catch (error) {
				alive = error.code === 'EPERM';
			}
		} else {
			// Empty file: its owner is between creating and writing it, unless it
			// has been like that for a while (crashed right then).
			try {
				alive = Date.now() - fs.statSync(lockFile).mtimeMs < 10_000;
			} catch {
				continue;
			}
		}

		if (!alive) {
			fs.rmSync(lockFile, { force: true });
			continue;
		}

		if (!announced) {
			log(`another run (pid ${owner}) holds ${lockFile}; waiting for it...`);
			announced = true;
		}

		await new Promise(r => setTimeout(r, 2000));
	}
}

// ---------------------------------------------------------------------------
// Upstream path

async function tryUpstreamPostinstall(ms) {
	const script = path.join(ms.dir, 'npm-scripts.mjs');

	if (!fs.existsSync(script)) {
		warn(`${script} not found; skipping mediasoup's own postinstall`);

		return false;
	}

	log('probing github.com:443 (5 s) to see if the upstream prebuilt download can work...');

	if (!(await canReach('github.com', 443, 5000))) {
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

// ---------------------------------------------------------------------------
// Local build: prerequisites

function missingAptPackages() {
	const missing = new Map(); // package -> reasons

	const add = (pkg, why) => {
		if (!missing.has(pkg)) missing.set(pkg, []);
		missing.get(pkg).push(why);
	};

	for (const check of APT_TOOL_CHECKS) {
		if (!which(check.cmd)) add(check.pkg, check.what);
	}

	if (which('pkg-config')) {
		for (const check of APT_PKGCONFIG_CHECKS) {
			if (!capture('pkg-config', ['--exists', check.module]).ok) {
				add(check.pkg, `pkg-config module ${check.module}`);
			}
		}
	} else {
		// Without pkg-config the libraries cannot be checked; assume all missing
		// so a root run installs them in one go.
		for (const check of APT_PKGCONFIG_CHECKS) add(check.pkg, `pkg-config module ${check.module}`);
	}

	// Debian's python3 can only create venvs with pip when python3-venv is
	// installed (ensurepip is split out of the main package).
	if (which('python3') && !capture('python3', ['-c', 'import venv, ensurepip']).ok) {
		add('python3-venv', 'python3 venv/ensurepip modules');
	}

	return missing;
}

async function aptInstall(pkgs) {
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	// Wait for a dpkg lock held by another apt run instead of failing at once.
	const lockOpt = ['-o', `DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT_S}`];
	const install = () =>
		run('apt-get', [...lockOpt, 'install', '-y', '--no-install-recommends', ...pkgs], { env });

	log(`apt-get install ${pkgs.join(' ')}`);

	if ((await install()).status === 0) return;

	// Typically stale package lists (fresh container): update and retry once.
	log('apt-get install failed; running apt-get update and retrying');
	await runOrFail('apt-get update', 'apt-get', [...lockOpt, 'update'], { env });
	await runOrFail(`apt-get install ${pkgs.join(' ')}`, 'apt-get', [
		...lockOpt,
		'install',
		'-y',
		'--no-install-recommends',
		...pkgs,
	], { env });
}

async function ensureAptPrerequisites() {
	let missing = missingAptPackages();

	if (missing.size === 0) {
		log('build prerequisites present (compilers, ninja, flatc, pkg-config libraries)');

		return;
	}

	const describe = m =>
		[...m].map(([pkg, why]) => `  - ${pkg} (for ${[...new Set(why)].join(', ')})`).join('\n');
	const pkgs = [...missing.keys()];
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

	if (!isRoot || !which('apt-get')) {
		fail(
			`missing build prerequisites:\n${describe(missing)}\n` +
				`Install them (Debian/Ubuntu) with:\n  sudo apt-get install -y ${pkgs.join(' ')}\n` +
				'then re-run this script (or set MEDIASOUP_WORKER_BIN to an existing mediasoup-worker).'
		);
	}

	log(`missing build prerequisites:\n${describe(missing)}`);
	await aptInstall(pkgs);

	missing = missingAptPackages();

	if (missing.size > 0) {
		fail(`still missing after apt-get install (is PATH/PKG_CONFIG_PATH unusual?):\n${describe(missing)}`);
	}
}

/** meson >= 1.1 (Debian 12 has 1.0.1): from PATH if new enough, else a venv. */
async function ensureMeson(cacheDir) {
	const versionOf = bin => {
		const res = capture(bin, ['--version']);

		return res.ok ? parseVersion(res.stdout) : null;
	};

	const venvDir = path.join(cacheDir, 'meson-venv');
	const venvMeson = path.join(venvDir, 'bin', 'meson');
	const minText = MIN_MESON.join('.');

	for (const candidate of [venvMeson, which('meson')]) {
		if (!candidate || !isExecutableFile(candidate)) continue;

		const v = versionOf(candidate);

		if (v && versionAtLeast(v, MIN_MESON)) {
			log(`using meson ${v.join('.')} (${candidate})`);

			return candidate;
		}
	}

	// (Re)create the venv: a broken one (e.g. its python was removed) is replaced.
	log(`meson >= ${minText} not found: installing it with pip into ${venvDir}`);
	fs.rmSync(venvDir, { recursive: true, force: true });
	fs.mkdirSync(cacheDir, { recursive: true });
	await runOrFail('creating the meson venv (python3 -m venv; Debian package python3-venv)', 'python3', [
		'-m',
		'venv',
		venvDir,
	]);

	const pip = await run(path.join(venvDir, 'bin', 'python'), [
		'-m',
		'pip',
		'install',
		'--disable-pip-version-check',
		// Fail fast on unreachable indexes (offline machines list PyPI too).
		'--retries',
		'1',
		`meson>=${minText}`,
	]);

	if (pip.status !== 0 || !isExecutableFile(venvMeson)) {
		fail(
			`pip could not install meson >= ${minText} (needed by mediasoup's worker/meson.build; ` +
				`Debian 12's meson is too old). Make a pip index with meson reachable ` +
				`(e.g. PIP_INDEX_URL / pip.conf) or put meson >= ${minText} on PATH, then re-run.`
		);
	}

	const v = versionOf(venvMeson);

	if (!v || !versionAtLeast(v, MIN_MESON)) {
		fail(`pip installed meson ${v ? v.join('.') : '?'}, but >= ${minText} is needed`);
	}

	log(`installed meson ${v.join('.')}`);

	return venvMeson;
}

// ---------------------------------------------------------------------------
// Local build: sources

function listShims() {
	if (!fs.existsSync(SHIM_SUBPROJECTS_DIR)) fail(`shim directory missing: ${SHIM_SUBPROJECTS_DIR}`);

	return fs
		.readdirSync(SHIM_SUBPROJECTS_DIR, { withFileTypes: true })
		.filter(d => d.isDirectory())
		.map(d => d.name)
		.sort();
}

/** Hash of everything that determines the build, to tell if a build area is stale. */
function recipeFingerprint(ms) {
	const hash = createHash('sha256');

	hash.update(`recipe ${RECIPE_VERSION}\nmediasoup ${ms.version}\n`);
	hash.update(JSON.stringify(DTLS_PATCH));

	const walk = dir => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
			const full = path.join(dir, entry.name);

			if (entry.isDirectory()) walk(full);
			else {
				hash.update(path.relative(SHIM_DIR, full));
				hash.update(fs.readFileSync(full));
			}
		}
	};

	walk(SHIM_DIR);

	return hash.digest('hex').slice(0, 16);
}

/** `directory = ...` of a meson .wrap file: the folder meson would download into. */
function wrapDirectory(wrapFile) {
	const m = /^\s*directory\s*=\s*(.+?)\s*$/m.exec(fs.readFileSync(wrapFile, 'utf8'));

	return m ? m[1] : path.basename(wrapFile, '.wrap');
}

/**
 * Copies the pristine worker sources into the build area (node_modules stays
 * untouched apart from the final binary) and drops the shims in place of the
 * subprojects meson would otherwise download: meson never downloads a wrap
 * whose `directory` already exists under subprojects/.
 */
function prepareSources(ms, buildArea) {
	const srcWorker = path.join(ms.dir, 'worker');
	const worker = path.join(buildArea, 'worker');

	log(`copying worker sources to ${worker}`);
	fs.rmSync(buildArea, { recursive: true, force: true });
	fs.mkdirSync(buildArea, { recursive: true });

	// Leave out build outputs and anything an earlier upstream attempt may have
	// downloaded (pip dirs, subproject checkouts, packagecache): only the .wrap
	// files of subprojects/ are wanted.
	const skipTop = new Set(['out', 'prebuild', 'pip_invoke', 'pip_meson_ninja', 'pip_pylint']);

	fs.cpSync(srcWorker, worker, {
		recursive: true,
		filter: src => {
			const rel = path.relative(srcWorker, src);

			if (!rel) return true;

			const parts = rel.split(path.sep);

			if (parts.length === 1 && skipTop.has(parts[0])) return false;
			if (parts[0] === 'subprojects' && parts.length > 1) {
				return parts.length === 2 && parts[1].endsWith('.wrap');
			}

			return true;
		},
	});

	// Every subproject() in the worker's meson files needs a shim, except the
	// ones disabled here (liburing: -Dms_disable_liburing=true; wingetopt:
	// Windows only). Check, so a future mediasoup fails clearly, not in meson.
	const shims = listShims();
	const mesonBuild = fs.readFileSync(path.join(worker, 'meson.build'), 'utf8');
	const wanted = new Set([...mesonBuild.matchAll(/subproject\(\s*'([^']+)'/g)].map(m => m[1]));

	wanted.delete('liburing');
	wanted.delete('wingetopt');

	const unshimmed = [...wanted].filter(name => !shims.includes(name));

	if (unshimmed.length > 0) {
		fail(
			`mediasoup ${ms.version}'s worker/meson.build uses subprojects without an offline shim in ` +
				`${SHIM_SUBPROJECTS_DIR}: ${unshimmed.join(', ')}`
		);
	}

	for (const name of shims) {
		const wrapFile = path.join(worker, 'subprojects', `${name}.wrap`);

		if (!fs.existsSync(wrapFile)) {
			fail(`shim "${name}" has no matching worker/subprojects/${name}.wrap in mediasoup ${ms.version}`);
		}

		const dest = path.join(worker, 'subprojects', wrapDirectory(wrapFile));

		fs.cpSync(path.join(SHIM_SUBPROJECTS_DIR, name), dest, { recursive: true });
		log(`  subproject ${name} -> Debian libraries (shim in subprojects/${path.basename(dest)})`);
	}

	applyDtlsPatch(worker);

	return worker;
}

function applyDtlsPatch(worker) {
	const file = path.join(worker, DTLS_PATCH.file);
	const text = fs.readFileSync(file, 'utf8');
	const count = text.split(DTLS_PATCH.from).length - 1;

	if (count === 0 && text.includes(DTLS_PATCH.to)) {
		log(`DTLS fix already present in ${DTLS_PATCH.file}`);

		return;
	}

	if (count !== 1) {
		fail(
			`cannot apply the DTLS fix: expected exactly one "${DTLS_PATCH.from}" in ` +
				`worker/${DTLS_PATCH.file}, found ${count}. This mediasoup version changed the ` +
				'BIO callback; check whether it still needs the fix (see the mediasoup-offline note) ' +
				'and update DTLS_PATCH in this script.'
		);
	}

	fs.writeFileSync(file, text.replace(DTLS_PATCH.from, DTLS_PATCH.to));
	log(`applied DTLS fix in worker/${DTLS_PATCH.file}: ${DTLS_PATCH.from} -> ${DTLS_PATCH.to}`);
}

// ---------------------------------------------------------------------------
// Local build: compile

async function localBuild(ms, cacheDir) {
	if (process.platform !== 'linux') {
		fail(
			`the offline local build is only set up for Debian/Linux (this is ${process.platform}); ` +
				'set MEDIASOUP_WORKER_BIN to a mediasoup-worker binary instead'
		);
	}

	const started = Date.now();

	log('phase 1/4: checking build prerequisites');
	await ensureAptPrerequisites();

	log('phase 2/4: getting meson');
	const meson = await ensureMeson(cacheDir);

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
		applyDtlsPatch(worker);
	} else {
		worker = prepareSources(ms, buildArea);
		fs.writeFileSync(stampFile, JSON.stringify({ fingerprint, version: ms.version }, null, 2));
	}

	log('phase 4/4: configuring and compiling (this takes a few minutes)');
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

	const built = path.join(buildDir, 'mediasoup-worker');

	if (!isExecutableFile(built)) fail(`the build finished but ${built} is missing`);

	const probe = probeWorker(built);

	if (!probe.ok) fail(`the freshly built ${built} does not run (${probe.why})`);

	log(`local build finished in ${formatDuration(Date.now() - started)}`);

	return built;
}

// ---------------------------------------------------------------------------
// Main

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	const ms = findMediasoup(opts.root);
	const target = path.join(ms.dir, 'worker', 'out', 'Release', 'mediasoup-worker');
	const cacheDir = cacheRoot();
	const cached = path.join(cacheDir, `mediasoup-worker-${ms.version}-${process.platform}-${process.arch}`);

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
	const releaseLock = await acquireLock(cacheDir);

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
		if (opts.upstream && (await tryUpstreamPostinstall(ms))) {
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
		const built = await localBuild(ms, cacheDir);

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
