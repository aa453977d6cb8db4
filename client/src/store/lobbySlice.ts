import { displayNameSchema } from '@hearth/shared';
import { arrivalAnnouncement, hostedAccessOf, hostedAction, localiseInstants, needsAffirmation, newArrivals, sessionAccessOf, sortWaiting } from '../lib/circleAccess';
import { routeLinkKey } from '../lib/route';
import { browserTimeZone } from '../lib/zones';
import { errorCodeOf } from '../net/request';
import type { LobbySlice, LobbyState } from './accessTypes';
import type { KnockExtras, SliceCreator } from './types';

/** Nobody waiting, on either side of the door. */
export const initialLobby: LobbyState = {
  knock: { status: 'idle', circleId: null, entryId: null },
  waiting: [],
  waitingCircleId: null,
  admitting: [],
  knockName: '',
  status: null,
};

/** Codes after which the access check is out of date (window, agreement or lobby changed). */
const RECHECK_CODES = new Set(['AGREEMENT_REQUIRED', 'CIRCLE_CLOSED', 'LOBBY_REQUIRED', 'NOT_FOUND', 'NOT_ALLOWED']);

/**
 * Lobby slice. Members of a cohort with a lobby, and guests of a hosted circle (with
 * their name and the link's key), knock and wait on the pre-join screen;
 * `admitted` brings a ticket they join with at once. Facilitators inside the circle get
 * the list of who waits and let them in. Each knock gets a number: an ack that arrives
 * after the person stopped waiting (or knocked again) is ignored.
 */
