/*
 * What the floor benchmark prints (bench/floor.ts).
 */
import { countsLine, NODE_LETTERS } from './cluster';
import type { Options, TopologyName } from './floorOptions';
import type { LatencyResult, NodeCount, SaturationResult } from './floorPhases';
import { msCell, num, percentileCells, percentiles } from './floorStats';
import { usageLine, type Usage } from './floorUsage';
import { table } from './summary';

export interface TopologyResult {
  /** The topology, and the young generation's size when compared (`redis@16MB`). */
  name: TopologyName | `${TopologyName}@${number}MB`;
  latency?: LatencyResult;
  saturation?: SaturationResult;
  error?: string;
}

// ---- output -----------------------------------------------------------------------------

/** Node CPU ms per command: each node's CPU over the commands its circles applied, and in all. */
export function cpuPerCommandLine(u: Usage, applied: number[]): string {
  const ms = u.nodeCpu.map((pct) => (pct / 100) * u.seconds * 1000);
  const cell = (cpu: number, n: number): string => (n > 0 && Number.isFinite(cpu) ? `${(cpu / n).toFixed(2)} ms` : '-');
  const total = cell(ms.reduce((a, b) => a + b, 0), applied.reduce((a, b) => a + b, 0));
  const parts = ms.length > 1 ? ` (${ms.map((c, i) => `node ${NODE_LETTERS[i]} ${cell(c, applied[i]!)}`).join(', ')})` : '';
  return `node CPU per applied command (fan-out included): ${total}${parts}`;
}

export function printLatency(r: LatencyResult, nodeCount: number, opt: Options): void {
  const perSec = (opt.circles * 1000) / opt.intervalMs;
  console.log(
    `\nfloor-change latency: ${opt.circles} facilitators each send giveFloor every ${opt.intervalMs} ms (${num(perSec)} changes/s in all) for ${opt.seconds} s; ms from send`,
  );
  const rows = [
    ['ack to the facilitator', ...percentileCells(r.ack)],
    ['first client has the view', ...percentileCells(r.first)],
    [`EVERY client (${opt.people}) has it`, ...percentileCells(r.all)],
  ];
  if (nodeCount > 1) {
    r.allByNode.forEach((xs, i) => {
      rows.push([`  circles homed on node ${NODE_LETTERS[i]}`, ...percentileCells(xs)]);
    });
  }
  console.log(table(['', 'count', 'p50', 'p95', 'p99', 'max'], rows));
  const notes = [];
  if (r.missing) notes.push(`${r.missing} (change, client) pairs never saw the change`);
  if (r.mismatched) notes.push(`${r.mismatched} views with the change's version showed another holder`);
  if (r.skipped) notes.push(`${r.skipped} times a client's first view at or past the change was a later version`);
  if (r.refused.size) notes.push(`not accepted (errors by code): ${countsLine(r.refused)}`);
  if (!r.drained) notes.push('clients had not all caught up 10 s after the last ack');
  console.log(notes.length ? `notes: ${notes.join('; ')}` : 'every client saw every change, with the right holder');
  const views = r.usage.viewsByNode.reduce((a, b) => a + b, 0);
  const events = r.usage.eventsByNode.reduce((a, b) => a + b, 0);
  console.log(
    `clients received ${num(views / r.usage.seconds)} circleState views/s (~${r.viewBytes.member} bytes of JSON each, ~${r.viewBytes.facilitator} for a facilitator) and ${num(events / r.usage.seconds)} circleEvents/s`,
  );
  console.log(usageLine(r.usage, nodeCount));
  console.log(cpuPerCommandLine(r.usage, r.allByNode.map((xs) => xs.length)));
  if (Number.isFinite(r.usage.redisCommands) && r.sent) {
    console.log(`redis commands per floor change: ${num(r.usage.redisCommands / (r.usage.seconds * perSec), 1)}`);
  }
  console.log(r.lag);
}

