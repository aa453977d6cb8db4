import { displayNameSchema } from '@hearth/shared';
import { hostedAccessOf, localiseInstants, needsAffirmation, sessionAccessOf } from '../lib/circleAccess';
import { routeLinkKey } from '../lib/route';
import { LEFT_MESSAGE, SESSION_ENDED_MESSAGE } from '../lib/circleEvents';
import { browserTimeZone } from '../lib/zones';
import { errorCodeOf, RequestError } from '../net/request';
import type { JoinExtras, VisitSlice, SliceCreator } from './types';

/** Why a join was abandoned on purpose (left, or lost the server) — not worth an error. */
class Superseded extends Error {}

/** Join refusals after which the session circle's access check is out of date. */
const RECHECK_CODES = new Set(['AGREEMENT_REQUIRED', 'CIRCLE_CLOSED', 'LOBBY_REQUIRED', 'NOT_FOUND']);

/** Failures a rejoin waits out and retries (the server, its media or its data are briefly away). */
const TRANSIENT_CODES = new Set(['UNAVAILABLE', 'INTERNAL', 'RATE_LIMITED', 'MEDIA_ERROR']);
/** Backoff between rejoin attempts: 250 ms doubling to 4 s, for about two minutes at most. */
const REJOIN_BACKOFF_MS = [250, 500, 1000, 2000, 4000];
const MAX_REJOIN_ATTEMPTS = 35;

/** What we tell someone whose connection or media dropped: their place is safe. */
export const PLACE_KEPT_MESSAGE = 'Reconnecting… your place is kept.';

/**
 * Session slice: joining and leaving, and turning server notifications into store
 * updates plus consume/close calls. Each join gets an attempt number; anything that
 * finishes after a newer attempt (or a leave) started is ignored, so a slow ack can
 * never resurrect a circle the person already left.
 */
