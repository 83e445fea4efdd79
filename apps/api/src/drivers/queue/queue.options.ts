import {
  type EnqueueOptions,
  PermanentJobError,
  type QueueLogger,
  type RateLimit,
  type WorkOptions,
} from './queue.port.ts';

/** Shared by both drivers so that defaults, validation and backoff mean the same on each. */
export const DEFAULT_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 1000;
export const MAX_PRIORITY = 1_000_000;

export type RateLimitSpec = RateLimit<unknown>;

export interface ResolvedEnqueueOptions {
  delayMs: number;
  priority: number;
  dedupeId: string | undefined;
  attempts: number;
  backoffMs: number;
}

export function resolveEnqueueOptions(opts: EnqueueOptions = {}): ResolvedEnqueueOptions {
  const {
    delayMs = 0,
    priority = 0,
    dedupeId,
    attempts = DEFAULT_ATTEMPTS,
    backoffMs = DEFAULT_BACKOFF_MS,
  } = opts;
  if (!Number.isFinite(delayMs) || delayMs < 0) throw new RangeError(`delayMs must be ≥ 0, got ${delayMs}`);
  if (!Number.isInteger(priority) || Math.abs(priority) > MAX_PRIORITY) {
    throw new RangeError(
      `priority must be an integer in [-${MAX_PRIORITY}, ${MAX_PRIORITY}], got ${priority}`,
    );
  }
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new RangeError(`attempts must be an integer ≥ 1, got ${attempts}`);
  if (!Number.isFinite(backoffMs) || backoffMs < 0)
    throw new RangeError(`backoffMs must be ≥ 0, got ${backoffMs}`);
  if (dedupeId !== undefined && dedupeId === '') throw new RangeError('dedupeId must not be empty');
  return { delayMs: Math.round(delayMs), priority, dedupeId, attempts, backoffMs: Math.round(backoffMs) };
}

export function resolveWorkOptions<D>(opts: WorkOptions<D> = {}) {
  const { concurrency = 1, rateLimit } = opts;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be an integer ≥ 1, got ${concurrency}`);
  }
  if (rateLimit) {
    if (!Number.isInteger(rateLimit.max) || rateLimit.max < 1)
      throw new RangeError('rateLimit.max must be an integer ≥ 1');
    if (!Number.isInteger(rateLimit.perMs) || rateLimit.perMs < 1)
      throw new RangeError('rateLimit.perMs must be an integer ≥ 1');
  }
  return { concurrency, rateLimit };
}

/** Same curve as BullMQ's `{ type: 'exponential', jitter: 0.5 }`: uniform in [½, 1]·base·2^(attempt-1). */
export function backoffDelay(attemptsMade: number, baseMs: number): number {
  const max = Math.round(2 ** (attemptsMade - 1) * baseMs);
  return Math.floor(Math.random() * max * 0.5 + max * 0.5);
}

/** By name too, so an error class loaded twice (two copies of this module) still counts. */
export function isPermanent(err: unknown): boolean {
  return err instanceof PermanentJobError || (err instanceof Error && err.name === 'PermanentJobError');
}

export function rateLimitBucket<D>(name: string, key: ((data: D) => string) | undefined, data: D): string {
  return key ? `${name}:${key(data)}` : name;
}

const noop = () => {};
export const silentLogger: Required<QueueLogger> = { info: noop, warn: noop, error: noop };

export function logError(logger: QueueLogger, obj: object, msg: string): void {
  (logger.error ?? logger.warn ?? logger.info).call(logger, obj, msg);
}

export function logWarn(logger: QueueLogger, obj: object, msg: string): void {
  (logger.warn ?? logger.info).call(logger, obj, msg);
}
