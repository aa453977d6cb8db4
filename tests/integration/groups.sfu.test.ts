import type { ServerToClientEvents } from '@hearth/shared';
import { joinAs, sendOk, type Member } from '../helpers/circle';
import { audioRtpParameters, videoRtpParameters } from '../helpers/rtp';
import { connectClient, request, requestOk, startTestServer, type TestServer, type TestSocket } from '../helpers/server';

/*
 * Pairs and small groups on the SFU, with real socket.io clients and a real mediasoup worker:
 * while the circle is split no consumer exists across groups (existing ones close, new ones
 * are refused), producers are announced only within a group, a late joiner lands in the
 * smallest group, a visiting facilitator receives the group they visit, and back in the
 * circle everyone is told of what they may receive again.
 */

jest.setTimeout(60_000);

let server: TestServer;
let people: Member[] = [];
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  for (const m of people) m.socket.disconnect();
  for (const s of sockets.splice(0)) s.disconnect();
  people = [];
});
afterAll(async () => {
  await server.close();
});

type NewProducer = Parameters<ServerToClientEvents['newProducer']>[0];

/** A member with a mic, a camera, a receive transport, and the producers announced to them. */
interface Sender extends Member {
  mic: string;
  cam: string;
  announced: NewProducer[];
  closed: string[];
}

async function withMedia(m: Member): Promise<Sender> {
  const s = Object.assign(m, { announced: [] as NewProducer[], closed: [] as string[], mic: '', cam: '' });
  m.socket.on('newProducer', (p) => s.announced.push(p));
  m.socket.on('consumerClosed', ({ consumerId }) => s.closed.push(consumerId));
  const t = await requestOk(m.socket, 'createTransport', { direction: 'send' });
  s.mic = (await requestOk(m.socket, 'produce', { transportId: t.id, kind: 'audio', source: 'mic', rtpParameters: audioRtpParameters() })).producerId;
  s.cam = (await requestOk(m.socket, 'produce', { transportId: t.id, kind: 'video', source: 'camera', rtpParameters: videoRtpParameters() })).producerId;
  await requestOk(m.socket, 'createTransport', { direction: 'recv' });
  await requestOk(m.socket, 'setRtpCapabilities', { rtpCapabilities: server.hearth.circles.roomOf(m.id).router.rtpCapabilities });
  return s;
}

/** Whose media `m` receives, by the server's own consumers. */
function receivesFrom(m: Member): string[] {
  const room = server.hearth.circles.roomOf(m.id);
  const owners = [...room.peer(m.id).consumers.values()].map((c) => (c.appData as { ownerId: string }).ownerId);
  return [...new Set(owners)].sort();
}

/** Whether the SFU forwards this person's mic. */
const micForwarded = (m: Sender) => !server.hearth.circles.roomOf(m.id).peer(m.id).producerOf('mic')!.paused;

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

async function consumeAll(m: Sender, others: Sender[]): Promise<void> {
  for (const o of others) {
    await requestOk(m.socket, 'consume', { producerId: o.mic });
    await requestOk(m.socket, 'consume', { producerId: o.cam });
  }
}

const sortIds = (...ms: Member[]) => ms.map((m) => m.id).sort();

it('pairs: no consumer across groups, announcements within a group, visits, late joiners, back together', async () => {
  const circle = 'groups-sfu-1';
  const f = await withMedia(await joinAs(server.url, circle, 'Fran'));
  const a = await withMedia(await joinAs(server.url, circle, 'Ash'));
  const b = await withMedia(await joinAs(server.url, circle, 'Bea'));
  const c = await withMedia(await joinAs(server.url, circle, 'Cy'));
  const d = await withMedia(await joinAs(server.url, circle, 'Dee'));
  const all = [f, a, b, c, d];
  people = [...all];
  await sendOk(f, { type: 'setMode', mode: 'queue' }); // structured outside: the groups are an open floor
  for (const m of all) await consumeAll(m, all.filter((o) => o !== m));
  expect(receivesFrom(a)).toEqual(sortIds(f, b, c, d));

  await sendOk(f, { type: 'startGroupsByHand', groups: [[a.id, b.id], [c.id, d.id]], durationMs: 600_000 });
  await until(() => receivesFrom(a).join() === b.id && receivesFrom(c).join() === d.id && receivesFrom(f).length === 0);
  expect(receivesFrom(b)).toEqual([a.id]);
  expect(receivesFrom(d)).toEqual([c.id]);
  expect(a.closed).toHaveLength(6); // the mics and cameras of f, c and d
  // Everyone in a group may be heard there (an open floor), though the circle is in queue mode.
  await until(() => [a, b, c, d].every(micForwarded));
  await a.waitForView((v) => v.groups?.yourGroupId === 'g1' && v.groups.groups.length === 1);

  // A modified client cannot listen in on another group.
  const across = await request(a.socket, 'consume', { producerId: c.mic });
  expect(across).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'that person is in another group' } });
  expect((await request(f.socket, 'consume', { producerId: a.cam })).ok).toBe(false);

  // A late joiner goes to the smallest group (a tie: the first) and is announced only there.
  const e = await joinAs(server.url, circle, 'Eve');
  people.push(e);
  await e.waitForView((v) => v.groups?.yourGroupId === 'g1');
  const es = await withMedia(e);
  await until(() => a.announced.some((p) => p.producerId === es.mic) && b.announced.some((p) => p.producerId === es.mic));
  for (const m of [c, d, f]) expect(m.announced.some((p) => p.producerId === es.mic)).toBe(false);
  await requestOk(a.socket, 'consume', { producerId: es.mic });
  expect((await request(c.socket, 'consume', { producerId: es.mic })).ok).toBe(false);

  // A visiting facilitator receives the group visited, and only it; the group receives them.
  a.announced.length = 0;
  f.announced.length = 0;
  await sendOk(f, { type: 'visitGroup', group: 'g2' });
  await until(() => f.announced.some((p) => p.producerId === c.mic) && c.announced.some((p) => p.producerId === f.mic));
  expect(f.announced.map((p) => p.peerId).sort()).toEqual(sortIds(c, c, d, d));
  await requestOk(f.socket, 'consume', { producerId: c.mic });
  expect(receivesFrom(f)).toEqual([c.id]);
  expect(a.announced).toEqual([]);

  // Leaving the visit closes what the facilitator received there.
  await sendOk(f, { type: 'leaveGroupVisit' });
  await until(() => receivesFrom(f).length === 0 && receivesFrom(c).length === 1);

  // Back to the circle: everyone is told of everyone they may receive again.
  a.announced.length = 0;
  await sendOk(f, { type: 'endGroups' });
  await until(() => [c, d, f].every((o) => a.announced.some((p) => p.producerId === o.mic)));
  expect(a.announced.some((p) => p.peerId === b.id)).toBe(false); // b's were never closed
  await requestOk(a.socket, 'consume', { producerId: c.mic });
  expect(receivesFrom(a)).toEqual(sortIds(b, c, e));
  // The circle's own rule again: queue mode, nobody holds the floor, so members are not heard.
  await until(() => [a, b, c, d].every((m) => !micForwarded(m)));
});

