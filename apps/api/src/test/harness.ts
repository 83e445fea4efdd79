import { randomBytes } from 'node:crypto';
import { createTestDatabase } from '@conversa/testkit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../app.ts';
import { Encryptor } from '../common/crypto.ts';
import { createLogger } from '../common/logger.ts';
import { loadConfig } from '../config/config.schema.ts';
import { BootstrapService } from '../modules/tenants/bootstrap.service.ts';

export type Inject = NestFastifyApplication['inject'];

/** The real application on a fresh test database (PGlite, or PostgreSQL with TEST_DATABASE_URL). */
export async function createTestApp(env: Record<string, string> = {}) {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SERVE_WEB: 'false',
    ...env,
  });
  const logger = createLogger(config.LOG_LEVEL);
  const app = await createApp({ config, logger, database, encryptor: new Encryptor(randomBytes(32)) });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  await app.get(BootstrapService).ensureFirstAdmin();
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
    async close() {
      await app.close();
      await database.close();
    },
  };
}
