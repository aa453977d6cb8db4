import type { CircleEvent } from '@hearth/shared';
import { joinAs, sendOk, type Member } from './circle';
import { startTestServer, type TestServer } from './server';

/** Three people in a fresh circle of the roles tests: F facilitates, A and B are members. */
export interface RolesCircle {
  f: Member;
  a: Member;
  b: Member;
  circleId: string;
}

/**
 * One server for a roles test file (started before, closed after) and fresh circles on it;
 * everyone is disconnected after each test.
 */
export function useRolesServer(): { circle(): Promise<RolesCircle>; server(): TestServer; track(m: Member): Member } {
  let server: TestServer;
  const open: Member[] = [];
  let n = 0;
  beforeAll(async () => {
    server = await startTestServer({ MAX_PEERS_PER_CIRCLE: '10' });
  });
  afterEach(() => {
    for (const m of open.splice(0)) m.socket.disconnect();
  });
  afterAll(async () => {
    await server.close();
  });
  return {
    /** The running server. */
    server: () => server,
    /** Disconnects `m` after the test, as the circle's people are. */
    track(m) {
      open.push(m);
      return m;
    },
    /** A fresh circle: F joins first (so facilitates), then members A and B. */
    async circle() {
      const circleId = `roles-${++n}`;
      const f = await joinAs(server.url, circleId, 'Fran');
      const a = await joinAs(server.url, circleId, 'Ash');
      const b = await joinAs(server.url, circleId, 'Bea');
      open.push(f, a, b);
      await f.waitForView((v) => v.participants.length === 3);
      return { f, a, b, circleId };
    },
  };
}

/** Puts the circle in `order` (seats are drawn at random on join, so it may already be). */
export async function arrange(f: Member, order: string[]): Promise<void> {
  if (f.view.participants.map((p) => p.id).join() !== order.join()) await sendOk(f, { type: 'setSeating', order });
}

/** A and B in a pair; F in the main room. */
export const inPair = (c: RolesCircle) => sendOk(c.f, { type: 'startGroupsByHand', groups: [[c.a.id, c.b.id]], durationMs: null });
/** Resolves when `m` is told of an event of `type`. */
export const sawEvent = (m: Member, type: CircleEvent['type']) => m.waitForEvent((e) => e.type === type);
/** The participant `id` as `m` sees them. */
export const person = (m: Member, id: string) => m.view.participants.find((p) => p.id === id);
