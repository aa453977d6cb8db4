import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../server/src/config';
import { adaptRepoCaddyfile, reverseProxies } from '../helpers/caddyDeployment';
import { interpolate, interpolateAll } from '../helpers/compose';
import { NODE_FLAGS } from '../helpers/process';

// No Docker engine runs here, so the compose file is checked for what Hearth needs of it,
// after Compose's own variable interpolation with what an operator puts in `.env`.
const root = path.resolve(__dirname, '..', '..');
const composeText = fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  network_mode?: string;
  user?: string;
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const operatorEnv = { HEARTH_DOMAIN: 'hearth.example.org', TURN_SECRET: 'f'.repeat(64) };
const composeWith = (env: Record<string, string | undefined>): Compose => interpolateAll(parse(composeText, { merge: true }) as Compose, env);
const compose = composeWith(operatorEnv);
const { redis, hearth, caddy, coturn } = compose.services as Record<'redis' | 'hearth' | 'caddy' | 'coturn', Service>;

/** coturn's `--name=value` options. */
const coturnOption = (name: string, service: Service = coturn): string[] =>
  (service.command ?? []).filter((a) => a.startsWith(`--${name}=`)).map((a) => a.slice(name.length + 3));

/** Host ports a service takes, as `port/proto`. Host networking takes what the process listens on. */
function hostPorts(service: Service): string[] {
  return (service.ports ?? []).flatMap((spec) => {
    const [mapping, proto = 'tcp'] = spec.split('/');
    const host = mapping!.split(':').slice(-2, -1)[0]!;
    const [from, to = from] = host.split('-').map(Number);
    return Array.from({ length: to! - from! + 1 }, (_, i) => `${from! + i}/${proto}`);
  });
}
function coturnHostPorts(c: Service): string[] {
  const one = (name: string) => Number(coturnOption(name, c)[0]);
  const [min, max] = [one('min-port'), one('max-port')];
  return [
    `${one('listening-port')}/udp`,
    `${one('listening-port')}/tcp`,
    `${one('tls-listening-port')}/tcp`,
    ...Array.from({ length: max - min + 1 }, (_, i) => `${min + i}/udp`),
  ];
}
const duplicates = (ports: string[]): string[] => ports.filter((p, i) => ports.indexOf(p) !== i);

