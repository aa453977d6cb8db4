import http from 'node:http';
import net from 'node:net';
import fc from 'fast-check';
import { CSRF_HEADER, SIGN_IN_COOKIE } from '@hearth/shared';
import { errorProblem, jsonValue, watchResources, weirdKey } from '../helpers/fuzz';
import { captureLogs, type CapturedLogs } from '../helpers/logs';
import { startTestServer, type TestServer } from '../helpers/server';

/*
 * ≥ 2,000 HTTP requests at a real node: every route with wrong methods, malformed
 * percent-encoding, traversal, long paths, weird query keys, bodies of the wrong type,
 * deeply nested, too large or mislabelled, signed in and not. Asserted: no 5xx; every
 * /api and /ical answer is JSON and every error the envelope; no page shows a stack;
 * nothing logged as an error; RSS and event-loop delay bounded.
 */

jest.setTimeout(120_000);

const REQUESTS = 2_100;
const RAW_REQUESTS = 60; // request lines Node's own parser refuses
const CONCURRENCY = 12;
const SEED = Number(process.env.FUZZ_SEED ?? 20302);

interface World {
  cookie: string;
  csrf: string;
  cohortId: string;
  userId: string;
  sessionId: string;
  invite: string;
  feed: string;
}

// ---- what to send ---------------------------------------------------------------------

/** A path segment: a real id (resolved per request), or something hostile. */
const segment: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('{cohort}', '{user}', '{session}', '{invite}', '{feed}.ics') },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }).map(encodeURIComponent) },
  {
    weight: 3,
    arbitrary: fc.constantFrom('%FF', '%ED%A0%80', '%C0%AE', '%E0%80%AF', '%', '%G0', '%2e%2e', '..%2f..%2f', '..', '%00', '%u0041', '%252e', 'a%2Fb', ';x=1', '%F0%9F%98%80', 'ä'),
  },
  { weight: 1, arbitrary: fc.constantFrom(1_000, 4_000).map((n) => 'x'.repeat(n)) },
);

const TEMPLATES = [
  '/api/session', '/api/auth/sign-in', '/api/auth/sign-out', '/api/me', '/api/me/ical-token', '/api/home', '/api/cohorts',
  '/api/cohorts/$', '/api/cohorts/$/members', '/api/cohorts/$/members/$', '/api/cohorts/$/invites', '/api/cohorts/$/attendance',
  '/api/cohorts/$/schedule', '/api/cohorts/$/schedule/preview', '/api/cohorts/$/sessions/$', '/api/cohorts/$/agreement',
  '/api/cohorts/$/agreement/accept', '/api/cohorts/$/ical-token', '/api/invites/$', '/api/invites/$/accept', '/api/circles',
  '/api/circles/$', '/api/circles/$/link', '/api/$', '/api', '/ical/u/$', '/ical/c/$', '/ical/$', '/ical', '/healthz', '/',
  '/c/$', '/invite/$', '/sign-in', '/home', '/admin', '/admin/$/$', '/cohorts/$', '/assets/$', '/$', '/$/$/$',
];

const path: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...TEMPLATES), fc.array(segment, { minLength: 6, maxLength: 6 }))
  .map(([template, segs]) => {
    let i = 0;
    return template.replace(/\$/g, () => segs[i++]!);
  });

const query: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.array(fc.tuple(weirdKey, fc.string({ maxLength: 12 })), { maxLength: 4 }).map((kv) => `?${new URLSearchParams(kv).toString()}`) },
  { weight: 2, arbitrary: fc.constantFrom('?k=%FF', '?__proto__[isAdmin]=true', '?constructor[prototype][x]=1', '?a[]=1&a[]=2', '?k=' + 'y'.repeat(3000), '?%ED%A0%80=1', '?k', '?=&=&', '?k=a&k=b') },
);

const body: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 5, arbitrary: jsonValue.map((v) => JSON.stringify(v) ?? 'null') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '{"email":"ada@example.test","password":"correct horse battery staple"}',
      '{"__proto__":{"isAdmin":true},"name":"Eve"}',
      '{"constructor":{"prototype":{"isAdmin":true}}}',
      '{"name":"x","timeZone":"Europe/London","capacity":"12"}',
      '{"text":' + JSON.stringify('x'.repeat(20_000)) + '}',
      '{"email":',
      'not json',
      '',
      '\u0000',
      '{"a":"\\ud800"}',
      '"just a string"',
      '[1,2,3]',
      'null',
    ),
  },
  // Deep nesting, written as text (JSON.stringify itself recurses).
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 50, max: 8_000 }), fc.boolean()).map(([d, a]) => (a ? '['.repeat(d) + '1' + ']'.repeat(d) : '{"a":'.repeat(d) + '1' + '}'.repeat(d))) },
  { weight: 1, arbitrary: fc.constantFrom('['.repeat(20_000), JSON.stringify({ big: 'z'.repeat(70_000) })) },
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=klingon',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/merge-patch+json',
  undefined,
);

