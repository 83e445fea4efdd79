import { createDatabase, type Database } from '@conversa/db';
import { createTestDatabase, serverDatabaseUrl } from '@conversa/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgBossQueue } from './pg-boss.driver.ts';
import { queueContract } from './queue.contract.ts';

// PGlite by default; a fresh PostgreSQL database when TEST_DATABASE_URL is set (CI).
let database: Database & { url?: string };
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

// Short poll and cron intervals keep the cross-instance tests quick; production uses the defaults.
const make = async () => {
  const queue = new PgBossQueue(database, { pollIntervalMs: 200, cronIntervalSeconds: 1 });
  await queue.start();
  return queue;
};

queueContract('pg-boss', make, { subMinuteCron: false });

describe('pg-boss driver', () => {
  it('keeps the dedupe index on queues created after it', async () => {
    const queue = await make();
    try {
      const name = `pgboss.late-queue.${Date.now()}`;
      expect(await queue.enqueue(name, { n: 1 }, { dedupeId: 'x' })).toEqual(expect.any(String));
      expect(await queue.enqueue(name, { n: 2 }, { dedupeId: 'x' })).toBeNull();
      const { rows } = await database.execute(
        `select count(*)::int as n from pg_index i join pg_class c on c.oid = i.indrelid
         join pgboss.queue q on q.partition_name = c.relname
         where q.name = $1 and i.indisunique and pg_get_indexdef(i.indexrelid) like '%singleton_on IS NULL%'`,
        [name],
      );
      expect(rows[0]?.n).toBe(1);
    } finally {
      await queue.close();
    }
  });

  it('stores one schedule per job name, replaced by the latest registration', async () => {
    const queue = await make();
    try {
      const name = `pgboss.schedule-once.${Date.now()}`;
      await queue.schedule(name, '0 3 * * *', { v: 1 }, { tz: 'America/Sao_Paulo' });
      await queue.schedule(name, '0 4 * * *', { v: 2 }, { tz: 'America/Sao_Paulo' });
      const { rows } = await database.execute(
        'select cron, timezone, data from pgboss.schedule where name = $1',
        [name],
      );
      expect(rows).toEqual([
        { cron: '0 4 * * *', timezone: 'America/Sao_Paulo', data: { payload: { v: 2 }, backoffMs: 1000 } },
      ]);
      await queue.unschedule(name);
      expect((await database.execute('select 1 from pgboss.schedule where name = $1', [name])).rows).toEqual(
        [],
      );
    } finally {
      await queue.close();
    }
  });

  // Two pools on one PostgreSQL database are two processes; PGlite has a single connection.
  it.skipIf(!serverDatabaseUrl)('creates the same new queues from two processes at once', async () => {
    const other = await createDatabase({ url: database.url as string, poolSize: 3 });
    const [a, b] = [new PgBossQueue(database), new PgBossQueue(other)];
    try {
      await Promise.all([a.start(), b.start()]);
      const names = Array.from({ length: 5 }, (_, i) => `pgboss.race.${Date.now()}.${i}`);
      const results = await Promise.allSettled(
        names.flatMap((name) => [a.enqueue(name, { by: 'a' }), b.enqueue(name, { by: 'b' })]),
      );
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      for (const name of names) expect((await a.counts(name)).waiting).toBe(2);
    } finally {
      await Promise.all([a.close(), b.close()]);
      await other.close();
    }
  });

  it('starts twice on the same database without error (second boot, or two processes)', async () => {
    const [a, b] = [new PgBossQueue(database), new PgBossQueue(database)];
    try {
      await Promise.all([a.start(), b.start()]);
      const name = `pgboss.two-boots.${Date.now()}`;
      await a.pause(name);
      await b.resume(name);
      expect(await b.counts(name)).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
