/** CPU and Redis counters for the floor benchmark (bench/floor.ts). Linux /proc; NaN elsewhere. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import Redis from 'ioredis';

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat; NaN if unreadable. */
export function processCpuMs(pid: number | undefined): number {
  const t = processCpuTimes(pid);
  return t.userMs + t.systemMs;
}

/** User and system (kernel: system calls, socket writes) CPU time of a process so far, ms; NaN if unreadable. */
export function processCpuTimes(pid: number | undefined): { userMs: number; systemMs: number } {
  if (pid === undefined) return { userMs: NaN, systemMs: NaN };
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: split after it.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // rest[0] is field 3 (state); utime and stime are fields 14 and 15.
    return { userMs: (Number(rest[11]) / clockTicks()) * 1000, systemMs: (Number(rest[12]) / clockTicks()) * 1000 };
  } catch {
    return { userMs: NaN, systemMs: NaN };
  }
}

/** Resident memory of a process (MB), from /proc/<pid>/status; NaN if unreadable. */
export function processRssMb(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** The counters of a Redis server this benchmark reads before and after a phase. */
export interface RedisCounters {
  /** used_cpu_user + used_cpu_sys, in ms. */
  cpuMs: number;
  /** total_commands_processed. */
  commands: number;
  /** redis-server's pid (to tell it apart in reports). */
  pid: number;
}

function infoFields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out.set(line.slice(0, i), line.slice(i + 1));
  }
  return out;
}

/** A connection used only to read `INFO` from the benchmark's Redis. */
export class RedisProbe {
  private readonly client: Redis;

  constructor(url: string) {
    this.client = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: false });
    this.client.on('error', () => undefined);
  }

  async counters(): Promise<RedisCounters> {
    const info = infoFields(await this.client.info());
    const num = (k: string): number => Number(info.get(k) ?? NaN);
    return {
      cpuMs: (num('used_cpu_user') + num('used_cpu_sys')) * 1000,
      // The INFO call itself counts as one command; negligible.
      commands: num('total_commands_processed'),
      pid: num('process_id'),
    };
  }

  async version(): Promise<string> {
    const info = infoFields(await this.client.info('server'));
    return info.get('redis_version') ?? '?';
  }

  close(): void {
    this.client.disconnect();
  }
}

/** Cumulative CPU time of the whole machine (all cores), from the `cpu` line of /proc/stat. */
export interface MachineCpu {
  /** Busy time (everything but idle and iowait), ms summed over cores. */
  busyMs: number;
  /** Time stolen by the hypervisor, ms summed over cores. */
  stealMs: number;
  /** All time, ms summed over cores. */
  totalMs: number;
}

/** The machine's CPU counters; NaN fields where /proc/stat is unreadable. */
export function machineCpu(): MachineCpu {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    // cpu user nice system idle iowait irq softirq steal (guest time is already in user)
    const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const toMs = (ticks: number): number => (ticks / clockTicks()) * 1000;
    const total = f.reduce((a, b) => a + b, 0);
    const idle = f[3]! + f[4]!;
    return { busyMs: toMs(total - idle), stealMs: toMs(f[7]!), totalMs: toMs(total) };
  } catch {
    return { busyMs: NaN, stealMs: NaN, totalMs: NaN };
  }
}
