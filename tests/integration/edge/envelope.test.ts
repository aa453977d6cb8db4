import http from 'node:http';
import net from 'node:net';
import { PERMISSIONS_POLICY } from '../../../server/src/http/permissionsPolicy';
import { captureLogs, type CapturedLogs } from '../../helpers/logs';
import { rawRequest } from '../../helpers/rawPackets';
import { dtlsParameters } from '../../helpers/rtp';
import { connectClient, request, requestOk, startTestServer, type TestServer } from '../../helpers/server';

jest.setTimeout(60_000);

interface Reply {
  status: number;
  type: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Sends the path exactly as written (fetch would normalise `%2e%2e` and friends). */
function send(server: TestServer, method: string, path: string, body?: string): Promise<Reply> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: body ? { 'Content-Type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Writes raw bytes (a request Node's parser refuses) and reads the answer. */
function sendRaw(server: TestServer, bytes: string): Promise<string> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(bytes));
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString()));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

const envelope = (r: Reply) => {
  expect(r.type).toMatch(/^application\/json/);
  return JSON.parse(r.body) as { error: { code: string; message: string } };
};

let server: TestServer;
let logs: CapturedLogs;

beforeAll(async () => {
  logs = captureLogs('trace');
  server = await startTestServer({}, {}, { logger: logs.logger });
});
afterAll(async () => server?.close());
beforeEach(() => void logs.lines.splice(0));

describe('one error envelope on every /api and /ical path', () => {
  const MALFORMED = ['/api/x/%ED%A0%80', '/api/%FF', '/api/cohorts/%C0%AE', '/api/circles/%FF', '/api/invites/%E0%80%AF', '/api/session?x=%FF', '/ical/u/%FF.ics', '/ical/c/%C0%AE'];

  it.each(MALFORMED)('%s is 400 INVALID_PAYLOAD, logged at debug at most', async (path) => {
    const r = await send(server, 'GET', path);
    expect(r.status).toBe(400);
    expect(envelope(r).error).toEqual({ code: 'INVALID_PAYLOAD', message: 'the URL is not valid percent-encoding' });
    expect(logs.atLeast(30)).toEqual([]);
  });

  it('wrong methods on calendar feeds are 405 with Allow; unknown paths are 404, all enveloped', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const r = await send(server, method, '/ical/u/abcdefghijklmnopqrstuvwxyz.ics');
      expect({ method, status: r.status, allow: r.headers.allow }).toEqual({ method, status: 405, allow: 'GET, HEAD' });
      expect(envelope(r).error.code).toBe('NOT_ALLOWED');
    }
    for (const [method, path] of [['GET', '/ical/x'], ['POST', '/ical'], ['PROPFIND', '/api/session'], ['DELETE', '/api/nope']]) {
      const r = await send(server, method!, path!);
      expect({ method, path, status: r.status }).toEqual({ method, path, status: 404 });
      expect(envelope(r).error.code).toBe('NOT_FOUND');
    }
    // No cross-origin use is offered: OPTIONS (a CORS preflight) gets an empty 204 and no CORS headers.
    for (const path of ['/api/session', '/api/nope', '/ical/u/abcdefghijklmnopqrstuvwxyz.ics']) {
      const r = await send(server, 'OPTIONS', path);
      expect({ path, status: r.status, body: r.body, cors: r.headers['access-control-allow-origin'] }).toEqual({ path, status: 204, body: '', cors: undefined });
    }
    // A valid-looking feed nobody has is a 404 envelope too.
    expect(envelope(await send(server, 'GET', '/ical/u/abcdefghijklmnopqrstuvwxyz.ics')).error.code).toBe('NOT_FOUND');
  });

  it('bad bodies are enveloped: broken JSON, too large, unknown charset', async () => {
    const broken = await send(server, 'POST', '/api/auth/sign-in', '{"email":');
    expect([broken.status, envelope(broken).error.code]).toEqual([400, 'INVALID_PAYLOAD']);
    const large = await send(server, 'POST', '/api/auth/sign-in', JSON.stringify({ email: 'x'.repeat(70_000) }));
    expect([large.status, envelope(large).error.code]).toEqual([413, 'INVALID_PAYLOAD']);
    expect(logs.atLeast(40)).toEqual([]);
  });

  it('a request Node cannot parse gets the envelope, not a bare 400', async () => {
    const raw = await sendRaw(server, 'FOO /api/session HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(raw).toMatch(/Content-Type: application\/json/);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual({ error: { code: 'INVALID_PAYLOAD', message: 'malformed HTTP request' } });
  });
});

