import type { CircleMode, CircleView, ParticipantView, QueueOrder, ReactionKind } from '@hearth/shared';

/*
 * What the talk controls and panels show, derived from the circle view alone (pure, so the
 * buttons, the keyboard shortcuts and the tests all agree on what is possible right now).
 * The server remains the judge: these only decide what to offer.
 */

/** Words for each mode, as the facilitator picks them. */
export const MODE_LABELS: Readonly<Record<CircleMode, string>> = {
  open: 'Open floor',
  queue: 'Hand queue',
  round: 'Go-around round',
  directed: 'Facilitator directs',
};

/** One line on what each mode means for the person reading it. */
export const MODE_HINTS: Readonly<Record<CircleMode, string>> = {
  open: 'Anyone may speak.',
  queue: 'Raise your hand; the floor passes in turn.',
  round: 'Everyone gets a turn in seating order. Passing is always fine.',
  directed: 'A facilitator invites each speaker.',
};

/** Words for each queue ordering. */
export const QUEUE_ORDER_LABELS: Readonly<Record<QueueOrder, string>> = {
  fifo: 'First come',
  notYetSpoken: 'Not yet spoken first',
  leastAirtime: 'Least airtime first',
};

/** Words for each reaction, in shortcut order (1–4). */
export const REACTION_LABELS: Readonly<Record<ReactionKind, string>> = {
  meToo: 'Me too',
  resonates: 'Resonates',
  thankYou: 'Thank you',
  heart: 'Heart',
};

/** Turn limits a facilitator can pick, in ms (null: none). */
export const TURN_LIMITS: ReadonlyArray<number | null> = [null, 60_000, 120_000, 180_000, 300_000];

/** "1st", "2nd", "3rd", "11th"… for places in the queue. */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** "2 min" / "No limit" for a turn limit. */
export function turnLimitLabel(ms: number | null): string {
  if (ms === null) return 'No limit';
  const minutes = ms / 60_000;
  return Number.isInteger(minutes) ? `${minutes} min` : `${Math.round(ms / 1000)} s`;
}

/** What the person using this page can do in the circle right now. */
export interface TalkState {
  mode: CircleMode;
  isFacilitator: boolean;
  present: boolean;
  steppedOut: boolean;
  /** Id of whoever holds the floor, if anyone. */
  holderId: string | null;
  holdsFloor: boolean;
  handRaised: boolean;
  /** Our pending entry is a direct reply. */
  replyPending: boolean;
  /** 1-based place in the served queue, or null. */
  queuePlace: number | null;
  /** It is our turn in a go-around. */
  roundTurn: boolean;
  canRaiseHand: boolean;
  canPass: boolean;
  canFinish: boolean;
  /** Replies are on and offered (outside rounds). */
  repliesOffered: boolean;
  canReply: boolean;
  needsMoment: boolean;
  mutedByFacilitator: boolean;
  /** Structured mode and the SFU does not forward our mic now: we'll be heard on our turn. */
  waitingToBeHeard: boolean;
  /** Someone else's direct reply is waiting (one at a time). */
  otherReplyPending: boolean;
  /** In a round: where we stand in it (null outside rounds). */
  roundPlace: 'turnDone' | 'toCome' | 'notInRound' | null;
}

/** Our own entry in the view's participants. */
export function selfParticipant(view: CircleView | null): ParticipantView | null {
  if (!view?.you) return null;
  return view.participants.find((p) => p.id === view.you!.id) ?? null;
}

/** What we can do now; null when we are not in the circle's view (yet). */
export function talkState(view: CircleView | null): TalkState | null {
  const you = view?.you;
  if (!view || !you || view.ended) return null;
  const me = selfParticipant(view);
  const present = you.presence === 'present';
  const holderId = view.floor?.holderId ?? null;
  const holdsFloor = holderId === you.id;
  const entry = view.queue.find((e) => e.participantId === you.id);
  const mode = view.rules.mode;
  const repliesOffered = view.rules.directReplies && mode !== 'round';
  const otherReply = view.queue.some((e) => e.kind === 'reply' && e.participantId !== you.id);
  const mutedByFacilitator = me?.mutedByFacilitator === true;
  return {
    mode,
    isFacilitator: you.role === 'facilitator',
    present,
    steppedOut: you.presence === 'steppedOut',
    holderId,
    holdsFloor,
    handRaised: entry !== undefined,
    replyPending: entry?.kind === 'reply',
    queuePlace: entry ? entry.position + 1 : null,
    roundTurn: mode === 'round' && holdsFloor && view.round?.currentId === you.id,
    // In pairs and small groups each group is an open floor: hands wait for the circle.
    canRaiseHand: present && !holdsFloor && entry === undefined && !view.groups,
    canPass: present && holdsFloor,
    canFinish: present && holdsFloor,
    repliesOffered,
    canReply: present && repliesOffered && holderId !== null && !holdsFloor && entry?.kind !== 'reply' && !otherReply,
    needsMoment: me?.needsMoment === true,
    mutedByFacilitator,
    waitingToBeHeard: present && mode !== 'open' && !view.groups && !you.audioAllowed && !mutedByFacilitator,
    otherReplyPending: otherReply,
    roundPlace: roundPlaceOf(view, you.id),
  };
}

