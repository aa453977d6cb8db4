/**
 * A strict reader of the Prometheus text exposition format (0.0.4), for tests: it throws on
 * anything a Prometheus server could reject or misread, so "it parses" means something.
 * Checked: every sample belongs to a family declared by `# TYPE` (once, before its samples)
 * and described by `# HELP`; a family's lines are contiguous; names, labels, escapes and
 * values follow the grammar; no series appears twice; histograms have cumulative buckets
 * ending in `le="+Inf"` equal to `_count`, and a `_sum`.
 */

/** One sample line. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A metric family: its type, help text and samples. */
export interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/** Prometheus reads values with Go's ParseFloat, which takes Inf and NaN in any case (prom-client writes "Nan"). */
function parseValue(raw: string, where: string): number {
  if (/^\+?inf(inity)?$/i.test(raw)) return Infinity;
  if (/^-inf(inity)?$/i.test(raw)) return -Infinity;
  if (/^nan$/i.test(raw)) return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) throw new Error(`${where}: bad value ${JSON.stringify(raw)}`);
  return Number(raw);
}

/** Reads `{a="x",b="y"}` starting at `line[start] === '{'`; returns the labels and the index after `}`. */
function parseLabels(line: string, start: number, where: string): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let i = start + 1;
  while (line[i] !== '}') {
    const eq = line.indexOf('=', i);
    if (eq < 0) throw new Error(`${where}: unterminated labels`);
    const name = line.slice(i, eq);
    if (!LABEL_NAME.test(name)) throw new Error(`${where}: bad label name ${JSON.stringify(name)}`);
    if (name in labels) throw new Error(`${where}: label ${name} twice`);
    if (line[eq + 1] !== '"') throw new Error(`${where}: label ${name} is not quoted`);
    let value = '';
    let j = eq + 2;
    for (; j < line.length && line[j] !== '"'; j++) {
      if (line[j] !== '\\') {
        value += line[j];
        continue;
      }
      const escaped = line[++j];
      if (escaped === 'n') value += '\n';
      else if (escaped === '\\' || escaped === '"') value += escaped;
      else throw new Error(`${where}: bad escape \\${escaped ?? ''}`);
    }
    if (line[j] !== '"') throw new Error(`${where}: unterminated label value`);
    labels[name] = value;
    i = j + 1;
    if (line[i] === ',') i++;
    else if (line[i] !== '}') throw new Error(`${where}: expected , or } after label ${name}`);
  }
  return { labels, end: i + 1 };
}

