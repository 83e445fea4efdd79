import { type FakeGraphApi, startFakeGraphApi } from '@conversa/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORAGE } from '../../common/tokens.ts';
import type { StoragePort } from '../../drivers/storage/storage.port.ts';
import { createTestApp } from '../../test/harness.ts';
import { uploadKey } from './media.types.ts';

// A real 1×1 PNG: what an agent attaches.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('uploading a file to send', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let meta: FakeGraphApi;
  let cookie: string;
  let channelId: string;
  const upload = (body: Buffer, type: string, extra = '') =>
    t.inject({
      method: 'POST',
      url: `/api/v1/channels/${channelId}/media?type=${encodeURIComponent(type)}${extra}`,
      headers: { cookie, 'content-type': 'application/octet-stream', 'accept-language': 'en' },
      payload: body,
    });

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL: 'http://127.0.0.1:1' });
    meta = await startFakeGraphApi({ statusPlan: 'none' });
    const base = await t.listen();
    cookie = await t.login();
    const res = await t.inject({
      method: 'POST',
      url: '/api/v1/channels',
      headers: { cookie },
      payload: {
        kind: 'cloud',
        name: 'Loja',
        credentials: {
          wabaId: meta.wabaId,
          phoneNumberId: meta.phoneNumberId,
          accessToken: meta.accessToken,
          appSecret: meta.appSecret,
          graphApiBaseUrl: meta.url,
        },
      },
    });
    channelId = res.json().id;
    meta.webhookUrl = `${base}/webhooks/cloud/${channelId}`;
  });
  afterAll(async () => {
    await t?.close();
    await meta?.close();
  });

  it('uploads to WhatsApp, sends by the media id, and shows the same file in the conversation', async () => {
    const res = await upload(png, 'image/png', '&filename=pix.png');
    expect(res.statusCode).toBe(201);
    const uploaded = res.json();
    expect(uploaded).toMatchObject({
      kind: 'image',
      mime: 'image/png',
      size: png.length,
      filename: 'pix.png',
    });
    expect(meta.media.get(uploaded.mediaId)?.body.equals(png)).toBe(true);

    await meta.sendInbound({ type: 'text', text: 'manda o comprovante', from: '5511987654321' });
    const conv = await t.until(
      async () =>
        (
          await t.inject({
            method: 'GET',
            url: `/api/v1/conversations?channelId=${channelId}`,
            headers: { cookie },
          })
        ).json().items[0],
      'conversation',
    );
    const sent = await t.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conv.id}/messages`,
      headers: { cookie },
      payload: { type: 'image', mediaId: uploaded.mediaId, caption: 'Seu comprovante' },
    });
    expect(sent.statusCode).toBe(202);
    await t.until(
      async () =>
        meta.sent.find((s) => (s.body.image as { id?: string } | undefined)?.id === uploaded.mediaId),
      'image sent by id',
    );
    const file = await t.inject({
      method: 'GET',
      url: `/api/v1/messages/${sent.json().id}/media`,
      headers: { cookie },
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.rawPayload.equals(png)).toBe(true);
  });

  it('refuses what WhatsApp would refuse, before calling it, with a clear problem', async () => {
    const before = meta.media.size;
    const exe = await upload(Buffer.from('MZ'), 'application/x-msdownload');
    expect(exe.statusCode).toBe(415);
    expect(exe.json()).toMatchObject({ code: 'media-unsupported' });

    const big = await upload(Buffer.alloc(5 * 1024 * 1024 + 1), 'image/jpeg');
    expect(big.statusCode).toBe(413);
    expect(big.json().errors).toContainEqual(expect.objectContaining({ maximum: 5 * 1024 * 1024 }));

    // Past the upload route's own body limit the answer names that limit, not the JSON one.
    const huge = await upload(Buffer.alloc(100 * 1024 * 1024 + 1), 'video/mp4');
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ code: 'body-too-large' });
    expect(huge.json().title).toContain('100 MB');

    const empty = await upload(Buffer.alloc(0), 'image/png');
    expect(empty.statusCode).toBe(422);
    expect(empty.json()).toMatchObject({ code: 'media-empty' });

    const noType = await t.inject({
      method: 'POST',
      url: `/api/v1/channels/${channelId}/media`,
      headers: { cookie, 'content-type': 'application/octet-stream' },
      payload: png,
    });
    expect(noType.statusCode).toBe(422);
    expect(noType.json().errors).toContainEqual(expect.objectContaining({ path: 'type' }));
    expect(meta.media.size).toBe(before);
  });

  it('says in plain words when WhatsApp refuses the file', async () => {
    meta.failNext(1, { status: 400, code: 131053, message: 'Media upload error' });
    const res = await upload(png, 'image/png');
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('provider-refused');
    expect(res.json().title).toMatch(/^WhatsApp \(Meta\) refused the request: (?!channels\.)/);
  });

  it('an erased contact takes the files sent only to them; a file also sent to someone else stays', async () => {
    const conversationOf = (phone: string) =>
      t.until(async () => {
        const items = (
          await t.inject({
            method: 'GET',
            url: `/api/v1/conversations?channelId=${channelId}`,
            headers: { cookie },
          })
        ).json().items as { id: string; contact: { id: string; phone: string } }[];
        return items.find((c) => c.contact.phone === `+${phone}`);
      }, `conversation of ${phone}`);
    const sendImage = async (conversationId: string, mediaId: string) => {
      const sent = await t.inject({
        method: 'POST',
        url: `/api/v1/conversations/${conversationId}/messages`,
        headers: { cookie },
        payload: { type: 'image', mediaId },
      });
      expect(sent.statusCode).toBe(202);
      return sent.json().id as string;
    };
    const media = (messageId: string) =>
      t.inject({ method: 'GET', url: `/api/v1/messages/${messageId}/media`, headers: { cookie } });

    await meta.sendInbound({ type: 'text', text: 'oi, sou a Lia', from: '5511911112222' });
    await meta.sendInbound({ type: 'text', text: 'oi, sou o Rui', from: '5511933334444' });
    const lia = await conversationOf('5511911112222');
    const rui = await conversationOf('5511933334444');
    const priceList = (await upload(png, 'image/png', '&filename=precos.png')).json().mediaId as string;
    const liasDocument = (await upload(Buffer.concat([png, Buffer.from('lia')]), 'image/png')).json()
      .mediaId as string;
    const toLia = await sendImage(lia.id, priceList);
    const liasOwn = await sendImage(lia.id, liasDocument);
    const toRui = await sendImage(rui.id, priceList);
    for (const id of [toLia, liasOwn, toRui]) expect((await media(id)).statusCode).toBe(200);

    const erased = await t.inject({
      method: 'DELETE',
      url: `/api/v1/contacts/${lia.contact.id}`,
      headers: { cookie },
    });
    expect(erased.statusCode).toBe(200);
    expect(erased.json().mediaFilesDeleted).toBe(1);
    // Rui's copy of the shared price list is still there, byte for byte.
    const kept = await media(toRui);
    expect(kept.statusCode).toBe(200);
    expect(kept.rawPayload.equals(png)).toBe(true);
    // Lia's messages keep no file, and the document sent only to her is gone from storage.
    expect((await media(liasOwn)).statusCode).toBe(404);
    const storage = t.app.get(STORAGE) as StoragePort;
    const tenantId = (await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).json()
      .tenant.id as string;
    expect(await storage.exists(uploadKey(tenantId, channelId, liasDocument))).toBe(false);
    expect(await storage.exists(uploadKey(tenantId, channelId, priceList))).toBe(true);
  });
});