export function printSaturation(r: SaturationResult, nodeCount: number, opt: Options): void {
  const secs = r.usage.seconds;
  console.log(
    `\nsaturation: ${r.senders} senders (${opt.senders} per circle${opt.senders > 1 ? ', promoted to co-facilitators' : ''}) send giveFloor back-to-back (next on the ack) for ${opt.saturationSeconds} s`,
  );
  const row = (label: string, cs: NodeCount[], views: number, events: number, cpu: number): string[] => {
    const sum = (f: (c: NodeCount) => number): number => cs.reduce((a, c) => a + f(c), 0);
    const ack = percentiles(cs.flatMap((c) => c.ackMs));
    return [
      label,
      num(sum((c) => c.accepted) / secs),
      num(sum((c) => c.refused) / secs),
      num(sum((c) => c.rateLimited) / secs),
      String(sum((c) => c.errors)),
      msCell(ack.p50),
      msCell(ack.p99),
      num(views / secs),
      num(events / secs),
      Number.isFinite(cpu) ? `${num(cpu)}%` : '-',
    ];
  };
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  const u = r.usage;
  const rows = r.byNode.map((c, i) => row(`node ${NODE_LETTERS[i]}`, [c], u.viewsByNode[i]!, u.eventsByNode[i]!, u.nodeCpu[i]!));
  if (nodeCount > 1) rows.push(row('total', r.byNode, sum(u.viewsByNode), sum(u.eventsByNode), sum(u.nodeCpu)));
  console.log(
    table(['received by', 'accepted/s', 'refused/s', 'rate-limited/s', 'errors', 'ack p50', 'ack p99', 'views/s', 'events/s', 'node CPU'], rows),
  );
  console.log(
    '(refused = NOT_ALLOWED: the target already held the floor; views/events = circleState/circleEvent received by the clients on that node)',
  );
  const accepted = r.byNode.reduce((a, c) => a + c.accepted, 0);
  const byCode = new Map(r.errorCodes);
  const refused = r.byNode.reduce((a, c) => a + c.refused, 0);
  const limited = r.byNode.reduce((a, c) => a + c.rateLimited, 0);
  if (refused) byCode.set('NOT_ALLOWED', refused);
  if (limited) byCode.set('RATE_LIMITED', limited);
  console.log(`not accepted, by code: ${countsLine(byCode)}`);
  console.log(usageLine(r.usage, nodeCount));
  console.log(cpuPerCommandLine(r.usage, r.byNode.map((c) => c.accepted + c.refused)));
  if (Number.isFinite(r.usage.redisCommands) && accepted) {
    const attempted = r.byNode.reduce((a, c) => a + c.accepted + c.refused, 0);
    console.log(`redis commands per accepted-or-refused command: ${num(r.usage.redisCommands / attempted, 1)}`);
  }
  console.log(`${r.lag}`);
  console.log(`all clients caught up ${num(r.drainMs)} ms after the last ack${r.drained ? '' : ' (NOT within 30 s)'}`);
}

export function printSummary(results: TopologyResult[], opt: Options): void {
  console.log(`\n=== summary: ${opt.circles} circles x ${opt.people} people ===`);
  const rows = results.map((r) => {
    if (r.error) return [r.name, 'failed', '', '', '', '', '', '', '', '', ''];
    const lat = r.latency!;
    const all = percentiles(lat.all);
    const ack = percentiles(lat.ack);
    const sat = r.saturation;
    const secs = sat?.usage.seconds ?? NaN;
    const perNode = sat ? sat.byNode.map((c) => num(c.accepted / secs)).join(' + ') : '-';
    const total = sat ? num(sat.byNode.reduce((a, c) => a + c.accepted, 0) / secs) : '-';
    const satAck = percentiles(sat?.byNode.flatMap((c) => c.ackMs) ?? []);
    const cpuMs = (u: Usage): number => u.nodeCpu.reduce((a, b) => a + b, 0) * u.seconds * 10;
    const cpuLat = cpuMs(lat.usage) / lat.all.length;
    const cpuSat = sat ? cpuMs(sat.usage) / sat.byNode.reduce((a, c) => a + c.accepted + c.refused, 0) : NaN;
    const errors = sat ? sat.byNode.reduce((a, c) => a + c.errors + c.rateLimited, 0) : 0;
    const errs = [...lat.refused.values()].reduce((a, b) => a + b, 0) + errors;
    return [
      r.name, String(all.count), `${msCell(ack.p50)} / ${msCell(ack.p99)}`, `${msCell(all.p50)} / ${msCell(all.p99)}`, num(cpuLat, 2),
      perNode, total, `${msCell(satAck.p50)} / ${msCell(satAck.p99)}`, num(cpuSat, 2), String(errs),
    ];
  });
  console.log(
    table(
      ['topology', 'changes', 'ack p50 / p99', 'every client p50 / p99', 'CPU ms/cmd', 'saturation cmds/s per node', 'total', 'sat. ack p50 / p99', 'sat. CPU ms/cmd', 'errors'],
      rows,
    ),
  );
  console.log('(latency phase: ack and floor change to every client, node CPU per change; saturation: accepted/s per node, ack, node CPU per command; errors: anything but NOT_ALLOWED, both phases)');
}
