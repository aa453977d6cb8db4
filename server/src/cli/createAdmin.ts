/**
 * Creates a site admin against the configured store (REDIS_URL, else the embedded store
 * in DATA_DIR), on first run or whenever another admin is needed:
 *
 *   npm run admin:create -- --email ada@example.org --name "Ada"
 *
 * The password comes from HEARTH_ADMIN_PASSWORD, or is asked for (twice, not echoed)
 * when stdin is a terminal. Exit codes: 0 created, 1 refused or failed, 2 bad usage.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { accountNameSchema, emailSchema, newPasswordSchema } from '@hearth/shared';
import { Users } from '../accounts/users';
import { loadConfig, type Config } from '../config';
import { DomainError } from '../errors';
import { createStore } from '../store';

const USAGE = 'usage: npm run admin:create -- --email <email> --name <name>   (password: $HEARTH_ADMIN_PASSWORD or prompt)';

class UsageError extends Error {}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const { stdin, stdout } = process;
  return new Promise((resolve, reject) => {
    let value = '';
    // Raw mode (no echo) before the prompt appears, so nothing typed is ever echoed.
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    stdout.write(question);
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      stdout.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new UsageError('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPassword(): Promise<string> {
  const fromEnv = process.env.HEARTH_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) throw new UsageError('set HEARTH_ADMIN_PASSWORD, or run this in a terminal to be asked for the password');
  const first = await promptHidden('Password: ');
  const second = await promptHidden('Password again: ');
  if (first !== second) throw new UsageError('the passwords differ');
  return first;
}

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new UsageError(`${what}: ${result.error.issues.map((i) => i.message).join('; ')}`);
  return result.data;
}

/**
 * The embedded store lives in one process's memory and is written back to disk by that
 * process, so a running Hearth would overwrite what this command writes.
 */
async function refuseIfEmbeddedServerRuns(config: Config): Promise<void> {
  if (config.redisUrl || config.redisSentinel) return;
  const health = await fetch(`http://127.0.0.1:${config.port}/healthz`, { signal: AbortSignal.timeout(1000) })
    .then((r) => r.json() as Promise<{ store?: { kind?: string } }>)
    .catch(() => null);
  if (health?.store?.kind === 'embedded') {
    throw new Error(`Hearth is running on port ${config.port} with the embedded store; stop it first (it would overwrite this change)`);
  }
}

/** Runs the command with `argv` (without node and script). */
export async function main(argv: string[]): Promise<number> {
  try {
    const { values } = parseArgs({ args: argv, options: { email: { type: 'string' }, name: { type: 'string' } }, strict: true });
    if (!values.email || !values.name) throw new UsageError('--email and --name are required');
    const email = parse(emailSchema, values.email, '--email');
    const name = parse(accountNameSchema, values.name, '--name');
    const password = parse(newPasswordSchema, await readPassword(), 'password');

    const config = loadConfig();
    await refuseIfEmbeddedServerRuns(config);
    const store = await createStore({ redisUrl: config.redisUrl, redisSentinel: config.redisSentinel, dataDir: config.dataDir });
    try {
      const user = await new Users(store, Date.now).create({ email, name, password, isAdmin: true });
      console.log(`Created admin ${user.email} (id ${user.id}) in the ${store.kind} store. Sign in at /.`);
    } finally {
      await store.close(); // flushes the embedded store to disk
    }
    return 0;
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      console.error(`${err.message}\n${USAGE}`);
      return 2;
    }
    if (err instanceof DomainError && err.code === 'CONFLICT') {
      console.error(`${err.message}: nothing changed`);
      return 1;
    }
    console.error(err instanceof Error ? err.message : err);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
