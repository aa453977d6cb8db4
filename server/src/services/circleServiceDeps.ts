import type { CircleEvent, CircleState, IceServer, StartingRules } from '@hearth/shared';
import type { Logger } from '../logger';
import type { Notifier } from '../transport/notifier';
import type { RtcListen } from '../media/room';
import type { WorkerPool } from '../media/workerPool';
import type { CommandMetrics } from '../metrics';
import type { Store } from '../store/types';
import type { CircleGrant } from './circleAccess';
import type { CommandRelay, ForwardedCommand } from './commandRelay';
import type { PresenceSettings } from './presence';
import type { Applied } from './rulesService';

/** What the service needs; injected so tests can swap parts. */
export interface CircleServiceDeps {
  pool: WorkerPool;
  store: Store;
  notifier: Notifier;
  logger: Logger;
  listen: RtcListen;
  nodeId: string;
  maxPeersPerCircle: number;
  newId: () => string;
  presence: PresenceSettings;
  /** How commands reach a circle's home on another node (Redis pub/sub); none on a single node. */
  createRelay?: (handle: (f: ForwardedCommand) => Promise<Applied>) => CommandRelay;
  clock?: () => number;
  /** The TURN/STUN servers (with fresh credentials) for a visit's transports. */
  iceServers?: () => IceServer[];
  /** Records that a person joined a session's circle (attendance; nothing else is kept). */
  recordAttendance?: (sessionId: string, userId: string, displayName: string, at: number) => Promise<void>;
  /** Counts and times rules commands. */
  metrics?: CommandMetrics;
  /** The rules a circle starts with (its cohort's or hosted circle's saved defaults). */
  startingRules?: (circleId: string) => Promise<StartingRules | null>;
  /** For every applied command (on the node that applied it), before it is published: endings, lobby changes. */
  onApplied?: (state: CircleState, events: CircleEvent[]) => Promise<void>;
}

/** How a person asks to join. */
export interface JoinRequest {
  circleId: string;
  displayName: string;
  rejoinToken?: string;
  /** Who may enter the circle and as what (open circles: anyone). */
  grant?: CircleGrant;
  /** The signed-in account, if any. */
  userId?: string | null;
  affirmAgreement?: boolean;
  admissionTicket?: string;
}