it('refuses bad group commands with typed errors and changes nothing', async () => {
  const circle = 'groups-sfu-2';
  const f = await joinAs(server.url, circle, 'Fran');
  const a = await joinAs(server.url, circle, 'Ash');
  const b = await joinAs(server.url, circle, 'Bea');
  people = [f, a, b];
  const version = f.view.version;
  const tries = [
    [f, { type: 'startGroupsByHand', groups: [[a.id], [b.id]], durationMs: null }, 'INVALID_PAYLOAD'],
    [f, { type: 'startGroupsByHand', groups: [[a.id, 'nobody']], durationMs: null }, 'NOT_FOUND'],
    [f, { type: 'startGroups', size: 1, seed: 0, durationMs: null }, 'INVALID_PAYLOAD'],
    [a, { type: 'startGroups', size: 2, seed: 0, durationMs: null }, 'NOT_ALLOWED'],
    [f, { type: 'endGroups' }, 'NOT_ALLOWED'],
    [f, { type: 'messageGroups', text: 'x'.repeat(1000) }, 'INVALID_PAYLOAD'],
  ] as const;
  for (const [who, command, code] of tries) {
    expect(await who.send(command as never)).toMatchObject({ ok: false, error: { code } });
  }
  // Random pairs: the server draws the seed; two members make one pair.
  await sendOk(f, { type: 'startGroups', size: 2, seed: 0, durationMs: 120_000 });
  const v = await a.waitForView((x) => x.groups !== undefined);
  expect(v.version).toBe(version + 1);
  expect(v.groups?.groups[0]?.members.sort()).toEqual([a.id, b.id].sort());
  expect(v.groups?.endsAt).not.toBeNull();
  await sendOk(f, { type: 'messageGroups', text: 'Swap roles now' });
  await b.waitForEvent((e) => e.type === 'groupMessage' && e.text === 'Swap roles now');
  await sendOk(f, { type: 'endGroups' });
  await a.waitForView((x) => x.groups === undefined);
});

it('a dropped connection keeps its group: back with the same token, it receives only its group', async () => {
  const circle = 'groups-sfu-3';
  const f = await withMedia(await joinAs(server.url, circle, 'Fran'));
  const a = await withMedia(await joinAs(server.url, circle, 'Ash'));
  const b = await withMedia(await joinAs(server.url, circle, 'Bea'));
  const c = await withMedia(await joinAs(server.url, circle, 'Cy'));
  const d = await withMedia(await joinAs(server.url, circle, 'Dee'));
  people = [f, a, b, c, d];
  await sendOk(f, { type: 'startGroupsByHand', groups: [[a.id, b.id], [c.id, d.id]], durationMs: null });
  await f.waitForView((v) => v.groups !== undefined);

  a.socket.disconnect();
  await f.waitForView((v) => v.participants.find((p) => p.id === a.id)?.presence === 'reconnecting');
  // Back with the same credential, as the browser does after a network blip.
  const socket = await connectClient(server.url);
  sockets.push(socket);
  const joined = await requestOk(socket, 'joinCircle', { circleId: circle, displayName: 'Ash', rejoinToken: a.rejoinToken });
  expect(joined.peerId).toBe(a.id);
  expect(joined.circle.groups).toMatchObject({ yourGroupId: 'g1' });
  expect(joined.circle.groups?.groups[0]?.members.sort()).toEqual(sortIds(a, b));
  // What the join answer offers to consume: only the group's producers.
  const offered = Object.fromEntries(joined.peers.map((p) => [p.peerId, p.producers.length]));
  expect(offered).toEqual({ [f.id]: 0, [b.id]: 2, [c.id]: 0, [d.id]: 0 });
  await requestOk(socket, 'createTransport', { direction: 'recv' });
  await requestOk(socket, 'setRtpCapabilities', { rtpCapabilities: joined.routerRtpCapabilities });
  await requestOk(socket, 'consume', { producerId: b.mic });
  expect(await request(socket, 'consume', { producerId: c.mic })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
});
