import pino from 'pino';
import type { Logger } from '../../server/src/logger';

/** One log line as pino wrote it. */
export interface LogLine {
  level: number;
  msg?: string;
  err?: { type?: string; message?: string };
  [key: string]: unknown;
}

/** A logger that keeps every line it writes, to assert on what a node logged. */
export interface CapturedLogs {
  logger: Logger;
  lines: LogLine[];
  /** Lines at `level` or above (pino numbers: 20 debug, 30 info, 40 warn, 50 error). */
  atLeast(level: number): LogLine[];
}

/** Captures a node's logs from `level` up (`startTestServer(env, overrides, { logger })`). */
export function captureLogs(level: pino.LevelWithSilent = 'debug'): CapturedLogs {
  const lines: LogLine[] = [];
  const logger = pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines, atLeast: (min) => lines.filter((l) => l.level >= min) };
}
