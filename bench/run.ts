/**
 * `npm run bench`: scenario benchmarks, one JSON line per figure (ARCHITECTURE §9):
 *   {"bench":…,"metric":…,"value":…,"unit":…,"drivers":…}
 * Embedded drivers by default; BENCH_DATABASE_URL (+ BENCH_REDIS_URL) for the server drivers.
 * BENCH_EVENTS (default 20000) and BENCH_CONNECTIONS (default "32,128") size the webhook run;
 * BENCH_SENDS (default 5000) the send run; BENCH_SCENARIOS (default "ingest,send", plus "inbox" on the
 * server drivers) picks the runs; BENCH_CONVERSATIONS / BENCH_MESSAGES_PER / BENCH_INBOX_REQUESTS size the inbox.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { channels, messages, webhookEvents } from '@conversa/db';
import { createTestDatabase } from '@conversa/testkit';
import { and, count, eq, inArray } from 'drizzle-orm';
import { createApp } from '../apps/api/src/app.ts';
import { Encryptor } from '../apps/api/src/common/crypto.ts';
import { createLogger } from '../apps/api/src/common/logger.ts';
import { loadConfig } from '../apps/api/src/config/config.schema.ts';
import { createQueue } from '../apps/api/src/drivers/queue/queue.factory.ts';
import { createRealtime } from '../apps/api/src/drivers/realtime/realtime.factory.ts';
import { WebhookProcessor } from '../apps/api/src/modules/channels/webhook-processor.service.ts';
import { BootstrapService } from '../apps/api/src/modules/tenants/bootstrap.service.ts';
import { WorkersService } from '../apps/api/src/modules/workers.service.ts';
import { inboxBench } from './inbox.ts';

const databaseUrl = process.env.BENCH_DATABASE_URL;
const redisUrl = process.env.BENCH_REDIS_URL;
const drivers = databaseUrl ? (redisUrl ? 'postgres+bullmq' : 'postgres+pg-boss') : 'pglite+pg-boss';
const emit = (
  bench: string,
  metric: string,
  value: number,
  unit: string,
  extra: Record<string, unknown> = {},
) =>
  console.log(
    JSON.stringify({ bench, metric, value: Math.round(value * 100) / 100, unit, drivers, ...extra }),
  );

/** Runs bench/load.mjs in a child process and returns its figures. */
function load(
  args: (string | number)[],
): Promise<{ seconds: number; p50: number; p99: number; failed: number; clientCpuMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [new URL('./load.mjs', import.meta.url).pathname, ...args.map(String)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load generator exited ${code}`)),
    );
  });
}

/** Starts bench/fake-meta.ts and returns its credentials plus a way to talk to it. */
async function startMeta() {
  const child: ChildProcess = fork(new URL('./fake-meta.ts', import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const first = await new Promise<{
    url: string;
    wabaId: string;
    phoneNumberId: string;
    accessToken: string;
    appSecret: string;
  }>((resolve) => child.once('message', resolve as (m: unknown) => void));
  const ask = (m: object) =>
    new Promise<void>((resolve) => {
      child.once('message', () => resolve());
      child.send(m);
    });
  return { ...first, ask, close: () => child.disconnect() };
}

/** BENCH_PROFILE=<prefix>: CPU profiles of the measured windows, <prefix>-<name>.cpuprofile (Chrome DevTools opens them). */
async function profileStart(name: string) {
  if (!process.env.BENCH_PROFILE) return null;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(`${process.env.BENCH_PROFILE}-${name}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  };
}

