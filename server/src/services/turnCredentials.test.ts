import { iceServersFor, turnCredential } from './turnCredentials';

const secret = 'hearth-test-secret-0123456789';

describe('turnCredential (TURN REST API scheme)', () => {
  it('is <expiry>:<id> and base64(HMAC-SHA1(secret, username))', () => {
    // Known answer, computed with: printf '1700086400:abc' | openssl dgst -sha1 -hmac "$secret" -binary | base64
    const c = turnCredential(secret, 86400, 'abc', 1_700_000_000_000);
    expect(c).toEqual({ username: '1700086400:abc', credential: 'FlsyWeh3xI0vGX8dcxOvNQt4Hxo=' });
  });

  it('expires ttl seconds from now, in whole seconds', () => {
    expect(turnCredential(secret, 600, 'x', 1_000_999).username).toBe('1600:x');
  });

  it('changes with the secret and with the username', () => {
    const a = turnCredential(secret, 600, 'x', 0).credential;
    expect(turnCredential(`${secret}!`, 600, 'x', 0).credential).not.toBe(a);
    expect(turnCredential(secret, 601, 'x', 0).credential).not.toBe(a);
  });

  it('refuses an id that would split the username', () => {
    expect(() => turnCredential(secret, 600, 'a:b', 0)).toThrow(/may not contain/);
  });
});

describe('iceServersFor', () => {
  it('is empty without TURN configured', () => {
    expect(iceServersFor(undefined, 0)).toEqual([]);
  });

  it('signs the TURN URIs with one fresh credential and passes STUN URIs as they are', () => {
    const turn = { urls: ['turn:t.example.org?transport=udp', 'stun:s.example.org', 'turns:t.example.org:443?transport=tcp'], secret, ttlSeconds: 86400 };
    expect(iceServersFor(turn, 1_700_000_000_000, () => 'abc')).toEqual([
      { urls: ['turn:t.example.org?transport=udp', 'turns:t.example.org:443?transport=tcp'], username: '1700086400:abc', credential: 'FlsyWeh3xI0vGX8dcxOvNQt4Hxo=' },
      { urls: ['stun:s.example.org'] },
    ]);
  });

  it('uses a new random id for every visit, never the same username twice', () => {
    const turn = { urls: ['turn:t.example.org'], secret, ttlSeconds: 600 };
    const names = new Set(Array.from({ length: 50 }, () => iceServersFor(turn, 0)[0]!.username));
    expect(names.size).toBe(50);
    for (const name of names) expect(name).toMatch(/^600:[A-Za-z0-9_-]{12}$/);
  });
});