export const createVisitSlice: SliceCreator<VisitSlice> = (services) => (set, get) => {
  let attempt = 0;

  /**
   * True while notifications concern us: they are ignored outside a circle. While rejoining
   * (our media is being rebuilt) they still do: our place and everyone else's go on.
   */
  const inCircle = () => {
    const { phase } = get().circle;
    return phase === 'joining' || phase === 'joined' || phase === 'rejoining';
  };

  const nameOf = (peerId: string) => get().circle.peers[peerId]?.displayName ?? 'Someone';

  /** Rejoin attempts in a row that failed transiently; reset on success. */
  let rejoinFailures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  /** Our media is gone (connection or worker lost) but our place is not: keep the view, rejoin. */
  const awaitRejoin = (announcement: string) => {
    attempt++;
    services().teardownSession();
    get().circleSuspended();
    get().announce(announcement);
  };

  /** What to remember for a reload of this tab. */
  const remember = () => {
    const { circle, media } = get();
    if (!circle.circleId) return;
    services().rememberVisit({ circleId: circle.circleId, rejoinToken: circle.rejoinToken, displayName: circle.displayName, micOn: media.mic.on, cameraOn: media.camera.on });
  };

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
      // After a reload the access check may not be back yet: the link's key is in the route either way.
      const linkKey = routeLinkKey(ui.route, circleId);
      const ticket = options.admissionTicket ? { admissionTicket: options.admissionTicket } : {};
      // Rejoins send the affirmation too: the person gave it when they first came in. A
      // hosted circle's guests send the link's key every time (rejoins included).
      const extras: JoinExtras | undefined = session
        ? { affirmAgreement: true, ...ticket }
        : linkKey || options.admissionTicket
          ? { ...(linkKey ? { linkKey } : {}), ...ticket }
          : undefined;
      const mine = ++attempt;
      const check = () => {
        if (mine !== attempt) throw new Superseded();
      };
      // The cohort's name is not what the person would type into an open circle.
      if (!session) services().saveDisplayName(displayName);
      get().clearErrors();
      clearTimeout(retryTimer);
      // A rejoin stays on the circle's page (phase `rejoining`); a first join shows "joining".
      if (!rejoining) set((s) => ({ circle: { ...s.circle, phase: 'joining', circleId, displayName } }));
      // Camera and mic (after a reload they are not on yet) are asked for, not waited for: the
      // join goes ahead, and they are sent once they come (see startPreview).
      if (get().media.status === 'idle') void get().startPreview();

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
        rejoinFailures = 0;
        get().circleJoined(joined, displayName);
        if (get().circle.view === joined.circle) get().viewAccepted(joined.circle);
        // Before any consumer exists: audio only holds from the first packet.
        void get().visitStarted(circleId, rejoining);
        // Queued by the session until its receive transport exists. Cameras first: requests
        // are answered in order, and a face is what someone joining waits to see.
        const others = joined.peers.filter((peer) => peer.peerId !== joined.peerId).flatMap((peer) => peer.producers);
        for (const producer of [...others.filter((p) => p.kind === 'video'), ...others.filter((p) => p.kind !== 'video')]) services().consume(producer.producerId);
        await services().startSession(joined);
        check();
        // Devices still being asked for are sent when they come (see startPreview).
        if (get().media.status === 'ready') await services().publishLocalTracks();
        check();
        get().setCirclePhase('joined');
        remember();
        get().announce(
          rejoining
            ? "You're back in the circle, in your place."
            : `You joined the circle. ${joined.peers.length > 0 ? `${joined.peers.length} other${joined.peers.length === 1 ? ' is' : 's are'} here.` : "You're the first one here."}`,
        );
      } catch (err) {
        if (err instanceof Superseded || mine !== attempt) return;
        const code = errorCodeOf(err);
        if (code === 'MOVED' && err instanceof RequestError && err.location) {
          // The circle lives on another Hearth node: reconnect there and join again (same place).
          awaitRejoin('Moving you to the server that hosts this circle…');
          services().moveTo(err.location);
          return;
        }
        if (rejoining && TRANSIENT_CODES.has(code) && rejoinFailures < MAX_REJOIN_ATTEMPTS) {
          // The server, its media or its data are briefly away: our place is kept; try again.
          const delay = REJOIN_BACKOFF_MS[Math.min(rejoinFailures, REJOIN_BACKOFF_MS.length - 1)]!;
          rejoinFailures++;
          awaitRejoin(PLACE_KEPT_MESSAGE);
          retryTimer = setTimeout(() => {
            if (get().circle.phase === 'rejoining' && get().connection.status === 'connected') void get().join(displayName);
          }, delay);
          return;
        }
        attempt++;
        rejoinFailures = 0;
        services().teardownSession();
        // The server already counts us in: tell it we are gone rather than leave a ghost tile.
        if (serverJoined) void services().request('leaveCircle', {}).catch(() => undefined);
        services().forgetVisit();
        get().circleReset('idle');
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
      clearTimeout(retryTimer);
      services().forgetVisit();
      get().setCirclePhase('leaving');
      // Close media first: once someone presses Leave, nothing more should be sent.
      services().teardownSession();
      // Best effort: if the server is gone it has dropped us anyway.
      if (phase !== 'rejoining') await services().request('leaveCircle', {}).catch(() => undefined);
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
      // The server keeps our place for the grace period; rejoin when the socket is back.
      awaitRejoin(`Lost the connection to the circle. ${PLACE_KEPT_MESSAGE}`);
    },

    onPeerJoined: (peer) => {
      if (!inCircle() || peer.peerId === get().circle.selfId) return;
      get().peerJoined(peer);
      for (const producer of peer.producers) services().consume(producer.producerId);
      // Someone back from a dropped connection was never gone from the circle: no notice.
      if (!peer.returning) get().announce(`${peer.displayName} joined`);
    },

    onPeerLeft: (peerId, reconnecting = false) => {
      if (!inCircle()) return;
      const name = nameOf(peerId);
      for (const rec of Object.values(get().circle.consumers)) {
        if (rec.peerId === peerId) services().closeConsumer(rec.consumerId);
      }
      // A dropped connection keeps its tile ("reconnecting…") and its place, quietly.
      if (reconnecting) {
        get().peerReconnecting(peerId);
        return;
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
      // Tiles kept for people reconnecting go once the circle no longer has them (their grace ran out).
      const seated = new Set(view.participants.map((p) => p.id));
      for (const [peerId, peer] of Object.entries(get().circle.peers)) {
        if (peer.reconnecting && !seated.has(peerId)) get().peerLeft(peerId);
      }
      // The sessionEnded event says the same; whichever arrives first closes the circle.
      if (view.ended) get().onCircleClosed(SESSION_ENDED_MESSAGE);
    },

    onCircleClosed: (message) => {
      if (!inCircle()) return;
      attempt++;
      clearTimeout(retryTimer);
      services().forgetVisit();
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
      // The server lost the circle's media; our place is kept: rebuild the media by rejoining.
      awaitRejoin(`The call was interrupted. ${PLACE_KEPT_MESSAGE}`);
      if (get().connection.status === 'connected') void get().join(circle.displayName);
    },

    onVisitMoved: (circleId) => {
      const { circle } = get();
      if (circle.circleId !== circleId || circle.phase === 'idle') return;
      // Another tab or device took this visit over: stay out, or the two would take turns.
      get().onCircleClosed('You are in this circle in another tab or on another device.');
    },

    resumeVisit: (visit) => {
      const { ui, circle } = get();
      if (ui.route.name !== 'circle' || ui.route.circleId !== visit.circleId || circle.phase !== 'idle') return;
      // A reload inside the circle: back in, as the same participant, once the socket connects.
      set((s) => ({ circle: { ...s.circle, phase: 'rejoining', circleId: visit.circleId, rejoinToken: visit.rejoinToken, displayName: visit.displayName } }));
      get().setPreferredDevices({ micOn: visit.micOn, cameraOn: visit.cameraOn });
      get().announce(PLACE_KEPT_MESSAGE);
      if (get().connection.status === 'connected') void get().join(visit.displayName);
    },

    rememberDevices: () => {
      if (get().circle.phase === 'joined') remember();
    },

    prepareMedia: () => services().prepareMedia(),
  };
};
