import type { CircleEvent, CircleView, ClientCircleCommand } from '@hearth/shared';
import { connectClient, request, type TestSocket } from './server';

/** A person in a circle over a real socket, tracking the newest state view they were sent. */
export interface Member {
  socket: TestSocket;
  /** The node this member ended up on (the circle's home). */
  url: string;
  id: string;
  rejoinToken: string;
  view: CircleView;
  events: CircleEvent[];
  send(command: ClientCircleCommand, commandId?: string): ReturnType<typeof request<'circleCommand'>>;
  /** Resolves once a view satisfying `check` arrived (or the current one does). */
  waitForView(check: (v: CircleView) => boolean, ms?: number): Promise<CircleView>;
  /** Resolves once an event satisfying `check` arrived. */
  waitForEvent(check: (e: CircleEvent) => boolean, ms?: number): Promise<CircleEvent>;
}

/** Connects and joins `circleId` as `name`. */
export async function joinAs(url: string, circleId: string, name: string, rejoinToken?: string): Promise<Member> {
  const socket = await connectClient(url);
  const events: CircleEvent[] = [];
  const viewWaiters = new Set<() => void>();
  const eventWaiters = new Set<() => void>();
  const member = {} as Member;
  socket.on('circleState', (view) => {
    // Versioned: a stale view (older than the one held) is dropped, as the client does.
    if (!member.view || view.version > member.view.version) member.view = view;
    for (const w of [...viewWaiters]) w();
  });
  socket.on('circleEvent', (event) => {
    events.push(event);
    for (const w of [...eventWaiters]) w();
  });
  const payload = { circleId, displayName: name, ...(rejoinToken ? { rejoinToken } : {}) };
  const first = await request(socket, 'joinCircle', payload);
  // Several nodes: the circle lives on its home node; go there, as the browser does.
  if (!first.ok && first.error.code === 'MOVED' && first.error.location) {
    socket.close();
    return joinAs(first.error.location, circleId, name, rejoinToken);
  }
  if (!first.ok) throw new Error(`joinCircle failed: ${first.error.code} ${first.error.message}`);
  const joined = first.data;
  if (!member.view || joined.circle.version > member.view.version) member.view = joined.circle;
  Object.assign(member, {
    socket,
    url,
    id: joined.peerId,
    rejoinToken: joined.rejoinToken,
    events,
    send: (command: ClientCircleCommand, commandId?: string) =>
      request(socket, 'circleCommand', { command, ...(commandId ? { commandId } : {}) }),
    waitForView: (check: (v: CircleView) => boolean, ms = 5000) =>
      waitUntil(viewWaiters, () => (check(member.view) ? member.view : undefined), ms, 'view'),
    waitForEvent: (check: (e: CircleEvent) => boolean, ms = 5000) =>
      waitUntil(eventWaiters, () => events.find(check), ms, 'event'),
  });
  return member;
}

function waitUntil<T>(waiters: Set<() => void>, probe: () => T | undefined, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const now = probe();
    if (now !== undefined) return resolve(now);
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(new Error(`timed out waiting for a matching ${what}`));
    }, ms);
    const check = (): void => {
      const found = probe();
      if (found === undefined) return;
      clearTimeout(timer);
      waiters.delete(check);
      resolve(found);
    };
    waiters.add(check);
  });
}

/** Sends a command and fails the test unless it is accepted. */
export async function sendOk(member: Member, command: ClientCircleCommand): Promise<number> {
  const ack = await member.send(command);
  if (!ack.ok) throw new Error(`${command.type} refused: ${ack.error.code} ${ack.error.message}`);
  return ack.data.version;
}
