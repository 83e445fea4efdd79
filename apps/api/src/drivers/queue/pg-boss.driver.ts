import type { Database } from '@conversa/db';
import PgBoss from 'pg-boss';
import {
  backoffDelay,
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  isPermanent,
  logError,
  logWarn,
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
 * Queue driver on the project's database with pg-boss 10 (ARCHITECTURE §3; STACK "pg-boss on PGlite").
 *
 * pg-boss owns storage (`pgboss` schema), fetching (`FOR UPDATE SKIP LOCKED`), crash recovery (active jobs
 * expire and retry), cron and retention. Around it, in our own `conversa_queue` schema:
 * - Fetch loop: ours over `boss.fetch`, not `boss.work`, because `work()` waits a full polling interval
 *   after every batch, cannot skip fetching while paused, and cannot defer a job without failing it. It
 *   fetches as many jobs as it has free slots (concurrency), and is woken in-process on enqueue, when a
 *   slot frees, and at the start time of retries/deferrals it scheduled itself; other processes' jobs
 *   are seen by polling (`pollIntervalMs`).
 * - Retries: our SQL, so `backoffMs` keeps millisecond precision with the same curve as BullMQ
 *   (pg-boss's own backoff is in whole seconds; it still applies to jobs that expire after a crash).
 * - Dedupe: a unique partial index on (name, singleton_key) over waiting/retrying/active jobs, which
 *   pg-boss's `ON CONFLICT DO NOTHING` insert turns into a dropped send. pg-boss's own policies only
 *   dedupe waiting jobs (`short`) or time slots (`singletonSeconds`), not "waiting or active".
 * - Pause: a row in `conversa_queue.paused`, checked before every fetch by every process (a fetch already
 *   past that check when pause() commits still starts its batch).
 * - Per-key rate limit: a sliding log of start times per bucket, kept in `conversa_queue.rate_window`
 *   and checked+appended atomically under a row lock by `conversa_queue.rate_acquire`; an over-budget
 *   job goes back to waiting until the window frees, with its attempt count unchanged.
 *
 * A handler gets 15 minutes (pg-boss `expireIn`) before its job counts as abandoned and is retried, even
 * if the handler is still running; BullMQ renews a lock instead. Keep handlers short (ids in, work out).
 *
 * The same `Database` serves PGlite and PostgreSQL (`db.execute`): one pool, and the driver code does not
 * branch on the database kind. pg-boss could open its own pool from a URL: measured here (3,000 jobs,
 * concurrency 16, PostgreSQL 15) it was within the noise of the shared pool, so it would only add connections.
 */

export interface PgBossQueueOptions {
  /** How often an idle worker looks for jobs enqueued by other processes; default 1000 ms. */
  pollIntervalMs?: number;
  /** How often pg-boss evaluates cron schedules (1–45 s); default 30. */
  cronIntervalSeconds?: number;
  logger?: QueueLogger;
}

/** Stored in the job's `data`: the payload plus what our retry path needs and pg-boss has no column for. */
interface Envelope {
  payload: unknown;
  backoffMs: number;
}

const BOSS_SCHEMA = 'pgboss';
const OWN_SCHEMA = 'conversa_queue';
/** A timer may fire a little before the database clock reaches start_after. */
const WAKE_SLACK_MS = 15;

// One script so that it runs as one implicit transaction (no BEGIN/COMMIT: an error then leaves no
// pooled connection inside an aborted transaction); the advisory lock serialises concurrent boots.
const SETUP_SQL = `
select pg_advisory_xact_lock(hashtext('${OWN_SCHEMA}.setup'));
create schema if not exists ${OWN_SCHEMA};
create table if not exists ${OWN_SCHEMA}.paused (
  name text primary key,
  paused_on timestamptz not null default now()
);
create table if not exists ${OWN_SCHEMA}.rate_window (
  bucket text primary key,
  starts bigint[] not null default '{}'
);
create or replace function ${OWN_SCHEMA}.rate_acquire(p_bucket text, p_max int, p_window_ms int)
returns bigint language plpgsql as $fn$
declare
  now_ms bigint;
  kept bigint[];
begin
  insert into ${OWN_SCHEMA}.rate_window (bucket) values (p_bucket) on conflict do nothing;
  -- The row lock makes check-and-append atomic across processes; later statements see the latest row.
  perform 1 from ${OWN_SCHEMA}.rate_window where bucket = p_bucket for update;
  now_ms := floor(extract(epoch from clock_timestamp()) * 1000);
  select array(select s from unnest(starts) s where s > now_ms - p_window_ms order by s) into kept
    from ${OWN_SCHEMA}.rate_window where bucket = p_bucket;
  if cardinality(kept) < p_max then
    update ${OWN_SCHEMA}.rate_window set starts = kept || now_ms where bucket = p_bucket;
    return 0;
  end if;
  return greatest(kept[1] + p_window_ms - now_ms, 1);
end
$fn$;
create unique index if not exists conversa_dedupe on ${BOSS_SCHEMA}.job (name, singleton_key)
  where state <= 'active' and singleton_key is not null and singleton_on is null;
`;

const RETRY_SQL = `
update ${BOSS_SCHEMA}.job set state = 'retry', start_after = now() + $3 * interval '1 millisecond', output = $4::jsonb
where name = $1 and id = $2 and state = 'active'`;

const FAIL_SQL = `
update ${BOSS_SCHEMA}.job set state = 'failed', completed_on = now(), output = $3::jsonb
where name = $1 and id = $2 and state = 'active'`;

// pg-boss's fetch adds 1 to retry_count when started_on is set: undo that so a deferral is not an attempt.
const DEFER_SQL = `
update ${BOSS_SCHEMA}.job set
  state = case when retry_count = 0 then 'created'::${BOSS_SCHEMA}.job_state else 'retry'::${BOSS_SCHEMA}.job_state end,
  retry_count = greatest(retry_count - 1, 0),
  started_on = case when retry_count = 0 then null else started_on end,
  start_after = now() + $3 * interval '1 millisecond'
where name = $1 and id = $2 and state = 'active'`;

// The lock in FROM is taken before the select list calls pg-boss's own create_queue (a no-op if it exists).
const CREATE_QUEUE_SQL = `
select ${BOSS_SCHEMA}.create_queue($1, $2::json)
from (select pg_advisory_xact_lock(hashtext('${OWN_SCHEMA}.create_queue'))) as serialised`;

const COUNTS_SQL = `
select
  count(*) filter (where state < 'active' and start_after <= now())::int as waiting,
  count(*) filter (where state = 'active')::int as active,
  count(*) filter (where state < 'active' and start_after > now())::int as delayed,
  count(*) filter (where state = 'failed')::int as failed
from ${BOSS_SCHEMA}.job where name = $1`;

export class PgBossQueue implements QueuePort {
  readonly kind = 'pg-boss' as const;
  private readonly boss: PgBoss;
  private readonly logger: QueueLogger;
  private readonly pollIntervalMs: number;
  private readonly queues = new Map<string, Promise<void>>();
  private readonly pumps = new Set<Pump>();
  private starting: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private readonly pumpContext: PumpContext;

  constructor(
    private readonly database: Database,
    opts: PgBossQueueOptions = {},
  ) {
    this.logger = opts.logger ?? silentLogger;
    this.pollIntervalMs = opts.pollIntervalMs ?? 1000;
    const cron = opts.cronIntervalSeconds ?? 30;
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => database.execute(text, values) },
      schema: BOSS_SCHEMA,
      cronMonitorIntervalSeconds: cron,
      cronWorkerIntervalSeconds: Math.min(cron, 5),
      // Failed jobs stay visible to `counts()` and operators for a week, as in the BullMQ driver.
      archiveFailedAfterSeconds: 7 * 24 * 3600,
    });
    // pg-boss emits 'error' from its timers; an EventEmitter 'error' without a listener would crash.
    this.boss.on('error', (err) => {
      if (!this.closing) logError(this.logger, { err }, 'pg-boss error');
    });
    this.pumpContext = {
      boss: this.boss,
      logger: this.logger,
      pollIntervalMs: this.pollIntervalMs,
      isPaused: async (name) => {
        const { rows } = await database.execute(`select 1 from ${OWN_SCHEMA}.paused where name = $1`, [name]);
        return rows.length > 0;
      },
      acquire: async (bucket, max, perMs) => {
        const sql = `select ${OWN_SCHEMA}.rate_acquire($1, $2, $3) as wait_ms`;
        const { rows } = await database.execute(sql, [bucket, max, perMs]);
        return Number(rows[0]?.wait_ms ?? 0);
      },
      retry: async (name, id, delayMs, err) => {
        await database.execute(RETRY_SQL, [name, id, delayMs, errorOutput(err)]);
      },
      fail: async (name, id, err) => {
        await database.execute(FAIL_SQL, [name, id, errorOutput(err)]);
      },
      defer: async (name, id, delayMs) => {
        await database.execute(DEFER_SQL, [name, id, delayMs]);
      },
    };
  }

  /** Installs or migrates pg-boss and our own objects; called by the factory, else on first use. */
  start(): Promise<void> {
    this.starting ??= (async () => {
      await this.boss.start();
      await this.database.execute(SETUP_SQL);
    })();
    return this.starting;
  }

  async enqueue<N extends JobName>(name: N, data: JobData[N], opts?: EnqueueOptions): Promise<string | null> {
    const o = resolveEnqueueOptions(opts);
    await this.ready(name);
    const envelope: Envelope = { payload: data, backoffMs: o.backoffMs };
    const id = await this.boss.send(name, envelope, {
      priority: o.priority,
      startAfter: o.delayMs > 0 ? `${o.delayMs} milliseconds` : undefined,
      singletonKey: o.dedupeId,
      retryLimit: o.attempts - 1,
      // Only used by pg-boss itself, when a job expires because its process died.
      retryDelay: Math.max(1, Math.round(o.backoffMs / 1000)),
      retryBackoff: true,
    });
    if (id) this.wake(name, o.delayMs > 0 ? Date.now() + o.delayMs : undefined);
    return id;
  }

  async work<N extends JobName>(
    name: N,
    handler: JobHandler<N>,
    opts?: WorkOptions<JobData[N]>,
  ): Promise<void> {
    const { concurrency, rateLimit } = resolveWorkOptions(opts);
    await this.ready(name);
    if (this.closing) throw new Error('queue is closed');
    const pump = new Pump(
      this.pumpContext,
      name,
      handler as JobHandler<string>,
      concurrency,
      rateLimit as RateLimitSpec | undefined,
    );
    this.pumps.add(pump);
    pump.start();
  }

  async schedule<N extends JobName>(
    name: N,
    cron: string,
    data: JobData[N],
    opts: ScheduleOptions = {},
  ): Promise<void> {
    await this.ready(name);
    const envelope: Envelope = { payload: data, backoffMs: DEFAULT_BACKOFF_MS };
    // pg-boss keeps one schedule per queue name and upserts it: calling this at every boot is safe.
    await this.boss.schedule(name, cron, envelope, {
      tz: opts.tz ?? 'UTC',
      retryLimit: DEFAULT_ATTEMPTS - 1,
      retryDelay: Math.round(DEFAULT_BACKOFF_MS / 1000),
      retryBackoff: true,
    });
  }

  async unschedule(name: string): Promise<void> {
    await this.start();
    await this.boss.unschedule(name);
  }

  async pause(name: string): Promise<void> {
    await this.start();
    await this.database.execute(
      `insert into ${OWN_SCHEMA}.paused (name) values ($1) on conflict do nothing`,
      [name],
    );
  }

  async resume(name: string): Promise<void> {
    await this.start();
    await this.database.execute(`delete from ${OWN_SCHEMA}.paused where name = $1`, [name]);
    this.wake(name);
  }

  async counts(name: string): Promise<JobCounts> {
    await this.start();
    const { rows } = await this.database.execute(COUNTS_SQL, [name]);
    const row = rows[0] ?? {};
    return {
      waiting: Number(row.waiting ?? 0),
      active: Number(row.active ?? 0),
      delayed: Number(row.delayed ?? 0),
      failed: Number(row.failed ?? 0),
    };
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.starting) return;
      await this.starting.catch(() => {});
      await Promise.all([...this.pumps].map((p) => p.stop()));
      // Our database is not pg-boss's to close; no pg-boss worker of ours is running any more.
      await this.boss
        .stop({ close: false, graceful: true, wait: true, timeout: 1000 })
        .catch((err: unknown) => {
          logError(this.logger, { err }, 'pg-boss stop failed');
        });
    })();
    return this.closing;
  }

  private async ready(name: string): Promise<void> {
    if (this.closing) throw new Error('queue is closed');
    await this.start();
    // pg-boss 10 needs the queue (a partition of pgboss.job) before send, work or schedule.
    let created = this.queues.get(name);
    if (!created) {
      created = this.createQueue(name);
      this.queues.set(name, created);
      created.catch(() => this.queues.delete(name));
    }
    await created;
  }

  private async createQueue(name: string): Promise<void> {
    if (await this.boss.getQueue(name)) return;
    // Two processes creating the same queue deadlock inside pg-boss's create_queue (measured: most of 40
    // concurrent calls failed), so creation is serialised by a transaction-level advisory lock.
    await this.database.execute(CREATE_QUEUE_SQL, [name, JSON.stringify({ policy: 'standard' })]);
  }

  private wake(name: string, at?: number): void {
    for (const pump of this.pumps) {
      if (pump.name !== name) continue;
      if (at === undefined) pump.wake();
      else pump.wakeAt(at);
    }
  }
}