export const createLobbySlice: SliceCreator<LobbySlice> = (services) => (set, get) => {
  let knockAttempt = 0;
  const patch = (fn: (l: LobbyState) => Partial<LobbyState>) => set((s) => ({ lobby: { ...s.lobby, ...fn(s.lobby) } }));
  const setKnock = (knock: LobbyState['knock']) => patch(() => ({ knock }));
  const idleKnock: LobbyState['knock'] = { status: 'idle', circleId: null, entryId: null };

  /** The circle on screen, if it is the one `circleId` names. */
  const onPage = (circleId: string) => {
    const { route } = get().ui;
    return route.name === 'circle' && route.circleId === circleId;
  };

  /** A hosted circle's guest knocks with their name and the link's key. */
  const knockExtras = (circleId: string): KnockExtras | null => {
    if (!hostedAccessOf(get().access, circleId)) return null;
    const linkKey = routeLinkKey(get().ui.route, circleId);
    return { displayName: get().lobby.knockName, ...(linkKey ? { linkKey } : {}) };
  };

  /** Sends `knockCircle`; `again` keeps the waiting screen up (a reconnect, not a new request). */
  const sendKnock = async (circleId: string, again: boolean) => {
    const mine = ++knockAttempt;
    setKnock({ status: again ? 'waiting' : 'knocking', circleId, entryId: null });
    if (!again) patch(() => ({ status: null }));
    try {
      const extras = knockExtras(circleId);
      const { entryId } = await services().request('knockCircle', { circleId, ...extras });
      if (mine !== knockAttempt) return;
      setKnock({ status: 'waiting', circleId, entryId });
      if (!again) get().announce('Waiting for a facilitator to let you in.');
    } catch (err) {
      if (mine !== knockAttempt) return;
      setKnock(idleKnock);
      const code = errorCodeOf(err);
      const message = err instanceof Error && err.message ? err.message : "Couldn't ask to join. Please try again.";
      get().pushError(localiseInstants(message, get().account.me?.timeZone ?? browserTimeZone(), Date.now()), code);
      if (RECHECK_CODES.has(code)) void get().loadAccess(circleId);
    }
  };

  return {
    lobby: initialLobby,

    knock: async (displayName) => {
      const { route } = get().ui;
      if (route.name !== 'circle') return;
      const { knock } = get().lobby;
      if (knock.status !== 'idle' || get().circle.phase !== 'idle') return;
      const hosted = hostedAccessOf(get().access, route.circleId);
      if (hosted) {
        if (hostedAction(hosted) !== 'knock') return;
        // A guest: the name they typed (or, after a dropped connection, the one they joined with).
        const parsed = displayNameSchema.safeParse(displayName ?? (get().lobby.knockName || get().circle.displayName));
        if (!parsed.success) {
          get().pushError('Please enter your name (up to 40 characters).', 'INVALID_PAYLOAD');
          return;
        }
        services().saveDisplayName(parsed.data);
        patch(() => ({ knockName: parsed.data }));
        get().clearErrors();
        await sendKnock(route.circleId, false);
        return;
      }
      const view = sessionAccessOf(get().access, route.circleId);
      // The screen only offers "Ask to join" once the agreement is accepted and affirmed.
      if (!view || !view.agreement.accepted || (needsAffirmation(view) && !get().access.affirmed)) return;
      get().clearErrors();
      await sendKnock(route.circleId, false);
    },

    stopWaiting: async () => {
      const { knock } = get().lobby;
      if (knock.status === 'idle' || knock.status === 'admitted') return;
      knockAttempt++;
      setKnock(idleKnock);
      get().announce('You stopped waiting.');
      // Best effort: a server that cannot be reached has forgotten the wait with the socket.
      await services()
        .request('cancelKnock', {})
        .catch(() => undefined);
    },

    lobbyReconnected: () => {
      const { knock } = get().lobby;
      // The server forgets a wait with its socket: knock again, without a new "waiting" announcement.
      if ((knock.status === 'waiting' || knock.status === 'knocking') && knock.circleId && onPage(knock.circleId)) {
        void sendKnock(knock.circleId, true);
      }
    },

    onAdmitted: (circleId, ticket) => {
      const { knock } = get().lobby;
      if ((knock.status !== 'waiting' && knock.status !== 'knocking') || knock.circleId !== circleId || !onPage(circleId)) return;
      knockAttempt++;
      setKnock({ status: 'admitted', circleId, entryId: knock.entryId });
      get().announce("You've been let in. Joining the circle…");
      void get()
        .join(get().lobby.knockName, { admissionTicket: ticket })
        .finally(() => {
          if (get().lobby.knock.status === 'admitted') setKnock(idleKnock);
        });
    },

    onLobbyStatus: (status) => {
      const { knock } = get().lobby;
      if (knock.circleId !== status.circleId || (knock.status !== 'waiting' && knock.status !== 'knocking')) return;
      const before = get().lobby.status;
      patch(() => ({ status }));
      if (status.ended) {
        knockAttempt++;
        setKnock(idleKnock);
        get().announce('This session has ended. Nobody will be let in now.');
        // The pre-join screen then says so, with the next session and where to find support.
        if (onPage(status.circleId)) void get().loadAccess(status.circleId);
        return;
      }
      if (before && !before.facilitatorPresent && status.facilitatorPresent) get().announce('A facilitator is here now and can see that you are waiting.');
    },

    onLobbyChanged: (circleId, waiting) => {
      const { circle } = get();
      if (circle.circleId !== circleId || circle.phase === 'idle' || circle.phase === 'leaving') return;
      const prev = get().lobby.waitingCircleId === circleId ? get().lobby.waiting : [];
      const next = sortWaiting(waiting);
      const present = new Set(next.map((e) => e.entryId));
      patch((l) => ({ waiting: next, waitingCircleId: circleId, admitting: l.admitting.filter((id) => id === 'all' || present.has(id)) }));
      const message = arrivalAnnouncement(newArrivals(prev, next));
      if (message) get().announce(message);
    },

    admit: async (target) => {
      const key = 'all' in target ? 'all' : target.entryId;
      if (get().lobby.admitting.includes(key)) return false;
      patch((l) => ({ admitting: [...l.admitting, key] }));
      try {
        await services().request('admitFromLobby', target);
        // `lobbyChanged` follows; until then, don't offer a button for someone already let in.
        patch((l) => ({ waiting: 'all' in target ? [] : l.waiting.filter((e) => e.entryId !== target.entryId) }));
        return true;
      } catch (err) {
        get().pushError(err instanceof Error && err.message ? err.message : "Couldn't let them in. Please try again.", errorCodeOf(err));
        return false;
      } finally {
        patch((l) => ({ admitting: l.admitting.filter((k) => k !== key) }));
      }
    },

    readmitAndAdmit: async (entry) => {
      if (!entry.participantId) return get().admit({ entryId: entry.entryId });
      if (get().lobby.admitting.includes(entry.entryId)) return false;
      patch((l) => ({ admitting: [...l.admitting, entry.entryId] }));
      const readmitted = await get().sendCommand({ type: 'readmit', target: entry.participantId });
      patch((l) => ({ admitting: l.admitting.filter((k) => k !== entry.entryId) }));
      return readmitted ? get().admit({ entryId: entry.entryId }) : false;
    },

    clearLobby: () => patch(() => ({ waiting: [], waitingCircleId: null, admitting: [] })),
  };
};
