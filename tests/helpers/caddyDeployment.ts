import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { freePort } from './process';

/** Debian's caddy (`npm test` installs it); CADDY_PATH overrides. */
export const caddyPath = process.env.CADDY_PATH ?? '/usr/bin/caddy';

const root = path.resolve(__dirname, '..', '..');

/** Caddy's JSON config, as far as the tests read and change it. */
interface CaddyJson {
  admin?: unknown;
  apps: {
    http: { http_port?: number; https_port?: number; servers: Record<string, CaddyServer> };
    tls?: { automation?: { policies?: Array<{ issuers?: Array<{ module: string }> }> } };
    pki?: { certificate_authorities?: { local?: { install_trust?: boolean } } };
  };
}
interface CaddyServer {
  listen: string[];
  routes: CaddyRoute[];
  automatic_https?: { disable_redirects?: boolean };
}
interface CaddyRoute {
  match?: Array<{ host?: string[] }>;
  handle: Array<{ handler: string; routes?: CaddyRoute[]; upstreams?: Array<{ dial: string }> }>;
}

/** The repository's Caddyfile as Caddy reads it for `domain`. */
export function adaptRepoCaddyfile(domain: string): CaddyJson {
  const out = execFileSync(caddyPath, ['adapt', '--config', path.join(root, 'Caddyfile'), '--adapter', 'caddyfile'], {
    env: { ...process.env, HEARTH_DOMAIN: domain },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out) as CaddyJson;
}

/** Every reverse_proxy handler of a server, however deeply its routes nest. */
export function reverseProxies(routes: CaddyRoute[]): Array<{ upstreams?: Array<{ dial: string }> }> {
  return routes.flatMap((r) => r.handle.flatMap((h) => (h.handler === 'reverse_proxy' ? [h] : h.routes ? reverseProxies(h.routes) : [])));
}

/** A Caddy running the repository's Caddyfile on loopback, with its own CA instead of Let's Encrypt. */
export interface TestCaddy {
  httpsPort: number;
  /** The root certificate of Caddy's internal CA (PEM): what clients trust. */
  ca: string;
  /** The site as Caddy adapted it from the Caddyfile, before the test's changes. */
  adapted: CaddyJson;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts Caddy in front of `upstreamPort`. Only what cannot work on a closed test machine
 * changes from the repository's Caddyfile: a free loopback port instead of 443, Caddy's
 * internal CA instead of Let's Encrypt (never installed into the system's trust store), no
 * admin endpoint and no port-80 redirect listener; the site block itself is kept as it is.
 */
export async function startCaddy(domain: string, upstreamPort: number, opts: { httpsPort?: number } = {}): Promise<TestCaddy> {
  const adapted = adaptRepoCaddyfile(domain);
  const config = structuredClone(adapted);
  const httpsPort = opts.httpsPort ?? (await freePort());
  config.admin = { disabled: true };
  config.apps.http.http_port = await freePort();
  config.apps.http.https_port = httpsPort;
  for (const server of Object.values(config.apps.http.servers)) {
    server.listen = [`127.0.0.1:${httpsPort}`];
    server.automatic_https = { disable_redirects: true };
    for (const proxy of reverseProxies(server.routes)) proxy.upstreams = [{ dial: `127.0.0.1:${upstreamPort}` }];
  }
  config.apps.tls = { automation: { policies: [{ issuers: [{ module: 'internal' }] }] } };
  config.apps.pki = { certificate_authorities: { local: { install_trust: false } } };

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-caddy-'));
  const configFile = path.join(dir, 'caddy.json');
  fs.writeFileSync(configFile, JSON.stringify(config));
  let output = '';
  const child: ChildProcess = spawn(caddyPath, ['run', '--config', configFile], {
    env: { ...process.env, HOME: dir, XDG_DATA_HOME: path.join(dir, 'data'), XDG_CONFIG_HOME: path.join(dir, 'config') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const rootCert = path.join(dir, 'data', 'caddy', 'pki', 'authorities', 'local', 'root.crt');
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`caddy exited (${child.exitCode}):\n${output}`);
    if (fs.existsSync(rootCert) && (await handshakes(httpsPort, domain, fs.readFileSync(rootCert, 'utf8')))) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`caddy did not serve https on ${httpsPort}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { httpsPort, ca: fs.readFileSync(rootCert, 'utf8'), adapted, output: () => output, stop };
}

/** True when a TLS handshake for `servername` verifies against `ca`. */
function handshakes(port: number, servername: string, ca: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, servername, ca }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
