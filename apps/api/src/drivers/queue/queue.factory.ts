import type { Database } from '@conversa/db';
import { BullmqQueue } from './bullmq.driver.ts';
import { PgBossQueue } from './pg-boss.driver.ts';
import type { QueueLogger, QueuePort } from './queue.port.ts';

export type QueueDriver = QueuePort['kind'];

export interface CreateQueueOptions {
  /** QUEUE_DRIVER; unset → bullmq when a Redis URL is configured, else pg-boss. */
  driver?: string;
  redisUrl?: string;
  database: Database;
  logger: QueueLogger;
  /** BullMQ key prefix (tests and several installs on one Redis keep apart by it). */
  prefix?: string;
}

/**
 * The only place that picks the queue driver (CONVENTIONS "Drivers"). Async because each driver connects
 * and installs what it needs before the app serves: a wrong setting fails the boot, not the first job.
 * Nest: `{ provide: QUEUE, useFactory: (db, log) => createQueue({ … }), inject: [...] }`.
 */
export async function createQueue(opts: CreateQueueOptions): Promise<QueuePort> {
  const kind = opts.driver ?? (opts.redisUrl ? 'bullmq' : 'pg-boss');
  switch (kind) {
    case 'bullmq': {
      if (!opts.redisUrl) throw new Error('queue driver "bullmq" needs REDIS_URL');
      opts.logger.info({ queue: kind }, 'queue driver selected');
      const queue = new BullmqQueue({
        url: opts.redisUrl,
        logger: opts.logger,
        ...(opts.prefix ? { prefix: opts.prefix } : {}),
      });
      await queue.start();
      return queue;
    }
    case 'pg-boss': {
      opts.logger.info({ queue: kind, database: opts.database.kind }, 'queue driver selected');
      const queue = new PgBossQueue(opts.database, { logger: opts.logger });
      await queue.start();
      return queue;
    }
    default:
      throw new Error(`unknown queue driver "${kind}": expected "pg-boss" or "bullmq"`);
  }
}
