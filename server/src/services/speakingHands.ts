import { DomainError } from '../errors';
import type { Logger } from '../logger';
import type { Room } from '../media/room';
import type { CircleCommands } from './circleCommands';

/**
 * "Lower my hand when I start speaking": the SFU's active-speaker observer now hears
 * `peerId` most; if they asked for it (their visit preference), the circle is in open floor
 * and their hand (or reply) is up, it goes down, as if they had lowered it themselves (the
 * rules' own `lowerHand`, so everyone sees "hand lowered by themselves"). Done here rather
 * than in the client: it holds when the person's tab is in the background or their socket
 * is slow, and needs no trust in what a client says about who is speaking.
 *
 * The observer is sticky (it names someone new only when someone else is heard most), so a
 * person who was the last to speak, raises their hand and speaks again keeps their hand up.
 */
export async function lowerHandOnSpeaking(commands: CircleCommands, room: Room | undefined, peerId: string, logger: Logger): Promise<void> {
  if (!room?.peers.get(peerId)?.lowerHandWhenSpeaking) return;
  const state = commands.cached(room.circleId);
  if (!state || state.rules.mode !== 'open' || !state.queue.some((e) => e.participantId === peerId)) return;
  try {
    await commands.apply(room.circleId, peerId, { type: 'lowerHand' });
  } catch (err) {
    // Lowered meanwhile (by them or a facilitator), or the mode changed: nothing to do.
    if (!(err instanceof DomainError) || err.code === 'UNAVAILABLE') logger.warn({ err, circleId: room.circleId }, 'could not lower a hand on speaking');
  }
}
