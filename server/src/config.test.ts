import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('has sane localhost defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.redisUrl).toBeUndefined();
    expect(c.rtc).toEqual({ listenIp: '0.0.0.0', announcedAddress: '127.0.0.1', minPort: 40000, maxPort: 49999 });
    expect(c.workers).toBeGreaterThanOrEqual(1);
    expect(c.logLevel).toBe('info');
    // Nothing is joinable unless someone accountable made it: open circles are opt-in.
    expect(c.openCircles).toBe(false);
    expect(loadConfig({ OPEN_CIRCLES: 'true' }).openCircles).toBe(true);
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '8080',
      RTC_LISTEN_IP: '10.0.0.5',
      RTC_ANNOUNCED_IP: '203.0.113.7',
      RTC_MIN_PORT: '41000',
      RTC_MAX_PORT: '41100',
      REDIS_URL: 'redis://redis:6379/0',
      LOG_LEVEL: 'debug',
      MEDIASOUP_WORKERS: '3',
      MAX_PEERS_PER_CIRCLE: '12',
      DATA_DIR: '/var/lib/hearth',
      NODE_ID: 'node-a',
    });
    expect(c).toMatchObject({
      port: 8080,
      rtc: { listenIp: '10.0.0.5', announcedAddress: '203.0.113.7', minPort: 41000, maxPort: 41100 },
      redisUrl: 'redis://redis:6379/0',
      logLevel: 'debug',
      workers: 3,
      maxPeersPerCircle: 12,
      dataDir: '/var/lib/hearth',
      nodeId: 'node-a',
    });
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ REDIS_URL: '', RTC_ANNOUNCED_IP: ' ' }).redisUrl).toBeUndefined();
  });

  it('reports one clear line per bad variable, all at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', REDIS_URL: 'http://x', LOG_LEVEL: 'loud', RTC_LISTEN_IP: 'not-an-ip' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/^PORT="eighty": /m);
    expect(problems.join('\n')).toMatch(/^REDIS_URL="http:\/\/x": /m);
    expect(problems.join('\n')).toMatch(/^LOG_LEVEL="loud": /m);
    expect(problems.join('\n')).toMatch(/^RTC_LISTEN_IP="not-an-ip": /m);
  });

  it('refuses an inverted RTC port range', () => {
    expect(() => loadConfig({ RTC_MIN_PORT: '5000', RTC_MAX_PORT: '4000' })).toThrow(/RTC_MAX_PORT.*greater than or equal/);
  });
});

describe('public URL, cookies and proxies', () => {
  it('defaults to localhost and plain cookies', () => {
    const c = loadConfig({ PORT: '4000' });
    expect(c.publicUrl).toBe('http://localhost:4000');
    expect(c.secureCookies).toBe(false);
    expect(c.trustProxy).toBe(false);
  });

  it('makes cookies Secure behind https unless told otherwise', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://hearth.example.org/' })).toMatchObject({ publicUrl: 'https://hearth.example.org', secureCookies: true });
    expect(loadConfig({ PUBLIC_URL: 'https://hearth.example.org', SECURE_COOKIES: 'false' }).secureCookies).toBe(false);
  });

  it('reads trust proxy as a flag, a hop count or addresses', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://x' })).toThrow(/PUBLIC_URL/);
  });
});

describe('metrics', () => {
  it('takes a bearer token for /metrics, long enough and without spaces', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: ' ' }).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 'a-long-enough-token-1234' }).metricsToken).toBe('a-long-enough-token-1234');
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN="short": must be at least 16 characters/);
    expect(() => loadConfig({ METRICS_TOKEN: 'a long token with spaces' })).toThrow(/METRICS_TOKEN=.*must not contain spaces/);
  });
});

describe('the edge: origins and per-IP limits', () => {
  it('lets PUBLIC_URL’s origin open sockets, plus the listed ones', () => {
    const c = loadConfig({ PUBLIC_URL: 'https://hearth.example.org/circles/', ALLOWED_ORIGINS: 'https://App.Example.org/, http://localhost:5173' });
    expect(c.allowedOrigins).toEqual(['https://hearth.example.org', 'https://app.example.org', 'http://localhost:5173']);
  });

  it('without PUBLIC_URL, allows the local machine’s names for the same port', () => {
    expect(loadConfig({ PORT: '4000' }).allowedOrigins).toEqual(['http://localhost:4000', 'http://127.0.0.1:4000', 'http://[::1]:4000']);
    expect(loadConfig({ PUBLIC_URL: 'https://hearth.example.org' }).allowedOrigins).toEqual(['https://hearth.example.org']);
  });

  it('refuses origins with paths or other schemes', () => {
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'https://a.example/app' })).toThrow(/ALLOWED_ORIGINS.*scheme:\/\/host/);
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'ftp://a.example' })).toThrow(/ALLOWED_ORIGINS/);
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'a.example' })).toThrow(/ALLOWED_ORIGINS/);
  });

  it('has per-IP defaults for a venue sharing one IP, and reads overrides', () => {
    const d = loadConfig({});
    expect(d.socketLimits).toEqual({ perIp: 50, connectsPerWindow: 30, windowSeconds: 10 });
    expect(d.signInLimits).toEqual({ perEmailIp: 5, emailIpLockSeconds: 900, perIp: 100, ipWindowSeconds: 86_400 });
    const c = loadConfig({
      SOCKETS_PER_IP: '200',
      SOCKET_CONNECTS_PER_IP: '60',
      SOCKET_CONNECTS_WINDOW_SECONDS: '5',
      SIGN_IN_FAILURES_PER_ACCOUNT_IP: '3',
      SIGN_IN_LOCK_MINUTES: '30',
      SIGN_IN_FAILURES_PER_IP: '500',
    });
    expect(c.socketLimits).toEqual({ perIp: 200, connectsPerWindow: 60, windowSeconds: 5 });
    expect(c.signInLimits).toEqual({ perEmailIp: 3, emailIpLockSeconds: 1800, perIp: 500, ipWindowSeconds: 86_400 });
    expect(() => loadConfig({ SOCKETS_PER_IP: '0', SIGN_IN_LOCK_MINUTES: 'soon' })).toThrow(/SOCKETS_PER_IP[\s\S]*SIGN_IN_LOCK_MINUTES/);
  });
});

