import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type EnqueueOptions,
  type JobContext,
  type JobHandler,
  PermanentJobError,
  type QueuePort,
  type WorkOptions,
} from './queue.port.ts';

/**
 * The one suite every queue driver passes (CONVENTIONS "Tests"). Waits poll for outcomes with generous
 * timeouts; timing assertions are lower bounds only (never "fast enough"), so a loaded machine makes
 * the suite slower, not red. `make()` must return a new instance on the same backing store each call:
 * two instances stand in for two processes.
 */
export interface QueueContractOptions {
  /** The driver runs a 6-field (every-second) cron every second, so repetition can be observed quickly. */
  subMinuteCron: boolean;
}

export const queueContract = (
  name: string,
  make: () => Promise<QueuePort>,
  options: QueueContractOptions = { subMinuteCron: false },
) =>
  describe(`queue contract: ${name}`, () => {
    const opened: QueuePort[] = [];
    const open = async () => {
      const queue = await make();
      opened.push(queue);
      return queue;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((q) => q.close()));
    });

    it('runs a job enqueued before the worker starts', async () => {
      const queue = await open();
      const jobs = typed<{ messageId: string }>(queue, uniqueName('before'));
      const id = await jobs.enqueue({ messageId: 'm1' });
      const seen = deferred<{ messageId: string; ctx: JobContext }>();
      await jobs.work(async (data, ctx) => seen.resolve({ ...data, ctx }));
      const got = await within(seen.promise, 'the job to run');
      expect(got).toEqual({ messageId: 'm1', ctx: { jobId: id, attempt: 1 } });
    });

    it('runs a job enqueued after the worker starts', async () => {
      const queue = await open();
      const jobs = typed<{ messageId: string }>(queue, uniqueName('after'));
      const seen = deferred<string>();
      await jobs.work(async ({ messageId }) => seen.resolve(messageId));
      await jobs.enqueue({ messageId: 'm2' });
      expect(await within(seen.promise, 'the job to run')).toBe('m2');
      await waitFor(async () => isEmpty(await jobs.counts()), 'the job to complete');
    });

    it('does not start a delayed job before its delay', async () => {
      const queue = await open();
      const jobs = typed<{ n: number }>(queue, uniqueName('delay'));
      const startedAt = deferred<number>();
      await jobs.work(async () => startedAt.resolve(Date.now()));
      const t0 = Date.now();
      await jobs.enqueue({ n: 1 }, { delayMs: 2000 });
      expect(await jobs.counts()).toMatchObject({ delayed: 1, waiting: 0, active: 0 });
      const ranAt = await within(startedAt.promise, 'the delayed job to run');
      expect(ranAt - t0).toBeGreaterThanOrEqual(2000 - CLOCK_TOLERANCE_MS);
    });

    it('starts higher priority jobs first (concurrency 1, worker started after enqueueing)', async () => {
      const queue = await open();
      const jobs = typed<{ label: string }>(queue, uniqueName('priority'));
      const order: string[] = [];
      for (const [label, priority] of [
        ['p0', 0],
        ['p5a', 5],
        ['n3', -3],
        ['p10', 10],
        ['p5b', 5],
      ] as const) {
        await jobs.enqueue({ label }, { priority });
      }
      await jobs.work(
        async ({ label }) => {
          order.push(label);
        },
        { concurrency: 1 },
      );
      await waitFor(() => order.length === 5, 'all five jobs to run');
      expect(order).toEqual(['p10', 'p5a', 'p5b', 'p0', 'n3']);
    });

    it('drops an enqueue whose dedupeId matches a waiting or active job, and accepts it again afterwards', async () => {
      const queue = await open();
      const jobs = typed<{ n: number }>(queue, uniqueName('dedupe'));
      const first = await jobs.enqueue({ n: 1 }, { dedupeId: 'd1' });
      const duplicate = await jobs.enqueue({ n: 2 }, { dedupeId: 'd1' });
      const other = await jobs.enqueue({ n: 3 }, { dedupeId: 'd2' });
      expect(first).toEqual(expect.any(String));
      expect(duplicate).toBeNull();
      expect(other).toEqual(expect.any(String));
      expect((await jobs.counts()).waiting).toBe(2);

      const release = deferred();
      const seen: number[] = [];
      await jobs.work(
        async ({ n }) => {
          seen.push(n);
          if (n === 1) await release.promise;
        },
        { concurrency: 2 },
      );
      await waitFor(() => seen.includes(1) && seen.includes(3), 'jobs 1 and 3 to start');
      expect(await jobs.enqueue({ n: 4 }, { dedupeId: 'd1' })).toBeNull(); // d1 is active now
      release.resolve();
      // Once job 1 has completed the id is free again: retry the enqueue until it is accepted.
      let again: string | null = null;
      await waitFor(async () => {
        again = await jobs.enqueue({ n: 5 }, { dedupeId: 'd1' });
        return again !== null;
      }, 'd1 to be accepted after job 1 completed');
      await waitFor(() => seen.includes(5), 'job 5 to run');
      expect(seen.sort()).toEqual([1, 3, 5]);
    });

    it('retries a failing job with exponential backoff until it succeeds', async () => {
      const queue = await open();
      const jobs = typed<{ n: number }>(queue, uniqueName('retry'));
      const starts: { attempt: number; at: number }[] = [];
      await jobs.work(async (_data, { attempt }) => {
        starts.push({ attempt, at: Date.now() });
        if (attempt < 3) throw new Error(`flaky ${attempt}`);
      });
      await jobs.enqueue({ n: 1 }, { attempts: 5, backoffMs: 300 });
      await waitFor(() => starts.length >= 3, 'the third attempt');
      await waitFor(async () => isEmpty(await jobs.counts()), 'the job to complete');
      await sleep(500); // a fourth run would show up here
      expect(starts.map((s) => s.attempt)).toEqual([1, 2, 3]);
      const [a1, a2, a3] = starts.map((s) => s.at) as [number, number, number];
      // Attempt n waits base·2^(n-1)·[½, 1]: at least 150 ms, then at least 300 ms.
      expect(a2 - a1).toBeGreaterThanOrEqual(150 - CLOCK_TOLERANCE_MS);
      expect(a3 - a2).toBeGreaterThanOrEqual(300 - CLOCK_TOLERANCE_MS);
      expect((await jobs.counts()).failed).toBe(0);
    });

    it('marks a job failed when its attempts are exhausted', async () => {
      const queue = await open();
      const jobs = typed<{ n: number }>(queue, uniqueName('exhaust'));
      const attempts: number[] = [];
      await jobs.work(async (_data, { attempt }) => {
        attempts.push(attempt);
        throw new Error('always');
      });
      await jobs.enqueue({ n: 1 }, { attempts: 2, backoffMs: 50 });
      await waitFor(async () => (await jobs.counts()).failed === 1, 'the job to fail');
      await sleep(500);
      expect(attempts).toEqual([1, 2]);
      expect(await jobs.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 1 });
    });

    it('fails a job at once when the handler throws PermanentJobError', async () => {
      const queue = await open();
      const jobs = typed<{ n: number }>(queue, uniqueName('permanent'));
      const attempts: number[] = [];
      await jobs.work(async (_data, { attempt }) => {
        attempts.push(attempt);
        throw new PermanentJobError('invalid phone number');
      });
      await jobs.enqueue({ n: 1 }, { attempts: 5, backoffMs: 50 });
      await waitFor(async () => (await jobs.counts()).failed === 1, 'the job to fail');
      await sleep(800); // retries with a 50 ms backoff would have run by now
      expect(attempts).toEqual([1]);
      expect(await jobs.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 1 });
    });

    it('runs up to `concurrency` handlers at once, and no more', async () => {
      const queue = await open();
      const jobs = typed<{ n: number }>(queue, uniqueName('concurrency'));
      let running = 0;
      let maxRunning = 0;
      let started = 0;
      const threeStarted = deferred();
      await jobs.work(
        async () => {
          running++;
          started++;
          maxRunning = Math.max(maxRunning, running);
          if (started >= 3) threeStarted.resolve();
          // Hold until three overlap (fails by timeout without concurrency), then long enough for a 4th to sneak in.
          await within(threeStarted.promise, 'three handlers to overlap');
          await sleep(200);
          running--;
        },
        { concurrency: 3 },
      );
      for (let n = 0; n < 5; n++) await jobs.enqueue({ n });
      await waitFor(
        async () => started === 5 && running === 0 && isEmpty(await jobs.counts()),
        'all five jobs',
      );
      expect(maxRunning).toBe(3);
    });

    it('limits starts per key across processes without consuming attempts; other keys are not held back', async () => {
      const perMs = 1500;
      const max = 2;
      const name = uniqueName('ratelimit');
      const starts: { id: string; key: string; at: number; attempt: number }[] = [];
      const options: WorkOptions<{ key: string; id: string }> = {
        concurrency: 4,
        rateLimit: { max, perMs, key: (d) => d.key },
      };
      // Two instances on the same store stand in for two worker processes sharing the limit.
      for (const queue of [await open(), await open()]) {
        await typed<{ key: string; id: string }>(queue, name).work(async ({ key, id }, { attempt }) => {
          starts.push({ id, key, at: Date.now(), attempt });
        }, options);
      }
      const producer = typed<{ key: string; id: string }>(await open(), name);
      for (const id of ['a1', 'a2', 'a3', 'a4', 'a5'])
        await producer.enqueue({ key: 'A', id }, { attempts: 1 });
      for (const id of ['b1', 'b2']) await producer.enqueue({ key: 'B', id }, { attempts: 1 });
      await waitFor(() => starts.length >= 7, 'all seven jobs to start', 25_000);
      await sleep(300); // a duplicate start would show up here

      expect(starts.map((s) => s.id).sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'b1', 'b2']);
      expect(starts.every((s) => s.attempt === 1)).toBe(true); // deferral is not an attempt (attempts: 1)
      const a = starts.filter((s) => s.key === 'A').map((s) => s.at);
      const b = starts.filter((s) => s.key === 'B').map((s) => s.at);
      // In any window of perMs at most `max` A jobs started: the (i+max)-th start is a window after the i-th.
      for (let i = 0; i + max < a.length; i++) {
        expect((a[i + max] as number) - (a[i] as number)).toBeGreaterThanOrEqual(perMs - RATE_TOLERANCE_MS);
      }
      // B has its own budget: both B jobs ran before A's budget allowed its third job.
      expect(Math.max(...b)).toBeLessThan(a[max] as number);
    });

    it('keeps the attempt number of a retry that the rate limit defers', async () => {
      const queue = await open();
      const jobs = typed<{ n: number }>(queue, uniqueName('ratelimit-retry'));
      const starts: { attempt: number; at: number }[] = [];
      await jobs.work(
        async (_data, { attempt }) => {
          starts.push({ attempt, at: Date.now() });
          if (attempt === 1) throw new Error('first attempt fails');
        },
        { rateLimit: { max: 1, perMs: 1200 } },
      );
      // The retry is due after ≤ 50 ms but its first start fills the window: it must wait, still attempt 2.
      await jobs.enqueue({ n: 1 }, { attempts: 2, backoffMs: 50 });
      await waitFor(async () => starts.length >= 2 && isEmpty(await jobs.counts()), 'the retry to complete');
      expect(starts.map((s) => s.attempt)).toEqual([1, 2]);
      expect((starts[1]?.at as number) - (starts[0]?.at as number)).toBeGreaterThanOrEqual(
        1200 - RATE_TOLERANCE_MS,
      );
      expect((await jobs.counts()).failed).toBe(0);
    });

    it('registers a repeatable schedule idempotently and runs it', async () => {
      const queue = await open();
      const jobs = typed<{ v: number }>(queue, uniqueName('schedule'));
      const runs: { v: number; at: number }[] = [];
      await jobs.work(async ({ v }) => {
        runs.push({ v, at: Date.now() });
      });
      // Called again at every boot: must not add a second schedule.
      await jobs.schedule('* * * * * *', { v: 7 });
      await jobs.schedule('* * * * * *', { v: 7 });
      await waitFor(() => runs.length >= 1, 'the first scheduled run', 25_000);
      expect(runs[0]?.v).toBe(7);

      if (options.subMinuteCron) {
        await waitFor(() => runs.length >= 5, 'five scheduled runs', 20_000);
        const first = runs[0] as { at: number };
        const last = runs[runs.length - 1] as { at: number };
        // One schedule firing every second: n runs span about n-1 seconds (two schedules would halve it).
        expect(runs.length - 1).toBeLessThanOrEqual((last.at - first.at) / 1000 + 1.5);
        await jobs.unschedule();
        await sleep(1500); // a run already on its way may still land
        const settled = runs.length;
        await sleep(2500);
        expect(runs.length).toBe(settled);
      } else {
        // Minute-granular cron (pg-boss): the next run is up to a minute away, so only registration and the
        // first run are checked here; the driver's own test checks that the schedule is stored once.
        await jobs.unschedule();
      }
    });

    it('pause stops new starts in every process until resume', async () => {
      const controller = await open();
      const worker = await open();
      const name = uniqueName('pause');
      const seen: number[] = [];
      await typed<{ n: number }>(worker, name).work(async ({ n }) => {
        seen.push(n);
      });
      const jobs = typed<{ n: number }>(controller, name);
      await jobs.pause();
      await jobs.enqueue({ n: 1 });
      await sleep(2000);
      expect(seen).toEqual([]);
      expect(await jobs.counts()).toMatchObject({ waiting: 1, active: 0 });
      await jobs.resume();
      await waitFor(() => seen.length === 1, 'the job to run after resume');
      await jobs.enqueue({ n: 2 });
      await waitFor(() => seen.length === 2, 'a job enqueued after resume');
      expect(seen).toEqual([1, 2]);
    });

    it('close waits for the running handler and leaves the job completed', async () => {
      const queue = await open();
      const name = uniqueName('close');
      const started = deferred();
      const release = deferred();
      let finished = false;
      await typed<{ n: number }>(queue, name).work(async () => {
        started.resolve();
        await release.promise;
        await sleep(50);
        finished = true;
      });
      await typed<{ n: number }>(queue, name).enqueue({ n: 1 });
      await within(started.promise, 'the handler to start');
      let closed = false;
      const closing = queue.close().then(() => {
        closed = true;
      });
      await sleep(500);
      expect(closed).toBe(false);
      release.resolve();
      await within(closing, 'close to finish');
      expect(finished).toBe(true);
      const observer = await open();
      expect(await observer.counts(name)).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    });

    it('rejects invalid options with a RangeError', async () => {
      const queue = await open();
      const jobs = typed<{ n: number }>(queue, uniqueName('invalid'));
      await expect(jobs.enqueue({ n: 1 }, { priority: 1.5 })).rejects.toThrow(RangeError);
      await expect(jobs.enqueue({ n: 1 }, { attempts: 0 })).rejects.toThrow(RangeError);
      await expect(jobs.work(async () => {}, { concurrency: 0 })).rejects.toThrow(RangeError);
      expect(await jobs.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    });
  });

