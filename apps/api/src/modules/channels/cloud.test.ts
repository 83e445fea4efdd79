import { webhookEvents } from '@conversa/db';
import { type FakeGraphApi, startFakeGraphApi } from '@conversa/testkit';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/harness.ts';
import { nextStatus } from './inbound.service.ts';

describe('status order', () => {
  it('only moves forward; failed never overrides a delivery', () => {
    expect(nextStatus('queued', 'sent')).toBe('sent');
    expect(nextStatus('sent', 'read')).toBe('read');
    expect(nextStatus('read', 'delivered')).toBeNull();
    expect(nextStatus('delivered', 'delivered')).toBeNull();
    expect(nextStatus('sent', 'failed')).toBe('failed');
    expect(nextStatus('delivered', 'failed')).toBeNull();
    expect(nextStatus('failed', 'read')).toBeNull();
  });
});

describe('Cloud API channel against the fake Graph API', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let meta: FakeGraphApi;
  let cookie: string;
  let base: string;
  let channel: { id: string; webhookUrl: string; verifyToken: string };
  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.inject({ method, url, payload, headers: { cookie } });
  const conversation = async () =>
    (await api('GET', `/api/v1/conversations?channelId=${channel.id}`)).json().items[0];
  const messagesOf = async (id: string) =>
    (await api('GET', `/api/v1/conversations/${id}/messages?limit=200`)).json().items;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL: 'http://127.0.0.1:1' });
    meta = await startFakeGraphApi({ statusGapMs: 5 });
    base = await t.listen();
    cookie = await t.login();
    const res = await api('POST', '/api/v1/channels', {
      kind: 'cloud',
      name: 'Loja',
      credentials: {
        wabaId: meta.wabaId,
        phoneNumberId: meta.phoneNumberId,
        accessToken: meta.accessToken,
        appSecret: meta.appSecret,
        graphApiBaseUrl: meta.url,
      },
    });
    expect(res.statusCode).toBe(201);
    channel = res.json();
    meta.webhookUrl = `${base}/webhooks/cloud/${channel.id}`;
  });
  afterAll(async () => {
    await t?.close();
    await meta?.close();
  });

  it('validates the credentials live, shows the webhook URL and verify token, never the secrets', async () => {
    const c = (await api('GET', `/api/v1/channels/${channel.id}`)).json();
    expect(c.webhookUrl).toBe(`http://127.0.0.1:1/webhooks/cloud/${channel.id}`);
    expect(c.verifyToken).toEqual(expect.any(String));
    expect(c.health).toMatchObject({ ok: true, tokenPermanent: true });
    expect(c.displayPhone).toBeTruthy();
    expect(c.status).toBe('pending'); // the webhook is not verified yet
    expect(JSON.stringify(c)).not.toContain(meta.accessToken);
    expect(JSON.stringify(c)).not.toContain(meta.appSecret);
  });

  it('answers Meta’s handshake only with the right verify token, and then counts as verified', async () => {
    const bad = await t.inject({
      method: 'GET',
      url: `/webhooks/cloud/${channel.id}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=123`,
    });
    expect(bad.statusCode).toBe(403);
    const ok = await t.inject({
      method: 'GET',
      url: `/webhooks/cloud/${channel.id}?hub.mode=subscribe&hub.verify_token=${channel.verifyToken}&hub.challenge=8675309`,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('8675309');
    const c = (await api('GET', `/api/v1/channels/${channel.id}`)).json();
    expect(c.status).toBe('connected');
    expect(c.checklist.find((s: { step: string }) => s.step === 'webhook-verified').state).toBe('ok');
  });

  it('stores each inbound type once, matching the Brazilian number with and without the ninth digit', async () => {
    const first = await meta.sendInbound({
      type: 'text',
      text: 'Oi',
      from: '5511987654321',
      profileName: 'João',
      referral: true,
    });
    expect(first.status).toBe(200);
    // WhatsApp may identify the same person without the ninth digit.
    await meta.sendInbound({
      type: 'location',
      latitude: -23.55,
      longitude: -46.63,
      name: 'Loja Centro',
      from: '551187654321',
    });
    await meta.sendInbound({ type: 'button_reply', replyId: 'buy', title: 'Comprar', from: '5511987654321' });
    await meta.sendInbound({
      type: 'reaction',
      targetId: first.messageId,
      emoji: '👍',
      from: '5511987654321',
    });
    await meta.sendInbound({
      type: 'image',
      caption: 'foto',
      mimeType: 'image/jpeg',
      body: Buffer.from('jpg'),
      from: '5511987654321',
    });
    await meta.sendInbound({ type: 'unsupported', from: '5511987654321' });
    // Meta redelivers the same bytes after a slow answer: nothing doubles.
    await meta.deliverWebhook(first.raw);
    const conv = await t.until(async () => {
      const c = await conversation();
      return c && (await messagesOf(c.id)).length >= 6 ? c : null;
    }, 'six inbound messages');
    const items = await messagesOf(conv.id);
    expect(items.map((m: { type: string }) => m.type)).toEqual([
      'text',
      'location',
      'interactive',
      'reaction',
      'image',
      'unsupported',
    ]);
    expect(items.map((m: { text: string }) => m.text).slice(0, 3)).toEqual([
      'Oi',
      expect.stringContaining('Loja Centro'),
      'Comprar',
    ]);
    expect(items[3].replyTo).toBe(items[0].id);
    expect(conv.contact).toMatchObject({ name: 'João', phone: '+5511987654321' });
    expect(
      (await api('GET', '/api/v1/conversations'))
        .json()
        .items.filter((c: { channelId: string }) => c.channelId === channel.id),
    ).toHaveLength(1);
  });

  it('sends a reply and applies out-of-order and duplicated statuses to end at read', async () => {
    meta.nextStatuses('out-of-order');
    const conv = await conversation();
    const sent = await api('POST', `/api/v1/conversations/${conv.id}/messages`, {
      type: 'text',
      text: 'Olá João',
    });
    expect(sent.statusCode).toBe(202);
    const final = await t.until(
      async () =>
        (await messagesOf(conv.id)).find(
          (m: { id: string; status: string }) => m.id === sent.json().id && m.status === 'read',
        ),
      'read',
    );
    expect(final.providerMessageId).toMatch(/^wamid\./);
    await meta.settle();
    const fakeSent = meta.sent.at(-1)!;
    // Replies go to the id WhatsApp knows the customer by.
    expect(JSON.stringify(fakeSent)).toContain('Olá João');
    // A late "delivered" after "read" changes nothing.
    await meta.sendStatus(final.providerMessageId, 'delivered');
    await meta.sendStatus(final.providerMessageId, 'sent');
    await t.until(async () => true);
    expect((await messagesOf(conv.id)).find((m: { id: string }) => m.id === final.id).status).toBe('read');
  });

  it('applies a status that arrives before the send call returned', async () => {
    meta.nextStatuses('none');
    meta.statusBeforeResponse('delivered');
    const conv = await conversation();
    const sent = (
      await api('POST', `/api/v1/conversations/${conv.id}/messages`, { type: 'text', text: 'rápido' })
    ).json();
    const done = await t.until(
      async () =>
        (await messagesOf(conv.id)).find(
          (m: { id: string; status: string }) => m.id === sent.id && m.status === 'delivered',
        ),
      'delivered via the early status',
    );
    expect(done.deliveredAt).toBeTruthy();
    const early = meta.webhooks.find(
      (w) => w.raw.includes(done.providerMessageId) && w.raw.includes('"delivered"'),
    );
    expect(early?.status).toBe(200);
  });

  it('retries a 429 with backoff and then sends; marks a permanent error failed with its reason', async () => {
    const conv = await conversation();
    meta.failNext(1, { status: 429, code: 130429, message: 'Rate limit hit' });
    const retried = (
      await api('POST', `/api/v1/conversations/${conv.id}/messages`, { type: 'text', text: 'depois do 429' })
    ).json();
    const ok = await t.until(
      async () =>
        (await messagesOf(conv.id)).find(
          (m: { id: string; status: string }) => m.id === retried.id && m.status !== 'queued',
        ),
      'sent after retry',
    );
    expect(['sent', 'delivered', 'read']).toContain(ok.status);

    meta.failNext(1, { status: 400, code: 131026, message: 'Message undeliverable' });
    const bad = (
      await api('POST', `/api/v1/conversations/${conv.id}/messages`, { type: 'text', text: 'não entregável' })
    ).json();
    const failed = await t.until(
      async () =>
        (await messagesOf(conv.id)).find(
          (m: { id: string; status: string }) => m.id === bad.id && m.status === 'failed',
        ),
      'failed',
    );
    expect(failed.error).toEqual({ code: 'undeliverable', reason: 'channels.errors.undeliverable' });
  });

  it('marks the channel unhealthy when the token expires', async () => {
    meta.expireToken();
    const conv = await conversation();
    const m = (
      await api('POST', `/api/v1/conversations/${conv.id}/messages`, { type: 'text', text: 'token?' })
    ).json();
    const failed = await t.until(
      async () =>
        (await messagesOf(conv.id)).find(
          (x: { id: string; status: string }) => x.id === m.id && x.status === 'failed',
        ),
      'failed',
    );
    expect(failed.error.code).toBe('token-expired');
    const c = (await api('GET', `/api/v1/channels/${channel.id}`)).json();
    expect(c).toMatchObject({
      status: 'unhealthy',
      lastError: { code: 'token-expired', reason: 'channels.errors.tokenExpired' },
    });
    // The admins are told, in the app (the bell), with the reason and where to fix it.
    const notices = (await api('GET', '/api/v1/notifications?unread=true')).json();
    expect(notices.items).toContainEqual(
      expect.objectContaining({
        kind: 'channel.unhealthy',
        params: expect.objectContaining({ reasonKey: 'channels.errors.tokenExpired' }),
        link: `/channels/${channel.id}`,
      }),
    );
  });

  it('refuses a forged Meta webhook and stores nothing', async () => {
    const res = await t.inject({
      method: 'POST',
      url: `/webhooks/cloud/${channel.id}`,
      payload: '{"object":"whatsapp_business_account","entry":[]}',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
    });
    expect(res.statusCode).toBe(401);
  });

  it('answers webhooks over HTTP on the fast path: stored once, problems for the rest, nothing stored from them', async () => {
    const stored = async () =>
      (
        await t.database.system((tx) =>
          tx
            .select({ id: webhookEvents.id })
            .from(webhookEvents)
            .where(eq(webhookEvents.channelId, channel.id)),
        )
      ).length;
    const before = await stored();
    const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'accept-language': 'en', ...headers },
      });
    const forged = await post(`/webhooks/cloud/${channel.id}`, '{"entry":[]}', {
      'x-hub-signature-256': `sha256=${'1'.repeat(64)}`,
      'x-request-id': 'meta-retry-7',
    });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(forged.headers.get('x-request-id')).toBe('meta-retry-7');
    expect((await forged.json()) as object).toMatchObject({
      code: 'invalid-signature',
      requestId: 'meta-retry-7',
    });

    const unknown = await post('/webhooks/cloud/0190a000-0000-7000-8000-000000000000', '{}');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { code: string }).code).toBe('not-found');

    const huge = await post(`/webhooks/cloud/${channel.id}`, Buffer.alloc(2 * 1024 * 1024, 0x20));
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { code: string }).code).toBe('body-too-large');
    expect(await stored()).toBe(before);

    // A signed delivery, twice (Meta redelivers): 200 both times, one row.
    const payload = { object: 'whatsapp_business_account', entry: [{ id: meta.wabaId, changes: [] }] };
    expect((await meta.deliverWebhook(payload)).status).toBe(200);
    expect((await meta.deliverWebhook(payload)).status).toBe(200);
    expect(await stored()).toBe(before + 1);
  });
});
