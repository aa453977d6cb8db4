import type { CircleEvent } from './circle/events';
import type { CircleView } from './circle/view';
import type { AckFn } from './errors';
import type { ClientInputs } from './schemas';

/** A track someone in the circle sends. */
export interface ProducerInfo {
  producerId: string;
  kind: 'audio' | 'video';
  source: 'mic' | 'camera';
  paused: boolean;
}

/** Someone in the circle, as others see them. */
export interface PeerInfo {
  peerId: string;
  displayName: string;
  producers: ProducerInfo[];
}

/**
 * A STUN/TURN server for the browser's RTCPeerConnection (the shape of `RTCIceServer`).
 * TURN entries carry a time-limited credential (the TURN REST API scheme).
 */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/** Reply to `joinCircle`. `routerRtpCapabilities` is mediasoup's RtpCapabilities object. */
export interface JoinedCircle {
  peerId: string;
  circleId: string;
  routerRtpCapabilities: unknown;
  peers: PeerInfo[];
  /** Send it back in `joinCircle` after a reconnect to stay the same participant. */
  rejoinToken: string;
  /** The circle's rules state as this person may see it. */
  circle: CircleView;
  /** TURN/STUN servers for this visit's transports, with fresh credentials; absent when none are configured. */
  iceServers?: IceServer[];
  /**
   * The visit's send and receive transports, opened with the join when it brought the
   * device's `rtpCapabilities`; absent otherwise (then `createTransport` opens them).
   */
  transports?: { send: TransportOptions; recv: TransportOptions };
}

/** Reply to `mediaCapabilities`: what mediasoup-client's `device.load` needs, before any join. */
export interface MediaCapabilities {
  routerRtpCapabilities: unknown;
}

/** Reply to `createTransport`: what mediasoup-client's `createSendTransport/createRecvTransport` need. */
export interface TransportOptions {
  id: string;
  iceParameters: unknown;
  iceCandidates: unknown[];
  dtlsParameters: unknown;
}

/** Reply to `consume`: what mediasoup-client's `transport.consume` needs. */
export interface ConsumerOptions {
  id: string;
  producerId: string;
  peerId: string;
  kind: 'audio' | 'video';
  source: 'mic' | 'camera';
  rtpParameters: unknown;
  producerPaused: boolean;
}

/** Someone waiting in a session circle's lobby, as facilitators see them. */
export interface LobbyEntry {
  entryId: string;
  displayName: string;
  /** ISO time they started waiting. */
  since: string;
  /**
   * A facilitator removed this person earlier in the session: letting them in means
   * letting them back in (`readmit` on `participantId`, then admit).
   */
  removed: boolean;
  /** Their participant id in this circle (accounts only; null for guests). */
  participantId: string | null;
}

/**
 * To someone waiting in a lobby: what their wait looks like now. `ended`: the session is
 * over and nobody will be let in (their place is gone); `locked`: nobody new may come in,
 * though a facilitator may still let them in by name; `facilitatorPresent`: someone is
 * there to see them; `removed`: they were removed earlier, and a facilitator decides
 * whether they come back.
 */
export interface LobbyStatus {
  circleId: string;
  ended: boolean;
  locked: boolean;
  facilitatorPresent: boolean;
  removed: boolean;
}

/**
 * A chat message as the people present receive it. Ephemeral by design: the server relays
 * it to whoever is in the circle at that moment and keeps nothing (no store, no disk, no
 * log); clients keep it in memory only while they are in the circle.
 */
export interface ChatMessage {
  id: string;
  circleId: string;
  from: string;
  fromName: string;
  /** `facilitators`: a private message to the circle's facilitators (the sender sees it too). */
  to: 'everyone' | 'facilitators';
  text: string;
  /** Server time (epoch ms). */
  at: number;
}

/** What a person asked of their visit's media (the reply to `setVisitPreferences`: all of it, as it is now). */
export interface VisitPreferences {
  audioOnly: boolean;
  lowerHandWhenSpeaking: boolean;
}

