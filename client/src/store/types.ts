import type { StateCreator } from 'zustand/vanilla';
import type { ChatMessage, CircleDefaults, CircleEvent, CircleView, ClientInputs, ErrorCode, JoinedCircle, PeerInfo, ProducerInfo, ReactionKind } from '@hearth/shared';
import type { TileVideoView, VideoPreferences } from '../lib/layerPolicy';
import type { Route } from '../lib/route';
import type { RememberedVisit } from '../lib/visitMemory';
import type { HearthApi } from '../net/endpoints';
import type { RequestFn } from '../net/request';
import type { AccessSlice, HostedSlice, LobbySlice } from './accessTypes';
import type { AccountSlice, ApiResult, CohortsSlice } from './accountTypes';
import type { LinkServices, LinkSlice } from './linkTypes';

/* ------------------------------------------------------------------ connection */

/**
 * - connecting: first attempt in flight
 * - connected: ready for requests
 * - reconnecting: was connected, lost it, socket.io is retrying
 * - unreachable: attempts fail; retrying in the background
 * - mismatch: server speaks another protocol version; only a reload helps
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'unreachable' | 'mismatch';

/** Connection to the Hearth server. */
export interface ConnectionState {
  status: ConnectionStatus;
  /** Failed attempts since the last successful connection, for the "retrying" message. */
  failedAttempts: number;
}

/* ---------------------------------------------------------------------- circle */

/** Where we are in a circle's life cycle. `rejoining` = lost the server while inside. */
export type CirclePhase = 'idle' | 'joining' | 'joined' | 'leaving' | 'rejoining';

/** Someone else in the circle; producers keyed by producer id. */
export interface RemotePeer {
  peerId: string;
  displayName: string;
  producers: Record<string, ProducerInfo>;
  /** Their connection dropped: the tile stays (no media) until they are back or their grace ends. */
  reconnecting?: boolean;
}

/** A consumer we hold: which peer's which track. Its id is also its track key. */
export interface ConsumerRecord {
  consumerId: string;
  producerId: string;
  peerId: string;
  kind: 'audio' | 'video';
  source: 'mic' | 'camera';
}

/** The circle we are in (or about to join). */
export interface CircleState {
  phase: CirclePhase;
  circleId: string | null;
  selfId: string | null;
  /** Our display name as sent to the server. */
  displayName: string;
  peers: Record<string, RemotePeer>;
  /** Peer ids in arrival order, so tiles don't jump around. */
  peerOrder: string[];
  consumers: Record<string, ConsumerRecord>;
  /** From the join ack; sent back when rejoining so the server keeps our role and airtime. */
  rejoinToken: string | null;
  /** The circle's rules state (floor, queue, round…) as we may see it; newest version wins. */
  view: CircleView | null;
}

/* ----------------------------------------------------------------------- media */

/** Why a camera or microphone is not available. */
export type DeviceProblem = 'denied' | 'not-found' | 'in-use' | 'insecure' | 'unsupported' | 'unknown';

/** One local device (camera or microphone). */
export interface LocalDeviceState {
  /** We obtained it at least once: the toggle is usable. */
  available: boolean;
  /** Sending / showing: mic unmuted, camera running. */
  on: boolean;
  problem: DeviceProblem | null;
  /** A toggle is in flight; further toggles of this device wait. */
  busy: boolean;
}

/** Local camera and microphone. */
export interface MediaState {
  status: 'idle' | 'requesting' | 'ready';
  mic: LocalDeviceState;
  camera: LocalDeviceState;
}

/** Result of asking the browser for camera and microphone. */
export interface LocalMediaOutcome {
  mic: boolean;
  camera: boolean;
  micProblem: DeviceProblem | null;
  cameraProblem: DeviceProblem | null;
}

/* -------------------------------------------------------------------------- ui */

/** An error shown in the alert region until dismissed. */
export interface UiError {
  id: number;
  code: ErrorCode | null;
  message: string;
}

