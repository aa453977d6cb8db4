import { connectClient, nextEvent, request, requestOk, startTestServer, type TestServer } from '../helpers/server';
import { audioRtpParameters } from '../helpers/rtp';

jest.setTimeout(30_000);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

it('a worker that dies is replaced, its circles reset, and people can rejoin', async () => {
  const a = await connectClient(server.url);
  const b = await connectClient(server.url);
  await requestOk(a, 'joinCircle', { circleId: 'doomed', displayName: 'A' });
  await requestOk(b, 'joinCircle', { circleId: 'doomed', displayName: 'B' });
  const send = await requestOk(a, 'createTransport', { direction: 'send' });
  await requestOk(a, 'produce', { transportId: send.id, kind: 'audio', source: 'mic', rtpParameters: audioRtpParameters() });

  const [worker] = server.hearth.pool.workers();
  const deadPid = worker!.pid;
  const resetA = nextEvent(a, 'mediaReset');
  const resetB = nextEvent(b, 'mediaReset');
  process.kill(deadPid, 'SIGKILL');

  expect(await resetA).toEqual({ circleId: 'doomed', reason: expect.any(String) });
  await resetB;
  await waitFor(() => server.hearth.pool.workers().length === 1, 'a replacement worker');
  expect(server.hearth.pool.workers()[0]!.pid).not.toBe(deadPid);
  expect(server.hearth.circles.stats()).toEqual({ circles: 0, peers: 0 });
  const stale = await request(a, 'createTransport', { direction: 'send' });
  expect(stale.ok || stale.error.code).toBe('NOT_IN_CIRCLE');

  // The server kept running: both rejoin on the new worker and media works again.
  await requestOk(a, 'joinCircle', { circleId: 'doomed', displayName: 'A' });
  const joinedB = await requestOk(b, 'joinCircle', { circleId: 'doomed', displayName: 'B' });
  expect(joinedB.peers).toHaveLength(1);
  const again = await requestOk(a, 'createTransport', { direction: 'send' });
  await requestOk(a, 'produce', { transportId: again.id, kind: 'audio', source: 'mic', rtpParameters: audioRtpParameters() });
  const res = await fetch(`${server.url}/healthz`);
  expect(res.status).toBe(200);
  a.disconnect();
  b.disconnect();
});
