import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, serverRedisUrl } from '@conversa/testkit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../app.ts';
import { Encryptor } from '../common/crypto.ts';
import { createLogger } from '../common/logger.ts';
import { loadConfig } from '../config/config.schema.ts';
import { createQueue } from '../drivers/queue/queue.factory.ts';
import { createRealtime } from '../drivers/realtime/realtime.factory.ts';
import type { RealtimePort } from '../drivers/realtime/realtime.port.ts';
import { LocalStorage } from '../drivers/storage/local.driver.ts';
import { ChannelsService } from '../modules/channels/channels.service.ts';
import { BootstrapService } from '../modules/tenants/bootstrap.service.ts';
import { WorkersService } from '../modules/workers.service.ts';

export type Inject = NestFastifyApplication['inject'];

/** The real application on a fresh test database (PGlite, or PostgreSQL with TEST_DATABASE_URL). */
export async function createTestApp(
  env: Record<string, string> = {},
  opts: { realtime?: (logger: ReturnType<typeof createLogger>) => RealtimePort } = {},
) {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SERVE_WEB: 'false',
    ...env,
  });
  const logger = createLogger(config.LOG_LEVEL);
  const queue = await createQueue({
    driver: serverRedisUrl ? 'bullmq' : 'pg-boss',
    redisUrl: serverRedisUrl,
    database,
    logger,
    ...(serverRedisUrl ? { prefix: `cv-test-${randomBytes(4).toString('hex')}` } : {}),
  });
  const realtime = opts.realtime?.(logger) ?? createRealtime({}, logger);
  const storageRoot = mkdtempSync(join(tmpdir(), 'conversa-storage-'));
  const storage = new LocalStorage({ root: storageRoot });
  const app = await createApp({
    config,
    logger,
    database,
    encryptor: new Encryptor(randomBytes(32)),
    queue,
    realtime,
    storage,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const firstTenantId = await app.get(BootstrapService).ensureFirstAdmin();
  if (firstTenantId) await app.get(ChannelsService).ensureSandbox(firstTenantId);
  await app.get(WorkersService).start();
  const inject: Inject = app.inject.bind(app);
  return {
    app,
    database,
    config,
    inject,
    /** Signs in and returns the session cookie header value. */
    async login(email = 'admin@gmail.com', password = 'Jesus', extra: Record<string, string> = {}) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password, ...extra },
      });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'conversa_session');
      if (!cookie) throw new Error(`login answered without a session cookie: ${res.body}`);
      return `conversa_session=${cookie.value}`;
    },
    queue,
    realtime,
    storage,
    /** Listens on a real port (for fakes that call back), returning the base URL. */
    async listen() {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const addr = app.getHttpServer().address();
      if (!addr || typeof addr === 'string') throw new Error('no address');
      return `http://127.0.0.1:${addr.port}`;
    },
    /** Waits until fn returns a truthy value (polling; generous timeout for a loaded CI machine). */
    async until<T>(fn: () => Promise<T>, what = 'condition', timeoutMs = 20_000): Promise<NonNullable<T>> {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const v = await fn();
        if (v) return v as NonNullable<T>;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    firstTenantId: firstTenantId!,
    async close() {
      await app.close();
      await queue.close();
      await realtime.close();
      await database.close();
      rmSync(storageRoot, { recursive: true, force: true });
    },
  };
}
