import type { HearthStore } from '../store/createStore';
import { isProtocolMismatch, type HearthSocket } from './socket';

/** How long to wait before retrying by hand when socket.io gave up on its own. */
const MANUAL_RETRY_MS = 5000;

/** What {@link bindSocket} gives back. */
export interface BoundSocket {
  /** Removes every listener again. */
  unbind(): void;
  /**
   * Reconnects so the handshake carries the current session cookie: the server reads who
   * is signed in only when the socket connects. Quiet: no "connection dropped" banner.
   */
  reauthenticate(): void;
}

/** Registers every socket listener (outside React) and forwards events to store actions. */
export function bindSocket(socket: HearthSocket, store: HearthStore): BoundSocket {
  const actions = () => store.getState();
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let reauthenticating = false;

  const onConnect = () => {
    clearTimeout(retryTimer);
    actions().onConnected();
  };
  const onConnectError = (err: Error) => {
    const mismatch = isProtocolMismatch(err);
    actions().connectFailed(mismatch);
    if (mismatch) {
      // Retrying cannot help until the page has the new code.
      socket.disconnect();
      return;
    }
    // socket.io retries network failures itself (`active`); a refusal by the server's
    // middleware is final for socket.io, so retry that by hand, slowly.
    if (!socket.active) {
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => socket.connect(), MANUAL_RETRY_MS);
    }
  };
  const onDisconnect = (reason: string) => {
    const quiet = reauthenticating && reason === 'io client disconnect';
    reauthenticating = false;
    actions().onDisconnected({ quiet });
    // "io server disconnect" means the server kicked us: socket.io won't retry by itself.
    // (A visit taken over by another tab was closed by `visitMoved` first and stays out.)
    if (reason === 'io server disconnect') socket.connect();
  };

  socket.on('connect', onConnect);
  socket.on('connect_error', onConnectError);
  socket.on('disconnect', onDisconnect);
  socket.on('peerJoined', (peer) => actions().onPeerJoined(peer));
  socket.on('peerLeft', ({ peerId, reconnecting }) => actions().onPeerLeft(peerId, reconnecting === true));
  socket.on('newProducer', (payload) => actions().onNewProducer(payload));
  socket.on('producerClosed', ({ peerId, producerId }) => actions().onProducerClosed(peerId, producerId));
  socket.on('producerPaused', ({ peerId, producerId }) => actions().onProducerPaused(peerId, producerId, true));
  socket.on('producerResumed', ({ peerId, producerId }) => actions().onProducerPaused(peerId, producerId, false));
  socket.on('consumerClosed', ({ consumerId }) => actions().onConsumerClosed(consumerId));
  socket.on('activeSpeaker', ({ peerId }) => actions().onActiveSpeaker(peerId));
  socket.on('downlinkQuality', ({ weak }) => actions().onDownlinkQuality(weak));
  socket.on('mediaReset', ({ circleId, reason }) => actions().onMediaReset(circleId, reason));
  socket.on('visitMoved', ({ circleId }) => actions().onVisitMoved(circleId));
  socket.on('circleState', (view) => actions().onCircleState(view));
  socket.on('circleEvent', (event) => actions().onCircleEvent(event));
  socket.on('lobbyChanged', ({ circleId, waiting }) => actions().onLobbyChanged(circleId, waiting));
  socket.on('admitted', ({ circleId, ticket }) => actions().onAdmitted(circleId, ticket));
  socket.on('lobbyStatus', (status) => actions().onLobbyStatus(status));
  socket.on('chatMessage', (message) => actions().onChatMessage(message));

  return {
    unbind: () => {
      clearTimeout(retryTimer);
      socket.removeAllListeners();
    },
    reauthenticate: () => {
      // Not connected: the next handshake reads the cookie anyway.
      if (!socket.connected) return;
      reauthenticating = true;
      socket.disconnect();
      socket.connect();
    },
  };
}