/** Page-level UI state. */
export interface UiState {
  route: Route;
  errors: UiError[];
  /** Polite screen-reader announcement ("Sam joined"). */
  announcement: string;
  /**
   * Why the circle ended for us (removed, session over), shown instead of the pre-join
   * screen until the person navigates away. Null normally.
   */
  farewell: string | null;
}

/* ----------------------------------------------------------------------- rules */

/** A rules command as the client sends it (inside `circleCommand`). */
export type CommandInput = ClientInputs['circleCommand']['command'];

/** Kinds of private notice; a new notice replaces an older one of the same kind. */
export type NoticeKind =
  | 'nudge'
  | 'overtime'
  | 'muted'
  | 'unmuteInvite'
  | 'videoStopped'
  | 'moment'
  | 'role'
  /** Facilitators: the speaker's time (nudge / overtime) as they see it. */
  | 'speakerTime'
  /** Pairs and small groups: the shared countdown reached zero. */
  | 'groupsTime';

/** What a notice's button does. */
export type NoticeAction = 'unmute' | 'startCamera';

/** A private, temporary message to this person ("About 30 seconds left…"). */
export interface Notice {
  id: number;
  kind: NoticeKind;
  text: string;
  action: NoticeAction | null;
}

/** A reaction floating on its sender's tile for a few seconds. */
export interface FloatingReaction {
  id: number;
  from: string;
  kind: ReactionKind;
}

/** The circle's ephemeral chat: in memory only, for this visit only. */
export interface ChatState {
  messages: ChatMessage[];
  /** A message is on its way. */
  sending: boolean;
  /** Why the last message was not sent (chat off, too fast, too long). */
  error: string | null;
}

/** Chat slice: sending and receiving in-circle messages, forgotten on leaving. */
export interface ChatSlice {
  chat: ChatState;
  /** Sends a message to everyone present or to the facilitators. Resolves true when relayed. */
  sendChat(text: string, to: 'everyone' | 'facilitators'): Promise<boolean>;
  onChatMessage(message: ChatMessage): void;
  /** Forgets every message (the visit ended). */
  clearChat(): void;
}

/** Transient circle things (the view itself lives in `circle.view`). */
export interface RulesState {
  notices: Notice[];
  reactions: FloatingReaction[];
  /** Server clock minus local clock, for counting the turn timer down locally. */
  clockOffsetMs: number;
  /** Types of the commands in flight, so buttons can wait instead of double-sending. */
  pending: string[];
}

/* -------------------------------------------------------------------- services */

/**
 * Everything the store's actions need from the outside world (socket, mediasoup,
 * getUserMedia, history, storage). Injected so actions stay unit-testable with fakes
 * and the store never holds non-serialisable objects.
 */
export interface HearthServices extends LinkServices {
  acquireLocalMedia(): Promise<LocalMediaOutcome>;
  releaseLocalMedia(): void;
  /**
   * Sends `joinCircle` (with the token of an earlier join when rejoining). Session circles
   * add the agreement affirmation and, after a lobby wait, the admission ticket.
   */
  joinCircle(circleId: string, displayName: string, rejoinToken: string | null, extras?: JoinExtras): Promise<JoinedCircle>;
  /** Loads the device on the pre-join screen, so joining is quicker. Never fails (only saves time). */
  prepareMedia(): void;
  /** Loads the device (unless prepared), sets up both transports and consumes the producers present. */
  startSession(joined: JoinedCircle): Promise<void>;
  /**
   * Produces the local tracks not sent yet (a muted mic is produced paused); nothing before
   * the session started. Called again when the devices come after the join.
   */
  publishLocalTracks(): Promise<void>;
  /** Closes transports, producers and consumers locally. Idempotent. */
  teardownSession(): void;
  /** Consumes a remote producer (queued until the receive transport exists). */
  consume(producerId: string): void;
  closeConsumer(consumerId: string): void;
  setMicOn(on: boolean): Promise<void>;
  setCameraOn(on: boolean): Promise<void>;
  saveDisplayName(name: string): void;
  /** Remembers this tab's visit (sessionStorage) so a reload rejoins by itself. */
  rememberVisit(visit: RememberedVisit): void;
  /** Forgets it (left, removed, ended, taken over). */
  forgetVisit(): void;
  /** Forgets what this browser remembers for the person (their display name), after their account is deleted. */
  forgetLocalData(): void;
  /** Pushes a path onto the browser history (no reload). */
  pushPath(path: string): void;
  /** Replaces the current history entry (redirects, so Back does not bounce). */
  replacePath(path: string): void;
  /** Asks the socket to try connecting again now. */
  reconnect(): void;
  /** Reconnects the socket to another Hearth node (a circle's home); the rejoin follows on connect. */
  moveTo(url: string): void;
  /** The account changed (sign-in, sign-out): reconnect so the server knows who this socket is. */
  reauthenticate(): void;
  /**
   * Sends any request of the wire contract and resolves with its ack's data (or rejects with
   * a RequestError): names, payloads and replies all come from shared's ClientToServerEvents.
   */
  request: RequestFn;
  /** The HTTP API (accounts and cohorts). A plain object, not a function: fakes replace it whole. */
  api: HearthApi;
}

