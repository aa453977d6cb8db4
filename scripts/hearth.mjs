#!/usr/bin/env node
/**
 * Hearth's one entry point for people and CI: `npm start`, `npm test`, `npm run dev`,
 * `npm run setup`. It does every set-up step a fresh clone needs, and skips each step
 * that is already done, so the README's two commands are all a new machine needs:
 *
 *   setup  npm ci (when node_modules is missing or stale) → mediasoup worker (prebuilt
 *          download, or a local build where GitHub is out of reach) → build shared,
 *          server and client (when their sources changed)
 *   start  setup, then serve on $PORT (default 3000)
 *   test   setup, then the test tools (redis-server, Chromium, coturn, Caddy), then jest [args…]
 *   dev    setup, then the server in watch mode and Vite's dev server
 *   admin:create  setup, then create the first admin account (see README)
 *
 * Only Node built-ins: it runs before node_modules exists.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { aptInstall, canUseApt } from './lib/apt.mjs';
import { githubReachable } from './lib/net.mjs';
import { which } from './lib/process.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (msg) => console.log(`[hearth] ${msg}`);
const die = (msg) => {
  console.error(`[hearth] ERROR: ${msg}`);
  process.exit(1);
};

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });
  if (r.error) die(`could not run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) die(`\`${[cmd, ...args].join(' ')}\` failed (exit ${r.status ?? r.signal})`);
}

function newestMtime(target) {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(target)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

async function installDependencies() {
  const lock = path.join(ROOT, 'package-lock.json');
  const installed = path.join(ROOT, 'node_modules', '.package-lock.json');
  if (fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  const env = { ...process.env };
  // mediasoup's postinstall downloads a prebuilt worker from GitHub and otherwise runs a
  // build that needs the internet; where GitHub is out of reach it would fail the whole
  // install, so skip it there and build the worker ourselves (next step).
  if (!env.MEDIASOUP_WORKER_BIN && !(await githubReachable(4000))) {
    say('GitHub is not reachable: the mediasoup worker will be built locally after npm ci');
    env.MEDIASOUP_WORKER_BIN = '/nonexistent/skip-mediasoup-postinstall';
  }
  say('installing dependencies (npm ci)…');
  const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit', env });
  if (ci.status === 0) return;
  // A registry mirror that serves only this platform's optional binaries (@swc/core-*,
  // rolldown bindings…) leaves them out of the lock file, and `npm ci` then refuses it.
  // `npm install --no-save` still installs the locked versions and changes no file.
  say('npm ci refused the lock file; installing the locked versions with npm install --no-save…');
  run('npm', ['install', '--no-save', '--no-audit', '--no-fund'], { env });
}

function ensureWorker() {
  run(process.execPath, [path.join(ROOT, 'scripts', 'ensure-mediasoup-worker.mjs')]);
}

function buildIfStale(name, sources, output, args) {
  const outTime = newestMtime(output);
  const srcTime = Math.max(...sources.map((s) => newestMtime(path.join(ROOT, s))));
  if (outTime > 0 && outTime >= srcTime) return;
  say(`building ${name}…`);
  run('npm', args);
  // Touch the output so the next run sees it as fresh even if the tool kept old files.
  const now = new Date();
  fs.utimesSync(output, now, now);
}

async function setup({ client = true } = {}) {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) die(`Node ${process.versions.node} is too old: Hearth needs Node 20.19 or newer`);
  await installDependencies();
  ensureWorker();
  buildIfStale('shared', ['shared/src', 'shared/tsconfig.json'], path.join(ROOT, 'shared/dist/index.js'), ['run', 'build', '-w', 'shared']);
  buildIfStale('server', ['server/src', 'shared/src', 'server/tsconfig.json'], path.join(ROOT, 'server/dist/main.js'), ['run', 'build', '-w', 'server']);
  if (client) {
    buildIfStale('client', ['client/src', 'client/index.html', 'client/vite.config.ts', 'shared/src'], path.join(ROOT, 'client/dist/index.html'), ['run', 'build', '-w', 'client']);
  }
}

/** Installs a test tool's Debian package as root (scripts/lib/apt.mjs), or says how to. */
async function installTool(packages, why) {
  if (!canUseApt()) die(`${why} is missing: install it with \`sudo apt-get install ${packages.join(' ')}\` and run again`);
  say(`installing ${packages.join(', ')} (${why})…`);
  await aptInstall(packages, { log: say, quiet: true }).catch((err) => die(err.message));
}

async function ensureTestTools() {
  if (!process.env.REDIS_URL && !which('redis-server')) await installTool(['redis-server'], 'redis-server (integration tests)');
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(chromium)) await installTool(['chromium'], 'Chromium (end-to-end tests)');
  const turnserver = process.env.TURNSERVER_PATH ?? '/usr/bin/turnserver';
  if (!fs.existsSync(turnserver)) await installTool(['coturn'], 'coturn (TURN relay end-to-end test)');
  const caddy = process.env.CADDY_PATH ?? '/usr/bin/caddy';
  if (!fs.existsSync(caddy)) await installTool(['caddy'], 'Caddy (Caddyfile check and HTTPS end-to-end test)');
}

/**
 * The V8 flags a node runs with (server/node-flags.json; the Dockerfile's CMD carries the
 * same), except those the operator set in NODE_OPTIONS: a larger young generation, so the
 * garbage collector keeps up with a node's fan-out (figures in bench/README.md).
 */
function nodeFlags() {
  const flags = JSON.parse(fs.readFileSync(path.join(ROOT, 'server/node-flags.json'), 'utf8'));
  const given = process.env.NODE_OPTIONS ?? '';
  return flags.filter((flag) => !given.includes(flag.split('=')[0]));
}

function exec(cmd, args, env = process.env) {
  const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const [command = 'start', ...rest] = process.argv.slice(2);
switch (command) {
  case 'setup':
    await setup();
    say('set-up complete');
    break;
  case 'start':
    await setup();
    exec(process.execPath, [...nodeFlags(), path.join(ROOT, 'server/dist/main.js')]);
    break;
  case 'test':
    await setup();
    await ensureTestTools();
    say('running the test suite…');
    exec(process.execPath, [path.join(ROOT, 'node_modules/jest/bin/jest.js'), ...rest]);
    break;
  case 'admin:create':
    await setup({ client: false });
    exec(process.execPath, [path.join(ROOT, 'server/dist/cli/createAdmin.js'), ...rest]);
    break;
  case 'dev':
    await setup({ client: false });
    // Pages come from Vite's dev server (its proxy keeps their Origin): let them open sockets.
    exec('npx', ['concurrently', '-k', '-n', 'server,client', 'tsx watch --conditions=@hearth/source server/src/main.ts', 'npm run dev -w client'], {
      ...process.env,
      ALLOWED_ORIGINS: process.env.ALLOWED_ORIGINS ?? 'http://localhost:5173',
    });
    break;
  default:
    die(`unknown command ${command}: use setup, start, test, dev or admin:create`);
}
