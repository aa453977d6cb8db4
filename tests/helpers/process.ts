import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** The production server (`npm start` runs exactly this after its set-up) in a child process. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

const root = path.resolve(__dirname, '..', '..');

/** The V8 flags production runs a node with (`npm start`, the Dockerfile). */
export const NODE_FLAGS: string[] = JSON.parse(fs.readFileSync(path.join(root, 'server', 'node-flags.json'), 'utf8')) as string[];

/**
 * Starts `node server/dist/main.js` (or `main`, another build of it) with production's
 * NODE_FLAGS and waits until /healthz answers 200. `nodeArgs` go to node after those, before
 * the script (e.g. `--cpu-prof`, which NODE_OPTIONS does not allow; a flag given again wins).
 */
export async function startServerProcess(
  env: Record<string, string> = {},
  { main = path.join(root, 'server', 'dist', 'main.js'), nodeArgs = [] }: { main?: string; nodeArgs?: string[] } = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-proc-'));
  let output = '';
  const child = spawn(process.execPath, [...NODE_FLAGS, ...nodeArgs, main], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', RTC_LISTEN_IP: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', OPEN_CIRCLES: 'true',
      // Every test client connects from 127.0.0.1: lift the per-IP socket limits (tested on their own).
      SOCKETS_PER_IP: '10000', SOCKET_CONNECTS_PER_IP: '10000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not become healthy:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    output: () => output,
    stop: async () => {
      // Not when it already exited (or was killed by a signal: then exitCode stays null).
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
