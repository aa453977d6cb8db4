import { connectClient, startTestServer } from '../helpers/server';
import { startServerProcess } from '../helpers/process';
import { startRedis } from '../helpers/redis';

jest.setTimeout(60_000);

it('SIGTERM closes connections and exits cleanly', async () => {
  const proc = await startServerProcess({ MEDIASOUP_WORKERS: '1' });
  const client = await connectClient(proc.url);
  const disconnected = new Promise<string>((resolve) => client.once('disconnect', resolve));
  const exited = new Promise<number | null>((resolve) => proc.child.once('exit', (code) => resolve(code)));
  proc.child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(await disconnected).toBeTruthy();
  expect(proc.output()).toMatch(/shutting down/);
  client.close();
  await proc.stop();
});

it('/healthz reports the store and answers 503 when Redis is gone', async () => {
  const redis = await startRedis({ dedicated: true });
  const server = await startTestServer({ REDIS_URL: redis.url });
  try {
    const ok = await fetch(`${server.url}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'ok', store: { kind: 'redis', ok: true }, workers: [expect.objectContaining({ pid: expect.any(Number) })] });
    await redis.stop();
    const down = await fetch(`${server.url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'degraded', store: { kind: 'redis', ok: false } });
  } finally {
    await server.close().catch(() => undefined);
  }
});

it('refuses to start with a clear message when the configuration is wrong', async () => {
  await expect(startServerProcess({ PORT: 'eighty', RTC_MIN_PORT: '50000', RTC_MAX_PORT: '40000' })).rejects.toThrow(
    /Invalid configuration:[\s\S]*PORT="eighty": /,
  );
});
