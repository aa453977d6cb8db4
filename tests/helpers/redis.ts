import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import Redis from 'ioredis';

/** A Redis server for a test suite. */
export interface TestRedis {
  url: string;
  /** Stops the server if this helper started it (no-op for an external REDIS_URL). */
  stop(): Promise<void>;
  /** Dedicated servers: starts it again on the same port with the same data (AOF), after `stop()`. */
  restart?(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;

/** One PING with no retries, so a dead server answers false quickly instead of hanging. */
async function pingOnce(url: string, timeoutMs = 1000): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

const notInstalled = () =>
  new Error(
    'redis-server is not installed (not found on PATH). Install it with `apt-get install redis-server` ' +
      'or run `npm test`, which installs it.',
  );

async function spawnRedis(opts: { port?: number; dir?: string } = {}): Promise<TestRedis> {
  const port = opts.port ?? (await freePort());
  // With a data directory the server keeps its data across a restart (AOF, as in production).
  const persistence = opts.dir ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', opts.dir] : ['--appendonly', 'no'];
  const args = ['--port', String(port), '--save', '', ...persistence, '--bind', '127.0.0.1'];
  const child: ChildProcess = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));

  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exit.then(() => (exited = true));
  const spawnError = new Promise<Error>((resolve) =>
    child.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ENOENT' ? notInstalled() : err)),
  );
  // If the test process dies without calling stop(), don't leave an orphan server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const url = `redis://127.0.0.1:${port}`;
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exit;
    clearTimeout(timer);
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const failure = await Promise.race([spawnError, new Promise<null>((r) => setTimeout(() => r(null), 50))]);
    if (failure) {
      process.removeListener('exit', killOnExit);
      throw failure;
    }
    if (exited) {
      process.removeListener('exit', killOnExit);
      throw new Error(`redis-server exited during startup on port ${port}:\n${output}`);
    }
    if (await pingOnce(url, 500)) {
      const dir = opts.dir;
      if (!dir) return { url, stop };
      const server: TestRedis = {
        url,
        stop,
        restart: async () => {
          const again = await spawnRedis({ port, dir });
          server.stop = again.stop;
        },
      };
      return server;
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server on port ${port} did not answer PING within ${READY_TIMEOUT_MS} ms:\n${output}`);
    }
  }
}

/**
 * A Redis for integration tests. Uses `REDIS_URL` when it is set and answers PING (tests
 * must then namespace their keys and never FLUSHDB, since the server may be shared);
 * otherwise starts a throwaway `redis-server` on a free port with persistence off.
 * Pass `{ dedicated: true }` for a server the test may stop (e.g. to simulate an outage).
 */
export async function startRedis(opts: { dedicated?: boolean } = {}): Promise<TestRedis> {
  const external = process.env.REDIS_URL;
  if (!opts.dedicated && external && (await pingOnce(external))) {
    return { url: external, stop: async () => undefined };
  }
  // A lost race for the free port makes redis-server exit at once; a fresh port fixes it.
  const dir = opts.dedicated ? fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-redis-')) : undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      return await spawnRedis({ dir });
    } catch (err) {
      if (attempt >= 3 || !(err instanceof Error) || !err.message.includes('exited during startup')) throw err;
    }
  }
}
