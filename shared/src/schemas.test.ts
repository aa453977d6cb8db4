import { clientEventSchemas, displayNameSchema, exceedsBounds, joinCircleSchema } from './schemas';
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

  it('refuses hostile nesting and sizes in RTP/DTLS objects, in fields it does not name too', () => {
    const codec = { mimeType: 'audio/opus', payloadType: 111, clockRate: 48000 };
    const base = { transportId: 't', kind: 'audio', source: 'mic' };
    const nest = (levels: number): unknown => {
      let v: unknown = 'leaf';
      for (let i = 0; i < levels; i++) v = { x: v };
      return v;
    };
    const produce = (extra: object) => clientEventSchemas.produce.safeParse({ ...base, rtpParameters: { codecs: [codec], ...extra } });
    // Real parameters carry a few levels in unnamed fields (encodings[].rtx.ssrc).
    expect(produce({ encodings: [{ ssrc: 1, rtx: { ssrc: 2 } }], rtcp: { cname: 'c', reducedSize: true } }).success).toBe(true);
    const deep = produce({ rtcp: nest(10_000) });
    expect(deep.success).toBe(false);
    expect(deep.error?.issues[0]?.message).toMatch(/nested deeper than 6 levels/);
    expect(produce({ encodings: [{ list: Array.from({ length: 5000 }, (_, i) => i) }] }).error?.issues[0]?.message).toMatch(/more than 2000 values/);
    expect(produce({ rtcp: { cname: 'x'.repeat(1025) } }).success).toBe(false);
    expect(produce({ rtcp: { ['k'.repeat(2000)]: 1 } }).success).toBe(false);

    const caps = clientEventSchemas.setRtpCapabilities;
    expect(caps.safeParse({ rtpCapabilities: { codecs: [{ mimeType: 'audio/opus', kind: 'audio', rtcpFeedback: [{ type: 'nack' }] }] } }).success).toBe(true);
    expect(caps.safeParse({ rtpCapabilities: { headerExtensions: [nest(50)] } }).success).toBe(false);

    const dtls = clientEventSchemas.connectTransport;
    const fingerprints = [{ algorithm: 'sha-256', value: 'AB:CD' }];
    expect(dtls.safeParse({ transportId: 't', dtlsParameters: { fingerprints } }).success).toBe(true);
    expect(dtls.safeParse({ transportId: 't', dtlsParameters: { fingerprints, extra: nest(20) } }).success).toBe(false);
  });

  it('measures bounds without recursion, so any depth is measured safely', () => {
    let v: unknown = 1;
    for (let i = 0; i < 200_000; i++) v = [v];
    expect(exceedsBounds(v, { depth: 6, nodes: 1e9, stringLength: 10 })).toMatch(/deeper/);
    expect(exceedsBounds({ a: [1, 2, { b: 'ok' }] }, { depth: 3, nodes: 10, stringLength: 2 })).toBeNull();
    expect(exceedsBounds({ a: [1, 2, { b: 'ok' }] }, { depth: 2, nodes: 10, stringLength: 2 })).toMatch(/deeper than 2/);
    expect(exceedsBounds({ a: [1, 2, { b: 'ok' }] }, { depth: 3, nodes: 5, stringLength: 2 })).toMatch(/more than 5 values/);
  });

  it('builds ack envelopes with codes from the closed set', () => {
    expect(ok({ a: 1 })).toEqual({ ok: true, data: { a: 1 } });
    expect(fail('ROOM_FULL', 'full')).toEqual({ ok: false, error: { code: 'ROOM_FULL', message: 'full' } });
    expect(ERROR_CODES).toEqual(expect.arrayContaining(['NOT_ALLOWED', 'NOT_YOUR_TURN', 'INVALID_PAYLOAD', 'ROOM_FULL']));
    expect(isErrorCode('ROOM_FULL')).toBe(true);
    expect(isErrorCode('NOPE')).toBe(false);
  });
});
