import { channels, messages } from '@conversa/db';
import { type FakeGraphApi, startFakeGraphApi } from '@conversa/testkit';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG, DATABASE, LOGGER, QUEUE, REALTIME } from '../../common/tokens.ts';
import { createTestApp } from '../../test/harness.ts';
import { ChannelAdapters } from '../channels/channel-adapters.ts';
import { SendDispatcher, STUCK_MS } from './send-dispatcher.service.ts';

describe('send dispatcher: the messages table as the send queue', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let meta: FakeGraphApi;
  let cookie: string;
  let channelId: string;
  let conversationId: string;
  const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
    t.inject({ method, url, payload, headers: { cookie } });

  /** Puts `n` outbound messages straight into the queue, as a campaign does. */
  async function enqueue(n: number, label: string, extra: Partial<typeof messages.$inferInsert> = {}) {
    const rows = await t.database.tenant(t.firstTenantId, (tx) =>
      tx
        .insert(messages)
        .values(
          Array.from({ length: n }, (_, i) => ({
            tenantId: t.firstTenantId,
            conversationId,
            channelId,
            direction: 'outbound' as const,
            senderType: 'bot' as const,
            type: 'text' as const,
            text: `${label} ${i}`,
            status: 'queued' as const,
            ...extra,
          })),
        )
        .returning(),
    );
    return rows.map((r) => r.id);
  }
  const rowsOf = (ids: string[]) =>
    t.database.tenant(t.firstTenantId, (tx) => tx.select().from(messages).where(inArray(messages.id, ids)));
  const sentBodies = (label: string) =>
    meta.sent.filter((s) => String((s.body.text as { body?: string })?.body ?? '').startsWith(`${label} `));

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL: 'http://127.0.0.1:1', SEND_RATE_PER_CHANNEL: '0' });
    meta = await startFakeGraphApi({ statusPlan: 'none' });
    const base = await t.listen();
    cookie = await t.login();
    const res = await api('POST', '/api/v1/channels', {
      kind: 'cloud',
      name: 'Campanhas',
      credentials: {
        wabaId: meta.wabaId,
        phoneNumberId: meta.phoneNumberId,
        accessToken: meta.accessToken,
        appSecret: meta.appSecret,
        graphApiBaseUrl: meta.url,
      },
    });
    channelId = res.json().id;
    meta.webhookUrl = `${base}/webhooks/cloud/${channelId}`;
    await meta.sendInbound({ type: 'text', text: 'quero a promoção', from: '5511987654321' });
    conversationId = (
      await t.until(
        async () => (await api('GET', `/api/v1/conversations?channelId=${channelId}`)).json().items[0],
        'conversation',
      )
    ).id;
  });
  afterAll(async () => {
    await t?.close();
    await meta?.close();
  });

  it('sends every message exactly once while three dispatchers drain the same queue', async () => {
    const ids = await enqueue(300, 'lote');
    // The worker's own dispatcher plus two more, as if three worker processes were running.
    const make = () =>
      new SendDispatcher(
        t.app.get(DATABASE),
        t.app.get(LOGGER),
        t.app.get(QUEUE),
        t.app.get(REALTIME),
        t.app.get(ChannelAdapters),
        t.app.get(CONFIG),
      );
    const others = [make(), make()];
    t.app.get(SendDispatcher).kick();
    for (const d of others) d.kick();
    await t.until(async () => (await rowsOf(ids)).every((m) => m.status === 'sent'), 'all 300 sent', 60_000);
    await Promise.all(others.map((d) => d.idle()));
    const bodies = sentBodies('lote').map((s) => (s.body.text as { body: string }).body);
    expect(bodies).toHaveLength(300);
    expect(new Set(bodies).size).toBe(300);
    const rows = await rowsOf(ids);
    expect(new Set(rows.map((m) => m.providerMessageId)).size).toBe(300);
  });

  it('never resends a message whose sender died mid-call: it fails as send-unknown', async () => {
    const [id] = await enqueue(1, 'órfã', { sendingAt: new Date(Date.now() - STUCK_MS - 1000) });
    expect(await t.app.get(SendDispatcher).recoverStuck()).toBeGreaterThanOrEqual(1);
    const [row] = await rowsOf([id!]);
    expect(row).toMatchObject({
      status: 'failed',
      error: { code: 'send-unknown', reason: 'channels.errors.sendUnknown' },
    });
    expect(sentBodies('órfã')).toHaveLength(0);
  });

  it('keeps each channel within its rate, across dispatchers (token bucket in the database)', async () => {
    await t.database.system((tx) =>
      tx.update(channels).set({ sendRatePerSecond: 5 }).where(eq(channels.id, channelId)),
    );
    const ids = await enqueue(16, 'ritmo');
    t.app.get(SendDispatcher).kick();
    await t.until(
      async () => (await rowsOf(ids)).every((m) => m.status === 'sent'),
      '16 sent at 5/s',
      30_000,
    );
    // Claim times (sendingAt): a bucket of 5 refilled at 5/s never lets 11 go within one second.
    const claims = (await rowsOf(ids)).map((m) => m.sendingAt!.getTime()).sort((a, b) => a - b);
    for (let i = 0; i + 10 < claims.length; i++)
      expect(claims[i + 10]! - claims[i]!).toBeGreaterThanOrEqual(1000);
    expect(sentBodies('ritmo')).toHaveLength(16);
    await t.database.system((tx) =>
      tx.update(channels).set({ sendRatePerSecond: null }).where(eq(channels.id, channelId)),
    );
  });

  it('waits out a retryable error and sends later; the attempt count is kept', async () => {
    meta.failNext(2, { status: 503, code: 2, message: 'Service temporarily unavailable' });
    const [id] = await enqueue(1, 'depois');
    t.app.get(SendDispatcher).kick();
    const row = await t.until(
      async () => (await rowsOf([id!])).find((m) => m.status === 'sent'),
      'sent after two retries',
      30_000,
    );
    expect(row.sendAttempts).toBe(2);
    expect(sentBodies('depois')).toHaveLength(1);
    const [again] = await t.database.tenant(t.firstTenantId, (tx) =>
      tx
        .select()
        .from(messages)
        .where(and(eq(messages.id, id!), eq(messages.status, 'sent'))),
    );
    expect(again?.providerMessageId).toBeTruthy();
  });
});
