import { EventEmitter } from 'node:events';
import type http from 'node:http';
import pino from 'pino';
import { createHandshakeGuard } from './handshakeGuard';

/** A handshake request as engine.io hands it over (only what the guard reads). */
const handshake = (headers: Record<string, string> = {}): http.IncomingMessage =>
  ({ headers, socket: { remoteAddress: '198.51.100.7' } }) as unknown as http.IncomingMessage;

function guard(perIp = 2) {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'debug' }, { write: (l: string) => void lines.push(JSON.parse(l) as { level: number; msg: string }) });
  const g = createHandshakeGuard({
    allowedOrigins: ['https://hearth.test'],
    limits: { perIp, connectsPerWindow: 100, windowSeconds: 10 },
    clientIp: (req) => req.socket.remoteAddress!,
    logger,
  });
  const engine = new EventEmitter();
  g.track(engine as never);
  const ask = (req: http.IncomingMessage) =>
    new Promise<{ err: string | null | undefined; ok: boolean }>((resolve) => g.allowRequest(req, (err, ok) => resolve({ err, ok })));
  return { g, engine, ask, lines };
}

describe('handshake guard', () => {
  afterEach(() => jest.useRealTimers());

  it('holds a slot from the handshake until the connection closes', async () => {
    const { g, engine, ask } = guard();
    const req = handshake();
    expect(await ask(req)).toEqual({ err: null, ok: true });
    expect(g.held('198.51.100.7')).toBe(1);
    const conn = new EventEmitter();
    engine.emit('connection', Object.assign(conn, { request: req }));
    expect(g.held('198.51.100.7')).toBe(1);
    conn.emit('close');
    expect(g.held('198.51.100.7')).toBe(0);
  });

  it('gives the slot of a handshake that never became a connection back after a while', async () => {
    jest.useFakeTimers();
    const { g, ask } = guard(1);
    expect((await ask(handshake())).ok).toBe(true);
    expect((await ask(handshake())).ok).toBe(false);
    jest.advanceTimersByTime(10_000);
    expect(g.held('198.51.100.7')).toBe(0);
    expect((await ask(handshake())).ok).toBe(true);
  });

  it('logs refusals at warn once a minute per kind, the rest at debug (anyone can cause them)', async () => {
    const { ask, lines } = guard();
    for (let i = 0; i < 5; i++) expect((await ask(handshake({ origin: `https://evil${i}.example` }))).ok).toBe(false);
    await new Promise((r) => setImmediate(r));
    const refusals = lines.filter((l) => l.msg.startsWith('socket refused'));
    expect(refusals.map((l) => l.level)).toEqual([40, 20, 20, 20, 20]);
  });
});
