import { hashToken, newId, newToken } from '../accounts/tokens';
import type { LobbyEntry } from '@hearth/shared';
import { keys } from '../store/keys';
import type { Store } from '../store/types';

/** A lobby entry as stored: who waits, and on which socket to tell them. */
export interface StoredEntry {
  socketId: string;
  userId: string;
  displayName: string;
  since: string;
}

/** An admitted person: where to send their ticket. */
export interface Admission {
  socketId: string;
  ticket: string;
}

const TICKET_TTL_MS = 10 * 60 * 1000;
/**
 * The lobby of a session circle, in the store so facilitators on any node see everyone
 * waiting. Admission hands out single-use tickets (only their hashes are stored).
 */
export class Lobby {
  constructor(
    private readonly store: Store,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Adds (or refreshes) the socket's place in the lobby; returns its entry id. */
  async knock(circleId: string, socketId: string, userId: string, displayName: string): Promise<string> {
    const all = await this.store.hashGetAll<StoredEntry>(keys.circleLobby(circleId));
    // One place per person: a second tab or a reconnect replaces the first.
    for (const [entryId, e] of Object.entries(all)) if (e.userId === userId) await this.store.hashDelete(keys.circleLobby(circleId), entryId);
    const entryId = newId();
    await this.store.hashSet<StoredEntry>(keys.circleLobby(circleId), entryId, {
      socketId,
      userId,
      displayName,
      since: new Date(this.clock()).toISOString(),
    });
    return entryId;
  }

  /** Removes the socket's entries (stopped waiting, disconnected). Returns whether any was there. */
  async leave(circleId: string, socketId: string): Promise<boolean> {
    const all = await this.store.hashGetAll<StoredEntry>(keys.circleLobby(circleId));
    const mine = Object.entries(all).filter(([, e]) => e.socketId === socketId);
    for (const [entryId] of mine) await this.store.hashDelete(keys.circleLobby(circleId), entryId);
    return mine.length > 0;
  }

  /**
   * Who waits, longest first. `removedIds`: participant ids a facilitator removed; such a
   * person's entry says so. Guests' keys (`guest:<socket>`) are no participant id.
   */
  async waiting(circleId: string, removedIds: readonly string[] = []): Promise<LobbyEntry[]> {
    const all = await this.store.hashGetAll<StoredEntry>(keys.circleLobby(circleId));
    return Object.entries(all)
      .map(([entryId, e]) => {
        const participantId = e.userId.startsWith('guest:') ? null : e.userId;
        return { entryId, displayName: e.displayName, since: e.since, removed: participantId !== null && removedIds.includes(participantId), participantId };
      })
      .sort((a, b) => a.since.localeCompare(b.since));
  }

  /** Every entry as stored (to tell each waiting person about their wait). */
  async entries(circleId: string): Promise<StoredEntry[]> {
    return Object.values(await this.store.hashGetAll<StoredEntry>(keys.circleLobby(circleId)));
  }

  /** Empties the lobby (the session ended: nobody will be let in); returns who was waiting. */
  async clear(circleId: string): Promise<StoredEntry[]> {
    const all = await this.store.hashGetAll<StoredEntry>(keys.circleLobby(circleId));
    for (const entryId of Object.keys(all)) await this.store.hashDelete(keys.circleLobby(circleId), entryId);
    return Object.values(all);
  }

  /** The stored entry, or null. */
  async entry(circleId: string, entryId: string): Promise<StoredEntry | null> {
    return (await this.store.hashGetAll<StoredEntry>(keys.circleLobby(circleId)))[entryId] ?? null;
  }

  /** Admits one entry or everyone (but those `skip` says no to): each gets a single-use ticket. */
  async admit(circleId: string, which: { entryId: string } | { all: true }, skip: (e: StoredEntry) => boolean = () => false): Promise<Admission[]> {
    const all = await this.store.hashGetAll<StoredEntry>(keys.circleLobby(circleId));
    const chosen = ('all' in which ? Object.entries(all) : Object.entries(all).filter(([id]) => id === which.entryId)).filter(([, e]) => !skip(e));
    const admissions: Admission[] = [];
    for (const [entryId, entry] of chosen) {
      // Only the one who removes the entry issues its ticket (two facilitators clicking at once).
      if (!(await this.store.hashDelete(keys.circleLobby(circleId), entryId))) continue;
      const ticket = newToken(24);
      await this.store.set(keys.circleAdmission(circleId, hashToken(ticket)), entry.userId, { ttlMs: TICKET_TTL_MS });
      admissions.push({ socketId: entry.socketId, ticket });
    }
    return admissions;
  }

  /** Consumes a ticket: true when it was issued to `userId` for this circle and not used yet. */
  async redeem(circleId: string, userId: string, ticket: string | undefined): Promise<boolean> {
    if (!ticket) return false;
    const key = keys.circleAdmission(circleId, hashToken(ticket));
    const owner = await this.store.get<string>(key);
    if (owner !== userId) return false;
    return this.store.deleteIfEquals(key, userId);
  }
}
