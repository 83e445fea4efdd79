import type { Database } from '@conversa/db';
import { createTestDatabase, serverRedisUrl } from '@conversa/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueue } from './queue.factory.ts';
import type { QueuePort } from './queue.port.ts';

function recordingLogger() {
  const lines: { obj: object; msg?: string }[] = [];
  return { lines, info: (obj: object, msg?: string) => lines.push({ obj, msg }) };
}

describe('createQueue', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });

  async function using(queue: QueuePort, check: (q: QueuePort) => Promise<void> | void) {
    try {
      await check(queue);
    } finally {
      await queue.close();
    }
  }

  it('picks pg-boss when no Redis URL is set, and logs the choice once', async () => {
    const logger = recordingLogger();
    await using(await createQueue({ database, logger }), async (queue) => {
      expect(queue.kind).toBe('pg-boss');
      expect(logger.lines).toEqual([
        { obj: { queue: 'pg-boss', database: database.kind }, msg: 'queue driver selected' },
      ]);
      expect(await queue.enqueue('factory.pgboss', { n: 1 })).toEqual(expect.any(String));
    });
  });

  it('honours an explicit driver over the presence of a Redis URL', async () => {
    const logger = recordingLogger();
    const queue = await createQueue({ driver: 'pg-boss', redisUrl: 'redis://127.0.0.1:1', database, logger });
    await using(queue, (q) => {
      expect(q.kind).toBe('pg-boss');
    });
  });

  it('refuses bullmq without a Redis URL, and unknown drivers, with a clear message', async () => {
    const logger = recordingLogger();
    await expect(createQueue({ driver: 'bullmq', database, logger })).rejects.toThrow(
      'queue driver "bullmq" needs REDIS_URL',
    );
    await expect(createQueue({ driver: 'sqs', database, logger })).rejects.toThrow(
      'unknown queue driver "sqs": expected "pg-boss" or "bullmq"',
    );
    expect(logger.lines).toEqual([]);
  });

  it.skipIf(!serverRedisUrl)('picks bullmq when a Redis URL is set', async () => {
    const logger = recordingLogger();
    await using(await createQueue({ redisUrl: serverRedisUrl, database, logger }), (queue) => {
      expect(queue.kind).toBe('bullmq');
      expect(logger.lines).toEqual([{ obj: { queue: 'bullmq' }, msg: 'queue driver selected' }]);
    });
  });
});
