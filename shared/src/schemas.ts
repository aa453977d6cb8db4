import { z } from 'zod';
import { circleCommandSchema } from './circle/commands';
import { circleIdSchema, displayNameSchema } from './primitives';

export { circleIdSchema, displayNameSchema } from './primitives';

/*
 * One zod schema per client→server event. mediasoup checks RTP/DTLS objects in depth
 * itself; these schemas pin the shape we rely on and bound depth and sizes (including
 * of the fields they let through unnamed), so that garbage is refused before it reaches
 * a handler or the worker.
 */

const id = z.string().min(1).max(64);

/** How far a JSON value may branch out: nesting depth, number of values, string length. */
export interface JsonBounds {
  /** Objects/arrays inside one another; the value itself is level 1. */
  depth: number;
  /** Values and keys in all. */
  nodes: number;
  /** Longest string (keys included). */
  stringLength: number;
}

/** The first way `value` exceeds `bounds`, or null. Iterative: hostile depth cannot overflow the stack. */
export function exceedsBounds(value: unknown, bounds: JsonBounds): string | null {
  const stack: [unknown, number][] = [[value, 1]];
  let nodes = 0;
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (++nodes > bounds.nodes) return `more than ${bounds.nodes} values`;
    if (typeof v === 'string') {
      if (v.length > bounds.stringLength) return `a string longer than ${bounds.stringLength} characters`;
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth > bounds.depth) return `nested deeper than ${bounds.depth} levels`;
    if (Array.isArray(v)) {
      for (const item of v) stack.push([item, depth + 1]);
      continue;
    }
    for (const [key, item] of Object.entries(v)) {
      if (++nodes > bounds.nodes) return `more than ${bounds.nodes} values`;
      if (key.length > bounds.stringLength) return `a key longer than ${bounds.stringLength} characters`;
      stack.push([item, depth + 1]);
    }
  }
  return null;
}

/** `schema`, after a check that the raw value stays within `bounds` (so the schema never walks a hostile one). */
function bounded<T extends z.ZodType>(schema: T, bounds: JsonBounds) {
  return z
    .unknown()
    .check(
      z.superRefine((value, ctx) => {
        const problem = exceedsBounds(value, bounds);
        if (problem) ctx.addIssue({ code: 'custom', message: problem, abort: true });
      }),
    )
    .pipe(schema);
}

/*
 * What browsers send is at most 5 levels deep (capabilities → codecs → codec →
 * rtcpFeedback → entry) and a few hundred values; the bounds leave room for that.
 */
const MEDIA_BOUNDS = { depth: 6, stringLength: 1024 } as const;

const dtlsParameters = z.object({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z
    .array(z.object({ algorithm: z.string().min(1).max(32), value: z.string().min(1).max(256) }))
    .min(1)
    .max(8),
});

const rtcpFeedback = z.object({ type: z.string().max(32), parameter: z.string().max(32).optional() });

const codecParameters = z.record(z.string().max(64), z.union([z.string().max(256), z.number()]));

const rtpCodecParameters = z.looseObject({
  mimeType: z.string().min(3).max(64),
  payloadType: z.number().int().min(0).max(127),
  clockRate: z.number().int().positive(),
  channels: z.number().int().positive().optional(),
  parameters: codecParameters.optional(),
  rtcpFeedback: z.array(rtcpFeedback).max(32).optional(),
});

const rtpParameters = z.looseObject({
  mid: z.string().max(32).optional(),
  codecs: z.array(rtpCodecParameters).min(1).max(16),
  headerExtensions: z
    .array(z.looseObject({ uri: z.string().max(256), id: z.number().int().min(1).max(255) }))
    .max(32)
    .optional(),
  encodings: z.array(z.looseObject({})).max(8).optional(),
  rtcp: z.looseObject({}).optional(),
});

const rtpCapabilities = z.looseObject({
  codecs: z.array(z.looseObject({ mimeType: z.string().max(64), kind: z.enum(['audio', 'video']) })).max(64).optional(),
  headerExtensions: z.array(z.looseObject({})).max(64).optional(),
});

/** Which device a producer comes from; tiles use it to place tracks. */
export const mediaSourceSchema = z.enum(['mic', 'camera']);

export const joinCircleSchema = z.strictObject({
  circleId: circleIdSchema,
  displayName: displayNameSchema,
  /** Given by an earlier join: reclaims that participant (role, airtime) after a reconnect. */
  rejoinToken: z.string().min(16).max(128).optional(),
  /** Session circles: the one-tap re-affirmation of the group agreement for this session. */
  affirmAgreement: z.boolean().optional(),
  /** Session circles with a lobby: the ticket from `admitted`. */
  admissionTicket: z.string().min(16).max(128).optional(),
  /** Hosted circles: the key from the shared link (`/c/<id>?k=<key>`). */
  linkKey: z.string().min(8).max(128).optional(),
  /**
   * The device's RTP capabilities, loaded before joining (see `mediaCapabilities`): they stand
   * for `setRtpCapabilities`, and the reply then carries the send and receive transports.
   */
  rtpCapabilities: bounded(rtpCapabilities, { ...MEDIA_BOUNDS, nodes: 8000 }).optional(),
});
/** Wait in a circle's lobby (a session circle's, or a hosted circle's with its link key). */
export const knockCircleSchema = z.strictObject({
  circleId: circleIdSchema,
  displayName: displayNameSchema.optional(),
  linkKey: z.string().min(8).max(128).optional(),
});
/** A facilitator admits one person waiting in the lobby, or everyone. */
export const admitFromLobbySchema = z.union([
  z.strictObject({ entryId: z.string().min(1).max(64) }),
  z.strictObject({ all: z.literal(true) }),
]);
/** A rules command, with an optional client id so a retried request is applied only once. */
export const circleCommandRequestSchema = z.strictObject({
  command: circleCommandSchema,
  commandId: z.string().min(1).max(64).optional(),
});
/** Longest chat message, in characters: enough to share a resource, too short for an essay. */
export const CHAT_MAX_LENGTH = 500;
/**
 * A chat message in the circle: to everyone present, or privately to the facilitators.
 * Relayed to the people present and never stored (see ChatMessage).
 */
