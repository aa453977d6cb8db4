/**
 * Running commands from the set-up scripts: streamed, with an optional time limit that ends
 * the whole process tree, and small PATH helpers. Only Node built-ins.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import process from 'node:process';
import { fail } from './log.mjs';

/** True when `file` is a regular file this process may execute. */
export function isExecutableFile(file) {
	try {
		if (!fs.statSync(file).isFile()) return false;
		fs.accessSync(file, fs.constants.X_OK);

		return true;
	} catch {
		return false;
	}
}

/** The full path of `cmd` on PATH, or null. */
export function which(cmd) {
	for (const dir of (process.env.PATH || '').split(path.delimiter)) {
		if (dir && isExecutableFile(path.join(dir, cmd))) return path.join(dir, cmd);
	}

	return null;
}

/**
 * Runs a command, streaming its output; resolves with `{ status, timedOut, error }`.
 * With `timeoutMs` the command runs in its own process group so that, on
 * timeout or Ctrl-C, the whole tree (node -> python -> meson -> ninja -> cc)
 * can be ended. Other commands stay in our process group: apt/dpkg must keep
 * the terminal (a background process group touching the tty gets stopped).
 */
export function run(cmd, args, { cwd, env, timeoutMs } = {}) {
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

/** {@link run}, throwing a SetupError naming `what` unless the command exits 0. */
export async function runOrFail(what, cmd, args, options) {
	const res = await run(cmd, args, options);

	if (res.error) fail(`${what}: could not run ${cmd}: ${res.error.message}`);
	if (res.status !== 0) fail(`${what} failed (exit status ${res.status}): ${cmd} ${args.join(' ')}`);
}

/** Runs a command to completion and returns `{ ok, stdout, stderr }` (ok: exit 0). */
export function capture(cmd, args, options = {}) {
	const res = spawnSync(cmd, args, { encoding: 'utf8', ...options });

	return { ok: !res.error && res.status === 0, stdout: res.stdout || '', stderr: res.stderr || '' };
}
