/**
 * The Debian packages the offline worker build needs (docs/mediasoup-worker-offline.md),
 * checked one tool or pkg-config module at a time so a failure names the exact package.
 */
import { aptInstall, canUseApt } from '../lib/apt.mjs';
import { fail } from '../lib/log.mjs';
import { capture, which } from '../lib/process.mjs';

const APT_TOOL_CHECKS = [
	{ what: 'C compiler (cc)', cmd: 'cc', pkg: 'build-essential' },
	{ what: 'C++ compiler (c++)', cmd: 'c++', pkg: 'build-essential' },
	{ what: 'pkg-config', cmd: 'pkg-config', pkg: 'pkg-config' },
	{ what: 'ninja', cmd: 'ninja', pkg: 'ninja-build' },
	{ what: 'flatc (FlatBuffers compiler)', cmd: 'flatc', pkg: 'flatbuffers-compiler' },
	{ what: 'python3', cmd: 'python3', pkg: 'python3' },
	{ what: 'patch (applies scripts/mediasoup-offline/patches)', cmd: 'patch', pkg: 'patch' },
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

/** Missing packages, each with the checks that asked for it. */
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

/** Installs what is missing (as root with apt-get), or fails with the command to run. */
export async function ensureAptPrerequisites({ log }) {
	let missing = missingAptPackages();

	if (missing.size === 0) {
		log('build prerequisites present (compilers, ninja, flatc, patch, pkg-config libraries)');

		return;
	}

	const describe = m =>
		[...m].map(([pkg, why]) => `  - ${pkg} (for ${[...new Set(why)].join(', ')})`).join('\n');
	const pkgs = [...missing.keys()];

	if (!canUseApt()) {
		fail(
			`missing build prerequisites:\n${describe(missing)}\n` +
				`Install them (Debian/Ubuntu) with:\n  sudo apt-get install -y ${pkgs.join(' ')}\n` +
				'then re-run this script (or set MEDIASOUP_WORKER_BIN to an existing mediasoup-worker).'
		);
	}

	log(`missing build prerequisites:\n${describe(missing)}`);
	await aptInstall(pkgs, { log, recommends: false });

	missing = missingAptPackages();

	if (missing.size > 0) {
		fail(`still missing after apt-get install (is PATH/PKG_CONFIG_PATH unusual?):\n${describe(missing)}`);
	}
}
