import { REMOVED_MESSAGE, SESSION_ENDED_MESSAGE, eventOutcome, type NoticeDraft } from '../lib/circleEvents';
import { newCommandId } from '../lib/ids';
import { placeAnnouncement, selfParticipant, talkState } from '../lib/talk';
import { serverClockOffset } from '../lib/time';
import { errorCodeOf } from '../net/request';
import { attemptWith } from './apiResult';
import type { FloatingReaction, RulesSlice, RulesState, SliceCreator } from './types';

/** How long a reaction floats on its sender's tile. */
export const REACTION_TTL_MS = 4500;
/** A burst of reactions must not flood the tiles (or memory). */
const MAX_REACTIONS = 24;
/** At most this many notices at once; the oldest go first. */
const MAX_NOTICES = 4;

/** Nothing transient yet. */
export const initialRules: RulesState = { notices: [], reactions: [], clockOffsetMs: 0, pending: [] };

/**
 * Rules slice: sends circle commands (the server owns the talk order: no optimistic
 * updates, the next `circleState` shows the result within milliseconds), turns events into
 * private notices, floating reactions and announcements, and expires them on timers.
 */
export const createRulesSlice: SliceCreator<RulesSlice> = (services) => (set, get) => {
  const attempt = attemptWith(services, get);
  let nextId = 1;
  /** Our place in the queue at the last view, to announce when it changes. */
  let lastPlace: { circleId: string | null; place: number | null } = { circleId: null, place: null };
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const patch = (fn: (r: RulesState) => Partial<RulesState>) => set((s) => ({ rules: { ...s.rules, ...fn(s.rules) } }));
  const joined = () => get().circle.phase === 'joined';

  const nameOf = (id: string) => {
    const { view, peers } = get().circle;
    return view?.participants.find((p) => p.id === id)?.name ?? peers[id]?.displayName ?? 'Someone';
  };

  const addNotice = (draft: NoticeDraft) => {
    const id = nextId++;
    patch((r) => ({
      notices: [...r.notices.filter((n) => n.kind !== draft.kind), { id, kind: draft.kind, text: draft.text, action: draft.action }].slice(-MAX_NOTICES),
    }));
    later(draft.ttlMs, () => get().dismissNotice(id));
  };

  const addReaction = (reaction: Omit<FloatingReaction, 'id'>) => {
    const id = nextId++;
    patch((r) => ({ reactions: [...r.reactions, { id, ...reaction }].slice(-MAX_REACTIONS) }));
    later(REACTION_TTL_MS, () => patch((r) => ({ reactions: r.reactions.filter((x) => x.id !== id) })));
  };

  return {
    rules: initialRules,

    sendCommand: async (command) => {
      if (!joined()) return false;
      patch((r) => ({ pending: [...r.pending, command.type] }));
      try {
        await services().request('circleCommand', { command, commandId: newCommandId() });
        return true;
      } catch (err) {
        // The server's words ("It is not your turn.") are written for people: show them as is.
        get().pushError(err instanceof Error && err.message ? err.message : "That didn't work. Please try again.", errorCodeOf(err));
        return false;
      } finally {
        patch((r) => {
          const at = r.pending.indexOf(command.type);
          return at < 0 ? {} : { pending: [...r.pending.slice(0, at), ...r.pending.slice(at + 1)] };
        });
      }
    },

    onCircleEvent: (event) => {
      if (!joined()) return;
      const { circle } = get();
      const outcome = eventOutcome(event, {
        selfId: circle.selfId,
        isFacilitator: circle.view?.you?.role === 'facilitator',
        nameOf,
        groupId: circle.view?.groups?.yourGroupId ?? null,
      });
      const clears = outcome.clears;
      if (clears?.length) patch((r) => ({ notices: r.notices.filter((n) => !clears.includes(n.kind)) }));
      if (outcome.notice) addNotice(outcome.notice);
      if (outcome.reaction) addReaction(outcome.reaction);
      if (outcome.announce) get().announce(outcome.announce);
      switch (outcome.effect) {
        case 'micOff':
          void get().micForcedOff();
          break;
        case 'cameraOff':
          void get().cameraForcedOff();
          break;
        case 'removed':
          get().onCircleClosed(REMOVED_MESSAGE);
          break;
        case 'ended':
          get().onCircleClosed(SESSION_ENDED_MESSAGE);
          break;
        default:
      }
    },

    viewAccepted: (view, receivedAt = Date.now()) => {
      // Your place in line, for screen readers (the floor itself is announced from its events).
      const place = talkState(view)?.queuePlace ?? null;
      const said = view.circleId === lastPlace.circleId ? placeAnnouncement(lastPlace.place, place) : null;
      lastPlace = { circleId: view.circleId, place };
      if (said && talkState(view)?.replyPending !== true) get().announce(said);
      const offset = serverClockOffset(view, receivedAt);
      if (offset !== null) patch(() => ({ clockOffsetMs: offset }));
      // A facilitator's mute is also in the view (e.g. after rejoining): the mic button must
      // never say "Mute" while the server keeps us silent. Never the reverse: no forced unmute.
      const { mic } = get().media;
      if (selfParticipant(view)?.mutedByFacilitator && mic.on && !mic.busy) void get().micForcedOff();
    },

    dismissNotice: (id) => patch((r) => ({ notices: r.notices.filter((n) => n.id !== id) })),

    saveRulesForNextTime: async () => {
      const { view, circleId } = get().circle;
      if (!view || circleId === null) return { ok: false, code: 'NOT_IN_CIRCLE', message: 'Join the circle first.' };
      const { mode, queueOrder, directReplies, turnLimitMs, autoAdvance, facilitatorsMaySpeak, chat = true } = view.rules;
      // A round is not a way to start: save the mode the circle goes back to after it.
      const startMode = mode === 'round' ? 'queue' : mode;
      const result = await attempt((api) => api.saveCircleDefaults(circleId, { mode: startMode, queueOrder, directReplies, turnLimitMs, autoAdvance, facilitatorsMaySpeak, chat }));
      return result.ok ? { ok: true, data: result.data.rules } : result;
    },

    resetRules: () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      // The clock estimate stays valid across circles on the same server.
      patch((r) => ({ ...initialRules, clockOffsetMs: r.clockOffsetMs }));
    },
  };
};
