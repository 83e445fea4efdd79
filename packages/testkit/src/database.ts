import { randomBytes } from 'node:crypto';
import { createDatabase, type Database } from '@conversa/db';
import pg from 'pg';

/** Which database driver the suites run on: `TEST_DATABASE_URL` set → PostgreSQL, else PGlite. */
export const serverDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;
export const serverRedisUrl = process.env.TEST_REDIS_URL || undefined;

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or a new database on the
 * PostgreSQL server named by TEST_DATABASE_URL (dropped again by `close()`).
 */
export async function createTestDatabase(
  serverUrl = serverDatabaseUrl,
  poolSize = 5,
): Promise<Database & { url?: string }> {
  if (!serverUrl) {
    const db = await createDatabase();
    await db.migrate();
    return db;
  }
  const name = `conversa_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await createDatabase({ url: url.toString(), poolSize });
  await db.migrate();
  return {
    ...db,
    url: url.toString(),
    async close() {
      await db.close();
      const a = new pg.Client({ connectionString: serverUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
