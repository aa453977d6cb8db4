import { joinAs, sendOk } from '../helpers/circle';
import { arrange, person, sawEvent, useRolesServer } from '../helpers/rolesCircle';

jest.setTimeout(30_000);

/* Member commands in a real circle: what members may do themselves, seen by everyone. */

const { circle, server, track } = useRolesServer();

describe('member commands', () => {
  it('raise and lower a hand; the queue is the same for everyone', async () => {
    const c = await circle();
    await sendOk(c.f, { type: 'setMode', mode: 'directed' });
    await sendOk(c.f, { type: 'giveFloor', to: c.f.id });
    await sendOk(c.a, { type: 'raiseHand' });
    const again = await c.a.send({ type: 'raiseHand' });
    expect(again.ok).toBe(false);
    await c.b.waitForView((v) => v.queue.some((q) => q.participantId === c.a.id));
    await sendOk(c.a, { type: 'lowerHand' });
    await c.b.waitForView((v) => v.queue.length === 0);
    const lowerAgain = await c.a.send({ type: 'lowerHand' });
    expect(lowerAgain.ok).toBe(false);
  });

  it('a direct reply jumps the queue, one at a time', async () => {
    const c = await circle();
    await sendOk(c.f, { type: 'setRules', rules: { directReplies: true } });
    await sendOk(c.f, { type: 'setMode', mode: 'queue' });
    await sendOk(c.f, { type: 'raiseHand' }); // F speaks
    await sendOk(c.b, { type: 'raiseHand' });
    await sendOk(c.a, { type: 'raiseReply' });
    await c.b.waitForView((v) => v.queue[0]?.participantId === c.a.id && v.queue[0]?.kind === 'reply');
    const second = await c.b.send({ type: 'raiseReply' });
    expect(second.ok || second.error.code).toBe('NOT_ALLOWED');
    await sendOk(c.f, { type: 'finishTurn' });
    await c.b.waitForView((v) => v.floor?.holderId === c.a.id && v.floor.reason === 'directReply');
  });

  it('in a round, passing advances and only the current person may pass', async () => {
    const c = await circle();
    await arrange(c.f, [c.a.id, c.b.id, c.f.id]);
    await sendOk(c.f, { type: 'startRound' });
    const notYours = await c.b.send({ type: 'pass' });
    expect(notYours.ok || notYours.error.code).toBe('NOT_YOUR_TURN');
    await sendOk(c.a, { type: 'pass' });
    await sawEvent(c.b, 'turnPassed');
    await c.b.waitForView((v) => v.floor?.holderId === c.b.id);
    await sendOk(c.b, { type: 'finishTurn' });
    await c.a.waitForView((v) => v.floor?.holderId === c.f.id);
    await sendOk(c.f, { type: 'finishTurn' });
    await sawEvent(c.a, 'roundEnded');
    // Passing is never counted as speaking; airtime is visible to facilitators only.
    const ash = c.f.view.participants.find((p) => p.id === c.a.id)!;
    expect(ash.stats).toMatchObject({ passes: 1, turns: 0, hasSpoken: false });
  });

  it('finishTurn only by the floor holder', async () => {
    const c = await circle();
    const ack = await c.a.send({ type: 'finishTurn' });
    expect(ack.ok).toBe(false);
  });

  it('reactions reach everyone; "I need a moment" reaches facilitators only', async () => {
    const c = await circle();
    await sendOk(c.a, { type: 'react', kind: 'resonates' });
    for (const m of [c.f, c.b]) await m.waitForEvent((e) => e.type === 'reaction' && e.from === c.a.id && e.kind === 'resonates');
    await sendOk(c.a, { type: 'requestMoment' });
    await sawEvent(c.f, 'momentRequested');
    await c.a.waitForView(() => person(c.a, c.a.id)?.needsMoment === true);
    await sendOk(c.a, { type: 'withdrawMoment' });
    await sawEvent(c.f, 'momentWithdrawn');
    await c.f.waitForView((v) => v.participants.find((p) => p.id === c.a.id)?.needsMoment === false);
    expect(c.b.events.some((e) => e.type === 'momentRequested' || e.type === 'momentWithdrawn')).toBe(false);
    expect(c.b.view.participants.find((p) => p.id === c.a.id)?.needsMoment).toBeUndefined();
  });

  it('stepping out and back; a stepped-out person is skipped', async () => {
    const c = await circle();
    await sendOk(c.b, { type: 'stepOut' });
    await c.f.waitForView((v) => v.participants.find((p) => p.id === c.b.id)?.presence === 'steppedOut');
    await arrange(c.f, [c.a.id, c.b.id, c.f.id]);
    await sendOk(c.f, { type: 'startRound' });
    await sendOk(c.a, { type: 'finishTurn' });
    await c.a.waitForView((v) => v.floor?.holderId === c.f.id);
    await sendOk(c.b, { type: 'stepBack' });
    await c.f.waitForView((v) => v.participants.find((p) => p.id === c.b.id)?.presence === 'present');
  });

  it('a member decides to unmute after a facilitator muted them', async () => {
    const c = await circle();
    await sendOk(c.f, { type: 'muteParticipant', target: c.a.id });
    await c.a.waitForView((v) => v.you?.audioAllowed === false);
    await sendOk(c.a, { type: 'unmuteSelf' });
    await c.a.waitForView((v) => v.you?.audioAllowed === true);
  });

  it('a retried command with the same id is applied once', async () => {
    const c = await circle();
    await sendOk(c.f, { type: 'setMode', mode: 'directed' });
    const first = await c.a.send({ type: 'raiseHand' }, 'cmd-1');
    const retry = await c.a.send({ type: 'raiseHand' }, 'cmd-1');
    expect(first.ok && retry.ok).toBe(true);
    if (first.ok && retry.ok) expect(retry.data.version).toBe(first.data.version);
  });

  it('a reconnecting person with their token comes back as themselves, with one snapshot', async () => {
    const c = await circle();
    c.f.socket.disconnect();
    // A dropped connection keeps its seat: the others see them reconnecting.
    await c.a.waitForView((v) => v.participants.find((p) => p.id === c.f.id)?.presence === 'reconnecting');
    const back = await joinAs(server().url, c.circleId, 'Fran', c.f.rejoinToken);
    track(back);
    expect(back.id).toBe(c.f.id);
    expect(back.view.you?.role).toBe('facilitator');
    expect(back.view.participants).toHaveLength(3);
  });

  it('bad commands get INVALID_PAYLOAD', async () => {
    const c = await circle();
    for (const command of [{ type: 'join', name: 'x', role: 'facilitator' }, { type: 'tick' }, { type: 'nope' }, { type: 'react', kind: 'boo' }, {}]) {
      const ack = await c.a.socket.timeout(5000).emitWithAck('circleCommand', { command } as never);
      expect(ack.ok || ack.error.code).toBe('INVALID_PAYLOAD');
    }
  });
});

it('someone still counted as present (their old connection died unnoticed) comes back with their token', async () => {
  const f = await joinAs(server().url, 'restart-1', 'Fran');
  const state = await server().hearth.circles.rules.state('restart-1');
  expect(state?.participants[f.id]?.presence).toBe('present');
  // The old connection is still open as far as the server knows: the new one takes over.
  const moved = new Promise((resolve) => f.socket.once('visitMoved', resolve));
  const back = await joinAs(server().url, 'restart-1', 'Fran', f.rejoinToken);
  track(back);
  expect(back.id).toBe(f.id);
  expect(back.view.you?.role).toBe('facilitator');
  expect(await moved).toEqual({ circleId: 'restart-1' });
  const after = await server().hearth.circles.rules.state('restart-1');
  expect(Object.keys(after!.participants)).toEqual([f.id]);
  expect(after!.participants[f.id]!.attachment).toBe(state!.participants[f.id]!.attachment! + 1);
});
