import { clientEventSchemas, displayNameSchema, joinCircleSchema } from './schemas';
import { ERROR_CODES, fail, isErrorCode, ok } from './errors';

describe('wire contract', () => {
  it('normalises display names and bounds them', () => {
    expect(displayNameSchema.parse('  Ada   Lovelace ')).toBe('Ada Lovelace');
    expect(displayNameSchema.safeParse('   ').success).toBe(false);
    expect(displayNameSchema.safeParse('x'.repeat(41)).success).toBe(false);
    expect(displayNameSchema.safeParse(42).success).toBe(false);
  });

  it('accepts URL-safe circle ids only and refuses unknown fields', () => {
    expect(joinCircleSchema.safeParse({ circleId: 'Tuesday-circle_2', displayName: 'A' }).success).toBe(true);
    for (const circleId of ['', 'a b', 'a/b', '../x', 'x'.repeat(65)]) {
      expect(joinCircleSchema.safeParse({ circleId, displayName: 'A' }).success).toBe(false);
    }
    expect(joinCircleSchema.safeParse({ circleId: 'a', displayName: 'A', admin: true }).success).toBe(false);
  });

  it('has a schema for every request and each refuses a non-object', () => {
    const names = Object.keys(clientEventSchemas);
    expect(names).toEqual(
      expect.arrayContaining(['joinCircle', 'leaveCircle', 'createTransport', 'connectTransport', 'produce', 'consume', 'resumeConsumer']),
    );
    for (const schema of Object.values(clientEventSchemas)) expect(schema.safeParse('nope').success).toBe(false);
  });

  it('bounds RTP parameters before they reach mediasoup', () => {
    const codec = { mimeType: 'audio/opus', payloadType: 111, clockRate: 48000 };
    const produce = clientEventSchemas.produce;
    const base = { transportId: 't', kind: 'audio', source: 'mic' };
    expect(produce.safeParse({ ...base, rtpParameters: { codecs: [codec] } }).success).toBe(true);
    expect(produce.safeParse({ ...base, rtpParameters: { codecs: [] } }).success).toBe(false);
    expect(produce.safeParse({ ...base, rtpParameters: { codecs: Array(17).fill(codec) } }).success).toBe(false);
    expect(produce.safeParse({ ...base, rtpParameters: { codecs: [{ ...codec, payloadType: 128 }] } }).success).toBe(false);
    expect(produce.safeParse({ ...base, source: 'screen', rtpParameters: { codecs: [codec] } }).success).toBe(false);
  });

  it('builds ack envelopes with codes from the closed set', () => {
    expect(ok({ a: 1 })).toEqual({ ok: true, data: { a: 1 } });
    expect(fail('ROOM_FULL', 'full')).toEqual({ ok: false, error: { code: 'ROOM_FULL', message: 'full' } });
    expect(ERROR_CODES).toEqual(expect.arrayContaining(['NOT_ALLOWED', 'NOT_YOUR_TURN', 'INVALID_PAYLOAD', 'ROOM_FULL']));
    expect(isErrorCode('ROOM_FULL')).toBe(true);
    expect(isErrorCode('NOPE')).toBe(false);
  });
});
