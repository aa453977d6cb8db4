import { io as connect } from 'socket.io-client';
import { PROTOCOL_VERSION, type CircleView } from '@hearth/shared';
import { request, type TestSocket } from './server';

/**
 * A person in a circle on a cluster of nodes, behaving as the browser does: joins through
 * any node and follows MOVED to the circle's home; when its connection drops (the node
 * died, drained or lost the circle) it reconnects — to the next node in `urls` when its own
 * is gone — and rejoins with its rejoin token.
 */
export interface RoamingMember {
  id: string;
  /** The node it is connected to now. */
  url: string;
  view: CircleView;
  socket: TestSocket;
  send(command: object, commandId?: string): ReturnType<typeof request<'circleCommand'>>;
  /** Resolves at the next successful (re)join after now. */
  nextJoin(): Promise<void>;
  waitForView(check: (v: CircleView) => boolean, ms?: number): Promise<CircleView>;
  close(): void;
}

/** Joins `circleId` as `name` through `urls[start]`. */
export async function joinRoaming(urls: string[], circleId: string, name: string, start = 0): Promise<RoamingMember> {
  let token: string | undefined;
  let closed = false;
  let joinWaiters: Array<() => void> = [];
  let viewWaiters: Array<() => void> = [];
  const m = { url: urls[start]! } as RoamingMember;

  const open = (url: string): Promise<TestSocket> =>
    new Promise((resolve, reject) => {
      const socket: TestSocket = connect(url, { auth: { protocolVersion: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false, timeout: 2000 });
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (err) => {
        socket.close();
        reject(err);
      });
    });

  const attach = (socket: TestSocket) => {
    m.socket = socket;
    socket.on('circleState', (view) => {
      if (!m.view || view.version > m.view.version) m.view = view;
      for (const w of viewWaiters) w();
    });
    socket.on('disconnect', () => {
      if (!closed) void roam();
    });
  };

  /** One join through `url`, following MOVED; false when it could not (try elsewhere). */
  const joinAt = async (url: string, hops = 0): Promise<boolean> => {
    let socket: TestSocket;
    try {
      socket = await open(url);
    } catch {
      return false;
    }
    const ack = await request(socket, 'joinCircle', { circleId, displayName: name, ...(token ? { rejoinToken: token } : {}) }).catch(() => null);
    if (ack && !ack.ok && ack.error.code === 'MOVED' && ack.error.location && hops < 3) {
      socket.close();
      return joinAt(ack.error.location, hops + 1);
    }
    if (!ack?.ok) {
      socket.close();
      return false;
    }
    m.url = url;
    m.id = ack.data.peerId;
    token = ack.data.rejoinToken;
    m.view = ack.data.circle;
    attach(socket);
    const waiters = joinWaiters;
    joinWaiters = [];
    for (const w of waiters) w();
    // The join's own view may be the newest one: nobody else's change need follow it.
    for (const w of viewWaiters) w();
    return true;
  };

  /** Reconnects with backoff, own node first, then the others; bounded to ~30 s. */
  const roam = async () => {
    const order = [m.url, ...urls.filter((u) => u !== m.url)];
    for (let i = 0; i < 60 && !closed; i++) {
      if (await joinAt(order[i % order.length]!)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  // A node that is paused or going away may be named by MOVED for a few seconds: keep trying.
  let joined = false;
  for (let i = 0; i < 80 && !joined; i++) {
    joined = await joinAt(urls[(start + i) % urls.length]!);
    if (!joined) await new Promise((r) => setTimeout(r, 250));
  }
  if (!joined) throw new Error(`could not join ${circleId} through ${urls.join(', ')}`);
  m.send = (command, commandId) => request(m.socket, 'circleCommand', { command, ...(commandId ? { commandId } : {}) });
  m.nextJoin = () => new Promise((resolve) => joinWaiters.push(resolve));
  m.waitForView = (check, ms = 15_000) =>
    new Promise((resolve, reject) => {
      if (m.view && check(m.view)) return resolve(m.view);
      const timer = setTimeout(() => reject(new Error('timed out waiting for a matching view')), ms);
      const w = () => {
        if (!check(m.view)) return;
        clearTimeout(timer);
        viewWaiters = viewWaiters.filter((x) => x !== w);
        resolve(m.view);
      };
      viewWaiters.push(w);
    });
  m.close = () => {
    closed = true;
    m.socket?.close();
  };
  return m;
}