interface Req {
  method: string;
  path: string;
  body: string | undefined;
  contentType: string | undefined;
  encoding: string | undefined;
  auth: 'none' | 'admin' | 'admin-no-csrf' | 'garbage';
}

const req: fc.Arbitrary<Req> = fc.record({
  method: fc.constantFrom('GET', 'GET', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'PROPFIND', 'PURGE', 'M-SEARCH'),
  path: fc.tuple(path, query).map(([p, q]) => p + q),
  body,
  contentType,
  encoding: fc.constantFrom(undefined, undefined, undefined, 'gzip', 'br', 'deflate', 'identity', 'x-unknown'),
  auth: fc.constantFrom<Req['auth']>('none', 'admin', 'admin', 'admin-no-csrf', 'garbage'),
});

/** Request lines and headers Node's parser refuses: they must get the envelope, not a bare 400. */
const RAW = [
  'FOO /api/session HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET /api/\u00c0\u00ae HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET /api/session HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
  'GET /api/session HTTP/9.9\r\nHost: x\r\n\r\n',
  'POST /api/me HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
  'POST /api/me HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc',
  'GET /api/session HTTP/1.1\r\nHost: x\r\nX-Big: ' + 'h'.repeat(20_000) + '\r\n\r\n',
  'GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n',
];

// ---- the run --------------------------------------------------------------------------

let server: TestServer;
let logs: CapturedLogs;
let world: World;

function resolve(template: string, w: World): string {
  return template
    .replace(/\{cohort\}/g, w.cohortId)
    .replace(/\{user\}/g, w.userId)
    .replace(/\{session\}/g, w.sessionId)
    .replace(/\{invite\}/g, w.invite)
    .replace(/\{feed\}/g, w.feed);
}

interface Answer {
  status: number;
  type: string;
  body: string;
}

function send(agent: http.Agent, r: Req): Promise<Answer> {
  const { port } = new URL(server.url);
  const headers: Record<string, string> = {};
  if (r.contentType) headers['Content-Type'] = r.contentType;
  if (r.encoding) headers['Content-Encoding'] = r.encoding;
  if (r.auth === 'admin' || r.auth === 'admin-no-csrf') headers.Cookie = world.cookie;
  if (r.auth === 'admin') headers[CSRF_HEADER] = world.csrf;
  if (r.auth === 'garbage') {
    headers.Cookie = `${SIGN_IN_COOKIE}=${'%FF'.repeat(10)}; ${SIGN_IN_COOKIE}=x; =; a=b=c`;
    headers[CSRF_HEADER] = '\u00ff'.repeat(3);
  }
  return new Promise((done, fail) => {
    const request = http.request({ host: '127.0.0.1', port, method: r.method, path: resolve(r.path, world), headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d.length < 200_000 ? d : ''));
      res.on('end', () => done({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: text }));
    });
    request.on('error', fail);
    request.end(r.body);
  });
}

function sendRaw(bytes: string): Promise<string> {
  const { port } = new URL(server.url);
  return new Promise((done, fail) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(Buffer.from(bytes, 'latin1')));
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.on('close', () => done(text));
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? done(text) : fail(err)));
  });
}

const underApi = (p: string) => /^\/(api|ical)(\/|\?|$)/.test(p);
const STACK = /\n\s+at |node_modules|\/work\/|[A-Za-z]+Error\b/;

