import pino from 'pino';
import pretty from 'pino-pretty';

/** The logger type used across the server. */
export type Logger = pino.Logger;

/** How the logger writes; by default decided by whether stdout is a terminal. */
export interface LoggerOutput {
  /** Human-readable coloured lines instead of JSON. Default: stdout is a TTY. */
  pretty?: boolean;
  /** Where lines go. Default: stdout. */
  destination?: NodeJS.WritableStream;
}

/**
 * Creates the process logger: JSON lines when stdout is a pipe or a file (what operators' log
 * shippers read), pino-pretty's readable lines when a person watches a terminal (`npm start`).
 */
export function createLogger(level: string, output: LoggerOutput = {}): Logger {
  const destination = output.destination ?? process.stdout;
  const options = { level, base: { service: 'hearth' } };
  const isTTY = 'isTTY' in destination && destination.isTTY === true;
  if (!(output.pretty ?? isTTY)) return output.destination ? pino(options, destination as pino.DestinationStream) : pino(options);
  // Synchronous, in this thread: the lines of a crash are written before the process exits.
  return pino(options, pretty({ destination, sync: true, colorize: isTTY, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' }));
}