async function until<T>(fn: () => Promise<T>, timeoutMs = 60_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error('bench: timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function main() {
  const events = Number(process.env.BENCH_EVENTS ?? 20_000);
  const connectionSets = (process.env.BENCH_CONNECTIONS ?? '32,128').split(',').map(Number);
  // The inbox scenario loads 2,000,000 messages: on the server drivers only, unless asked for.
  const scenarios = (
    process.env.BENCH_SCENARIOS ?? (databaseUrl ? 'ingest,send,inbox' : 'ingest,send')
  ).split(',');
  const database = await createTestDatabase(databaseUrl, 20);
  // Throttling off: the send figure measures the pipeline, not Meta's 80/s default.
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SERVE_WEB: 'false',
    PUBLIC_URL: 'http://127.0.0.1:1',
    SEND_RATE_PER_CHANNEL: '0',
  });
  const logger = createLogger('silent');
  const queue = await createQueue({
    redisUrl,
    database,
    logger,
    prefix: `bench-${randomBytes(3).toString('hex')}`,
  });
  const realtime = createRealtime(redisUrl ? { REDIS_URL: redisUrl } : {}, logger);
  const app = await createApp({
    config,
    logger,
    database,
    encryptor: new Encryptor(randomBytes(32)),
    queue,
    realtime,
  });
  await app.init();
  await app.get(BootstrapService).ensureFirstAdmin();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.getHttpServer().address() as { port: number }).port;
  const meta = await startMeta();
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'admin@gmail.com', password: 'Jesus' },
  });
  const cookie = `conversa_session=${login.cookies.find((c) => c.name === 'conversa_session')!.value}`;
  const channel = (
    await app.inject({
      method: 'POST',
      url: '/api/v1/channels',
      headers: { cookie },
      payload: {
        kind: 'cloud',
        name: 'bench',
        credentials: {
          wabaId: meta.wabaId,
          phoneNumberId: meta.phoneNumberId,
          accessToken: meta.accessToken,
          appSecret: meta.appSecret,
          graphApiBaseUrl: meta.url,
        },
      },
    })
  ).json() as { id: string };

  // Acceptance is measured alone (processing paused), then processing is measured on the stored backlog.
  const processor = app.get(WebhookProcessor);
  let offset = 0;
  for (const connections of scenarios.includes('ingest') ? connectionSets : []) {
    processor.drains.pause(); // acceptance is measured alone
    const stopProfile = await profileStart(`ingest-${connections}`);
    const cpu0 = process.cpuUsage();
    const r = await load([
      port,
      `/webhooks/cloud/${channel.id}`,
      connections,
      events,
      meta.appSecret,
      meta.phoneNumberId,
      meta.wabaId,
      offset,
    ]);
    offset += events;
    const cpu = process.cpuUsage(cpu0);
    await stopProfile?.();
    emit('webhook-ingest', 'accepted_per_s', events / r.seconds, 'events/s', { connections });
    emit('webhook-ingest', 'ack_p50', r.p50, 'ms', { connections });
    emit('webhook-ingest', 'ack_p99', r.p99, 'ms', { connections });
    emit('webhook-ingest', 'server_cpu_per_event', (cpu.user + cpu.system) / 1000 / events, 'ms', {
      connections,
      userMs: Math.round(cpu.user / 10 / events) / 100,
      systemMs: Math.round(cpu.system / 10 / events) / 100,
    });
    if (r.failed) emit('webhook-ingest', 'non_200', r.failed, 'requests', { connections });
    // The load generator shares the two cores: its CPU per request is latency the server does not cause.
    emit('webhook-ingest', 'client_cpu_per_event', r.clientCpuMs / events, 'ms', { connections });
    processor.drains.resume();
    const t0 = performance.now();
    await processor.drain();
    const seconds = (performance.now() - t0) / 1000;
    const [left] = await database.system((tx) =>
      tx
        .select({ n: count() })
        .from(webhookEvents)
        .where(
          and(
            eq(webhookEvents.channelId, channel.id),
            inArray(webhookEvents.state, ['pending', 'processing']),
          ),
        ),
    );
    emit('webhook-ingest', 'applied_per_s', events / seconds, 'events/s', {
      connections,
      pendingAfter: Number(left!.n),
    });
  }
  const [owner] = await database.system((tx) =>
    tx.select({ tenantId: channels.tenantId }).from(channels).where(eq(channels.id, channel.id)),
  );
  const inbox = () =>
    scenarios.includes('inbox')
      ? inboxBench({ app, database, cookie, tenantId: owner!.tenantId, channelId: channel.id, emit })
      : undefined;
  // ---- send pipeline: QUEUED → SENT against the fake Graph API
  if (!scenarios.includes('send')) {
    await inbox();
    return shutdown();
  }
  const sends = Number(process.env.BENCH_SENDS ?? 5000);
  await meta.ask({ webhookUrl: `http://127.0.0.1:${port}/webhooks/cloud/${channel.id}` });
  await app.get(WorkersService).start();
  await meta.ask({ inbound: { text: 'oi', from: '5511987654321' } });
  const conv = await until(async () => {
    const r = await app.inject({
      method: 'GET',
      url: `/api/v1/conversations?channelId=${channel.id}`,
      headers: { cookie },
    });
    return r.json().items[0] as { id: string } | undefined;
  });
  const [first] = await database.system((tx) =>
    tx.select({ tenantId: channels.tenantId }).from(channels).where(eq(channels.id, channel.id)),
  );
  const tenantId = first!.tenantId;
  for (let i = 0; i < sends; i += 1000) {
    await database.tenant(tenantId, (tx) =>
      tx.insert(messages).values(
        Array.from({ length: Math.min(1000, sends - i) }, () => ({
          tenantId,
          conversationId: conv.id,
          channelId: channel.id,
          direction: 'outbound' as const,
          senderType: 'bot' as const,
          type: 'text' as const,
          text: 'Promoção de hoje: 20% off',
          status: 'queued' as const,
        })),
      ),
    );
  }
  const queuedLeft = async () => {
    const [r] = await database.system((tx) =>
      tx
        .select({ n: count() })
        .from(messages)
        .where(and(eq(messages.channelId, channel.id), eq(messages.status, 'queued'))),
    );
    return Number(r!.n);
  };
  const profileStop = await profileStart('send');
  const sendCpu0 = process.cpuUsage();
  const sendStart = performance.now();
  // As a campaign does: the messages are in the table, one wake-up tells the dispatchers.
  await queue.enqueue('message.send', { channelId: channel.id });
  await until(async () => (await queuedLeft()) === 0, 600_000);
  const sendSeconds = (performance.now() - sendStart) / 1000;
  const sendCpu = process.cpuUsage(sendCpu0);
  await profileStop?.();
  const [sentRow] = await database.system((tx) =>
    tx
      .select({ n: count() })
      .from(messages)
      .where(and(eq(messages.channelId, channel.id), eq(messages.status, 'sent'))),
  );
  emit('send-pipeline', 'sent_per_s', sends / sendSeconds, 'msg/s', { sent: Number(sentRow!.n) });
  emit('send-pipeline', 'cpu_per_message', (sendCpu.user + sendCpu.system) / 1000 / sends, 'ms', {
    note: 'server process only; the fake Graph API runs in its own process',
  });

  await inbox();
  return shutdown();

  async function shutdown() {
    await app.get(WorkersService).onApplicationShutdown();
    await app.close();
    await queue.close();
    await realtime.close();
    meta.close();
    await database.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
