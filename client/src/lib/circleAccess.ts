import { circlePath, type LobbyEntry } from '@hearth/shared';
import type { AccessState, HostedAccess, HostedLinkState, SessionAccess } from '../store/accessTypes';
import { liveWindow, type LiveWindow } from './countdown';
import { sessionLabel } from './links';
import { formatZoned, todayIn } from './zones';

/*
 * Pure helpers of the session pre-join screen and the lobby: what the Join button does
 * and why it may not be pressable yet, times in the viewer's zone, and the facilitator's
 * lobby list.
 */

/** The session details of `circleId`, when the access check says it is a cohort session's circle. */
export function sessionAccessOf(access: Pick<AccessState, 'circleId' | 'view'>, circleId: string | null): SessionAccess | null {
  if (circleId === null || access.circleId !== circleId || access.view?.kind !== 'session') return null;
  return access.view;
}

/** The hosted circle's details of `circleId`, when the access check says it is one. */
export function hostedAccessOf(access: Pick<AccessState, 'circleId' | 'view'>, circleId: string | null): HostedAccess | null {
  if (circleId === null || access.circleId !== circleId || access.view?.kind !== 'hosted') return null;
  return access.view;
}

/** A hosted circle's pre-join button: guests of a circle with a lobby ask; its creator joins. */
export function hostedAction(view: HostedAccess): 'join' | 'knock' {
  return view.lobby && view.role === 'member' ? 'knock' : 'join';
}

/**
 * The link to share for a hosted circle: the one made or replaced in this tab (null once
 * revoked), else the one in the address bar. Null when there is none to share.
 */
export function hostedShareLink(hosted: Pick<HostedLinkState, 'circleId' | 'url'>, circleId: string, linkKey: string | null, origin: string): string | null {
  if (hosted.circleId === circleId) return hosted.url;
  return linkKey ? `${origin}${circlePath(circleId, linkKey)}` : null;
}

/** Version 0 means the cohort has no agreement yet: nothing to keep to, so no checkbox. */
export function needsAffirmation(view: SessionAccess): boolean {
  return view.agreement.version > 0;
}

/** Why Join cannot be pressed yet, in the order a person would meet the reasons. */
export type JoinBlocker = 'cancelled' | 'ended' | 'over' | 'notYet' | 'agreement' | 'affirm';

/** What the session pre-join button does at `now`. */
export interface JoinGate {
  /** `knock`: "Ask to join" (members of a cohort with a lobby); `join`: straight in. */
  action: 'join' | 'knock';
  blocker: JoinBlocker | null;
  /** The join window moved forward to `now` (`stale`: ask the server again). */
  window: LiveWindow & { joinable: boolean };
  /** The circle is locked: newcomers are refused (people already in this session may come back). */
  locked: boolean;
}

/** Decides the session pre-join button from the access check, the clock and the checkbox. */
export function joinGate(view: SessionAccess, now: number, affirmed: boolean): JoinGate {
  const window = liveWindow(view.window, now);
  const action = view.lobby && view.role === 'member' ? 'knock' : 'join';
  let blocker: JoinBlocker | null = null;
  if (view.session.status === 'cancelled') blocker = 'cancelled';
  else if (view.session.endedAt) blocker = 'ended';
  else if (window.state === 'notYet') blocker = 'notYet';
  else if (!window.joinable) blocker = 'over';
  else if (!view.agreement.accepted) blocker = 'agreement';
  else if (needsAffirmation(view) && !affirmed) blocker = 'affirm';
  return { action, blocker, window, locked: view.locked };
}

/** The sentence under the button for a blocker (the "opens at" one is built by {@link opensAtText}). */
export function blockerHint(blocker: Exclude<JoinBlocker, 'notYet'>): string {
  switch (blocker) {
    case 'cancelled':
      return 'This session was cancelled. Your home page shows the next one.';
    case 'ended':
      return 'This session has ended. Your home page shows the next one.';
    case 'over':
      return 'This session has ended. Your home page shows the next one.';
    case 'agreement':
      return 'Please read and accept the group agreement first.';
    case 'affirm':
      return "Please tick the box to say you'll keep to the group agreement in this session.";
  }
}

/**
 * When the circle opens, in the viewer's zone: "18:50 GMT" today, else with the date:
 * "18:50 GMT on Tuesday 10 February 2026".
 */
