import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './process';

/** Caddy (Debian's `caddy`, which `npm test` installs) as the TLS-terminating proxy in front of a node. */
export interface TestProxy {
  /** `https://localhost:<port>`: what people would type. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Whether Caddy is installed. */
export const caddyAvailable = (): boolean => spawnSync('caddy', ['version'], { stdio: 'ignore' }).status === 0;

/** Picks the port the proxy will listen on (so the node's PUBLIC_URL can name it first). */
export const proxyPort = freePort;

/**
 * Starts Caddy on `port` with its own local CA (in a temp dir), proxying to `upstream`
 * (`127.0.0.1:<port>`) the way the README suggests, and waits until it answers.
 */
export async function startCaddy(port: number, upstream: string): Promise<TestProxy> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-caddy-'));
  const httpPort = await freePort();
  const caddyfile = path.join(dir, 'Caddyfile');
  fs.writeFileSync(
    caddyfile,
    `{
\tadmin off
\tauto_https disable_redirects
\tlocal_certs
\tskip_install_trust
\thttp_port ${httpPort}
\thttps_port ${port}
\tstorage file_system {
\t\troot ${path.join(dir, 'data')}
\t}
}
https://localhost:${port} {
\ttls internal
\treverse_proxy ${upstream}
}
`,
  );
  const env = { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir };
  const child: ChildProcess = spawn('caddy', ['run', '--config', caddyfile, '--adapter', 'caddyfile'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = `https://localhost:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`caddy exited (${child.exitCode}):\n${output}`);
    const status = await new Promise<number>((resolve) => {
      https.get(`${url}/healthz`, { rejectUnauthorized: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', () => resolve(0));
    });
    if (status === 200) break;
    if (Date.now() > deadline) throw new Error(`caddy did not come up:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
