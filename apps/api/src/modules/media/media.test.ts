import { createHash, randomBytes } from 'node:crypto';
import { type FakeGraphApi, startFakeGraphApi } from '@conversa/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/harness.ts';
import { DownloadMediaJob } from './jobs/download-media.job.ts';

type Message = { id: string; type: string; text: string; media: Record<string, unknown> | null };

describe('inbound media: downloaded into storage after commit, served back per tenant', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let meta: FakeGraphApi;
  let cookie: string;
  let channelId: string;
  const api = (method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) =>
    t.inject({ method, url, payload, headers: { cookie, ...headers } });
  /** Waits for the inbound message with this provider id and returns it. */
  const inboundMessage = async (providerMessageId: string, ready?: (m: Message) => boolean) =>
    t.until(async () => {
      const conv = (await api('GET', `/api/v1/conversations?channelId=${channelId}`)).json().items[0];
      if (!conv) return null;
      const items: (Message & { providerMessageId: string })[] = (
        await api('GET', `/api/v1/conversations/${conv.id}/messages?limit=200`)
      ).json().items;
      const m = items.find((x) => x.providerMessageId === providerMessageId);
      return m && (!ready || ready(m)) ? m : null;
    }, `message ${providerMessageId}`);

  beforeAll(async () => {
    t = await createTestApp();
    meta = await startFakeGraphApi({ statusGapMs: 5 });
    const base = await t.listen();
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
    channelId = res.json().id;
    meta.webhookUrl = `${base}/webhooks/cloud/${channelId}`;
  });
  afterAll(async () => {
    await t?.close();
    await meta?.close();
  });

  it('stores the image under the tenant and serves it with its type, size and digest', async () => {
    const seen: { type: string; data: unknown }[] = [];
    const unsubscribe = t.realtime.subscribe(t.firstTenantId, (e) => seen.push(e));
    const bytes = randomBytes(2048);
    const sent = await meta.sendInbound({
      type: 'image',
      caption: 'meu pedido',
      mimeType: 'image/jpeg',
      body: bytes,
    });
    const m = await inboundMessage(sent.messageId, (x) => Boolean(x.media?.storageKey));
    expect(m.media).toMatchObject({
      storageKey: `tenants/${t.firstTenantId}/media/${m.id}.jpg`,
      mime: 'image/jpeg',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    expect(await t.storage.exists(m.media!.storageKey as string)).toBe(true);
    const res = await api('GET', `/api/v1/messages/${m.id}/media`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.rawPayload.equals(bytes)).toBe(true);
    await t.until(
      async () =>
        seen.find(
          (e) =>
            e.type === 'message.updated' &&
            (e.data as { message: Message }).message.id === m.id &&
            (e.data as { message: Message }).message.media?.storageKey,
        ),
      'message.updated event',
    );
    unsubscribe();
  });

  it('answers 409 media-pending while the download runs, then the file; documents come as attachments', async () => {
    // Meta's media endpoint is slow this time.
    meta.delayNext(1500);
    const bytes = Buffer.from('%PDF-1.4 catálogo');
    const sent = await meta.sendInbound({
      type: 'document',
      mimeType: 'application/vnd.ms-excel',
      filename: 'preços.xls',
      body: bytes,
    });
    const m = await inboundMessage(sent.messageId);
    const pending = await api('GET', `/api/v1/messages/${m.id}/media`);
    expect(pending.statusCode).toBe(409);
    expect(pending.json()).toMatchObject({ code: 'media-pending' });
    expect(pending.headers['retry-after']).toBe('2');
    const ok = await t.until(async () => {
      const r = await api('GET', `/api/v1/messages/${m.id}/media`);
      return r.statusCode === 200 ? r : null;
    }, 'media served');
    expect(ok.headers['content-type']).toBe('application/vnd.ms-excel');
    expect(ok.headers['content-disposition']).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent('preços.xls')}`,
    );
    expect(ok.rawPayload.equals(bytes)).toBe(true);
  });

  it('refuses files over the size cap with a clear reason', async () => {
    const job = t.app.get(DownloadMediaJob);
    job.maxBytes = 1000;
    try {
      const sent = await meta.sendInbound({ type: 'video', mimeType: 'video/mp4', body: randomBytes(1001) });
      const m = await inboundMessage(sent.messageId, (x) => Boolean(x.media?.error));
      expect(m.media).toMatchObject({
        size: 1001,
        error: { code: 'media-too-large', reason: 'channels.errors.mediaTooLarge' },
      });
      expect(m.media?.storageKey).toBeUndefined();
      // Meta announced the size, so the file itself was never fetched.
      const mediaId = m.media?.mediaId;
      expect(meta.requests.some((r) => r.path.endsWith(`/${mediaId}`))).toBe(true);
      expect(meta.requests.some((r) => r.query.mid === mediaId)).toBe(false);
      const res = await api('GET', `/api/v1/messages/${m.id}/media`);
      expect(res.json()).toMatchObject({ status: 409, code: 'media-failed' });
      expect(res.json().detail).toContain('100 MB');
    } finally {
      job.maxBytes = 100 * 1024 * 1024;
    }
  });

  it('keeps each tenant’s files to itself and needs a sign-in', async () => {
    const sent = await meta.sendInbound({ type: 'audio', mimeType: 'audio/ogg', body: randomBytes(300) });
    const m = await inboundMessage(sent.messageId, (x) => Boolean(x.media?.storageKey));
    const created = await api('POST', '/api/v1/tenants', {
      name: 'Outra Loja',
      owner: { email: 'dona@outra.example', password: 'uma senha bem longa 123' },
    });
    expect(created.statusCode).toBe(201);
    const other = await t.login('dona@outra.example', 'uma senha bem longa 123');
    const foreign = await t.inject({
      method: 'GET',
      url: `/api/v1/messages/${m.id}/media`,
      headers: { cookie: other },
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ code: 'not-found' });
    const anonymous = await t.inject({ method: 'GET', url: `/api/v1/messages/${m.id}/media` });
    expect(anonymous.statusCode).toBe(401);
    expect((await api('GET', '/api/v1/messages/00000000-0000-7000-8000-000000000000/media')).statusCode).toBe(
      404,
    );
    expect((await api('GET', '/api/v1/messages/not-an-id/media')).statusCode).toBe(422);
  });

  it('answers 404 for a message without media', async () => {
    const sent = await meta.sendInbound({ type: 'text', text: 'só texto' });
    const m = await inboundMessage(sent.messageId);
    const res = await api('GET', `/api/v1/messages/${m.id}/media`);
    expect(res.json()).toMatchObject({ status: 404, code: 'not-found' });
  });
});