/** What a session circle's `joinCircle` adds to the name and rejoin token. */
export type JoinExtras = Pick<ClientInputs['joinCircle'], 'affirmAgreement' | 'admissionTicket' | 'linkKey'>;

/** What a hosted circle's `knockCircle` adds: the guest's name and the link's key. */
export type KnockExtras = Pick<ClientInputs['knockCircle'], 'displayName' | 'linkKey'>;

/* ---------------------------------------------------------------------- slices */

/** Connection slice: state plus reducers fed by socket events. */
export interface ConnectionSlice {
  connection: ConnectionState;
  connectionChanged(status: ConnectionStatus): void;
  connectFailed(mismatch: boolean): void;
  retryConnection(): void;
}

/** Circle slice: who is here and what they send; reducers for server notifications. */
export interface CircleSlice {
  circle: CircleState;
  circleJoined(joined: JoinedCircle, displayName: string): void;
  circleReset(phase?: CirclePhase): void;
  /** Our connection or media dropped: keep the view and who we are, drop the media; phase `rejoining`. */
  circleSuspended(): void;
  /** Someone's connection dropped: their tile stays, without media, marked reconnecting. */
  peerReconnecting(peerId: string): void;
  setCirclePhase(phase: CirclePhase): void;
  peerJoined(peer: PeerInfo): void;
  peerLeft(peerId: string): void;
  producerAdded(peerId: string, producer: ProducerInfo): void;
  producerRemoved(peerId: string, producerId: string): void;
  producerPausedChanged(peerId: string, producerId: string, paused: boolean): void;
  consumerAdded(consumer: ConsumerRecord): void;
  consumerRemoved(consumerId: string): void;
  circleViewChanged(view: CircleView): void;
}

/** Media slice: local devices and their toggles. */
export interface MediaSlice {
  media: MediaState;
  startPreview(): Promise<void>;
  stopPreview(): void;
  toggleMic(): Promise<void>;
  toggleCamera(): Promise<void>;
  /** The server paused our mic (a facilitator muted us): match it locally, never the reverse. */
  micForcedOff(): Promise<void>;
  /** A facilitator stopped our video: turn the camera off locally too. */
  cameraForcedOff(): Promise<void>;
  /** Mic and camera as they were before a reload: applied once the preview is ready. */
  setPreferredDevices(preferred: { micOn: boolean; cameraOn: boolean }): void;
}

/** Receive slice: what is asked of the SFU for each remote video, following its tile. */
export interface ReceiveSlice {
  receive: {
    videoPreferences: Record<string, VideoPreferences>;
    /** Who the SFU hears most now (sticky: the last one who spoke), if anyone spoke yet. */
    activeSpeakerId: string | null;
  };
  /** `activeSpeaker` notification. */
  onActiveSpeaker(peerId: string): void;
  /** A tile showing consumer `consumerId` was laid out, resized, scrolled or veiled. */
  videoViewed(consumerId: string, view: TileVideoView): Promise<void>;
  /** The tile stopped showing it (the consumer closed, the tile went). */
  videoUnviewed(consumerId: string): void;
}

