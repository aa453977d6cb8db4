import type { Notifier } from '../transport/notifier';
import type { Peer } from './peer';
import { MediaSharing } from './sharing';

/*
 * MediaSharing with stand-ins for peers and the notifier (the real SFU path is covered by
 * tests/integration/groups.sfu.test.ts): what is closed and announced when a split starts,
 * changes and ends, and that a command changing nobody's group does nothing.
 */

interface FakeConsumer {
  id: string;
  closed: boolean;
  appData: { ownerId: string };
  close(): void;
}

function fakePeer(id: string, consumesFrom: string[]): Peer {
  const consumers = new Map<string, FakeConsumer>();
  for (const owner of consumesFrom) {
    const c: FakeConsumer = { id: `${id}<${owner}`, closed: false, appData: { ownerId: owner }, close: () => { c.closed = true; consumers.delete(c.id); } };
    consumers.set(c.id, c);
  }
  return { id, consumers, producerInfos: () => [{ producerId: `${id}-mic`, kind: 'audio', source: 'mic', paused: false }] } as unknown as Peer;
}

function setup() {
  const sent: string[] = [];
  const notifier = {
    toPeer: (peerId: string, event: string, payload: { consumerId?: string; producerId?: string }) => sent.push(`${peerId} ${event} ${payload.consumerId ?? payload.producerId}`),
    toCircle: (_c: string, event: string, _p: unknown, except?: string) => sent.push(`circle ${event} except ${except}`),
  } as unknown as Notifier;
  const peers = new Map(['a', 'b', 'c'].map((id) => [id, fakePeer(id, ['a', 'b', 'c'].filter((o) => o !== id))] as const));
  return { sharing: new MediaSharing('c1', peers, notifier), sent, peers };
}

it('a split closes consumers across groups and tells their receivers', () => {
  const { sharing, sent, peers } = setup();
  sharing.apply(new Map([['a', 'g1'], ['b', 'g1'], ['c', 'g2']]));
  expect(sent.sort()).toEqual(['a consumerClosed a<c', 'b consumerClosed b<c', 'c consumerClosed c<a', 'c consumerClosed c<b']);
  expect([...peers.get('a')!.consumers.keys()]).toEqual(['a<b']);
  expect([sharing.shares('a', 'b'), sharing.shares('a', 'c'), sharing.shares('a', 'nobody')]).toEqual([true, false, false]);
});

it('the same spaces again change nothing; coming together announces what was out of reach', () => {
  const { sharing, sent } = setup();
  sharing.apply(new Map([['a', 'g1'], ['b', 'g1'], ['c', 'g2']]));
  sent.length = 0;
  sharing.apply(new Map([['a', 'g1'], ['b', 'g1'], ['c', 'g2']]));
  expect(sent).toEqual([]);
  sharing.apply(null);
  expect(sent.sort()).toEqual(['a newProducer c-mic', 'b newProducer c-mic', 'c newProducer a-mic', 'c newProducer b-mic']);
});

it('announcements go to the whole circle when together, to the owner’s group while split', () => {
  const { sharing, sent } = setup();
  sharing.toSharing('a', 'activeSpeaker', { peerId: 'a' });
  expect(sent).toEqual(['circle activeSpeaker except a']);
  sharing.apply(new Map([['a', 'g1'], ['b', 'g1'], ['c', null]]));
  sent.length = 0;
  sharing.toSharing('a', 'activeSpeaker', { peerId: 'a' }, true);
  expect(sent).toEqual(['a activeSpeaker undefined', 'b activeSpeaker undefined']);
});
