/*
 * Data-lifecycle benchmark: how long a person's data export, their erasure and the
 * start-up attendance-retention pass take as the store grows. Export, erasure and the
 * pass visit every cohort and every session (attendance outlives leaving a cohort), so
 * their cost grows with the whole store, not with the person. Prints figures only.
 *
 *   npx tsx bench/privacy.ts --cohorts 100 --sessions 12 --members 12
 *   npx tsx bench/privacy.ts --store embedded
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createRecords, type Records } from '../server/src/records';
import { eraseAccount } from '../server/src/privacy/erasure';
import { exportPersonalData } from '../server/src/privacy/personalExport';
import { enforceAttendanceRetention } from '../server/src/privacy/retention';
import { createEmbeddedStore } from '../server/src/store/embeddedStore';
import { createRedisStore } from '../server/src/store/redisStore';
import type { Store } from '../server/src/store/types';
import { startRedis, type TestRedis } from '../tests/helpers/redis';
import { ms, table } from './lib/summary';

const USAGE = `Usage: npx tsx bench/privacy.ts [options]
  --store redis|embedded   which store (default redis: a throwaway redis-server)
  --cohorts N              cohorts in the store (default 100)
  --sessions S             sessions per cohort, each with attendance (default 12)
  --members M              members per cohort besides the people below (default 12)
  --people P               accounts exported then erased, one after another (default 5)`;

function options() {
  const { values } = parseArgs({
    options: {
      store: { type: 'string', default: 'redis' },
      cohorts: { type: 'string', default: '100' },
      sessions: { type: 'string', default: '12' },
      members: { type: 'string', default: '12' },
      people: { type: 'string', default: '5' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (name: 'cohorts' | 'sessions' | 'members' | 'people', min: number, max: number): number => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min || n > max) {
      console.error(`--${name} must be an integer from ${min} to ${max}\n\n${USAGE}`);
      process.exit(2);
    }
    return n;
  };
  if (values.store !== 'redis' && values.store !== 'embedded') {
    console.error(`--store must be redis or embedded\n\n${USAGE}`);
    process.exit(2);
  }
  return {
    store: values.store,
    cohorts: int('cohorts', 1, 2000),
    sessions: int('sessions', 1, 52),
    members: int('members', 1, 50),
    people: int('people', 1, 50),
  };
}

const monthly = (count: number) => ({
  timeZone: 'Europe/London',
  startDate: '2030-02-01',
  time: '19:00',
  durationMinutes: 90,
  rule: { freq: 'monthly' as const, byWeekday: 'TU' as const, bySetPos: 2 as const },
  count,
});

/**
 * Fills the store: cohorts whose members (bare ids: accounts cost an argon2 hash each, and
 * the figures do not depend on them) attend every session, plus `people` real accounts,
 * each a member of three cohorts with attendance there. Returns those accounts' ids.
 */
async function seed(api: Records, o: ReturnType<typeof options>): Promise<string[]> {
  const admin = await api.users.create({ email: `admin-${Date.now()}@bench.test`, name: 'Admin', password: 'bench password 123', isAdmin: true });
  const people = await Promise.all(
    Array.from({ length: o.people }, (_, i) => api.users.create({ email: `person-${i}-${Date.now()}@bench.test`, name: `Person ${i}`, password: 'bench password 123' })),
  );
  for (let c = 0; c < o.cohorts; c++) {
    const cohort = await api.cohorts.create(
      { name: `Cohort ${c}`, timeZone: 'Europe/London', description: '', stage: '', capacity: 50, crisisResources: '', lobbyEnabled: true, openBeforeMinutes: 10, graceMinutes: 15, agreement: 'Be kind.' },
      admin.id,
    );
    const { sessions } = await api.sessions.regenerate(cohort.id, monthly(o.sessions), undefined);
    const ids = Array.from({ length: o.members }, (_, m) => `filler-${c}-${m}`);
    // Person i is in cohorts i, i+1 and i+2.
    ids.push(...people.filter((_, i) => c >= i && c < i + 3).map((u) => u.id));
    for (const [m, userId] of ids.entries()) {
      await api.members.add(cohort.id, { userId, role: 'member', displayName: `M${m}`, joinedAt: new Date().toISOString(), acceptedAgreementVersion: 1, acceptedAgreementAt: null }, 100);
      await Promise.all(sessions.map((s) => api.attendance.record(s.id, userId, `M${m}`, api.clock())));
    }
  }
  return people.map((u) => u.id);
}

async function main(): Promise<void> {
  const o = options();
  let redis: TestRedis | undefined;
  let store: Store;
  let dir: string | undefined;
  if (o.store === 'redis') {
    redis = await startRedis({ dedicated: true });
    store = createRedisStore(redis.url);
  } else {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-privacy-'));
    store = await createEmbeddedStore({ dataDir: dir });
  }
  try {
    const api = createRecords({ store, clock: Date.now, config: { publicUrl: 'http://bench' } });
    const seeded = performance.now();
    const people = await seed(api, o);
    console.log(
      `store: ${o.store}; ${o.cohorts} cohorts × ${o.sessions} sessions × ${o.members} members ` +
        `(${o.cohorts * o.sessions * o.members} attendance entries), seeded in ${ms(performance.now() - seeded)} ms`,
    );
    const rows: string[][] = [];
    for (const [i, id] of people.entries()) {
      const user = (await api.users.get(id))!;
      let t = performance.now();
      const data = await exportPersonalData(api, user);
      const exportMs = performance.now() - t;
      t = performance.now();
      const summary = await eraseAccount(api, id);
      rows.push([String(i + 1), ms(exportMs), String(data.attendance.length), ms(performance.now() - t), String(summary.attendanceAnonymised)]);
    }
    console.log(table(['person', 'export ms', 'attendance rows', 'erasure ms', 'anonymised'], rows));
    const t = performance.now();
    const sweep = await enforceAttendanceRetention(api);
    console.log(`start-up retention pass: ${sweep.sessions} sessions (${sweep.kept} kept, ${sweep.deleted} deleted) in ${ms(performance.now() - t)} ms`);
  } finally {
    await store.close();
    await redis?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