/** UI slice: route, errors, announcements. */
export interface UiSlice {
  ui: UiState;
  /** Goes to `path` client-side; `replace` for redirects (no new history entry). */
  navigate(path: string, options?: { replace?: boolean }): void;
  routeChanged(route: Route): void;
  pushError(message: string, code?: ErrorCode | null): void;
  dismissError(id: number): void;
  clearErrors(): void;
  announce(message: string): void;
  showFarewell(message: string | null): void;
}

/** Rules slice: commands to the circle and what its events mean here. */
export interface RulesSlice {
  rules: RulesState;
  /** Sends a command; server refusals show as errors. Resolves true when accepted. */
  sendCommand(command: CommandInput): Promise<boolean>;
  onCircleEvent(event: CircleEvent): void;
  /** A newer view was stored: update the clock estimate and keep the local mic honest. */
  viewAccepted(view: CircleView, receivedAt?: number): void;
  dismissNotice(id: number): void;
  /** Clears notices and reactions (leaving a circle). */
  resetRules(): void;
  /**
   * "Save these settings for next time" (facilitators): the circle's rules now become the
   * ones its next sessions start with (a round saves the mode it returns to).
   */
  saveRulesForNextTime(): Promise<ApiResult<CircleDefaults>>;
}

/** Visit slice: one person's time in a circle — joining, rejoining, leaving, and what the server says of it. */
export interface VisitSlice {
  /**
   * Joins the circle on screen. Open circles use `displayName`; session circles use the
   * cohort's name for this person and send the agreement affirmation, plus the ticket
   * from `admitted` after a lobby wait.
   */
  join(displayName: string, options?: { admissionTicket?: string }): Promise<void>;
  leave(): Promise<void>;
  onConnected(): void;
  /** `quiet`: we closed it ourselves to reconnect as another account; no "connection dropped". */
  onDisconnected(options?: { quiet?: boolean }): void;
  onPeerJoined(peer: PeerInfo & { returning?: boolean }): void;
  onPeerLeft(peerId: string, reconnecting?: boolean): void;
  onNewProducer(payload: { peerId: string } & ProducerInfo): void;
  onProducerClosed(peerId: string, producerId: string): void;
  onProducerPaused(peerId: string, producerId: string, paused: boolean): void;
  onConsumerClosed(consumerId: string): void;
  onCircleState(view: CircleView): void;
  onMediaReset(circleId: string, reason: string): void;
  /** Another tab or device took this visit over. */
  onVisitMoved(circleId: string): void;
  /** After a reload inside a circle: rejoin it by itself, as the same participant. */
  resumeVisit(visit: RememberedVisit): void;
  /** Devices changed while in the circle: remember them for a reload. */
  rememberDevices(): void;
  /** On the pre-join screen: get the media connection ready so Join is quick. */
  prepareMedia(): void;
  /** The circle ended for us (removed, or the session is over): close everything and say why. */
  onCircleClosed(message: string): void;
}

/**
 * The whole store. Data lives under `connection`, `circle`, `media`, `ui`, `rules`,
 * `account`, `cohorts`, `access`, `lobby`; the rest are actions.
 */
export type HearthState = ConnectionSlice &
  CircleSlice &
  MediaSlice &
  UiSlice &
  VisitSlice &
  RulesSlice &
  AccountSlice &
  CohortsSlice &
  AccessSlice &
  LobbySlice &
  HostedSlice &
  ChatSlice &
  ReceiveSlice &
  LinkSlice;

/** A slice creator with access to the services. */
export type SliceCreator<T> = (services: () => HearthServices) => StateCreator<HearthState, [], [], T>;
