import { createRequest, RequestError, type AckTransport } from './request';

function fakeTransport(reply: (event: string, payload: unknown) => { err?: Error; reply?: unknown }, connected = true) {
  const sent: Array<[string, unknown, number]> = [];
  const transport: AckTransport = {
    isConnected: () => connected,
    emitWithTimeout: (event, payload, timeoutMs, done) => {
      sent.push([event, payload, timeoutMs]);
      const r = reply(event, payload);
      queueMicrotask(() => done(r.err ?? null, r.reply));
    },
  };
  return { transport, sent };
}

describe('request', () => {
  it('resolves with the ack data', async () => {
    const { transport, sent } = fakeTransport(() => ({ reply: { ok: true, data: { producerId: 'p1' } } }));
    const request = createRequest(transport, 1234);
    await expect(request('pauseProducer', { producerId: 'p1' })).resolves.toEqual({ producerId: 'p1' });
    expect(sent).toEqual([['pauseProducer', { producerId: 'p1' }, 1234]]);
  });

  it('rejects with the ack error code and message', async () => {
    const { transport } = fakeTransport(() => ({ reply: { ok: false, error: { code: 'ROOM_FULL', message: 'Full' } } }));
    const err = await createRequest(transport)('joinCircle', { circleId: 'c', displayName: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestError);
    expect(err).toMatchObject({ code: 'ROOM_FULL', message: 'Full', event: 'joinCircle' });
  });

  it('maps a timeout to UNAVAILABLE', async () => {
    const { transport } = fakeTransport(() => ({ err: new Error('operation has timed out') }));
    await expect(createRequest(transport)('leaveCircle', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('fails fast when not connected', async () => {
    const { transport, sent } = fakeTransport(() => ({ reply: { ok: true, data: null } }), false);
    await expect(createRequest(transport)('leaveCircle', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(sent).toEqual([]);
  });

  it('treats malformed replies and unknown codes as INTERNAL', async () => {
    const bad = fakeTransport(() => ({ reply: 'nope' })).transport;
    await expect(createRequest(bad)('leaveCircle', {})).rejects.toMatchObject({ code: 'INTERNAL' });
    const unknown = fakeTransport(() => ({ reply: { ok: false, error: { code: 'WAT', message: 'm' } } })).transport;
    await expect(createRequest(unknown)('leaveCircle', {})).rejects.toMatchObject({ code: 'INTERNAL', message: 'm' });
  });
});
