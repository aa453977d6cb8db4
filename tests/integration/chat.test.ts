import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { ChatMessage } from '@hearth/shared';
import { createHearth } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { joinAs, sendOk, type Member } from '../helpers/circle';
import { connectClient, request, type TestSocket } from '../helpers/server';

/*
 * The circle's chat is ephemeral: relayed to the people present, to everyone or to the
 * facilitators only, size- and rate-limited, switchable by facilitators — and never written
 * to the store, the disk or the log.
 */

jest.setTimeout(30_000);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-chat-'));
const logLines: string[] = [];
let hearth: Awaited<ReturnType<typeof createHearth>>;
let url: string;
const members: Member[] = [];
const SECRET = `a resource at https://example.org/help-${Date.now().toString(36)}`;

function inbox(m: Member): ChatMessage[] {
  const got: ChatMessage[] = [];
  m.socket.on('chatMessage', (msg) => got.push(msg));
  return got;
}

async function until<T>(probe: () => T | undefined, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', RTC_LISTEN_IP: '127.0.0.1', MEDIASOUP_WORKERS: '1', DATA_DIR: dataDir, LOG_LEVEL: 'trace', OPEN_CIRCLES: 'true' } as NodeJS.ProcessEnv);
  // Every log line at the most verbose level, kept to search for the message text.
  const logger = pino({ level: 'trace' }, { write: (line: string) => void logLines.push(line) });
  hearth = await createHearth(config, logger);
  url = `http://127.0.0.1:${await hearth.listen()}`;
});
afterAll(async () => {
  for (const m of members) m.socket.disconnect();
  await hearth?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('relays to everyone present, or privately to the facilitators; refuses what it must, each with a reason', async () => {
  const f = await joinAs(url, 'chat-circle', 'Fran'); // first in: facilitates
  const a = await joinAs(url, 'chat-circle', 'Ash');
  const b = await joinAs(url, 'chat-circle', 'Bea');
  members.push(f, a, b);
  const [fIn, aIn, bIn] = [inbox(f), inbox(a), inbox(b)];

  const sent = await request(a.socket, 'sendChat', { text: `  ${SECRET}  `, to: 'everyone' });
  expect(sent.ok).toBe(true);
  for (const box of [fIn, aIn, bIn]) {
    expect(await until(() => box.find((m) => m.text === SECRET))).toMatchObject({ from: a.id, fromName: 'Ash', to: 'everyone', circleId: 'chat-circle' });
  }

  // Private to the facilitators: Fran and Bea herself see it, Ash does not.
  await request(b.socket, 'sendChat', { text: 'I need to leave early', to: 'facilitators' });
  await until(() => fIn.find((m) => m.text === 'I need to leave early'));
  await until(() => bIn.find((m) => m.text === 'I need to leave early'));
  await request(b.socket, 'sendChat', { text: 'marker', to: 'everyone' });
  await until(() => aIn.find((m) => m.text === 'marker'));
  expect(aIn.some((m) => m.to === 'facilitators')).toBe(false);

  // Size, emptiness, strangers.
  const long = await request(a.socket, 'sendChat', { text: 'x'.repeat(501), to: 'everyone' });
  expect(long.ok || long.error.code).toBe('INVALID_PAYLOAD');
  const empty = await request(a.socket, 'sendChat', { text: '   ', to: 'everyone' });
  expect(empty.ok || empty.error.code).toBe('INVALID_PAYLOAD');
  const stranger: TestSocket = await connectClient(url);
  const out = await request(stranger, 'sendChat', { text: 'hello', to: 'everyone' });
  expect(out.ok || out.error.code).toBe('NOT_IN_CIRCLE');
  stranger.disconnect();

  // Facilitators turn it off: messages to everyone are refused (said why); a word to the facilitators is not.
  await sendOk(f, { type: 'setRules', rules: { chat: false } });
  await a.waitForView((v) => v.rules.chat === false);
  const off = await request(a.socket, 'sendChat', { text: 'hello', to: 'everyone' });
  expect(off.ok ? 'ok' : off.error).toEqual({ code: 'NOT_ALLOWED', message: expect.stringContaining('turned chat off') });
  expect((await request(a.socket, 'sendChat', { text: 'private', to: 'facilitators' })).ok).toBe(true);
  await sendOk(f, { type: 'setRules', rules: { chat: true } });

  // A burst is limited (5 in 10 s).
  const burst = [];
  for (let i = 0; i < 6; i++) burst.push(await request(b.socket, 'sendChat', { text: `burst ${i}`, to: 'everyone' }));
  expect(burst.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code))).toContain('RATE_LIMITED');
});

it('keeps nothing: the message is in neither the store, its file, nor the log', async () => {
  await (hearth.store as unknown as { flush?: () => Promise<void> }).flush?.();
  const files = fs.readdirSync(dataDir, { recursive: true }).map(String);
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const full = path.join(dataDir, file);
    if (fs.statSync(full).isFile()) expect(fs.readFileSync(full, 'utf8')).not.toContain('help-');
  }
  expect(logLines.length).toBeGreaterThan(0);
  expect(logLines.join('\n')).not.toContain(SECRET);
  expect(logLines.join('\n')).not.toContain('I need to leave early');
});