function roundPlaceOf(view: CircleView, selfId: string): TalkState['roundPlace'] {
  const round = view.round;
  if (!round) return null;
  const at = round.order.indexOf(selfId);
  if (at < 0) return 'notInRound';
  return at < round.index || (at === round.index && view.floor?.holderId !== selfId) ? 'turnDone' : 'toCome';
}

/** Why "Reply" (R) cannot be used right now, in words; null when it can. */
export function replyRefusal(t: TalkState): string | null {
  if (t.canReply) return null;
  if (!t.repliesOffered) return t.mode === 'round' ? 'Replies wait until the round ends.' : 'Direct replies are turned off.';
  if (t.holdsFloor) return 'You have the floor.';
  if (t.replyPending) return 'Your reply is already waiting.';
  if (t.otherReplyPending) return 'Another reply is already waiting. You can raise your hand instead.';
  if (t.holderId === null) return 'No one is speaking to reply to.';
  return t.present ? "You can't reply right now." : 'Step back in first.';
}

/**
 * While your mic is on but the circle does not carry it (a structured mode, not your turn):
 * when you will be heard, true to where you stand. Null when there is nothing to say.
 */
export function hearingLine(t: TalkState): string | null {
  if (!t.waitingToBeHeard) return null;
  switch (t.mode) {
    case 'round':
      if (t.roundPlace === 'turnDone') return "You've had your turn in this round. Thank you.";
      if (t.roundPlace === 'notInRound') return 'This round began before you came in. You can speak after it.';
      return "You'll be heard when your turn in the round comes.";
    case 'queue':
      return t.handRaised ? "You'll be heard when your turn comes." : 'Raise your hand to be heard.';
    case 'directed':
      return "You'll be heard when a facilitator gives you the floor.";
    default:
      return null;
  }
}

/** Where one person stands in the go-around. */
export type RoundStatus = 'done' | 'speaking' | 'next' | 'later' | 'away';

/** One line of the round panel. */
export interface RoundLine {
  id: string;
  name: string;
  status: RoundStatus;
}

/**
 * The round in order with each person's status. "Next" is the first person after the
 * current one who is present (the engine skips anyone stepped out or gone, and so do we).
 */
export function roundLines(view: CircleView): RoundLine[] {
  const round = view.round;
  if (!round) return [];
  const byId = new Map(view.participants.map((p) => [p.id, p] as const));
  let nextFound = false;
  return round.order.map((id, i): RoundLine => {
    const p = byId.get(id);
    const name = p?.name ?? 'Someone who left';
    if (i < round.index) return { id, name, status: 'done' };
    if (i === round.index) return { id, name, status: view.floor?.holderId === id ? 'speaking' : 'done' };
    if (!p || p.presence !== 'present') return { id, name, status: 'away' };
    if (!nextFound) {
      nextFound = true;
      return { id, name, status: 'next' };
    }
    return { id, name, status: 'later' };
  });
}

/** The name of `id` in the view, or a gentle fallback. */
export function nameIn(view: CircleView | null, id: string): string {
  return view?.participants.find((p) => p.id === id)?.name ?? 'Someone';
}

/** The talk order in one glance (phones show it above the circle): who speaks, who is next, where you stand. */
export interface TalkSummary {
  mode: CircleMode;
  /** Who holds the floor ("You" for yourself); null when nobody does. */
  speaking: string | null;
  /** Who comes next (the queue's first, or the round's next); null when nobody waits. */
  next: string | null;
  /** Your place, in words; null when there is nothing to say. */
  you: string | null;
}

/** {@link TalkSummary} of a view; null outside the circle. */
export function talkSummary(view: CircleView | null): TalkSummary | null {
  const t = talkState(view);
  if (!t || !view) return null;
  const name = (id: string) => (id === view.you?.id ? 'You' : nameIn(view, id));
  const speaking = t.holderId ? name(t.holderId) : null;
  let next: string | null = null;
  if (view.round) {
    const line = roundLines(view).find((l) => l.status === 'next');
    next = line ? name(line.id) : null;
  } else if (view.queue[0]) {
    next = name(view.queue[0].participantId);
  }
  let you: string | null = null;
  if (t.holdsFloor) you = 'You have the floor';
  else if (t.replyPending) you = 'Your reply is next';
  else if (t.queuePlace !== null) you = t.queuePlace === 1 ? "You're next in line" : `You're ${ordinal(t.queuePlace)} in line`;
  else if (t.roundPlace === 'turnDone') you = "You've had your turn";
  else if (t.roundPlace === 'toCome') you = 'Your turn is coming';
  else if (t.steppedOut) you = "You've stepped out";
  // "Next: You" would only repeat what `you` says.
  return { mode: t.mode, speaking, next: next === 'You' ? null : next, you };
}

/**
 * What to announce when your place in line changes (screen readers), or null: "You're 3rd
 * in line." when your hand goes up, "You're now 2nd in line." as it moves, "You're next."
 */
export function placeAnnouncement(before: number | null, after: number | null): string | null {
  if (after === null || after === before) return null;
  if (after === 1) return "You're next in line.";
  if (before === null) return `You're ${ordinal(after)} in line.`;
  return after < before ? `You're now ${ordinal(after)} in line.` : `You're now ${ordinal(after)} in line: a facilitator changed the order.`;
}
