import { metricsAccess } from './metrics';

describe('metricsAccess without a token', () => {
  it('allows direct connections from loopback only', () => {
    for (const address of ['127.0.0.1', '127.5.6.7', '::1', '::ffff:127.0.0.1']) expect(metricsAccess(address, {}, undefined)).toBe('allowed');
    for (const address of ['10.0.0.1', '192.0.2.2', '::ffff:10.0.0.1', 'fe80::1', '::', '1127.0.0.1', '127.0.0.1.example', undefined]) {
      expect(metricsAccess(address, {}, undefined)).toBe('forbidden');
    }
  });

  it('refuses loopback requests that a proxy forwarded', () => {
    expect(metricsAccess('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }, undefined)).toBe('forbidden');
    expect(metricsAccess('127.0.0.1', { forwarded: 'for=203.0.113.9' }, undefined)).toBe('forbidden');
    expect(metricsAccess('::1', { 'x-real-ip': '203.0.113.9' }, undefined)).toBe('forbidden');
    // An empty header is still a proxy's.
    expect(metricsAccess('127.0.0.1', { 'x-forwarded-for': '' }, undefined)).toBe('forbidden');
  });
});

describe('metricsAccess with a token', () => {
  const token = 'the-metrics-token-0123456789';

  it('allows exactly that bearer token, from anywhere', () => {
    expect(metricsAccess('203.0.113.9', { authorization: `Bearer ${token}` }, token)).toBe('allowed');
    expect(metricsAccess('127.0.0.1', { authorization: `bearer ${token}`, 'x-forwarded-for': '203.0.113.9' }, token)).toBe('allowed');
  });

  it('asks everyone else for it, loopback included', () => {
    for (const authorization of [undefined, '', token, `Bearer ${token}x`, `Bearer ${token.slice(1)}`, `Basic ${token}`, `Bearer  ${token}`, `Bearer ${token} extra`]) {
      expect(metricsAccess('127.0.0.1', authorization === undefined ? {} : { authorization }, token)).toBe('unauthorized');
    }
  });
});