/** Requests a client may send; each is answered through its ack. */
export interface ClientToServerEvents {
  joinCircle(payload: ClientInputs['joinCircle'], ack: AckFn<JoinedCircle>): void;
  leaveCircle(payload: ClientInputs['leaveCircle'], ack: AckFn<null>): void;
  setRtpCapabilities(payload: ClientInputs['setRtpCapabilities'], ack: AckFn<null>): void;
  createTransport(payload: ClientInputs['createTransport'], ack: AckFn<TransportOptions>): void;
  connectTransport(payload: ClientInputs['connectTransport'], ack: AckFn<null>): void;
  produce(payload: ClientInputs['produce'], ack: AckFn<{ producerId: string }>): void;
  consume(payload: ClientInputs['consume'], ack: AckFn<ConsumerOptions>): void;
  resumeConsumer(payload: ClientInputs['resumeConsumer'], ack: AckFn<null>): void;
  /** Preferred layers, paused-while-unseen and priority of one of the receiver's consumers. */
  setConsumerPreferences(payload: ClientInputs['setConsumerPreferences'], ack: AckFn<null>): void;
  /** Audio only, and lowering one's hand on speaking, for this visit; acked with all of them. */
  setVisitPreferences(payload: ClientInputs['setVisitPreferences'], ack: AckFn<VisitPreferences>): void;
  pauseProducer(payload: ClientInputs['pauseProducer'], ack: AckFn<null>): void;
  resumeProducer(payload: ClientInputs['resumeProducer'], ack: AckFn<null>): void;
  closeProducer(payload: ClientInputs['closeProducer'], ack: AckFn<null>): void;
  /** New ICE parameters for one of your transports, for mediasoup-client's `transport.restartIce`. */
  restartIce(payload: ClientInputs['restartIce'], ack: AckFn<{ iceParameters: unknown }>): void;
  /** A rules command (raise hand, pass, start a round…); acked with the state version it produced. */
  circleCommand(payload: ClientInputs['circleCommand'], ack: AckFn<{ version: number }>): void;
  /** Wait in the lobby of a session circle; the `admitted` notification follows. */
  knockCircle(payload: ClientInputs['knockCircle'], ack: AckFn<{ entryId: string }>): void;
  /** Stop waiting in the lobby. */
  cancelKnock(payload: ClientInputs['cancelKnock'], ack: AckFn<null>): void;
  /** Facilitators: let one person, or everyone, in from the lobby. */
  admitFromLobby(payload: ClientInputs['admitFromLobby'], ack: AckFn<{ admitted: number }>): void;
  /** A chat message to the circle (or its facilitators); relayed, never stored. */
  sendChat(payload: ClientInputs['sendChat'], ack: AckFn<{ id: string }>): void;
  /** The SFU's RTP capabilities (the same for every circle), asked for on the pre-join screen. */
  mediaCapabilities(payload: ClientInputs['mediaCapabilities'], ack: AckFn<MediaCapabilities>): void;
}

/** Notifications the server sends; each states a fact that already happened. */
export interface ServerToClientEvents {
  /** Someone's media joined the circle; `returning`: they were reconnecting (no "joined" notice). */
  peerJoined(peer: PeerInfo & { returning?: boolean }): void;
  /** Someone's media left; `reconnecting`: they keep their place and are expected back (no "left" notice). */
  peerLeft(payload: { peerId: string; reconnecting?: boolean }): void;
  newProducer(payload: { peerId: string } & ProducerInfo): void;
  producerClosed(payload: { peerId: string; producerId: string }): void;
  producerPaused(payload: { peerId: string; producerId: string }): void;
  producerResumed(payload: { peerId: string; producerId: string }): void;
  consumerClosed(payload: { consumerId: string }): void;
  /**
   * The person heard most now changed (mediasoup's ActiveSpeakerObserver over the mics the SFU
   * forwards: one paused by the rules or by its owner never counts). Sticky: it names the last
   * one who spoke until someone else does.
   */
  activeSpeaker(payload: { peerId: string }): void;
  /**
   * To one receiver: the SFU has had to send them lower video layers than their tiles ask for
   * (its bandwidth estimate of their downlink is short) for a while (`weak`), or has sent what
   * they ask for a while again (not `weak`). Hysteresis on the server: it does not flap.
   */
  downlinkQuality(payload: { weak: boolean }): void;
  /**
   * The circle's media was lost on the server (its worker died): everything the peer had
   * is closed and they are `reconnecting` (their place is kept). The client sends
   * `joinCircle` again on the same connection and rebuilds its media.
   */
  mediaReset(payload: { circleId: string; reason: string }): void;
  /** This visit continues on another connection (another tab or device took over): stay out, do not rejoin. */
  visitMoved(payload: { circleId: string }): void;
  /** The circle's rules state changed; drop it if `version` is not newer than the one held. */
  circleState(view: CircleView): void;
  /** Something happened in the circle (a reaction, a nudge, "I need a moment"…), for its audience only. */
  circleEvent(event: CircleEvent): void;
  /** To facilitators in the circle: who is waiting in the lobby now. */
  lobbyChanged(payload: { circleId: string; waiting: LobbyEntry[] }): void;
  /** To a person waiting in the lobby: join now with this ticket. */
  admitted(payload: { circleId: string; ticket: string }): void;
  /** To a person waiting in the lobby: the state of their wait (sent on every lobby change). */
  lobbyStatus(payload: LobbyStatus): void;
  /** A chat message for this person (everyone's, or a private one to the facilitators). */
  chatMessage(message: ChatMessage): void;
}

/**
 * Events between server nodes through the socket.io Redis adapter: none. A circle's media
 * and commands live on its home node; commands for it travel over the command relay.
 */
export type InterServerEvents = Record<string, never>;

/** What the server keeps on each socket (`socket.data`). */
export interface SocketData {
  peerId: string;
  circleId: string | null;
  /** The signed-in account (from the session cookie at the handshake), if any. */
  userId: string | null;
  /** The session circle whose lobby this connection waits in, if any. */
  knockedCircleId: string | null;
}
