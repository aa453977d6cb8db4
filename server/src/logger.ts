import pino from 'pino';

/** The logger type used across the server. */
export type Logger = pino.Logger;

/** Creates the process logger (JSON lines on stdout, as operators' log shippers expect). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'hearth' } });
}
