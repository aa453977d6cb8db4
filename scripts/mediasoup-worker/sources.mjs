/**
 * The worker sources for the offline build: a copy of mediasoup's worker/ in the build
 * area (node_modules stays untouched apart from the final binary), with Hearth's meson
 * subproject shims in place of the subprojects meson would download, and its patches.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail } from '../lib/log.mjs';
import { applyPatches } from './patches.mjs';

/** Everything Hearth adds to mediasoup's sources: subproject shims and patch files. */
export const OFFLINE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'mediasoup-offline');
const SHIM_SUBPROJECTS_DIR = path.join(OFFLINE_DIR, 'subprojects');
const PATCH_DIR = path.join(OFFLINE_DIR, 'patches');

// Bump when the build recipe changes, so stale build areas are rebuilt.
const RECIPE_VERSION = 2;

function listShims() {
	if (!fs.existsSync(SHIM_SUBPROJECTS_DIR)) fail(`shim directory missing: ${SHIM_SUBPROJECTS_DIR}`);

	return fs
		.readdirSync(SHIM_SUBPROJECTS_DIR, { withFileTypes: true })
		.filter(d => d.isDirectory())
		.map(d => d.name)
		.sort();
}

/** Hash of everything that determines the build (recipe, mediasoup version, shims, patches). */
export function recipeFingerprint(ms) {
	const hash = createHash('sha256');

	hash.update(`recipe ${RECIPE_VERSION}\nmediasoup ${ms.version}\n`);

	const walk = dir => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
			const full = path.join(dir, entry.name);

			if (entry.isDirectory()) walk(full);
			else {
				hash.update(path.relative(OFFLINE_DIR, full));
				hash.update(fs.readFileSync(full));
			}
		}
	};

	walk(OFFLINE_DIR);

	return hash.digest('hex').slice(0, 16);
}

/** `directory = ...` of a meson .wrap file: the folder meson would download into. */
function wrapDirectory(wrapFile) {
	const m = /^\s*directory\s*=\s*(.+?)\s*$/m.exec(fs.readFileSync(wrapFile, 'utf8'));

	return m ? m[1] : path.basename(wrapFile, '.wrap');
}

/** Applies Hearth's patches to prepared (or reused) worker sources. */
export function patchSources(ms, worker, { log }) {
	applyPatches(worker, PATCH_DIR, { log, mediasoupVersion: ms.version });
}

/**
 * Copies the pristine worker sources into `buildArea`/worker and drops the shims in place
 * of the subprojects meson would otherwise download: meson never downloads a wrap whose
 * `directory` already exists under subprojects/. Returns the worker directory.
 */
export function prepareSources(ms, buildArea, { log }) {
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

	patchSources(ms, worker, { log });

	return worker;
}
