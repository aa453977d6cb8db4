import type { CircleCommand, CircleState } from '@hearth/shared';
import { TestCircle } from '../../../shared/src/circle/testkit';
import { DomainError } from '../errors';
import type { Logger } from '../logger';
import { Peer } from '../media/peer';
import type { Room } from '../media/room';
import type { CircleCommands } from './circleCommands';
import { lowerHandOnSpeaking } from './speakingHands';

/** The circle's commands as the function uses them: the cached state, and apply (recorded). */
function commandsOver(state: CircleState, refuse = false) {
  const applied: Array<[string, CircleCommand]> = [];
  const commands = {
    cached: () => state,
    apply: async (_circleId: string, actorId: string, command: CircleCommand) => {
      applied.push([actorId, command]);
      if (refuse) throw new DomainError('NOT_ALLOWED', 'Your hand is not raised.');
      return { state, events: [] };
    },
  } as unknown as CircleCommands;
  return { commands, applied };
}

function roomWith(peer: Peer): Room {
  return { circleId: 'c1', peers: new Map([[peer.id, peer]]) } as unknown as Room;
}

const logger = { warn: jest.fn() } as unknown as Logger;

describe('lowerHandOnSpeaking', () => {
  const circle = () => TestCircle.with(['a', 'b']).do('a', { type: 'raiseHand' });

  it('lowers the speaker’s raised hand in open floor when they asked for it', async () => {
    const peer = new Peer('a', 'A');
    peer.lowerHandWhenSpeaking = true;
    const { commands, applied } = commandsOver(circle().state);
    await lowerHandOnSpeaking(commands, roomWith(peer), 'a', logger);
    expect(applied).toEqual([['a', { type: 'lowerHand' }]]);
  });

  it('does nothing when they did not ask, their hand is down, or the circle is not in open floor', async () => {
    const off = new Peer('a', 'A');
    const on = new Peer('a', 'A');
    on.lowerHandWhenSpeaking = true;
    const other = new Peer('b', 'B');
    other.lowerHandWhenSpeaking = true;
    const queueMode = circle().do('f', { type: 'setMode', mode: 'directed' }).state;
    expect(queueMode.queue.map((e) => e.participantId)).toEqual(['a']);
    for (const [peer, state] of [
      [off, circle().state],
      [other, circle().state],
      [on, queueMode],
    ] as const) {
      const { commands, applied } = commandsOver(state);
      await lowerHandOnSpeaking(commands, roomWith(peer), peer.id, logger);
      expect(applied).toEqual([]);
    }
    const { commands, applied } = commandsOver(circle().state);
    await lowerHandOnSpeaking(commands, undefined, 'a', logger);
    expect(applied).toEqual([]);
  });

  it('a refusal (the hand went down meanwhile) is not an error', async () => {
    const peer = new Peer('a', 'A');
    peer.lowerHandWhenSpeaking = true;
    const { commands } = commandsOver(circle().state, true);
    await expect(lowerHandOnSpeaking(commands, roomWith(peer), 'a', logger)).resolves.toBeUndefined();
    expect(logger.warn).not.toHaveBeenCalled();
  });
});
