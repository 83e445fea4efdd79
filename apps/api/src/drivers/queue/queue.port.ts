/**
 * The queue port (ARCHITECTURE §3): one interface, two drivers (`PgBossQueue` on the database,
 * `BullmqQueue` on Redis), both held to `queue.contract.ts`. Job payloads carry ids and a job is
 * safe to run twice (CONVENTIONS "Layout"): every driver delivers at least once.
 */

/**
 * Job name → payload. Feature modules add their jobs by declaration merging:
 * `declare module '../../drivers/queue/queue.port.ts' { interface JobData { 'message.send': { messageId: string } } }`
 */
export interface JobData {
  [name: string]: unknown;
}

export type JobName = keyof JobData & string;

export interface EnqueueOptions {
  /** Start no earlier than this many milliseconds from now. */
  delayMs?: number;
  /** Integer in [-1_000_000, 1_000_000]; higher runs first; default 0. */
  priority?: number;
  /** A second enqueue with the same id while the first job is waiting, delayed or active is dropped (returns null). */
  dedupeId?: string;
  /** Total runs including the first; default 5. */
  attempts?: number;
  /** Base of the exponential backoff between attempts (base·2^(n-1), 50 % jitter); default 1000. */
  backoffMs?: number;
}

export interface RateLimit<D> {
  /** At most `max` jobs start per sliding `perMs` window for each key, counted across all processes. */
  max: number;
  perMs: number;
  /** The bucket of a job, e.g. its channel id; without it the whole job name shares one bucket. */
  key?: (data: D) => string;
}

export interface WorkOptions<D> {
  /** Handlers of this registration running at once in this process; default 1. */
  concurrency?: number;
  rateLimit?: RateLimit<D>;
}

export interface JobContext {
  jobId: string;
  /** 1-based; a job deferred by the rate limiter keeps its attempt number. */
  attempt: number;
}

export type JobHandler<N extends JobName> = (data: JobData[N], ctx: JobContext) => Promise<void>;

export interface JobCounts {
  /** Ready to start now (including jobs held back by `pause`). */
  waiting: number;
  active: number;
  /** Waiting for their start time: `delayMs`, retry backoff, or deferred by the rate limiter. */
  delayed: number;
  /** Failed for good (attempts exhausted or `PermanentJobError`), until retention removes them. */
  failed: number;
}

export interface ScheduleOptions {
  /** IANA time zone the cron expression is read in; default UTC. */
  tz?: string;
}

export interface QueuePort {
  readonly kind: 'pg-boss' | 'bullmq';
  /** Job id, or null when `dedupeId` matched a job that is still waiting, delayed or active. */
  enqueue<N extends JobName>(name: N, data: JobData[N], opts?: EnqueueOptions): Promise<string | null>;
  /** Starts consuming `name` in this process until `close()`. */
  work<N extends JobName>(name: N, handler: JobHandler<N>, opts?: WorkOptions<JobData[N]>): Promise<void>;
  /**
   * One repeatable schedule per job name, replaced when called again (safe at every boot).
   * pg-boss reads crons once a minute, so sub-minute (6-field) crons fire at most once per minute there.
   */
  schedule<N extends JobName>(name: N, cron: string, data: JobData[N], opts?: ScheduleOptions): Promise<void>;
  unschedule(name: string): Promise<void>;
  /** No new job of `name` starts in any process until `resume`; running handlers finish. */
  pause(name: string): Promise<void>;
  resume(name: string): Promise<void>;
  counts(name: string): Promise<JobCounts>;
  /** Stops fetching, waits for running handlers, releases connections it owns. Idempotent. */
  close(): Promise<void>;
}

/** Thrown by a handler to fail the job at once, without the remaining attempts (e.g. an invalid phone). */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

/** Pino-compatible subset the drivers log through. */
export interface QueueLogger {
  info(obj: object, msg?: string): void;
  warn?(obj: object, msg?: string): void;
  error?(obj: object, msg?: string): void;
}