interface PumpContext {
  boss: PgBoss;
  logger: QueueLogger;
  pollIntervalMs: number;
  isPaused(name: string): Promise<boolean>;
  /** 0 when the job may start now, else milliseconds until its bucket has room. */
  acquire(bucket: string, max: number, perMs: number): Promise<number>;
  retry(name: string, id: string, delayMs: number, err: unknown): Promise<void>;
  fail(name: string, id: string, err: unknown): Promise<void>;
  defer(name: string, id: string, delayMs: number): Promise<void>;
}

/** One `work()` registration: fetches up to `concurrency` jobs and runs them. */
class Pump {
  private readonly running = new Set<Promise<void>>();
  private stopping = false;
  private woken = false;
  private sleeper: (() => void) | undefined;
  private wakeTimer: NodeJS.Timeout | undefined;
  private wakeTimerAt = Number.POSITIVE_INFINITY;
  private loopDone: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: PumpContext,
    readonly name: string,
    private readonly handler: JobHandler<string>,
    private readonly concurrency: number,
    private readonly rateLimit: RateLimitSpec | undefined,
  ) {}

  start(): void {
    this.loopDone = this.loop();
  }

  wake(): void {
    this.woken = true;
    this.sleeper?.();
  }

  /** Keeps one timer, for the earliest time asked; later ones are caught by polling or the next timer. */
  wakeAt(at: number): void {
    if (this.stopping || at >= this.wakeTimerAt) return;
    clearTimeout(this.wakeTimer);
    this.wakeTimerAt = at;
    this.wakeTimer = setTimeout(
      () => {
        this.wakeTimerAt = Number.POSITIVE_INFINITY;
        this.wake();
      },
      Math.max(0, at - Date.now()) + WAKE_SLACK_MS,
    );
    this.wakeTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.wakeTimer);
    this.wake();
    await this.loopDone;
    await Promise.all(this.running);
  }

  private async loop(): Promise<void> {
    const { boss, logger, pollIntervalMs, isPaused } = this.ctx;
    while (!this.stopping) {
      this.woken = false;
      const free = this.concurrency - this.running.size;
      let fetched = 0;
      if (free > 0) {
        try {
          if (!(await isPaused(this.name)) && !this.stopping) {
            const jobs = await boss.fetch<Envelope>(this.name, {
              batchSize: free,
              includeMetadata: true,
              priority: true,
            });
            fetched = jobs.length;
            for (const job of jobs) this.track(this.run(job));
          }
        } catch (err) {
          logError(logger, { err, queue: this.name }, 'queue fetch failed');
        }
      }
      if (this.stopping) break;
      // A full batch means more may be ready: go round again (it sleeps below only if no slot is free).
      if (free > 0 && fetched === free) continue;
      if (!this.woken) await this.sleep(pollIntervalMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.sleeper = () => {
        this.sleeper = undefined;
        done();
      };
    });
  }

  private track(run: Promise<void>): void {
    this.running.add(run);
    const done = () => {
      this.running.delete(run);
      this.wake();
    };
    run.then(done, done);
  }

  private async run(job: PgBoss.JobWithMetadata<Envelope>): Promise<void> {
    const { boss, logger, acquire, retry, fail, defer } = this.ctx;
    const { payload, backoffMs } = unwrap(job.data);
    const attempt = job.retryCount + 1;
    const attempts = job.retryLimit + 1;
    const log = { queue: this.name, jobId: job.id, attempt };
    try {
      if (this.rateLimit) {
        const { max, perMs, key } = this.rateLimit;
        const waitMs = await acquire(rateLimitBucket(this.name, key, payload), max, perMs);
        if (waitMs > 0) {
          await defer(this.name, job.id, waitMs);
          this.wakeAt(Date.now() + waitMs);
          return;
        }
      }
      let error: unknown;
      try {
        await this.handler(payload, { jobId: job.id, attempt });
      } catch (err) {
        error = err ?? new Error('handler threw a nullish value');
      }
      if (error === undefined) {
        await boss.complete(this.name, job.id);
      } else if (isPermanent(error) || attempt >= attempts) {
        logWarn(logger, { ...log, err: error }, 'job failed');
        await fail(this.name, job.id, error);
      } else {
        const delayMs = backoffDelay(attempt, backoffMs);
        logWarn(logger, { ...log, err: error, retryInMs: delayMs }, 'job attempt failed, will retry');
        await retry(this.name, job.id, delayMs, error);
        this.wakeAt(Date.now() + delayMs);
      }
    } catch (err) {
      // The job stays active; pg-boss expires and retries it (its expireIn, 15 min by default).
      logError(logger, { ...log, err }, 'could not record job outcome');
    }
  }
}

function unwrap(data: unknown): Envelope {
  // `payload` is absent from the JSON when it was undefined; anything else than our two keys is not ours.
  if (data && typeof data === 'object' && 'backoffMs' in data) {
    const { payload, backoffMs, ...rest } = data as Partial<Envelope>;
    if (Object.keys(rest).length === 0 && typeof backoffMs === 'number') return { payload, backoffMs };
  }
  // A job inserted by something else than this driver (e.g. by hand): its data is the payload.
  return { payload: data, backoffMs: DEFAULT_BACKOFF_MS };
}

function errorOutput(err: unknown): string {
  if (err instanceof Error) return JSON.stringify({ name: err.name, message: err.message, stack: err.stack });
  return JSON.stringify({ message: String(err) });
}
