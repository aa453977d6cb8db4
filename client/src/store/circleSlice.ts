import type { CircleView, PeerInfo, ProducerInfo } from '@hearth/shared';
import type { CircleSlice, CircleState, RemotePeer, SliceCreator } from './types';

/** The circle state before joining anything. */
export const initialCircle: CircleState = {
  phase: 'idle',
  circleId: null,
  selfId: null,
  displayName: '',
  peers: {},
  peerOrder: [],
  consumers: {},
  rejoinToken: null,
  view: null,
};

function toRemotePeer(peer: PeerInfo): RemotePeer {
  return {
    peerId: peer.peerId,
    displayName: peer.displayName,
    producers: Object.fromEntries(peer.producers.map((p) => [p.producerId, { ...p }])),
  };
}

/** Returns `circle` with `peerId`'s entry replaced by `update(peer)`; unknown peers are left alone. */
function updatePeer(circle: CircleState, peerId: string, update: (peer: RemotePeer) => RemotePeer): Partial<CircleState> {
  const peer = circle.peers[peerId];
  if (!peer) return {};
  return { peers: { ...circle.peers, [peerId]: update(peer) } };
}

/** `next` unless `current` is already as new: circleState notifications may arrive out of order. */
function newerView(current: CircleView | null, next: CircleView | undefined): CircleView | null {
  if (!next) return current;
  // The same circle's state (not one started afresh after it emptied): the higher version wins.
  return current && current.circleId === next.circleId && current.createdAt === next.createdAt && current.version >= next.version ? current : next;
}

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const { [key]: _removed, ...rest } = record;
  return rest;
}

/**
 * Circle slice: pure reducers over who is in the circle and what they send. No side
 * effects here — the visit slice decides when to consume or close things.
 */
export const createCircleSlice: SliceCreator<CircleSlice> = () => (set, get) => {
  /** Applies a partial update to `circle`. */
  const patch = (fn: (c: CircleState) => Partial<CircleState>) => set((s) => ({ circle: { ...s.circle, ...fn(s.circle) } }));

  return {
    circle: initialCircle,

    circleJoined: (joined, displayName) =>
      patch((c) => {
        // Notifications that raced ahead of the join ack are already in `peers`: merge,
        // never drop them. The snapshot fills in whatever they did not cover.
        const peers = { ...c.peers };
        const order = [...c.peerOrder];
        for (const info of joined.peers) {
          if (info.peerId === joined.peerId) continue;
          const existing = peers[info.peerId];
          const fresh = toRemotePeer(info);
          peers[info.peerId] = existing ? { ...fresh, producers: { ...fresh.producers, ...existing.producers } } : fresh;
          if (!order.includes(info.peerId)) order.push(info.peerId);
        }
        return {
          circleId: joined.circleId,
          selfId: joined.peerId,
          displayName,
          peers,
          peerOrder: order,
          rejoinToken: joined.rejoinToken ?? null,
          view: newerView(c.view, joined.circle),
        };
      }),

    circleSuspended: () => {
      // Our media is gone but our place is not: keep the circle's view (the talk order, our
      // place in it) and who we are; drop what belonged to the lost connection.
      patch((c) => ({ ...initialCircle, phase: 'rejoining', circleId: c.circleId, selfId: c.selfId, rejoinToken: c.rejoinToken, displayName: c.displayName, view: c.view }));
    },

    peerReconnecting: (peerId) =>
      patch((c) => ({
        ...updatePeer(c, peerId, (p) => ({ ...p, producers: {}, reconnecting: true })),
        consumers: Object.fromEntries(Object.entries(c.consumers).filter(([, rec]) => rec.peerId !== peerId)),
      })),

    circleReset: (phase = 'idle') => {
      patch((c) => ({
        ...initialCircle,
        phase,
        // Keep who we were, so a rejoin after reconnecting is the same participant.
        circleId: phase === 'idle' ? null : c.circleId,
        rejoinToken: phase === 'idle' ? null : c.rejoinToken,
        displayName: c.displayName,
      }));
      // Notices and reactions belong to the visit that just ended.
      get().resetRules();
      // So does the lobby list; a rejoin keeps it until the server sends a fresh one.
      if (phase === 'idle') get().clearLobby();
      // Chat is ephemeral: nothing of it outlives the visit (a reconnect keeps it on screen).
      if (phase === 'idle') get().clearChat();
    },

    setCirclePhase: (phase) => patch(() => ({ phase })),

    peerJoined: (peer) =>
      patch((c) => {
        if (peer.peerId === c.selfId) return {};
        const existing = c.peers[peer.peerId];
        const fresh = toRemotePeer(peer);
        const merged = existing && !existing.reconnecting ? { ...fresh, producers: { ...fresh.producers, ...existing.producers } } : fresh;
        return {
          peers: { ...c.peers, [peer.peerId]: merged },
          peerOrder: c.peerOrder.includes(peer.peerId) ? c.peerOrder : [...c.peerOrder, peer.peerId],
        };
      }),

    peerLeft: (peerId) =>
      patch((c) => ({
        peers: withoutKey(c.peers, peerId),
        peerOrder: c.peerOrder.filter((id) => id !== peerId),
        consumers: Object.fromEntries(Object.entries(c.consumers).filter(([, rec]) => rec.peerId !== peerId)),
      })),

    producerAdded: (peerId, producer: ProducerInfo) =>
      patch((c) => updatePeer(c, peerId, (p) => ({ ...p, producers: { ...p.producers, [producer.producerId]: { ...producer } } }))),

    producerRemoved: (peerId, producerId) =>
      patch((c) => ({
        ...updatePeer(c, peerId, (p) => ({ ...p, producers: withoutKey(p.producers, producerId) })),
        consumers: Object.fromEntries(Object.entries(c.consumers).filter(([, rec]) => rec.producerId !== producerId)),
      })),

    producerPausedChanged: (peerId, producerId, paused) =>
      patch((c) =>
        updatePeer(c, peerId, (p) => {
          const producer = p.producers[producerId];
          if (!producer || producer.paused === paused) return p;
          return { ...p, producers: { ...p.producers, [producerId]: { ...producer, paused } } };
        }),
      ),

    consumerAdded: (consumer) => patch((c) => ({ consumers: { ...c.consumers, [consumer.consumerId]: { ...consumer } } })),

    consumerRemoved: (consumerId) => patch((c) => ({ consumers: withoutKey(c.consumers, consumerId) })),

    circleViewChanged: (view) =>
      patch((c) => (c.circleId === view.circleId ? { view: newerView(c.view, view) } : {})),
  };
};
