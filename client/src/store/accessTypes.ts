import type { CircleAccessView, ErrorCode, HostedCircleLink, LobbyEntry, LobbyStatus } from '@hearth/shared';
import type { ApiResult } from './accountTypes';

/*
 * State and actions of the access and lobby slices: what the circle page learns before
 * joining (`GET /api/circles/:id`), a member waiting to be let in, and the lobby list a
 * facilitator sees inside the circle.
 */

/** A cohort session's circle, as the pre-join screen sees it. */
export type SessionAccess = Extract<CircleAccessView, { kind: 'session' }>;

/** A hosted circle (started by a signed-in person, joined by guests with its link). */
export type HostedAccess = Extract<CircleAccessView, { kind: 'hosted' }>;

/** Where the access check of the circle on screen stands. */
export type AccessStatus = 'idle' | 'loading' | 'ready' | 'error';

/** The access check of the circle page's circle. */
export interface AccessState {
  /** The circle this state is about; replies for another circle are dropped. */
  circleId: string | null;
  status: AccessStatus;
  /** Kept while re-checking the same circle, so the screen does not flash. */
  view: CircleAccessView | null;
  /** Why the last check failed: UNAUTHENTICATED (sign in), NOT_FOUND (not one of yours), else retry. */
  error: { code: ErrorCode; message: string } | null;
  /** Local time of the last answer, to pace re-checks when the server and this clock disagree. */
  loadedAt: number;
  /** The one-tap "I'll keep to our group agreement in this session", ticked. */
  affirmed: boolean;
  /** Accepting the group agreement is in flight. */
  accepting: boolean;
}

/**
 * This person and a lobby:
 * - idle: not waiting
 * - knocking: `knockCircle` in flight (first time, or again after a reconnect)
 * - waiting: a facilitator has been told; `admitted` will follow
 * - admitted: let in; joining with the ticket
 */
export type KnockStatus = 'idle' | 'knocking' | 'waiting' | 'admitted';

/** Who admits whom: one person waiting, or everyone. */
export type AdmitTarget = { entryId: string } | { all: true };

/** Lobby state, both sides of the door. */
export interface LobbyState {
  /** Our own wait, on the pre-join screen. */
  knock: { status: KnockStatus; circleId: string | null; entryId: string | null };
  /** Facilitators in a circle: who is waiting to be let in, oldest first. */
  waiting: LobbyEntry[];
  /** The circle `waiting` belongs to. */
  waitingCircleId: string | null;
  /** Admissions in flight: entry ids, and 'all' for "Let everyone in". */
  admitting: string[];
  /** A hosted circle's guest: the name they knock (and later join) with. */
  knockName: string;
  /** Our own wait as the server last described it (facilitator here, locked, removed); null before. */
  status: LobbyStatus | null;
}

/** Access slice: the pre-join check, the agreement and this session's affirmation. */
export interface AccessSlice {
  access: AccessState;
  /** Asks the server what kind of circle `circleId` is and whether this person may join it. */
  loadAccess(circleId: string): Promise<void>;
  /** Accepts the cohort's current group agreement, then checks the circle again. */
  acceptCircleAgreement(): Promise<ApiResult<number>>;
  setAffirmed(affirmed: boolean): void;
  /** Forgets the check (leaving the circle page). */
  resetAccess(): void;
}

/** Lobby slice: knocking and waiting (members), letting people in (facilitators). */
export interface LobbySlice {
  lobby: LobbyState;
  /** "Ask to join": waits in the lobby of the circle on screen (a hosted circle's guest gives a name). */
  knock(displayName?: string): Promise<void>;
  /** "Stop waiting". Also used when the person leaves the page. */
  stopWaiting(): Promise<void>;
  /** The socket is back: a wait the server forgot with the old socket starts again. */
  lobbyReconnected(): void;
  /** `admitted`: join now with the ticket. */
  onAdmitted(circleId: string, ticket: string): void;
  /**
   * `lobbyStatus`: how our wait stands. When the session ended, waiting stops and the
   * pre-join screen is checked again (it then says so, with the next session).
   */
  onLobbyStatus(status: LobbyStatus): void;
  /** `lobbyChanged`: who waits now (facilitators). */
  onLobbyChanged(circleId: string, waiting: LobbyEntry[]): void;
  /** "Let <name> in" / "Let everyone in". Resolves true when the server admitted them. */
  admit(target: AdmitTarget): Promise<boolean>;
  /** "Let <name> back in": readmits someone removed earlier, then admits them from the lobby. */
  readmitAndAdmit(entry: LobbyEntry): Promise<boolean>;
  /** Forgets the facilitator's lobby list (the visit to the circle ended). */
  clearLobby(): void;
}

/** A hosted circle's shareable link, as its creator knows it in this tab. */
export interface HostedLinkState {
  /** The circle `url` belongs to; null before any was started or changed here. */
  circleId: string | null;
  name: string;
  /** The full link (`<origin>/c/<id>?k=<key>`); null once revoked. */
  url: string | null;
  /** A request in flight. */
  busy: 'create' | 'replace' | 'revoke' | 'end' | null;
}

/** Hosted slice: starting a hosted circle and managing its link (its creator only). */
export interface HostedSlice {
  hosted: HostedLinkState;
  /** "Start a circle" (signed in): creates it, then goes to its page with the key in the address. */
  startHostedCircle(name: string): Promise<ApiResult<HostedCircleLink>>;
  /** "Replace link": the old key stops working. */
  replaceHostedLink(circleId: string): Promise<ApiResult<HostedCircleLink>>;
  /** "Revoke link": nobody new can use a link to this circle until it is replaced. */
  revokeHostedLink(circleId: string): Promise<ApiResult<HostedCircleLink>>;
  /**
   * "End circle": its record (name, link) is deleted for good; people inside stay until
   * they leave, nobody can join again. Off the circle's page, it goes to the start page.
   */
  endHostedCircle(circleId: string): Promise<ApiResult<void>>;
}