describe('static paths never show a stack trace', () => {
  const CASES: [string, number][] = [
    ['/assets/..%2f..%2fpackage.json', 404],
    ['/assets/..%2F..%2F..%2Fetc%2Fpasswd', 404],
    ['/assets/%2e%2e/%2e%2e/package.json', 404],
    ['/assets/%FF', 400],
    ['/assets/nope.js', 404],
    ['/c/%FF', 400],
    ['/%C0%AE%C0%AE/package.json', 404],
    ['/../../package.json', 404],
    ['/invite/%ED%A0%80', 400],
  ];

  it.each(CASES)('%s answers a plain %i', async (path, status) => {
    const r = await send(server, 'GET', path);
    expect(r.status).toBe(status);
    expect(r.type).toMatch(/^text\/plain/);
    expect(r.body).toBe(status === 400 ? 'Bad request' : 'Not found');
    expect(logs.atLeast(30)).toEqual([]);
  });
});

describe('Permissions-Policy', () => {
  it('lets only Hearth’s own pages use camera and microphone, and no one the features it does not use', async () => {
    for (const path of ['/', '/c/some-circle', '/api/session', '/ical/u/x.ics', '/healthz', '/nope']) {
      const r = await send(server, 'GET', path);
      expect({ path, policy: r.headers['permissions-policy'] }).toEqual({ path, policy: PERMISSIONS_POLICY });
    }
    const directives = new Map(PERMISSIONS_POLICY.split(', ').map((d) => d.split('=') as [string, string]));
    expect(directives.get('camera')).toBe('(self)');
    expect(directives.get('microphone')).toBe('(self)');
    for (const feature of ['geolocation', 'display-capture', 'payment', 'usb']) expect(directives.get(feature)).toBe('()');
    // Remote audio must still play without a click.
    expect(directives.has('autoplay')).toBe(false);
  });
});

describe('hostile RTP objects are refused before mediasoup', () => {
  it('deeply nested rtpParameters are INVALID_PAYLOAD, and the socket carries on', async () => {
    const socket = await connectClient(server.url);
    try {
      await requestOk(socket, 'joinCircle', { circleId: 'nesting', displayName: 'Nest' });
      const transport = await requestOk(socket, 'createTransport', { direction: 'send' });
      await requestOk(socket, 'connectTransport', { transportId: transport.id, dtlsParameters });
      // As deep as fits in one 64 KB socket.io packet, written raw (the client's encoder would overflow first).
      const deep = '{"a":'.repeat(9000) + '1' + '}'.repeat(9000);
      const codecs = '[{"mimeType":"audio/opus","payloadType":111,"clockRate":48000,"channels":2}]';
      const head = `"transportId":${JSON.stringify(transport.id)},"kind":"audio","source":"mic"`;
      for (const rtp of [`{"codecs":${codecs},"rtcp":${deep}}`, `{"codecs":${codecs},"encodings":[{"ssrc":1,"x":${deep}}]}`]) {
        const [ack] = await rawRequest(socket, 'produce', `{${head},"rtpParameters":${rtp}}`);
        expect(ack).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', message: expect.stringMatching(/nested deeper than 6 levels/) } });
      }
      const [caps] = await rawRequest(socket, 'setRtpCapabilities', `{"rtpCapabilities":{"codecs":[],"x":${deep}}}`);
      expect(caps).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
      const [dtls] = await rawRequest(socket, 'connectTransport', `{"transportId":"t","dtlsParameters":{"fingerprints":[],"x":${deep}}}`);
      expect(dtls).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
      expect(await request(socket, 'leaveCircle', {})).toEqual({ ok: true, data: null });
      expect(logs.atLeast(50)).toEqual([]);
    } finally {
      socket.close();
    }
  });
});