describe('docker-compose.yml', () => {
  it('refuses to start without the domain and the TURN secret', () => {
    expect(() => composeWith({ TURN_SECRET: 'x'.repeat(32) })).toThrow(/HEARTH_DOMAIN/);
    expect(() => composeWith({ HEARTH_DOMAIN: 'hearth.example.org' })).toThrow(/TURN_SECRET/);
  });

  it('runs Redis with AOF persistence on a named volume', () => {
    expect(redis.command?.join(' ')).toMatch(/--appendonly yes/);
    expect(redis.volumes?.[0]).toMatch(/^redis-data:\/data$/);
    expect(compose.volumes).toHaveProperty('redis-data');
  });

  it('builds Hearth from the Dockerfile, configured for https at the domain, behind one proxy', () => {
    expect(hearth.build).toBe('.');
    expect(fs.existsSync(path.join(root, 'Dockerfile'))).toBe(true);
    const config = loadConfig(hearth.environment);
    expect(config.redisUrl).toBe('redis://redis:6379/0');
    expect(config.publicUrl).toBe('https://hearth.example.org');
    expect(config.secureCookies).toBe(true);
    expect(config.trustProxy).toBe(1);
    // Announced as the domain (resolved at start) unless the operator gives the IP.
    expect(config.rtc.announcedAddress).toBe('hearth.example.org');
    expect(loadConfig(composeWith({ ...operatorEnv, HEARTH_ANNOUNCED_IP: '203.0.113.7' }).services.hearth!.environment).rtc.announcedAddress).toBe('203.0.113.7');
    expect([config.rtc.minPort, config.rtc.maxPort]).toEqual([40000, 40100]);
    // The socket accepts pages from the site's own origin only.
    expect(config.allowedOrigins).toEqual(['https://hearth.example.org']);
  });

  it('publishes the RTC port range over UDP and TCP, and Hearth’s HTTP port only to Caddy', () => {
    expect(hearth.ports).toEqual(['40000-40100:40000-40100/udp', '40000-40100:40000-40100/tcp']);
    expect(hearth.expose).toEqual([hearth.environment!.PORT]);
  });

  it('puts Caddy on 80 and 443 with the repository’s Caddyfile, proxying the domain to Hearth', () => {
    expect(caddy.image).toMatch(/^caddy:2/);
    expect(caddy.ports).toEqual(expect.arrayContaining(['80:80', '443:443', '443:443/udp']));
    expect(caddy.volumes).toEqual(expect.arrayContaining(['./Caddyfile:/etc/caddy/Caddyfile:ro', 'caddy-data:/data']));
    expect(caddy.environment?.HEARTH_DOMAIN).toBe('hearth.example.org');
    // Caddy's own parser: the site is the domain, proxied to the hearth service's port.
    const adapted = adaptRepoCaddyfile(caddy.environment!.HEARTH_DOMAIN!);
    const [server] = Object.values(adapted.apps.http.servers);
    expect(server!.routes.flatMap((r) => r.match?.flatMap((m) => m.host ?? []) ?? [])).toEqual(['hearth.example.org']);
    expect(reverseProxies(server!.routes).map((p) => p.upstreams)).toEqual([[{ dial: `hearth:${hearth.environment!.PORT}` }]]);
    // One issuer, so the certificate's path in the data volume is known (coturn reads it).
    expect(adapted.apps.tls?.automation?.policies?.[0]?.issuers).toEqual([{ module: 'acme' }]);
  });

  it('runs coturn with the TURN REST API secret Hearth signs with, on the ports Hearth hands out', () => {
    expect(coturn.image).toMatch(/^coturn\/coturn:/);
    expect(coturn.network_mode).toBe('host');
    expect(coturn.command).toEqual(expect.arrayContaining(['--use-auth-secret', '--no-cli', '--fingerprint']));
    const turn = loadConfig(hearth.environment).turn!;
    expect(coturnOption('static-auth-secret')).toEqual([turn.secret]);
    expect(coturnOption('realm')).toEqual(['hearth.example.org']);
    const port = coturnOption('listening-port')[0];
    const tlsPort = coturnOption('tls-listening-port')[0];
    expect(turn.urls).toEqual([
      `turn:hearth.example.org:${port}?transport=udp`,
      `turn:hearth.example.org:${port}?transport=tcp`,
      `turns:hearth.example.org:${tlsPort}?transport=tcp`,
    ]);
    // Another TLS port reaches both sides.
    const moved = composeWith({ ...operatorEnv, TURN_TLS_PORT: '8443' });
    expect(loadConfig(moved.services.hearth!.environment).turn!.urls[2]).toBe('turns:hearth.example.org:8443?transport=tcp');
    expect(moved.services.coturn!.command).toContain('--tls-listening-port=8443');
  });

  it('gives coturn the certificate Caddy keeps for the domain, read-only', () => {
    expect(coturn.volumes).toEqual(['caddy-data:/caddy-data:ro']);
    const dir = '/caddy-data/caddy/certificates/acme-v02.api.letsencrypt.org-directory/hearth.example.org';
    expect(coturnOption('cert')).toEqual([`${dir}/hearth.example.org.crt`]);
    expect(coturnOption('pkey')).toEqual([`${dir}/hearth.example.org.key`]);
    expect(coturnOption('proc-user')).toEqual(['nobody']);
  });

  it('keeps coturn from relaying into private networks (the compose network with Redis included)', () => {
    expect(coturn.command).toEqual(expect.arrayContaining(['--no-tcp-relay', '--no-multicast-peers']));
    expect(coturn.command).not.toContain('--allow-loopback-peers');
    const denied = coturnOption('denied-peer-ip');
    for (const range of ['10.0.0.0-10.255.255.255', '172.16.0.0-172.31.255.255', '192.168.0.0-192.168.255.255', '169.254.0.0-169.254.255.255']) {
      expect(denied).toContain(range);
    }
    // The public IP coturn advertises: the operator's, else what the image detects at start.
    expect(coturnOption('external-ip')).toEqual(['$(detect-external-ip)']);
    expect(coturnOption('external-ip', composeWith({ ...operatorEnv, HEARTH_ANNOUNCED_IP: '203.0.113.7' }).services.coturn)).toEqual(['203.0.113.7']);
  });

  it('takes no host port twice (coturn’s host networking included)', () => {
    const taken = [...hostPorts(caddy), ...hostPorts(hearth), ...coturnHostPorts(coturn)];
    expect(duplicates(taken)).toEqual([]);
    // Which is why TURN over TLS is not on 443 by default: Caddy has it.
    const on443 = composeWith({ ...operatorEnv, TURN_TLS_PORT: '443' });
    expect(duplicates([...hostPorts(on443.services.caddy!), ...coturnHostPorts(on443.services.coturn!)])).toEqual(['443/tcp']);
  });
});

describe('the V8 flags a node runs with (server/node-flags.json)', () => {
  const flags = JSON.parse(fs.readFileSync(path.join(root, 'server', 'node-flags.json'), 'utf8')) as string[];

  it('are V8 flags, and the Dockerfile, `npm start -w server` and the test nodes all pass them before the script', () => {
    expect(flags.length).toBeGreaterThan(0);
    for (const flag of flags) expect(flag).toMatch(/^--[a-z-]+(=\S+)?$/);
    const cmd = /^CMD (\[.*\])$/m.exec(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'))?.[1];
    expect(JSON.parse(cmd ?? 'null')).toEqual(['node', ...flags, 'server/dist/main.js']);
    const scripts = (JSON.parse(fs.readFileSync(path.join(root, 'server', 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBe(['node', ...flags, 'dist/main.js'].join(' '));
    expect(NODE_FLAGS).toEqual(flags);
  });
});

describe('compose interpolation (the test’s own helper)', () => {
  it('does what Compose documents', () => {
    expect(interpolate('a${X}b$X', { X: '1' })).toBe('a1b1');
    expect(interpolate('${X:-d}|${X-d}', { X: '' })).toBe('d|');
    expect(interpolate('${X:-${Y:-z}}', {})).toBe('z');
    expect(interpolate('$$(cmd) $$X', { X: '1' })).toBe('$(cmd) $X');
    expect(() => interpolate('${X:?say it}', {})).toThrow(/X.*say it/);
  });
});
