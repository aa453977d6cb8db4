/*
 * Summarises a V8 CPU profile (`node --cpu-prof`, e.g. a benchmark node's with
 * BENCH_CPU_PROF=DIR): self time by function, by package/file, and the total time under
 * chosen functions (inclusive), so a hot path shows what it costs with everything it calls.
 *
 *   npx tsx bench/lib/profileTop.ts FILE.cpuprofile [--top 30] [--under viewFor,emit]
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame lives: `pkg:<name>` for dependencies, the path below the repository otherwise. */
function where(url: string): string {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return `pkg:${rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  if (url.startsWith('node:')) return url;
  const m = /\/(server|shared)\/dist\/(.*)$/.exec(url);
  return m ? `${m[1]}/${m[2]}` : url;
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '30' }, under: { type: 'string', default: '' } },
  });
  const file = positionals[0];
  if (!file) {
    console.error('usage: npx tsx bench/lib/profileTop.ts FILE.cpuprofile [--top N] [--under fnA,fnB]');
    process.exit(2);
  }
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self].filter(([id]) => ['(idle)', '(program)'].includes(byId.get(id)!.callFrame.functionName)).reduce((a, [, t]) => a + t, 0);

  const fnSelf = new Map<string, number>();
  const fileSelf = new Map<string, number>();
  const under = values.under.split(',').map((s) => s.trim()).filter(Boolean);
  const underTotal = new Map<string, number>(under.map((u) => [u, 0]));
  for (const [id, t] of self) {
    const f = byId.get(id)!.callFrame;
    const name = `${f.functionName || '(anonymous)'} ${where(f.url)}:${f.lineNumber + 1}`;
    fnSelf.set(name, (fnSelf.get(name) ?? 0) + t);
    fileSelf.set(where(f.url), (fileSelf.get(where(f.url)) ?? 0) + t);
    // Inclusive: count the sample once per chosen function found on its stack.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const fn = byId.get(cur)!.callFrame.functionName;
      if (underTotal.has(fn) && !seen.has(fn)) {
        seen.add(fn);
        underTotal.set(fn, underTotal.get(fn)! + t);
      }
    }
  }
  const ms = (us: number): string => `${(us / 1000).toFixed(0).padStart(7)} ms ${((us / (total - idle)) * 100).toFixed(1).padStart(5)}%`;
  const top = Number(values.top);
  console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${((total - idle) / 1e6).toFixed(1)} s busy (percentages of busy)`);
  console.log('\nself time by function:');
  for (const [k, v] of [...fnSelf].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(v)}  ${k}`);
  console.log('\nself time by file / package:');
  for (const [k, v] of [...fileSelf].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(v)}  ${k}`);
  if (under.length) {
    console.log('\ninclusive time under:');
    for (const [k, v] of underTotal) console.log(`${ms(v)}  ${k}`);
  }
}

main();
