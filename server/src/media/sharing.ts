import type { ServerToClientEvents } from '@hearth/shared';
import type { Notifier } from '../transport/notifier';
import type { Peer } from './peer';

type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

/**
 * Who may see and hear whom in a room: null while the circle is together (everyone), or
 * each person's space while it is in pairs or small groups (`mediaSpaces` of the circle's
 * state: a group id, or null for the main room). Two people share media exactly when both
 * have a space and it is the same one.
 */
export type ShareRule = ReadonlyMap<string, string | null> | null;

function shared(rule: ShareRule, a: string, b: string): boolean {
  return rule === null || (rule.has(a) && rule.has(b) && rule.get(a) === rule.get(b));
}

function sameRule(x: ShareRule, y: ShareRule): boolean {
  if (x === null || y === null) return x === y;
  if (x.size !== y.size) return false;
  for (const [id, space] of x) if (!y.has(id) || y.get(id) !== space) return false;
  return true;
}

/**
 * Enforces who receives whose media, on the server: while the circle is split, no consumer
 * exists across groups (one that did is closed, a new one is refused), and producers are
 * announced only to those who may receive them. When people come together again, each is
 * told of the producers they may now receive, as if those had just started.
 */
export class MediaSharing {
  private rule: ShareRule = null;

  constructor(
    private readonly circleId: string,
    private readonly peers: ReadonlyMap<string, Peer>,
    private readonly notifier: Notifier,
  ) {}

  /** Whether `listenerId` may receive `ownerId`'s media now. */
  shares(listenerId: string, ownerId: string): boolean {
    return shared(this.rule, listenerId, ownerId);
  }

  /**
   * Tells everyone who may receive `ownerId`'s media (not `ownerId`, unless `includeOwner`).
   * With no split, one message to the circle.
   */
  toSharing<E extends EventName>(ownerId: string, event: E, payload: Payload<E>, includeOwner = false): void {
    if (this.rule === null) {
      this.notifier.toCircle(this.circleId, event, payload, includeOwner ? undefined : ownerId);
      return;
    }
    for (const peer of this.peers.values()) {
      if (peer.id === ownerId ? includeOwner : this.shares(peer.id, ownerId)) this.notifier.toPeer(peer.id, event, payload);
    }
  }

  /**
   * Applies a new rule (a no-op when nobody's space changed): consumers across groups close (their receivers are told), and each
   * receiver learns of the producers it may receive now and could not before.
   */
  apply(rule: ShareRule): void {
    const before = this.rule;
    // Most commands change nobody's group: nothing to do.
    if (sameRule(before, rule)) return;
    this.rule = rule;
    for (const listener of this.peers.values()) {
      for (const consumer of [...listener.consumers.values()]) {
        const ownerId = (consumer.appData as { ownerId?: string }).ownerId;
        if (ownerId === undefined || shared(rule, listener.id, ownerId) || consumer.closed) continue;
        consumer.close();
        this.notifier.toPeer(listener.id, 'consumerClosed', { consumerId: consumer.id });
      }
      for (const owner of this.peers.values()) {
        if (owner === listener || shared(before, listener.id, owner.id) || !shared(rule, listener.id, owner.id)) continue;
        for (const info of owner.producerInfos()) {
          this.notifier.toPeer(listener.id, 'newProducer', { peerId: owner.id, ...info });
        }
      }
    }
  }
}
