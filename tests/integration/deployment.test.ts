import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../server/src/config';

// No Docker engine runs here, so the compose file is checked for what Hearth needs of it.
const root = path.resolve(__dirname, '..', '..');
const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { image?: string; build?: unknown; command?: string[]; environment?: Record<string, string>; ports?: string[]; volumes?: string[] }>;
  volumes?: Record<string, unknown>;
};

/** Resolves `${VAR:-default}` the way compose does when VAR is unset. */
const withDefaults = (s: string): string => s.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');

describe('docker-compose.yml', () => {
  it('runs Redis with AOF persistence on a named volume', () => {
    const redis = compose.services.redis!;
    expect(redis.command?.join(' ')).toMatch(/--appendonly yes/);
    expect(redis.volumes?.[0]).toMatch(/^redis-data:\/data$/);
    expect(compose.volumes).toHaveProperty('redis-data');
  });

  it('builds Hearth from the Dockerfile with a configuration the server accepts', () => {
    const hearth = compose.services.hearth!;
    expect(hearth.build).toBe('.');
    expect(fs.existsSync(path.join(root, 'Dockerfile'))).toBe(true);
    const env = Object.fromEntries(Object.entries(hearth.environment ?? {}).map(([k, v]) => [k, withDefaults(String(v))]));
    const config = loadConfig(env);
    expect(config.redisUrl).toBe('redis://redis:6379/0');
    expect(config.rtc.announcedAddress).toBe('127.0.0.1');
    expect([config.rtc.minPort, config.rtc.maxPort]).toEqual([40000, 40100]);
    // The proxy's settings pass through; unset, Hearth runs as on a laptop.
    expect(hearth.environment).toMatchObject({ PUBLIC_URL: '${HEARTH_PUBLIC_URL:-}', TRUST_PROXY: '${HEARTH_TRUST_PROXY:-false}' });
    expect(config.trustProxy).toBe(false);
    const proxied = loadConfig({ ...env, PUBLIC_URL: 'https://hearth.example.org', TRUST_PROXY: 'uniquelocal' });
    expect(proxied).toMatchObject({ publicUrl: 'https://hearth.example.org', secureCookies: true, trustProxy: 'uniquelocal', allowedOrigins: ['https://hearth.example.org'] });
  });

  it('publishes the HTTP port and the whole RTC port range over UDP and TCP', () => {
    const ports = (compose.services.hearth!.ports ?? []).map(withDefaults);
    expect(ports).toEqual(expect.arrayContaining(['3000:3000', '40000-40100:40000-40100/udp', '40000-40100:40000-40100/tcp']));
  });
});