export const sendChatSchema = z.strictObject({
  text: z.string().trim().min(1, 'write something first').max(CHAT_MAX_LENGTH, `at most ${CHAT_MAX_LENGTH} characters`),
  to: z.enum(['everyone', 'facilitators']),
});
export const leaveCircleSchema = z.strictObject({});
/** The SFU's RTP capabilities, asked for before joining so the device is loaded by then. */
export const mediaCapabilitiesSchema = z.strictObject({});
export const setRtpCapabilitiesSchema = z.strictObject({ rtpCapabilities: bounded(rtpCapabilities, { ...MEDIA_BOUNDS, nodes: 8000 }) });
export const createTransportSchema = z.strictObject({ direction: z.enum(['send', 'recv']) });
export const connectTransportSchema = z.strictObject({ transportId: id, dtlsParameters: bounded(dtlsParameters, { ...MEDIA_BOUNDS, nodes: 100 }) });
export const produceSchema = z.strictObject({
  transportId: id,
  kind: z.enum(['audio', 'video']),
  rtpParameters: bounded(rtpParameters, { ...MEDIA_BOUNDS, nodes: 2000 }),
  source: mediaSourceSchema,
  paused: z.boolean().optional(),
});
export const consumeSchema = z.strictObject({ producerId: id });
export const resumeConsumerSchema = z.strictObject({ consumerId: id });
/**
 * How this receiver wants one of its consumers: the simulcast layer that fits the tile it is
 * shown in, whether it is wanted at all now (a tile out of sight), and its share when
 * bandwidth is short (1–255, higher first). Only the fields given change.
 */
export const setConsumerPreferencesSchema = z
  .strictObject({
    consumerId: id,
    spatialLayer: z.number().int().min(0).max(2).optional(),
    temporalLayer: z.number().int().min(0).max(2).optional(),
    paused: z.boolean().optional(),
    priority: z.number().int().min(1).max(255).optional(),
  })
  .refine((p) => p.spatialLayer !== undefined || p.temporalLayer !== undefined || p.paused !== undefined || p.priority !== undefined, {
    message: 'give at least one of spatialLayer, temporalLayer, paused, priority',
  });
/**
 * What this person wants of their visit's media, kept for the visit (each join sends it
 * again): `audioOnly` receives no video at all (every video consumer paused at the SFU);
 * `lowerHandWhenSpeaking` lowers their raised hand when the SFU hears them start speaking in
 * open floor. Only the fields given change.
 */
export const setVisitPreferencesSchema = z
  .strictObject({
    audioOnly: z.boolean().optional(),
    lowerHandWhenSpeaking: z.boolean().optional(),
  })
  .refine((p) => p.audioOnly !== undefined || p.lowerHandWhenSpeaking !== undefined, {
    message: 'give at least one of audioOnly, lowerHandWhenSpeaking',
  });
export const producerIdSchema = z.strictObject({ producerId: id });
/** Ask for new ICE parameters for one of your transports (its connection dropped). */
export const restartIceSchema = z.strictObject({ transportId: id });

/**
 * The schema of every client→server event, by event name. The server refuses any event
 * not named here with `INVALID_PAYLOAD`.
 */
export const clientEventSchemas = {
  joinCircle: joinCircleSchema,
  leaveCircle: leaveCircleSchema,
  setRtpCapabilities: setRtpCapabilitiesSchema,
  createTransport: createTransportSchema,
  connectTransport: connectTransportSchema,
  produce: produceSchema,
  consume: consumeSchema,
  resumeConsumer: resumeConsumerSchema,
  setConsumerPreferences: setConsumerPreferencesSchema,
  setVisitPreferences: setVisitPreferencesSchema,
  pauseProducer: producerIdSchema,
  resumeProducer: producerIdSchema,
  closeProducer: producerIdSchema,
  restartIce: restartIceSchema,
  circleCommand: circleCommandRequestSchema,
  knockCircle: knockCircleSchema,
  cancelKnock: leaveCircleSchema,
  admitFromLobby: admitFromLobbySchema,
  sendChat: sendChatSchema,
  mediaCapabilities: mediaCapabilitiesSchema,
} as const;

/** Name of a client→server event. */
export type ClientEventName = keyof typeof clientEventSchemas;

/** Payload type of each client→server event, after parsing. */
export type ClientPayloads = { [K in ClientEventName]: z.output<(typeof clientEventSchemas)[K]> };

/** Payload type of each client→server event, as the client sends it. */
export type ClientInputs = { [K in ClientEventName]: z.input<(typeof clientEventSchemas)[K]> };
