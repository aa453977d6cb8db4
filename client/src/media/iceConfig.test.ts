import { ICE_POLICY_KEY, storedIcePolicy, transportIceOptions } from './iceConfig';

const turn = { urls: ['turn:t.example.org?transport=udp'], username: '1:x', credential: 'c' };

describe('transportIceOptions', () => {
  it('passes the TURN servers from the join reply to the transports', () => {
    expect(transportIceOptions({ iceServers: [turn] }, undefined)).toEqual({ iceServers: [turn] });
  });

  it('forces relay only when asked and a TURN server exists', () => {
    expect(transportIceOptions({ iceServers: [turn] }, 'relay')).toEqual({ iceServers: [turn], iceTransportPolicy: 'relay' });
    // Relay-only with nothing to relay through would never connect.
    expect(transportIceOptions({}, 'relay')).toEqual({});
    expect(transportIceOptions({ iceServers: [] }, 'relay')).toEqual({});
  });
});

describe('storedIcePolicy', () => {
  const storage = (value: string | null) => ({ getItem: (key: string) => (key === ICE_POLICY_KEY ? value : null) });

  it('reads relay and nothing else', () => {
    expect(storedIcePolicy(storage('relay'))).toBe('relay');
    expect(storedIcePolicy(storage('all'))).toBeUndefined();
    expect(storedIcePolicy(storage(null))).toBeUndefined();
    expect(storedIcePolicy(undefined)).toBeUndefined();
  });

  it('never throws when storage is disabled', () => {
    expect(storedIcePolicy({ getItem: () => { throw new Error('SecurityError'); } })).toBeUndefined();
  });
});
