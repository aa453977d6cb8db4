import { createHearth } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';

/** Entry point: `node server/dist/main.js`, configured by environment variables. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  // A library's stray rejection (e.g. during a Redis outage) is logged, not fatal.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  const hearth = await createHearth(config, logger);
  const port = await hearth.listen();
  logger.info({ port, nodeId: config.nodeId, store: hearth.store.kind, workers: hearth.pool.status().length }, `Hearth is listening on http://localhost:${port}`);

  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    hearth.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Hearth failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
