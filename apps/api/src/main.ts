import { join } from 'node:path';
import { createDatabase } from '@conversa/db';
import { createApp } from './app.ts';
import { Encryptor, loadOrCreateKey } from './common/crypto.ts';
import { createLogger } from './common/logger.ts';
import { type AppConfig, ConfigError, loadConfig } from './config/config.schema.ts';
import { createQueue } from './drivers/queue/queue.factory.ts';
import { createRealtime } from './drivers/realtime/realtime.factory.ts';
import { createStorage } from './drivers/storage/storage.factory.ts';
import { ChannelsService } from './modules/channels/channels.service.ts';
import { BootstrapService } from './modules/tenants/bootstrap.service.ts';
import { WorkersService } from './modules/workers.service.ts';
import { mountWeb } from './web.ts';

/** config → drivers → HTTP and/or workers by ROLE (CONVENTIONS "Layout"). */
async function main() {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  const log = createLogger(config.LOG_LEVEL);
  if (!config.DATABASE_URL && config.ROLE !== 'all') {
    throw new ConfigError(
      'The embedded database (no DATABASE_URL) lives in one process: use ROLE=all, or set DATABASE_URL',
    );
  }
  const started = Date.now();
  const database = await createDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATABASE_URL ? undefined : join(config.dataDir, 'pglite'),
    poolSize: config.DATABASE_POOL_SIZE,
  });
  log.info({ database: database.kind }, 'database driver selected');
  await database.migrate();
  log.info({ ms: Date.now() - started }, 'migrations applied');
  const encryptor = new Encryptor(loadOrCreateKey(config.ENCRYPTION_KEY, config.dataDir));
  if (config.DATABASE_URL && !config.ENCRYPTION_KEY) {
    // Works for one node; a second node would generate another key and fail to read credentials.
    log.warn(
      { file: join(config.dataDir, 'encryption.key') },
      'ENCRYPTION_KEY is not set: using a key generated in DATA_DIR; set ENCRYPTION_KEY on every node before running more than one',
    );
  }

  const queue = await createQueue({
    driver: config.QUEUE_DRIVER,
    redisUrl: config.REDIS_URL,
    database,
    logger: log,
  });
  const realtime = createRealtime(config, log);
  const storage = createStorage(config, log);

  const app = await createApp({ config, logger: log, database, encryptor, queue, realtime, storage });
  await app.init();
  const firstTenantId = await app.get(BootstrapService).ensureFirstAdmin();
  // The embedded default is for trying things out: give the first tenant a simulated number.
  if (!config.DATABASE_URL && firstTenantId) await app.get(ChannelsService).ensureSandbox(firstTenantId);
  await app.get(WorkersService).start();

  const closers: (() => Promise<unknown>)[] = [];
  if (config.ROLE !== 'worker') {
    if (config.SERVE_WEB) closers.push(await mountWeb(app, log));
    await app.listen({ port: config.PORT, host: config.HOST });
    log.info(
      { port: config.PORT, role: config.ROLE, ms: Date.now() - started },
      `Conversa is up on http://localhost:${config.PORT}`,
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await app.close();
    for (const close of closers) await close().catch(() => {});
    // Let running jobs finish before the database goes away.
    await queue.close().catch((err) => log.error({ err }, 'queue close failed'));
    await realtime.close().catch(() => {});
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