export function opensAtText(opensAtIso: string, zone: string, now: number, locale?: string): string {
  const when = formatZoned(opensAtIso, zone, locale);
  const sameDay = todayIn(zone, now) === todayIn(zone, Date.parse(opensAtIso));
  return sameDay ? `${when.time} ${when.zoneName}` : `${when.time} ${when.zoneName} on ${when.date}`;
}

/** Whether the session's circle cannot be joined any more (cancelled, ended, or its window closed). */
export function sessionIsOver(gate: JoinGate): boolean {
  return gate.blocker === 'cancelled' || gate.blocker === 'ended' || gate.blocker === 'over';
}

/**
 * A session's start for a person, in their zone: "Tuesday 10 March 2026 at 19:00 GMT".
 * The zone is theirs (their setting, else this device's), never the cohort's.
 */
export function sessionStartText(startsAtIso: string, zone: string, locale?: string): string {
  const when = formatZoned(startsAtIso, zone, locale);
  return `${when.date} at ${when.time} ${when.zoneName}`;
}

/**
 * What someone waiting in a lobby is told about their wait: whether a facilitator is there
 * to see them, whether the circle is locked (they may still be let in by name), whether
 * they were removed earlier (a facilitator decides whether they come back).
 */
export function lobbyWaitText(status: { facilitatorPresent: boolean; locked: boolean; removed: boolean } | null): string {
  if (status?.removed) return 'You were asked to leave this circle earlier. A facilitator can see that you are here and will decide whether you can come back in.';
  if (status && !status.facilitatorPresent) return "No facilitator has arrived yet. They'll see that you're here as soon as they do. Settle in and take a breath — nobody can see or hear you until you're in.";
  if (status?.locked) return "The circle is locked just now, but a facilitator can see that you're here and can still let you in.";
  return "They can see that you're here. Settle in and take a breath — nobody can see or hear you until you're in.";
}

/** "Session 3 · Arriving: what brought us here" (the total is not known here). */
export function sessionTitle(view: SessionAccess): string {
  const label = sessionLabel(view.session.index, null);
  return view.session.theme ? `${label} · ${view.session.theme}` : label;
}

/** How long someone has waited, for the facilitator: "Just arrived", "Waiting 3 min", "Waiting 1 h 5 min". */
export function waitingLabel(sinceIso: string, now: number): string {
  const since = Date.parse(sinceIso);
  const minutes = Number.isNaN(since) ? 0 : Math.floor((now - since) / 60_000);
  if (minutes < 1) return 'Just arrived';
  if (minutes < 60) return `Waiting ${minutes} min`;
  const rest = minutes % 60;
  return `Waiting ${Math.floor(minutes / 60)} h${rest > 0 ? ` ${rest} min` : ''}`;
}

/** People in `next` who were not in `prev`: the ones to tell the facilitator about. */
export function newArrivals(prev: readonly LobbyEntry[], next: readonly LobbyEntry[]): LobbyEntry[] {
  const known = new Set(prev.map((e) => e.entryId));
  return next.filter((e) => !known.has(e.entryId));
}

/** "Sam is waiting to be let in." / "Sam and Bo are…" / "3 people are…"; empty for nobody. */
export function arrivalAnnouncement(arrivals: readonly LobbyEntry[]): string {
  const names = arrivals.map((e) => e.displayName);
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is waiting to be let in.`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are waiting to be let in.`;
  return `${names.length} people are waiting to be let in.`;
}

/** Entries oldest first (the server's order is kept for equal times). */
export function sortWaiting(entries: readonly LobbyEntry[]): LobbyEntry[] {
  return entries
    .map((e, i) => ({ e, i, t: Date.parse(e.since) }))
    .sort((a, b) => (Number.isNaN(a.t) || Number.isNaN(b.t) ? 0 : a.t - b.t) || a.i - b.i)
    .map(({ e }) => e);
}

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})\b/g;

/**
 * A server message with its ISO instants written in the viewer's zone: "This circle opens
 * at 2026-02-10T18:50:00.000Z." → "This circle opens at 18:50 GMT on Tuesday 10 February 2026."
 */
export function localiseInstants(message: string, zone: string, now: number, locale?: string): string {
  return message.replace(ISO_INSTANT, (iso) => (Number.isNaN(Date.parse(iso)) ? iso : opensAtText(iso, zone, now, locale)));
}
