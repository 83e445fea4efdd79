import { randomBytes } from 'node:crypto';
import { serverRedisUrl } from '@conversa/testkit';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BullmqQueue } from './bullmq.driver.ts';
import { queueContract } from './queue.contract.ts';

describe('bullmq driver start', () => {
  it('fails instead of waiting forever when Redis does not answer', async () => {
    const queue = new BullmqQueue({ url: 'redis://127.0.0.1:1' }); // nothing listens on port 1
    await expect(queue.start(500)).rejects.toThrow('Redis did not answer within 500 ms');
    await queue.close();
  });
});

// Runs only against a real Redis (TEST_REDIS_URL, set by .ci/run); each test gets its own key prefix.
describe.skipIf(!serverRedisUrl)('bullmq driver', () => {
  const url = serverRedisUrl as string;
  let prefix = '';
  beforeEach(() => {
    prefix = `test-${randomBytes(6).toString('hex')}`;
  });
  afterEach(async () => {
    const redis = new Redis(url);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  });

  const make = async () => {
    const queue = new BullmqQueue({ url, prefix });
    await queue.start();
    return queue;
  };

  queueContract('bullmq', make, { subMinuteCron: true });

  it('keeps every key under its prefix', async () => {
    const queue = await make();
    try {
      await queue.enqueue('bullmq.prefix-check', { n: 1 });
      await queue.work('bullmq.prefix-check', async () => {}, { rateLimit: { max: 5, perMs: 1000 } });
      const redis = new Redis(url);
      try {
        await expect
          .poll(async () => (await queue.counts('bullmq.prefix-check')).waiting, { timeout: 10_000 })
          .toBe(0);
        const keys = await redis.keys('*bullmq.prefix-check*');
        expect(keys.length).toBeGreaterThan(0);
        expect(keys.filter((k) => !k.startsWith(`${prefix}:`))).toEqual([]);
      } finally {
        redis.disconnect();
      }
    } finally {
      await queue.close();
    }
  });
});
