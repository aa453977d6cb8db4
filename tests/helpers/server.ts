import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type Ack, type ClientToServerEvents, type ServerToClientEvents } from '@hearth/shared';
import { createHearth, type Hearth, type HearthOverrides } from '../../server/src/app';
import { loadConfig, type Config } from '../../server/src/config';
import type { Logger } from '../../server/src/logger';

/** A test client: the real socket.io client speaking Hearth's contract. */
export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A Hearth node started for a test, on a free port, with its own data directory. */
export interface TestServer {
  hearth: Hearth;
  url: string;
  config: Config;
  close(): Promise<void>;
}

/** How a test wants the node's logs (default: `TEST_LOG_LEVEL`, else silent). */
export interface TestServerOptions {
  /** The logger the node logs to (tests capture lines with a pino destination). */
  logger?: Logger;
}

/**
 * Starts a real Hearth node (real mediasoup workers) with test-friendly settings: open
 * circles, and per-IP socket limits out of the way (every test client shares 127.0.0.1;
 * the edge tests set their own).
 */
export async function startTestServer(
  env: Record<string, string> = {},
  overrides: HearthOverrides = {},
  opts: TestServerOptions = {},
): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-test-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    RTC_LISTEN_IP: '127.0.0.1',
    MEDIASOUP_WORKERS: '1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    // The media and rules suites use open circles (any id, first person facilitates).
    OPEN_CIRCLES: 'true',
    // Several nodes in one test process must not share a node id (the default is host and pid).
    NODE_ID: `test-${Math.random().toString(36).slice(2, 10)}`,
    SOCKETS_PER_IP: '100000',
    SOCKET_CONNECTS_PER_IP: '100000',
    ...env,
  } as NodeJS.ProcessEnv);
  const logger = opts.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const hearth = await createHearth(config, logger, overrides);
  const port = await hearth.listen();
  return {
    hearth,
    config,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await hearth.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Connects a socket.io client and waits until it is connected. */
export async function connectClient(url: string, auth: object = { protocolVersion: PROTOCOL_VERSION }): Promise<TestSocket> {
  const socket: TestSocket = connect(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

type Req = keyof ClientToServerEvents;
type ReplyOf<E extends Req> = Parameters<ClientToServerEvents[E]>[1] extends (r: Ack<infer T>) => void ? T : never;

/** Sends a request and resolves with the whole ack envelope. */
export function request<E extends Req>(socket: TestSocket, event: E, payload: unknown): Promise<Ack<ReplyOf<E>>> {
  return (socket.timeout(10_000).emitWithAck as (ev: string, p: unknown) => Promise<Ack<ReplyOf<E>>>)(event, payload);
}

/** Sends a request and returns its data, failing the test on an error ack. */
export async function requestOk<E extends Req>(socket: TestSocket, event: E, payload: unknown): Promise<ReplyOf<E>> {
  const ack = await request(socket, event, payload);
  if (!ack.ok) throw new Error(`${event} failed: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

/** Resolves with the next notification of that name (or rejects after `ms`). */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: E,
  ms = 5000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), ms);
    (socket.once as (ev: string, fn: (p: unknown) => void) => void)(event, (payload) => {
      clearTimeout(timer);
      resolve(payload as Parameters<ServerToClientEvents[E]>[0]);
    });
  });
}

/**
 * One test server for a test file, started before its tests and closed after them, and a
 * way to connect clients that are disconnected after each test. `server()` is the running one.
 */
export function useTestServer(...args: Parameters<typeof startTestServer>): { server(): TestServer; client(): Promise<TestSocket> } {
  let running: TestServer | undefined;
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    running = await startTestServer(...args);
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });
  afterAll(async () => {
    await running?.close();
  });
  const server = (): TestServer => {
    if (!running) throw new Error('the test server is not running yet');
    return running;
  };
  return {
    server,
    client: async () => {
      const s = await connectClient(server().url);
      sockets.push(s);
      return s;
    },
  };
}