/** What is wrong with an answer, or null. */
function problemOf(r: Req, a: Answer): string | null {
  const where = `${r.method} ${r.path.slice(0, 80)} → ${a.status}`;
  if (a.status >= 500 || a.status < 100) return `${where}: ${a.body.slice(0, 120)}`;
  const target = resolve(r.path, world);
  if (underApi(target)) {
    if (a.status === 204 || r.method === 'HEAD') return null;
    if (a.status === 200 && a.type.startsWith('text/calendar')) return null;
    if (!a.type.startsWith('application/json')) return `${where}: ${a.type} ${a.body.slice(0, 80)}`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(a.body);
    } catch {
      return `${where}: not JSON`;
    }
    if (a.status >= 400) {
      const problem = errorProblem((parsed as { error?: unknown }).error);
      if (problem) return `${where}: ${problem}`;
    }
    return null;
  }
  if (a.status >= 400 && STACK.test(a.body)) return `${where}: shows internals: ${a.body.slice(0, 120)}`;
  return null;
}

beforeAll(async () => {
  logs = captureLogs('warn');
  server = await startTestServer({}, {}, { logger: logs.logger });
  const api = server.hearth.api;
  const admin = await api.users.create({ email: 'fuzz-admin@example.test', name: 'Admin', password: 'correct horse battery staple', isAdmin: true });
  const { token, session } = await api.signIns.create(admin.id);
  const cohort = await api.cohorts.create(
    {
      name: 'Fuzzed',
      timeZone: 'Europe/London',
      description: '',
      stage: 'Aspiring',
      capacity: 12,
      crisisResources: '',
      lobbyEnabled: true,
      openBeforeMinutes: 10,
      graceMinutes: 15,
      agreement: 'Be kind.',
    },
    admin.id,
  );
  const spec = { timeZone: 'Europe/London', startDate: '2030-02-01', time: '19:00', durationMinutes: 90, rule: { freq: 'monthly' as const, byWeekday: 'TU' as const, bySetPos: 2 as const }, count: 4 };
  const { sessions } = await api.sessions.regenerate(cohort.id, spec, undefined);
  const invite = await api.invites.create({ cohortId: cohort.id, role: 'member', email: null, createdBy: admin.id, expiresInDays: 14 });
  const feed = new URL(api.urls.cohortCalendar(cohort.icalToken)).pathname.split('/').pop()!.replace(/\.ics$/, '');
  world = { cookie: `${SIGN_IN_COOKIE}=${token}`, csrf: session.csrfToken, cohortId: cohort.id, userId: admin.id, sessionId: sessions[0]!.id, invite: invite.token, feed };
});
afterAll(async () => server?.close());

test(`${REQUESTS + RAW_REQUESTS} HTTP requests: no 5xx, the envelope on every /api and /ical error, no stack, no error log`, async () => {
  const watch = watchResources();
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const problems: string[] = [];
  const statuses = new Map<number, number>();
  const requests = fc.sample(req, { numRuns: REQUESTS, seed: SEED });
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const r = requests[next++]!;
        const a = await send(agent, r).catch((err: Error) => ({ status: -1, type: '', body: err.message }));
        statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
        const problem = problemOf(r, a);
        if (problem) problems.push(problem);
      }
    }),
  );
  agent.destroy();
  for (let i = 0; i < RAW_REQUESTS; i++) {
    const raw = await sendRaw(RAW[i % RAW.length]!);
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? -1);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    const bodyText = raw.slice(raw.indexOf('\r\n\r\n') + 4);
    if (status < 400 || status >= 500) problems.push(`raw ${JSON.stringify(RAW[i % RAW.length]!.slice(0, 40))} → ${status}`);
    else if (errorProblem((JSON.parse(bodyText || '{}') as { error?: unknown }).error)) problems.push(`raw → ${bodyText.slice(0, 80)}`);
  }
  const figures = watch.stop();

  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  console.log(
    `http fuzz: ${REQUESTS + RAW_REQUESTS} requests (seed ${SEED}); statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}; ` +
      `RSS ${figures.rssStartMb} → peak ${figures.rssPeakMb} → ${figures.rssEndMb} MB; event-loop delay p99 ${figures.loopDelayP99Ms} ms, max ${figures.loopDelayMaxMs} ms`,
  );
  expect(problems.slice(0, 40)).toEqual([]);
  expect(logs.atLeast(50).slice(0, 5)).toEqual([]);
  // Catches a leak (the fuzzing client shares this process, hence the room).
  expect(figures.rssPeakMb - figures.rssStartMb).toBeLessThan(400);
  // Catches a request that blocks the loop (a runaway regex, synchronous work on huge input), not slowness:
  // the machine may be shared, so the bounds are loose.
  expect(figures.loopDelayP99Ms).toBeLessThan(1_000);
  expect(figures.loopDelayMaxMs).toBeLessThan(5_000);
});