function parseSample(line: string, where: string): Sample {
  const nameEnd = line.search(/[{ ]/);
  if (nameEnd <= 0) throw new Error(`${where}: not a sample: ${JSON.stringify(line)}`);
  const name = line.slice(0, nameEnd);
  if (!METRIC_NAME.test(name)) throw new Error(`${where}: bad metric name ${JSON.stringify(name)}`);
  let rest = nameEnd;
  let labels: Record<string, string> = {};
  if (line[nameEnd] === '{') ({ labels, end: rest } = parseLabels(line, nameEnd, where));
  if (line[rest] !== ' ') throw new Error(`${where}: expected one space before the value`);
  const parts = line.slice(rest + 1).split(' ');
  if (parts.length > 2 || (parts.length === 2 && !/^-?\d+$/.test(parts[1]!))) throw new Error(`${where}: bad value/timestamp ${JSON.stringify(line.slice(rest + 1))}`);
  return { name, labels, value: parseValue(parts[0]!, where) };
}

/** The sample names a family of `type` may have. */
function ownsSample(family: Family, sampleName: string): boolean {
  if (family.type === 'histogram') return [`${family.name}_bucket`, `${family.name}_sum`, `${family.name}_count`].includes(sampleName);
  if (family.type === 'summary') return [family.name, `${family.name}_sum`, `${family.name}_count`].includes(sampleName);
  return sampleName === family.name;
}

const seriesKey = (s: Sample) => `${s.name}{${Object.entries(s.labels).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;

function checkHistogram(family: Family): void {
  const groups = new Map<string, Sample[]>();
  for (const s of family.samples) {
    const { le: _le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  for (const [key, samples] of groups) {
    const where = `histogram ${family.name} ${key}`;
    const buckets = samples.filter((s) => s.name.endsWith('_bucket'));
    const count = samples.find((s) => s.name === `${family.name}_count`);
    const sum = samples.find((s) => s.name === `${family.name}_sum`);
    if (!count || !sum) throw new Error(`${where}: no _count or _sum`);
    if (buckets.some((b) => b.labels.le === undefined)) throw new Error(`${where}: a bucket without le`);
    const bounds = buckets.map((b) => parseValue(b.labels.le!, where));
    for (let i = 1; i < buckets.length; i++) {
      if (!(bounds[i]! > bounds[i - 1]!)) throw new Error(`${where}: le not increasing`);
      if (buckets[i]!.value < buckets[i - 1]!.value) throw new Error(`${where}: buckets not cumulative`);
    }
    if (bounds.at(-1) !== Infinity) throw new Error(`${where}: no le="+Inf" bucket`);
    if (buckets.at(-1)!.value !== count.value) throw new Error(`${where}: +Inf bucket ${buckets.at(-1)!.value} != _count ${count.value}`);
  }
}

/** Parses a whole exposition; throws with the line number on the first problem. */
export function parsePrometheusText(text: string): Map<string, Family> {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const families = new Map<string, Family>();
  const helps = new Map<string, string>();
  const series = new Set<string>();
  let current: Family | undefined;
  const lines = text.slice(0, -1).split('\n');
  lines.forEach((line, index) => {
    const where = `line ${index + 1}`;
    if (line === '') return;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, string, string, string];
      if (!METRIC_NAME.test(name)) throw new Error(`${where}: bad metric name ${name}`);
      if (kind === 'HELP') {
        if (helps.has(name)) throw new Error(`${where}: second HELP for ${name}`);
        if (/\\(?![\\n])/.test(rest)) throw new Error(`${where}: bad escape in HELP`);
        helps.set(name, rest.replace(/\\n/g, '\n').replace(/\\\\/g, '\\'));
        return;
      }
      if (!TYPES.has(rest)) throw new Error(`${where}: bad type ${rest}`);
      if (families.has(name)) throw new Error(`${where}: second TYPE for ${name}`);
      current = { name, type: rest as Family['type'], help: '', samples: [] };
      families.set(name, current);
      return;
    }
    if (line.startsWith('#')) return; // a comment
    const sample = parseSample(line, where);
    if (!current || !ownsSample(current, sample.name)) throw new Error(`${where}: ${sample.name} is not in the family declared last (${current?.name ?? 'none'})`);
    const key = seriesKey(sample);
    if (series.has(key)) throw new Error(`${where}: ${key} twice`);
    series.add(key);
    current.samples.push(sample);
  });
  for (const family of families.values()) {
    const help = helps.get(family.name);
    if (help === undefined || help.trim() === '') throw new Error(`${family.name} has no HELP`);
    family.help = help;
    if (family.type === 'histogram') checkHistogram(family);
    if (family.type === 'counter' && family.samples.some((s) => s.value < 0)) throw new Error(`${family.name}: a negative counter`);
  }
  for (const name of helps.keys()) if (!families.has(name)) throw new Error(`HELP for ${name} without a TYPE`);
  return families;
}

/** The value of one series (labels matched exactly), or undefined when it is absent. */
export function valueOf(families: Map<string, Family>, family: string, sampleName: string, labels: Record<string, string> = {}): number | undefined {
  const want = JSON.stringify(Object.entries(labels).sort());
  return families.get(family)?.samples.find((s) => s.name === sampleName && JSON.stringify(Object.entries(s.labels).sort()) === want)?.value;
}