/** DB or Redis time against this process's clock, same machine. */
const CLOCK_TOLERANCE_MS = 25;
/** A start is observed after the limiter's answer travels back; latencies differ under load. */
const RATE_TOLERANCE_MS = 300;

/** The suite's job names are not in the app's JobData map: this gives them a payload type locally. */
function typed<D>(queue: QueuePort, name: string) {
  return {
    enqueue: (data: D, opts?: EnqueueOptions) => queue.enqueue(name, data, opts),
    work: (handler: (data: D, ctx: JobContext) => Promise<void>, opts?: WorkOptions<D>) =>
      queue.work(name, handler as JobHandler<string>, opts as WorkOptions<unknown>),
    schedule: (cron: string, data: D) => queue.schedule(name, cron, data),
    unschedule: () => queue.unschedule(name),
    pause: () => queue.pause(name),
    resume: () => queue.resume(name),
    counts: () => queue.counts(name),
  };
}

let sequence = 0;
/** Unique per test, so tests sharing one database or Redis never see each other's jobs. */
function uniqueName(label: string): string {
  return `contract.${label}.${++sequence}-${randomBytes(3).toString('hex')}`;
}

function isEmpty(c: { waiting: number; active: number; delayed: number }): boolean {
  return c.waiting === 0 && c.active === 0 && c.delayed === 0;
}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

async function within<T>(promise: Promise<T>, what: string, timeoutMs = 15_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
