import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { keys } from '../../server/src/store/keys';
import { joinAs, sendOk } from '../helpers/circle';
import { freePort } from '../helpers/process';
import { startRedis, type TestRedis } from '../helpers/redis';
import { startTestServer } from '../helpers/server';

jest.setTimeout(60_000);

/*
 * Redis Sentinel for a highly available deployment: Hearth is given the sentinels (not the
 * primary) and ioredis asks them where the primary is. A real redis-server in sentinel mode
 * (the same Debian binary) watches a real primary.
 */
let primary: TestRedis;
let sentinel: ChildProcess;
let sentinelPort: number;
let dir: string;

beforeAll(async () => {
  primary = await startRedis({ dedicated: true });
  sentinelPort = await freePort();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-sentinel-'));
  const { port } = new URL(primary.url);
  const conf = path.join(dir, 'sentinel.conf');
  fs.writeFileSync(conf, `port ${sentinelPort}\nbind 127.0.0.1\ndir ${dir}\nsentinel monitor hearth-primary 127.0.0.1 ${port} 1\nsentinel down-after-milliseconds hearth-primary 2000\n`);
  sentinel = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
  // Ready once it names the primary.
  const probe = new Redis(sentinelPort, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => 100 });
  probe.on('error', () => undefined);
  for (let i = 0; i < 100; i++) {
    const answer = await probe.call('SENTINEL', 'get-master-addr-by-name', 'hearth-primary').catch(() => null);
    if (Array.isArray(answer) && answer[1] === port) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  probe.disconnect();
});
afterAll(async () => {
  sentinel?.kill('SIGTERM');
  await primary?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('finds the primary through the sentinels and keeps the circle there', async () => {
  const server = await startTestServer({ REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`, REDIS_SENTINEL_NAME: 'hearth-primary' });
  const f = await joinAs(server.url, 'sentinel-1', 'Fran');
  try {
    expect(server.hearth.store.kind).toBe('redis');
    await sendOk(f, { type: 'setMode', mode: 'queue' });
    await sendOk(f, { type: 'raiseHand' });
    const direct = new Redis(primary.url);
    const record = JSON.parse((await direct.get(keys.circleRules('sentinel-1')))!) as { state: { floor: { holderId: string } | null } };
    expect(record.state.floor?.holderId).toBe(f.id);
    direct.disconnect();
  } finally {
    f.socket.disconnect();
    await server.close();
  }
});
