import { resolveAnnouncedAddress, type Lookup } from './announcedAddress';

describe('resolveAnnouncedAddress', () => {
  const never: Lookup = () => Promise.reject(new Error('should not resolve'));

  it('keeps an IP or no address as it is', async () => {
    await expect(resolveAnnouncedAddress('203.0.113.7', never)).resolves.toBe('203.0.113.7');
    await expect(resolveAnnouncedAddress('2001:db8::7', never)).resolves.toBe('2001:db8::7');
    await expect(resolveAnnouncedAddress(undefined, never)).resolves.toBeUndefined();
  });

  it('resolves a hostname once, preferring IPv4', async () => {
    const asked: Array<[string, number]> = [];
    const lookup: Lookup = (host, family) => {
      asked.push([host, family]);
      return Promise.resolve(family === 4 ? '203.0.113.7' : '2001:db8::7');
    };
    await expect(resolveAnnouncedAddress('hearth.example.org', lookup)).resolves.toBe('203.0.113.7');
    expect(asked).toEqual([['hearth.example.org', 4]]);
  });

  it('takes IPv6 when the name has no IPv4 address', async () => {
    const lookup: Lookup = (_host, family) => (family === 4 ? Promise.reject(new Error('ENODATA')) : Promise.resolve('2001:db8::7'));
    await expect(resolveAnnouncedAddress('v6.example.org', lookup)).resolves.toBe('2001:db8::7');
  });

  it('fails the start with the variable named when the name does not resolve', async () => {
    const lookup: Lookup = () => Promise.reject(new Error('ENOTFOUND'));
    await expect(resolveAnnouncedAddress('typo.example.org', lookup)).rejects.toThrow('RTC_ANNOUNCED_IP=typo.example.org does not resolve (ENOTFOUND)');
  });
});
