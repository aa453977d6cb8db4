import fs from 'node:fs';
import path from 'node:path';
import { mountedRoutes, type MountedRoute } from '../helpers/routes';
import { startTestServer, type TestServer } from '../helpers/server';

jest.setTimeout(60_000);

const TABLE = path.join(__dirname, '../../server/src/http/ROUTES.md');
const key = (r: MountedRoute) => `${r.method} ${r.path}`;

/** The `| METHOD | /path | …` rows of every table in ROUTES.md. */
function tableRoutes(markdown: string): MountedRoute[] {
  return markdown
    .split('\n')
    .map((line) => /^\|\s*(GET|POST|PUT|PATCH|DELETE|ALL)\s*\|\s*(\/\S*)\s*\|/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ method: m[1]!, path: m[2]! }));
}

describe('the table of HTTP routes (server/src/http/ROUTES.md)', () => {
  let node: TestServer;
  beforeAll(async () => {
    node = await startTestServer();
  });
  afterAll(() => node.close());

  it('lists each route once', () => {
    const rows = tableRoutes(fs.readFileSync(TABLE, 'utf8')).map(key);
    expect(rows.filter((row, i) => rows.indexOf(row) !== i)).toEqual([]);
  });

  it('lists exactly the routes a node mounts', () => {
    const mounted = mountedRoutes(node.hearth.app);
    const listed = new Set(tableRoutes(fs.readFileSync(TABLE, 'utf8')).map(key));
    const mountedKeys = new Set(mounted.map(key));
    // Rows ready to paste into the table, so the failure says what to write.
    const missing = mounted.filter((r) => !listed.has(key(r))).map((r) => `| ${r.method} | ${r.path} | ? | ? | ? |`);
    const stale = [...listed].filter((k) => !mountedKeys.has(k));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
    // The walk itself must see the app's routes, or an empty table would pass.
    expect(mounted.length).toBeGreaterThan(40);
    expect(mountedKeys).toContain('POST /api/auth/sign-in');
    expect(mountedKeys).toContain('GET /ical/u/:file');
  });
});
