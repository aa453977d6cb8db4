import { displayNameSchema } from '@hearth/shared';
import { hostedAccessOf, localiseInstants, needsAffirmation, sessionAccessOf } from '../lib/circleAccess';
import { routeLinkKey } from '../lib/route';
import { LEFT_MESSAGE, SESSION_ENDED_MESSAGE } from '../lib/circleEvents';
import { browserTimeZone } from '../lib/zones';
import { errorCodeOf } from '../net/request';
import type { JoinExtras, SessionSlice, SliceCreator } from './types';

/** Why a join was abandoned on purpose (left, or lost the server) — not worth an error. */
class Superseded extends Error {}

/** Join refusals after which the session circle's access check is out of date. */
const RECHECK_CODES = new Set(['AGREEMENT_REQUIRED', 'CIRCLE_CLOSED', 'LOBBY_REQUIRED', 'NOT_FOUND']);

/**
 * Session slice: joining and leaving, and turning server notifications into store
 * updates plus consume/close calls. Each join gets an attempt number; anything that
 * finishes after a newer attempt (or a leave) started is ignored, so a slow ack can
 * never resurrect a circle the person already left.
 */
export const createSessionSlice: SliceCreator<SessionSlice> = (services) => (set, get) => {
  let attempt = 0;

  /** True while notifications concern us: they are ignored outside a circle. */
  const inCircle = () => {
    const { phase } = get().circle;
    return phase === 'joining' || phase === 'joined';
  };

  const nameOf = (peerId: string) => get().circle.peers[peerId]?.displayName ?? 'Someone';

  return {
    join: async (rawName, options = {}) => {
      const { ui, circle } = get();
      if (ui.route.name !== 'circle') return;
      if (circle.phase !== 'idle' && circle.phase !== 'rejoining') return;
      const circleId = ui.route.circleId;
      const rejoining = circle.phase === 'rejoining';
      // A cohort session's circle: the cohort's name for this person, and the agreement.
      const session = sessionAccessOf(get().access, circleId);
      if (session && !rejoining) {
        if (!session.agreement.accepted) {
          get().pushError('Please read and accept the group agreement before joining.', 'AGREEMENT_REQUIRED');
          return;
        }
        if (needsAffirmation(session) && !get().access.affirmed) {
          get().pushError("Please tick the box to say you'll keep to the group agreement in this session.", 'AGREEMENT_REQUIRED');
          return;
        }
      }
      const parsed = displayNameSchema.safeParse(session ? session.displayName : rawName);
      if (!parsed.success) {
        get().pushError('Please enter your name (up to 40 characters).', 'INVALID_PAYLOAD');
        return;
      }
      const displayName = parsed.data;
      const hosted = hostedAccessOf(get().access, circleId);
      const linkKey = hosted ? routeLinkKey(ui.route, circleId) : null;
      const ticket = options.admissionTicket ? { admissionTicket: options.admissionTicket } : {};
      // Rejoins send the affirmation too: the person gave it when they first came in. A
      // hosted circle's guests send the link's key every time (rejoins included).
      const extras: JoinExtras | undefined = session
        ? { affirmAgreement: true, ...ticket }
        : hosted && (linkKey || options.admissionTicket)
          ? { ...(linkKey ? { linkKey } : {}), ...ticket }
          : undefined;
      const mine = ++attempt;
      const check = () => {
        if (mine !== attempt) throw new Superseded();
      };
      // The cohort's name is not what the person would type into an open circle.
      if (!session) services().saveDisplayName(displayName);
      get().clearErrors();
      set((s) => ({ circle: { ...s.circle, phase: 'joining', circleId, displayName } }));

      let serverJoined = false;
      const rejoinToken = circle.circleId === circleId ? circle.rejoinToken : null;
      const send = (token: string | null) =>
        extras ? services().joinCircle(circleId, displayName, token, extras) : services().joinCircle(circleId, displayName, token);
      try {
        const joined = await send(rejoinToken).catch((err: unknown) => {
          // A token the server cannot honour (e.g. it restarted and still counts us as
          // present) must not lock the person out: join afresh instead.
          if (rejoinToken && errorCodeOf(err) === 'ALREADY_IN_CIRCLE') return send(null);
          throw err;
        });
        serverJoined = true;
        check();
        get().circleJoined(joined, displayName);
        if (get().circle.view === joined.circle) get().viewAccepted(joined.circle);
        // Queued by the session until its receive transport exists.
        for (const peer of joined.peers) {
          if (peer.peerId === joined.peerId) continue;
          for (const producer of peer.producers) services().consume(producer.producerId);
        }
        await services().startSession(joined);
        check();
        get().setCirclePhase('joined');
        get().announce(`You joined the circle. ${joined.peers.length > 0 ? `${joined.peers.length} other${joined.peers.length === 1 ? ' is' : 's are'} here.` : "You're the first one here."}`);
      } catch (err) {
        if (err instanceof Superseded || mine !== attempt) return;
        attempt++;
        services().teardownSession();
        // The server already counts us in: tell it we are gone rather than leave a ghost tile.
        if (serverJoined) void services().leaveCircle();
        get().circleReset('idle');
        const code = errorCodeOf(err);
        const waitsInLobby = (session && session.lobby && session.role === 'member') || (hosted && hosted.lobby && hosted.role === 'member');
        if (rejoining && code === 'LOBBY_REQUIRED' && waitsInLobby) {
          // The server could not take us back as the same participant (it restarted):
          // wait in the lobby again rather than leave the person in front of an error.
          get().announce('Reconnected. Waiting for a facilitator to let you back in…');
          void get().knock(hosted ? displayName : undefined);
          return;
        }
        const message = err instanceof Error && err.message ? err.message : "Couldn't join the circle.";
        // "Opens at 2026-02-10T18:50:00.000Z" reads better in the person's own zone.
        get().pushError(session ? localiseInstants(message, get().account.me?.timeZone ?? browserTimeZone(), Date.now()) : message, code);
        // The window, the agreement or the lobby changed since the page checked: check again.
        if ((session || hosted) && RECHECK_CODES.has(code)) void get().loadAccess(circleId);
      }
    },

    leave: async () => {
      const { phase } = get().circle;
      if (phase === 'idle' || phase === 'leaving') return;
      attempt++;
      get().setCirclePhase('leaving');
      // Close media first: once someone presses Leave, nothing more should be sent.
      services().teardownSession();
      if (phase !== 'rejoining') await services().leaveCircle();
      get().circleReset('idle');
      // Leaving ends the capture too: camera and microphone off, not back to a live preview.
      get().stopPreview();
      if (get().ui.route.name === 'circle') get().showFarewell(LEFT_MESSAGE);
      get().announce('You left the circle.');
    },

    onConnected: () => {
      get().connectionChanged('connected');
      const { phase, displayName } = get().circle;
      if (phase === 'rejoining') void get().join(displayName);
      else get().lobbyReconnected();
    },

    onDisconnected: (options) => {
      get().connectionChanged(options?.quiet ? 'connecting' : 'reconnecting');
      if (!inCircle()) return;
      // The server drops our peer with the socket; rejoin when the socket is back.
      attempt++;
      services().teardownSession();
      get().circleReset('rejoining');
      get().announce('Lost the connection to the circle. Reconnecting…');
    },

    onPeerJoined: (peer) => {
      if (!inCircle() || peer.peerId === get().circle.selfId) return;
      get().peerJoined(peer);
      for (const producer of peer.producers) services().consume(producer.producerId);
      get().announce(`${peer.displayName} joined`);
    },

    onPeerLeft: (peerId) => {
      if (!inCircle()) return;
      const name = nameOf(peerId);
      for (const rec of Object.values(get().circle.consumers)) {
        if (rec.peerId === peerId) services().closeConsumer(rec.consumerId);
      }
      get().peerLeft(peerId);
      get().announce(`${name} left`);
    },

    onNewProducer: ({ peerId, ...producer }) => {
      if (!inCircle() || peerId === get().circle.selfId) return;
      get().producerAdded(peerId, producer);
      services().consume(producer.producerId);
    },

    onProducerClosed: (peerId, producerId) => {
      if (!inCircle()) return;
      for (const rec of Object.values(get().circle.consumers)) {
        if (rec.producerId === producerId) services().closeConsumer(rec.consumerId);
      }
      get().producerRemoved(peerId, producerId);
    },

    onProducerPaused: (peerId, producerId, paused) => {
      if (!inCircle()) return;
      get().producerPausedChanged(peerId, producerId, paused);
    },

    onConsumerClosed: (consumerId) => {
      if (!inCircle()) return;
      services().closeConsumer(consumerId);
      get().consumerRemoved(consumerId);
    },

    onCircleState: (view) => {
      if (!inCircle()) return;
      get().circleViewChanged(view);
      if (get().circle.view !== view) return; // stale: an older version arrived late
      get().viewAccepted(view);
      // The sessionEnded event says the same; whichever arrives first closes the circle.
      if (view.ended) get().onCircleClosed(SESSION_ENDED_MESSAGE);
    },

    onCircleClosed: (message) => {
      if (!inCircle()) return;
      attempt++;
      // The server already dropped our media and our place; there is nothing to tell it.
      services().teardownSession();
      get().circleReset('idle');
      // Release the camera: the circle is over, nothing should be capturing.
      get().stopPreview();
      get().showFarewell(message);
      get().announce(message);
    },

    onMediaReset: (circleId) => {
      const { circle } = get();
      if (!inCircle() || circle.circleId !== circleId) return;
      // The server lost the circle's media and dropped us: start over, as the same participant.
      attempt++;
      services().teardownSession();
      get().circleReset('rejoining');
      get().announce('The call was interrupted. Rejoining…');
      if (get().connection.status === 'connected') void get().join(circle.displayName);
    },
  };
};
