/** A Python tool (e.g. meson) from PATH when new enough, else pip-installed into a private venv. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fail } from './log.mjs';
import { capture, isExecutableFile, run, runOrFail, which } from './process.mjs';

/** `[major, minor, patch]` from the first `x.y[.z]` in `text`, or null. */
export function parseVersion(text) {
	const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(text || '');

	return m ? [Number(m[1]), Number(m[2]), Number(m[3] || 0)] : null;
}

/** True when version `v` is at least `min` (both `[major, minor, patch]`). */
export function versionAtLeast(v, min) {
	for (let i = 0; i < 3; i++) {
		if (v[i] !== min[i]) return v[i] > min[i];
	}

	return true;
}

/**
 * The path of `tool` at least `min`: the venv's copy, or the one on PATH, or (when neither
 * is new enough) a fresh pip install of `tool>=min` into `venvDir`. `hint` ends the error
 * message when pip cannot install it.
 */
export async function ensurePipTool({ tool, min, venvDir, log, hint = '' }) {
	const versionOf = bin => {
		const res = capture(bin, ['--version']);

		return res.ok ? parseVersion(res.stdout) : null;
	};
	const venvBin = path.join(venvDir, 'bin', tool);
	const minText = min.join('.');

	for (const candidate of [venvBin, which(tool)]) {
		if (!candidate || !isExecutableFile(candidate)) continue;

		const v = versionOf(candidate);

		if (v && versionAtLeast(v, min)) {
			log(`using ${tool} ${v.join('.')} (${candidate})`);

			return candidate;
		}
	}

	// (Re)create the venv: a broken one (e.g. its python was removed) is replaced.
	log(`${tool} >= ${minText} not found: installing it with pip into ${venvDir}`);
	fs.rmSync(venvDir, { recursive: true, force: true });
	fs.mkdirSync(path.dirname(venvDir), { recursive: true });
	await runOrFail(`creating the ${tool} venv (python3 -m venv; Debian package python3-venv)`, 'python3', [
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
		`${tool}>=${minText}`,
	]);

	if (pip.status !== 0 || !isExecutableFile(venvBin)) {
		fail(`pip could not install ${tool} >= ${minText}${hint ? ` (${hint})` : ''}. Make a pip index with ${tool} reachable ` +
			`(e.g. PIP_INDEX_URL / pip.conf) or put ${tool} >= ${minText} on PATH, then re-run.`);
	}

	const v = versionOf(venvBin);

	if (!v || !versionAtLeast(v, min)) {
		fail(`pip installed ${tool} ${v ? v.join('.') : '?'}, but >= ${minText} is needed`);
	}

	log(`installed ${tool} ${v.join('.')}`);

	return venvBin;
}
