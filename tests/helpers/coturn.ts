import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './process';

/** Debian's coturn (`npm test` installs it); TURNSERVER_PATH overrides. */
export const turnserverPath = process.env.TURNSERVER_PATH ?? '/usr/bin/turnserver';

/** A coturn started for a test on loopback, checking TURN REST API credentials made with `secret`. */
export interface Coturn {
  port: number;
  /** Its TLS port when started with a certificate. */
  tlsPort: number | undefined;
  secret: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `turnserver` on 127.0.0.1 with `use-auth-secret`. The SFU listens on loopback in
 * tests, so coturn must be allowed to relay to loopback peers (it refuses them by default).
 */
export async function startCoturn(opts: { secret: string; tls?: { cert: string; key: string }; maxBytesPerSecond?: number }): Promise<Coturn> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-coturn-'));
  const port = await freePort();
  const tlsPort = opts.tls ? await freePort() : undefined;
  // The relay range is away from mediasoup's default RTC range; coturn retries a busy port.
  const relayBase = 52000 + (port % 50) * 20;
  const args = [
    '-n', // no /etc/turnserver.conf: everything is on this command line
    '--listening-ip=127.0.0.1',
    '--relay-ip=127.0.0.1',
    `--listening-port=${port}`,
    `--min-port=${relayBase}`,
    `--max-port=${relayBase + 19}`,
    '--use-auth-secret',
    `--static-auth-secret=${opts.secret}`,
    '--realm=hearth.test',
    '--fingerprint',
    '--allow-loopback-peers',
    '--no-cli',
    '--no-dtls',
    // A real bandwidth limit: each allocation (one per transport) relays at most this much each way, and drops the rest.
    ...(opts.maxBytesPerSecond ? [`--max-bps=${opts.maxBytesPerSecond}`] : []),
    ...(opts.tls ? [`--tls-listening-port=${tlsPort}`, `--cert=${opts.tls.cert}`, `--pkey=${opts.tls.key}`] : ['--no-tls']),
    `--userdb=${path.join(dir, 'turndb')}`,
    `--pidfile=${path.join(dir, 'turnserver.pid')}`,
    '--log-file=stdout',
    '--simple-log',
    '--verbose',
  ];
  let output = '';
  const child: ChildProcess = spawn(turnserverPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
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
  // Ready when its TCP listener (same port as UDP) accepts a connection.
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`turnserver exited (${child.exitCode}):\n${output}`);
    if (await accepts(port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`turnserver did not listen on ${port}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, tlsPort, secret: opts.secret, output: () => output, stop };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
