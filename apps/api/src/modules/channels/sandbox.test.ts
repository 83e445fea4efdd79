import { webhookEvents } from '@conversa/db';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/harness.ts';

describe('sandbox channel: simulate a customer, answer, watch the ticks', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let cookie: string;
  let sandboxId: string;
  const api = (method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) =>
    t.inject({ method, url, payload, headers: { cookie, ...headers } });

  beforeAll(async () => {
    t = await createTestApp();
    cookie = await t.login();
    const list = (await api('GET', '/api/v1/channels')).json();
    sandboxId = list.items.find((c: { kind: string }) => c.kind === 'sandbox')?.id;
  });
  afterAll(() => t?.close());

  it('gives the first tenant a connected sandbox channel with its checklist', async () => {
    const c = (await api('GET', `/api/v1/channels/${sandboxId}`)).json();
    expect(c).toMatchObject({ kind: 'sandbox', status: 'connected', webhookUrl: null, verifyToken: null });
    expect(c.checklist.map((s: { step: string; state: string }) => `${s.step}:${s.state}`)).toEqual([
      'credentials:ok',
      'permanent-token:ok',
      'webhook-verified:ok',
      'first-event:pending',
      'round-trip:pending',
    ]);
    expect(JSON.stringify(c)).not.toContain('credentials":{');
  });

  it('turns a simulated customer message into contact, conversation, ticket and message, live', async () => {
    const seen: string[] = [];
    const unsubscribe = t.realtime.subscribe(t.firstTenantId, (e) => seen.push(e.type));
    const res = await api('POST', `/api/v1/channels/${sandboxId}/simulate`, {
      from: '(11) 98765-4321',
      name: 'Maria',
      text: 'Olá, quero saber o preço',
    });
    expect(res.statusCode).toBe(202);
    const conv = await t.until(
      async () => (await api('GET', `/api/v1/conversations?channelId=${sandboxId}`)).json().items[0],
      'conversation',
    );
    expect(conv).toMatchObject({
      contact: { name: 'Maria', phone: '+5511987654321' },
      unreadCount: 1,
      lastMessage: {
        direction: 'inbound',
        senderType: 'contact',
        text: 'Olá, quero saber o preço',
        status: 'received',
      },
      ticket: { status: 'OPEN' },
    });
    expect(new Date(conv.windowExpiresAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    await t.until(
      async () => seen.includes('message.created') && seen.includes('conversation.updated'),
      'realtime events',
    );
    unsubscribe();
  });

  it('sends a reply that goes queued → sent → delivered → read, once per Idempotency-Key', async () => {
    const conv = (await api('GET', `/api/v1/conversations?channelId=${sandboxId}`)).json().items[0];
    const first = await api(
      'POST',
      `/api/v1/conversations/${conv.id}/messages`,
      { type: 'text', text: 'Oi Maria! Custa R$ 99' },
      { 'idempotency-key': 'reply-1' },
    );
    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({ direction: 'outbound', senderType: 'agent', status: 'queued' });
    const again = await api(
      'POST',
      `/api/v1/conversations/${conv.id}/messages`,
      { type: 'text', text: 'Oi Maria! Custa R$ 99' },
      { 'idempotency-key': 'reply-1' },
    );
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const read = await t.until(async () => {
      const items = (await api('GET', `/api/v1/conversations/${conv.id}/messages`)).json().items;
      return items.find(
        (m: { id: string; status: string }) => m.id === first.json().id && m.status === 'read',
      );
    }, 'read receipt');
    expect(read.providerMessageId).toMatch(/^sandbox\./);
    expect(read.sentAt && read.deliveredAt && read.readAt).toBeTruthy();
    const messages = (await api('GET', `/api/v1/conversations/${conv.id}/messages`)).json().items;
    expect(messages.filter((m: { direction: string }) => m.direction === 'outbound')).toHaveLength(1);
    const c = (await api('GET', `/api/v1/channels/${sandboxId}`)).json();
    expect(c.checklist.every((s: { state: string }) => s.state === 'ok')).toBe(true);
    expect(c.lastInboundAt).not.toBeNull();
    expect(c.eventsLastHour).toBeGreaterThanOrEqual(3);
  });

  it('refuses free text outside the 24-hour window, to opted-out contacts and bad input', async () => {
    const conv = (await api('GET', `/api/v1/conversations?channelId=${sandboxId}`)).json().items[0];
    await t.database.system((tx) =>
      tx.execute(
        `update conversations set last_inbound_at = now() - interval '25 hours' where id = '${conv.id}'` as never,
      ),
    );
    const closed = await api('POST', `/api/v1/conversations/${conv.id}/messages`, {
      type: 'text',
      text: 'Ainda aí?',
    });
    expect(closed.json()).toMatchObject({ status: 422, code: 'window-closed', errors: [{ path: 'type' }] });
    await t.database.system((tx) =>
      tx.execute(`update conversations set last_inbound_at = now() where id = '${conv.id}'` as never),
    );
    await t.database.system((tx) =>
      tx.execute(`update contacts set consent = 'opted_out' where id = '${conv.contact.id}'` as never),
    );
    expect(
      (await api('POST', `/api/v1/conversations/${conv.id}/messages`, { type: 'text', text: 'x' })).json(),
    ).toMatchObject({ status: 422, code: 'opted-out' });
    expect(
      (await api('POST', `/api/v1/conversations/${conv.id}/messages`, { type: 'text', text: '' })).statusCode,
    ).toBe(422);
    expect(
      (await api('POST', `/api/v1/channels/${sandboxId}/simulate`, { from: '123', text: 'x' })).json(),
    ).toMatchObject({ status: 422 });
    expect(
      (
        await api('POST', '/api/v1/conversations/00000000-0000-7000-8000-000000000000/messages', {
          type: 'text',
          text: 'x',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('stores a redelivered webhook once and refuses a forged one without storing it', async () => {
    const before = await t.database.system((tx) => tx.select({ n: count() }).from(webhookEvents));
    const body = Buffer.from(
      JSON.stringify({
        type: 'message',
        id: 'dup-1',
        from: '+5511911112222',
        text: 'oi',
        timestamp: Date.now(),
      }),
    );
    const forged = await t.inject({
      method: 'POST',
      url: `/webhooks/sandbox/${sandboxId}`,
      payload: body,
      headers: { 'content-type': 'application/json', 'x-sandbox-signature': 'a'.repeat(64) },
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ code: 'invalid-signature' });
    const unsigned = await t.inject({
      method: 'POST',
      url: `/webhooks/sandbox/${sandboxId}`,
      payload: 'garbage',
      headers: { 'content-type': 'text/plain' },
    });
    expect(unsigned.statusCode).toBe(401);
    const unknown = await t.inject({
      method: 'POST',
      url: '/webhooks/sandbox/00000000-0000-7000-8000-000000000000',
      payload: body,
      headers: { 'content-type': 'application/json' },
    });
    expect(unknown.statusCode).toBe(404);
    const after = await t.database.system((tx) => tx.select({ n: count() }).from(webhookEvents));
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});
