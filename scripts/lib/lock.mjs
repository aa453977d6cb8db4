/** A lock file so two set-up runs (two worktrees, two terminals) do not build into one directory at once. */
import * as fs from 'node:fs';
import process from 'node:process';

/**
 * Waits until `lockFile` can be created, then holds it; resolves with a function that
 * releases it (also released when the process exits). A lock whose owner process is gone
 * is taken over.
 */
export async function acquireLock(lockFile, { log = () => {} } = {}) {
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
