import { createHmac } from 'node:crypto';
import { connectClient, requestOk, startTestServer, type TestServer, type TestSocket } from '../helpers/server';

jest.setTimeout(30_000);

const secret = 'integration-turn-secret-42';
const servers: TestServer[] = [];
const sockets: TestSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  for (const s of servers.splice(0)) await s.close();
});

async function joinOn(env: Record<string, string>, circleId: string) {
  const server = await startTestServer(env);
  servers.push(server);
  const socket = await connectClient(server.url);
  sockets.push(socket);
  return requestOk(socket, 'joinCircle', { circleId, displayName: 'Ada' });
}

it('hands each joiner TURN servers with a credential coturn can check (use-auth-secret)', async () => {
  const urls = 'turn:127.0.0.1:3478?transport=udp,turns:turn.example.org:443?transport=tcp,stun:127.0.0.1:3478';
  const before = Math.floor(Date.now() / 1000);
  const joined = await joinOn({ TURN_URLS: urls, TURN_SECRET: secret, TURN_CREDENTIAL_TTL_S: '3600' }, 'turn-1');
  const [relay, stun] = joined.iceServers ?? [];
  expect(relay?.urls).toEqual(['turn:127.0.0.1:3478?transport=udp', 'turns:turn.example.org:443?transport=tcp']);
  expect(stun).toEqual({ urls: ['stun:127.0.0.1:3478'] });
  const [expiry, id] = relay!.username!.split(':');
  expect(Number(expiry)).toBeGreaterThanOrEqual(before + 3600);
  expect(Number(expiry)).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 3600);
  expect(id).not.toBe(joined.peerId);
  expect(relay!.credential).toBe(createHmac('sha1', secret).update(relay!.username!).digest('base64'));
});

it('hands out no ICE servers when TURN is not configured', async () => {
  const joined = await joinOn({}, 'turn-2');
  expect(joined.iceServers).toBeUndefined();
});