describe('data retention', () => {
  it('keeps attendance 400 days unless ATTENDANCE_RETENTION_DAYS says otherwise', () => {
    const day = 24 * 60 * 60 * 1000;
    expect(loadConfig({}).attendanceRetentionMs).toBe(400 * day);
    expect(loadConfig({ ATTENDANCE_RETENTION_DAYS: '30' }).attendanceRetentionMs).toBe(30 * day);
    expect(loadConfig({ ATTENDANCE_RETENTION_DAYS: '0.5' }).attendanceRetentionMs).toBe(day / 2);
  });

  it('refuses a retention that is not a positive number of days', () => {
    expect(() => loadConfig({ ATTENDANCE_RETENTION_DAYS: '0' })).toThrow(/ATTENDANCE_RETENTION_DAYS="0"/);
    expect(() => loadConfig({ ATTENDANCE_RETENTION_DAYS: 'forever' })).toThrow(/ATTENDANCE_RETENTION_DAYS/);
    expect(() => loadConfig({ ATTENDANCE_RETENTION_DAYS: '-3' })).toThrow(/ATTENDANCE_RETENTION_DAYS/);
  });
});

describe('TURN', () => {
  const secret = 'a-long-shared-secret-1234';

  it('is off unless TURN_URLS is set', () => {
    expect(loadConfig({}).turn).toBeUndefined();
    expect(loadConfig({ TURN_URLS: ' ' }).turn).toBeUndefined();
  });

  it('reads a comma list of URIs, the secret and the credential lifetime', () => {
    const c = loadConfig({
      TURN_URLS: 'turn:turn.example.org:3478?transport=udp, turn:turn.example.org:3478?transport=tcp,turns:turn.example.org:443?transport=tcp,stun:[2001:db8::1]:3478',
      TURN_SECRET: secret,
      TURN_CREDENTIAL_TTL_S: '7200',
    });
    expect(c.turn).toEqual({
      urls: [
        'turn:turn.example.org:3478?transport=udp',
        'turn:turn.example.org:3478?transport=tcp',
        'turns:turn.example.org:443?transport=tcp',
        'stun:[2001:db8::1]:3478',
      ],
      secret,
      ttlSeconds: 7200,
    });
    expect(loadConfig({ TURN_URLS: 'turn:10.0.0.1', TURN_SECRET: secret }).turn?.ttlSeconds).toBe(86400);
    // STUN only: nothing to sign.
    expect(loadConfig({ TURN_URLS: 'stun:stun.example.org' }).turn).toEqual({ urls: ['stun:stun.example.org'], secret: undefined, ttlSeconds: 86400 });
  });

  it('reports every bad TURN variable at once, beside the others, without echoing the secret', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', TURN_URLS: 'turn:ok.example.org,http://nope,turns:x.org?transport=udp', TURN_SECRET: 'short', TURN_CREDENTIAL_TTL_S: '5' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).problems.join('\n');
    expect((error as ConfigError).problems).toHaveLength(4);
    expect(text).toMatch(/^PORT="eighty": /m);
    expect(text).toMatch(/^TURN_URLS="[^"]*": not a stun:\/turn:\/turns: URI: http:\/\/nope, turns:x\.org\?transport=udp$/m);
    expect(text).toMatch(/^TURN_SECRET: must be at least 16 characters$/m);
    expect(text).toMatch(/^TURN_CREDENTIAL_TTL_S="5": /m);
    expect(text).not.toContain('short');
  });

  it('needs the secret for turn: URIs, and URIs for a secret', () => {
    expect(() => loadConfig({ TURN_URLS: 'turn:turn.example.org' })).toThrow(/TURN_SECRET: required when TURN_URLS has turn: or turns: URIs/);
    expect(() => loadConfig({ TURN_SECRET: secret })).toThrow(/TURN_URLS: TURN_SECRET is set but TURN_URLS has no turn: or turns: URI/);
  });
});
