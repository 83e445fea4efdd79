import { randomUUID } from 'node:crypto';
import { DelayedError, type Job, type JobsOptions, Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import {
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  isPermanent,
  logError,
  logWarn,
  MAX_PRIORITY,
  type RateLimitSpec,
  rateLimitBucket,
  resolveEnqueueOptions,
  resolveWorkOptions,
  silentLogger,
} from './queue.options.ts';
import type {
  EnqueueOptions,
  JobCounts,
  JobData,
  JobHandler,
  JobName,
  QueueLogger,
  QueuePort,
  ScheduleOptions,
  WorkOptions,
} from './queue.port.ts';

/**
 * Queue driver on Redis with BullMQ (ARCHITECTURE §3). One BullMQ queue per job name, all on one shared
 * ioredis client (workers duplicate it for their blocking reads).
 * - Retries, backoff (`exponential`, 50 % jitter), delays, stalled-job recovery, pause (queue meta,
 *   so every process stops) and cron (job schedulers) are BullMQ's own.
 * - Dedupe: BullMQ `deduplication: { id }` without ttl holds the id until the job completes or fails;
 *   `add()` then returns the existing job, which we recognise by comparing with our own job id.
 * - Priority: BullMQ runs jobs without a priority before all prioritized ones and lower numbers
 *   first, so every job gets `OFFSET - priority` to make "higher first, default 0" hold.
 * - Per-key rate limit: BullMQ's group limits are Pro-only, so a Lua sliding log per bucket (sorted set
 *   of start times, Redis clock) is checked before the handler; an over-budget job is moved back to
 *   delayed until the window frees with `moveToDelayed` + `DelayedError`, which does not count an attempt.
 */

export interface BullmqQueueOptions {
  url: string;
  /** Key prefix of every Redis key this queue uses (BullMQ's and the rate limiter's); default `conversa`. */
  prefix?: string;
  logger?: QueueLogger;
}

const PRIORITY_OFFSET = MAX_PRIORITY + 1; // maps [-1e6, 1e6] onto BullMQ's [1, 2_000_001] (max 2_097_151)
const KEEP_COMPLETED = { age: 24 * 3600, count: 1000 };
const KEEP_FAILED = { age: 7 * 24 * 3600 }; // failed jobs stay visible to counts() and operators for a week

// KEYS[1] bucket; ARGV max, window ms, unique member. Returns 0 (start now) or ms until the bucket has room.
const RATE_ACQUIRE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local max = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < max then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(tonumber(oldest[2]) + window - now, 1)
`;

interface RateCommand {
  conversaRateAcquire(key: string, max: number, windowMs: number, member: string): Promise<number>;
}

export class BullmqQueue implements QueuePort {
  readonly kind = 'bullmq' as const;
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly logger: QueueLogger;
  private readonly queues = new Map<string, Queue>();
  private readonly workers = new Set<Worker>();
  private closing: Promise<void> | undefined;

  constructor(opts: BullmqQueueOptions) {
    this.prefix = opts.prefix ?? 'conversa';
    this.logger = opts.logger ?? silentLogger;
    // BullMQ requires maxRetriesPerRequest: null (STACK.md): its blocking reads must not time out.
    this.redis = new Redis(opts.url, { maxRetriesPerRequest: null });
    this.redis.on('error', (err) => logError(this.logger, { err }, 'redis error'));
    this.redis.defineCommand('conversaRateAcquire', { numberOfKeys: 1, lua: RATE_ACQUIRE_LUA });
  }

  /** Waits for Redis; called by the factory so that a wrong or unreachable URL fails the boot. */
  async start(timeoutMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      // With maxRetriesPerRequest: null a command waits for a connection forever: bound it here.
      await Promise.race([this.redis.ping(), timeout]);
    } catch (err) {
      this.redis.disconnect();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  async enqueue<N extends JobName>(name: N, data: JobData[N], opts?: EnqueueOptions): Promise<string | null> {
    const o = resolveEnqueueOptions(opts);
    const jobId = randomUUID();
    const job = await this.queue(name).add(name, data, {
      ...jobOptions(o.priority, o.attempts, o.backoffMs),
      jobId,
      delay: o.delayMs > 0 ? o.delayMs : undefined,
      deduplication: o.dedupeId === undefined ? undefined : { id: o.dedupeId },
    });
    return job.id === jobId ? jobId : null;
  }

  async work<N extends JobName>(
    name: N,
    handler: JobHandler<N>,
    opts?: WorkOptions<JobData[N]>,
  ): Promise<void> {
    const { concurrency, rateLimit } = resolveWorkOptions(opts);
    this.assertOpen();
    const run = handler as JobHandler<string>;
    const limit = rateLimit as RateLimitSpec | undefined;
    const worker = new Worker(
      name,
      async (job: Job, token?: string) => {
        if (limit) {
          const waitMs = await this.acquire(
            rateLimitBucket(name, limit.key, job.data),
            limit.max,
            limit.perMs,
          );
          if (waitMs > 0) {
            await job.moveToDelayed(Date.now() + waitMs, token);
            throw new DelayedError();
          }
        }
        try {
          await run(job.data, { jobId: job.id as string, attempt: job.attemptsMade + 1 });
        } catch (err) {
          if (isPermanent(err)) throw new UnrecoverableError((err as Error).message);
          throw err;
        }
      },
      { connection: this.redis, prefix: this.prefix, concurrency, autorun: true },
    );
    worker.on('error', (err) => logError(this.logger, { err, queue: name }, 'queue worker error'));
    worker.on('failed', (job, err) => {
      logWarn(
        this.logger,
        { err, queue: name, jobId: job?.id, attempt: job?.attemptsMade },
        'job attempt failed',
      );
    });
    this.workers.add(worker);
    await worker.waitUntilReady();
  }

  async schedule<N extends JobName>(
    name: N,
    cron: string,
    data: JobData[N],
    opts: ScheduleOptions = {},
  ): Promise<void> {
    // A job scheduler is keyed by its id (the job name): upserting again at every boot replaces it.
    await this.queue(name).upsertJobScheduler(
      name,
      { pattern: cron, tz: opts.tz ?? 'UTC' },
      { name, data, opts: jobOptions(0, DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS) },
    );
  }

  async unschedule(name: string): Promise<void> {
    await this.queue(name).removeJobScheduler(name);
  }

  async pause(name: string): Promise<void> {
    await this.queue(name).pause();
  }

  async resume(name: string): Promise<void> {
    await this.queue(name).resume();
  }

  async counts(name: string): Promise<JobCounts> {
    const c = await this.queue(name).getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
    return {
      waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
      active: c.active ?? 0,
      delayed: c.delayed ?? 0,
      failed: c.failed ?? 0,
    };
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      // Worker.close() waits for its running handlers.
      await Promise.all([...this.workers].map((w) => w.close()));
      await Promise.all([...this.queues.values()].map((q) => q.close()));
      // quit() lets pending replies arrive but would wait forever for a connection that is not there.
      if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
      else this.redis.disconnect();
    })();
    return this.closing;
  }

  private queue(name: string): Queue {
    this.assertOpen();
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.redis, prefix: this.prefix });
      queue.on('error', (err) => logError(this.logger, { err, queue: name }, 'queue error'));
      this.queues.set(name, queue);
    }
    return queue;
  }

  private assertOpen(): void {
    if (this.closing) throw new Error('queue is closed');
  }

  private async acquire(bucket: string, max: number, perMs: number): Promise<number> {
    const key = `${this.prefix}:conversa-rate:${bucket}`;
    const waitMs = await (this.redis as unknown as RateCommand).conversaRateAcquire(
      key,
      max,
      perMs,
      randomUUID(),
    );
    return Number(waitMs);
  }
}

function jobOptions(priority: number, attempts: number, backoffMs: number): JobsOptions {
  return {
    priority: PRIORITY_OFFSET - priority,
    attempts,
    backoff: { type: 'exponential', delay: backoffMs, jitter: 0.5 },
    removeOnComplete: KEEP_COMPLETED,
    removeOnFail: KEEP_FAILED,
  };
}
