import { PassThrough } from 'node:stream';
import { createLogger } from './logger';

/** Collects what a logger writes to `stream`, after pino has flushed it. */
function lines(stream: PassThrough): string[] {
  const text = (stream.read() as Buffer | null)?.toString('utf8') ?? '';
  return text.split('\n').filter(Boolean);
}

describe('createLogger', () => {
  it('writes one JSON object per line when the destination is not a terminal', () => {
    const out = new PassThrough();
    const logger = createLogger('info', { destination: out });
    logger.info({ circleId: 'c1' }, 'circle opened');
    logger.debug('below the level');
    const [line, ...rest] = lines(out);
    expect(rest).toEqual([]);
    expect(JSON.parse(line!)).toMatchObject({ level: 30, service: 'hearth', circleId: 'c1', msg: 'circle opened' });
  });

  it('writes readable lines, not JSON, when asked for pretty output', () => {
    const out = new PassThrough();
    const logger = createLogger('info', { destination: out, pretty: true });
    logger.warn({ circleId: 'c1' }, 'worker slow');
    const [line, ...rest] = lines(out);
    expect(() => JSON.parse(line!)).toThrow();
    expect(line).toMatch(/WARN.*worker slow/);
    expect(rest.join('\n')).toContain('circleId: "c1"');
  });

  it('chooses pretty output when the destination is a terminal', () => {
    const out = Object.assign(new PassThrough(), { isTTY: true });
    createLogger('info', { destination: out }).info('listening');
    const text = lines(out).join('\n');
    expect(text).toContain('listening');
    expect(text).not.toContain('"msg"');
  });
});
