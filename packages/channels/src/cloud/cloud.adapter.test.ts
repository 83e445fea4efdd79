import { createHash, createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type FakeGraphApi,
  type FakeGraphApiOptions,
  type FakeInbound,
  startFakeGraphApi,
  startWebhookReceiver,
  type WebhookReceiver,
} from '@conversa/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CanonicalEvent,
  canonicalEventSchema,
  type MessageReceived,
  type MessageStatus,
  type OutboundMessage,
} from '../canonical.ts';
import type { ChannelLogger } from '../channel.ts';
import { ProviderError } from '../provider-error.ts';
import { type CloudCredentials, createCloudAdapter, verifyHandshake } from './cloud.adapter.ts';

interface Setup {
  graph: FakeGraphApi;
  receiver: WebhookReceiver;
  credentials: CloudCredentials;
  adapter: ReturnType<typeof createCloudAdapter>;
  logs: { fields: object; message: string }[];
}

describe('cloud adapter against the fake Graph API', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((c) => c()));
  });

  async function setup(options: FakeGraphApiOptions = {}, timeoutMs?: number): Promise<Setup> {
    const receiver = await startWebhookReceiver();
    const graph = await startFakeGraphApi({ webhookUrl: receiver.url, statusPlan: 'none', ...options });
    closers.push(
      () => graph.close(),
      () => receiver.close(),
    );
    const credentials: CloudCredentials = {
      wabaId: graph.wabaId,
      phoneNumberId: graph.phoneNumberId,
      accessToken: graph.accessToken,
      appSecret: graph.appSecret,
      appId: graph.appId,
      graphApiBaseUrl: graph.url,
    };
    const logs: Setup['logs'] = [];
    const logger: ChannelLogger = {
      debug: (fields, message) => logs.push({ fields, message }),
      warn: (fields, message) => logs.push({ fields, message }),
    };
    const adapter = createCloudAdapter(credentials, { logger, ...(timeoutMs ? { timeoutMs } : {}) });
    return { graph, receiver, credentials, adapter, logs };
  }

  /** Runs `fn`, expects a ProviderError, returns it. */
  async function failure(fn: () => Promise<unknown>): Promise<ProviderError> {
    try {
      await fn();
    } catch (err) {
      expect(err).toBeInstanceOf(ProviderError);
      return err as ProviderError;
    }
    return expect.unreachable('expected a ProviderError');
  }

  const received = (s: Setup, i: number): CanonicalEvent[] => {
    const r = s.receiver.received[i]!;
    expect(s.adapter.verifyWebhook(r.raw, r.headers)).toBe(true);
    const events = s.adapter.parseWebhook(r.raw, r.headers);
    for (const e of events) expect(canonicalEventSchema.safeParse(e).success).toBe(true);
    return events;
  };

  describe('send: every outbound type reaches Meta in its shape', () => {
    const to = '+55 11 98765-4321';
    const cases: [string, OutboundMessage, Record<string, unknown>][] = [
      [
        'text with preview, as a reply',
        {
          to,
          type: 'text',
          body: 'Olá, Maria! https://loja.example',
          previewUrl: true,
          replyToProviderId: 'wamid.Q',
        },
        {
          type: 'text',
          text: { body: 'Olá, Maria! https://loja.example', preview_url: true },
          context: { message_id: 'wamid.Q' },
        },
      ],
      [
        'image by link',
        { to, type: 'image', link: 'https://cdn.example/p.jpg', caption: 'Produto' },
        { type: 'image', image: { link: 'https://cdn.example/p.jpg', caption: 'Produto' } },
      ],
      [
        'video by link',
        { to, type: 'video', link: 'https://cdn.example/v.mp4' },
        { type: 'video', video: { link: 'https://cdn.example/v.mp4' } },
      ],
      [
        'audio by link',
        { to, type: 'audio', link: 'https://cdn.example/a.ogg' },
        { type: 'audio', audio: { link: 'https://cdn.example/a.ogg' } },
      ],
      [
        'document with file name',
        {
          to,
          type: 'document',
          link: 'https://cdn.example/b.pdf',
          filename: 'boleto.pdf',
          caption: 'Seu boleto',
        },
        {
          type: 'document',
          document: { link: 'https://cdn.example/b.pdf', caption: 'Seu boleto', filename: 'boleto.pdf' },
        },
      ],
      [
        'sticker by link',
        { to, type: 'sticker', link: 'https://cdn.example/s.webp' },
        { type: 'sticker', sticker: { link: 'https://cdn.example/s.webp' } },
      ],
      [
        'location',
        {
          to,
          type: 'location',
          latitude: -23.5614,
          longitude: -46.6559,
          name: 'Loja Paulista',
          address: 'Av. Paulista, 1000',
        },
        {
          type: 'location',
          location: {
            latitude: -23.5614,
            longitude: -46.6559,
            name: 'Loja Paulista',
            address: 'Av. Paulista, 1000',
          },
        },
      ],
      [
        'contacts',
        {
          to,
          type: 'contacts',
          contacts: [
            {
              name: { formatted: 'Suporte Conversa', first: 'Suporte' },
              phones: [{ phone: '+55 11 4000-1234', type: 'WORK', waId: '551140001234' }],
              emails: [{ email: 'suporte@conversa.example' }],
              organization: { company: 'Conversa' },
            },
          ],
        },
        {
          type: 'contacts',
          contacts: [
            {
              name: { formatted_name: 'Suporte Conversa', first_name: 'Suporte' },
              phones: [{ phone: '+55 11 4000-1234', type: 'WORK', wa_id: '551140001234' }],
              emails: [{ email: 'suporte@conversa.example' }],
              org: { company: 'Conversa' },
            },
          ],
        },
      ],
      [
        'reply buttons',
        {
          to,
          type: 'buttons',
          header: 'Pedido #8812',
          body: 'Confirma a entrega amanhã?',
          footer: 'Loja Exemplo',
          buttons: [
            { id: 'yes', title: 'Sim' },
            { id: 'no', title: 'Não' },
            { id: 'later', title: 'Remarcar' },
          ],
        },
        {
          type: 'interactive',
          interactive: {
            type: 'button',
            header: { type: 'text', text: 'Pedido #8812' },
            body: { text: 'Confirma a entrega amanhã?' },
            footer: { text: 'Loja Exemplo' },
            action: {
              buttons: [
                { type: 'reply', reply: { id: 'yes', title: 'Sim' } },
                { type: 'reply', reply: { id: 'no', title: 'Não' } },
                { type: 'reply', reply: { id: 'later', title: 'Remarcar' } },
              ],
            },
          },
        },
      ],
      [
        'list',
        {
          to,
          type: 'list',
          body: 'Escolha o tamanho',
          buttonLabel: 'Tamanhos',
          sections: [
            {
              title: 'Adulto',
              rows: [
                { id: 'm', title: 'M', description: 'Busto 92 cm' },
                { id: 'g', title: 'G' },
              ],
            },
            { title: 'Infantil', rows: [{ id: 'k8', title: '8 anos' }] },
          ],
        },
        {
          type: 'interactive',
          interactive: {
            type: 'list',
            body: { text: 'Escolha o tamanho' },
            action: {
              button: 'Tamanhos',
              sections: [
                {
                  title: 'Adulto',
                  rows: [
                    { id: 'm', title: 'M', description: 'Busto 92 cm' },
                    { id: 'g', title: 'G' },
                  ],
                },
                { title: 'Infantil', rows: [{ id: 'k8', title: '8 anos' }] },
              ],
            },
          },
        },
      ],
      [
        'reaction',
        { to, type: 'reaction', providerMessageId: 'wamid.IN', emoji: '🙏' },
        { type: 'reaction', reaction: { message_id: 'wamid.IN', emoji: '🙏' } },
      ],
      [
        'reaction removal',
        { to, type: 'reaction', providerMessageId: 'wamid.IN', emoji: '' },
        { type: 'reaction', reaction: { message_id: 'wamid.IN', emoji: '' } },
      ],
      [
        'template: media header, positional body, url/quick-reply/copy-code buttons',
        {
          to,
          type: 'template',
          name: 'pedido_enviado',
          language: 'pt_BR',
          header: { type: 'image', link: 'https://cdn.example/banner.jpg' },
          body: ['Maria', '#8812'],
          buttons: [
            { index: 0, subType: 'url', value: 'rastreio/8812' },
            { index: 1, subType: 'quick_reply', value: 'stop-promos' },
            { index: 2, subType: 'copy_code', value: 'VOLTA10' },
          ],
        },
        {
          type: 'template',
          template: {
            name: 'pedido_enviado',
            language: { code: 'pt_BR', policy: 'deterministic' },
            components: [
              {
                type: 'header',
                parameters: [{ type: 'image', image: { link: 'https://cdn.example/banner.jpg' } }],
              },
              {
                type: 'body',
                parameters: [
                  { type: 'text', text: 'Maria' },
                  { type: 'text', text: '#8812' },
                ],
              },
              {
                type: 'button',
                sub_type: 'url',
                index: '0',
                parameters: [{ type: 'text', text: 'rastreio/8812' }],
              },
              {
                type: 'button',
                sub_type: 'quick_reply',
                index: '1',
                parameters: [{ type: 'payload', payload: 'stop-promos' }],
              },
              {
                type: 'button',
                sub_type: 'copy_code',
                index: '2',
                parameters: [{ type: 'coupon_code', coupon_code: 'VOLTA10' }],
              },
            ],
          },
        },
      ],
      [
        'template: text header and named body parameters',
        {
          to,
          type: 'template',
          name: 'boas_vindas',
          language: 'pt_BR',
          header: { type: 'text', text: 'Maria' },
          body: { customer_name: 'Maria', store: 'Loja Centro' },
        },
        {
          type: 'template',
          template: {
            name: 'boas_vindas',
            language: { code: 'pt_BR', policy: 'deterministic' },
            components: [
              { type: 'header', parameters: [{ type: 'text', text: 'Maria' }] },
              {
                type: 'body',
                parameters: [
                  { type: 'text', parameter_name: 'customer_name', text: 'Maria' },
                  { type: 'text', parameter_name: 'store', text: 'Loja Centro' },
                ],
              },
            ],
          },
        },
      ],
    ];

    it.each(cases)('%s', async (_, message, expected) => {
      const s = await setup();
      s.graph.addTemplate({
        name: 'pedido_enviado',
        language: 'pt_BR',
        components: [{ type: 'BODY', text: 'Oi {{1}}, o pedido {{2}} saiu.' }],
      });
      s.graph.addTemplate({
        name: 'boas_vindas',
        language: 'pt_BR',
        parameter_format: 'NAMED',
        components: [{ type: 'BODY', text: 'Olá {{customer_name}}, bem-vinda à {{store}}!' }],
      });
      const result = await s.adapter.send(message);
      expect(s.graph.sent).toHaveLength(1);
      const sent = s.graph.sent[0]!;
      expect(sent.body).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '5511987654321',
        ...expected,
      });
      expect(result).toEqual({ providerMessageId: sent.id, recipientId: '+5511987654321' });
    });

    it('media by uploaded id: upload, then send with the id', async () => {
      const s = await setup();
      const { mediaId } = await s.adapter.uploadMedia(Buffer.from('OggS voice'), 'audio/ogg', 'nota.ogg');
      expect(s.graph.media.get(mediaId)).toMatchObject({ mimeType: 'audio/ogg', filename: 'nota.ogg' });
      await s.adapter.send({ to: '5511987654321', type: 'audio', mediaId });
      await s.adapter.send({ to: '5511987654321', type: 'image', mediaId, caption: 'x' });
      expect(s.graph.sent.map((m) => m.body.audio ?? m.body.image)).toEqual([
        { id: mediaId },
        { id: mediaId, caption: 'x' },
      ]);
    });

    it('reports the wa_id Meta resolved, without the ninth digit for an old number', async () => {
      const s = await setup({ resolveWaId: (d) => d.replace(/^(55\d\d)9(\d{8})$/, '$1$2') });
      const result = await s.adapter.send({ to: '+5511987654321', type: 'text', body: 'oi' });
      expect(result.recipientId).toBe('+551187654321');
    });

    it.each([
      [
        'four buttons',
        {
          to: '+5511987654321',
          type: 'buttons',
          body: 'x',
          buttons: [1, 2, 3, 4].map((i) => ({ id: `${i}`, title: `${i}` })),
        },
      ],
      [
        'media with both link and id',
        { to: '+5511987654321', type: 'image', link: 'https://a.example/x.jpg', mediaId: '1' },
      ],
      ['an empty text', { to: '+5511987654321', type: 'text', body: '' }],
      ['a national number (country unknown)', { to: '(11) 98765-4321', type: 'text', body: 'oi' }],
      ['no recipient', { to: ' ', type: 'text', body: 'oi' }],
      [
        'eleven list rows',
        {
          to: '+5511987654321',
          type: 'list',
          body: 'x',
          buttonLabel: 'Ver',
          sections: [{ rows: Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `R${i}` })) }],
        },
      ],
    ])('refuses %s before calling Meta', async (_, message) => {
      const s = await setup();
      const e = await failure(() => s.adapter.send(message as OutboundMessage));
      expect(e).toMatchObject({
        code: 'invalid-request',
        retryable: false,
        reasonKey: 'channels.errors.invalidMessage',
      });
      expect(s.graph.requests).toEqual([]);
    });

    it('marks an inbound message read', async () => {
      const s = await setup();
      await s.adapter.markRead('wamid.INBOUND1');
      expect(s.graph.readMarks).toEqual(['wamid.INBOUND1']);
    });
  });

  describe('send: Meta errors become ProviderErrors', () => {
    it.each([
      [130429, 'rate-limited', true],
      [131056, 'pair-rate-limited', true],
      [131048, 'rate-limited', true],
      [80007, 'rate-limited', true],
      [4, 'rate-limited', true],
      [190, 'token-expired', false],
      [131047, 'window-closed', false],
      [131026, 'undeliverable', false],
      [132000, 'template-problem', false],
      [132015, 'template-problem', false],
      [131051, 'invalid-request', false],
      [100, 'invalid-request', false],
      [131008, 'invalid-request', false],
      [131009, 'invalid-request', false],
      [133010, 'permission-denied', false],
      [131000, 'unavailable', true],
      [133004, 'unavailable', true],
    ] as const)('Meta %i → %s (retryable %s)', async (metaCode, code, retryable) => {
      const s = await setup();
      s.graph.failNext(1, { code: metaCode });
      const e = await failure(() => s.adapter.send({ to: '+5511987654321', type: 'text', body: 'oi' }));
      expect(e).toMatchObject({ code, retryable, providerCode: String(metaCode) });
      expect(s.graph.sent).toEqual([]);
    });

    it('429 with Retry-After, then success: the adapter reports the wait and does not retry itself', async () => {
      const s = await setup();
      s.graph.failNext(1, { code: 130429, retryAfterSeconds: 2 });
      const e = await failure(() => s.adapter.send({ to: '+5511987654321', type: 'text', body: 'oi' }));
      expect(e).toMatchObject({ code: 'rate-limited', retryable: true, retryAfterMs: 2000, httpStatus: 429 });
      expect(s.graph.requests).toHaveLength(1);
      const ok = await s.adapter.send({ to: '+5511987654321', type: 'text', body: 'oi' });
      expect(ok.providerMessageId).toBe(s.graph.sent[0]!.id);
    });

    it('an expired token breaks the channel and never shows up in the error or the logs', async () => {
      const s = await setup();
      s.graph.expireToken();
      const e = await failure(() => s.adapter.send({ to: '+5511987654321', type: 'text', body: 'oi' }));
      expect(e).toMatchObject({
        code: 'token-expired',
        retryable: false,
        breaksChannel: true,
        reasonKey: 'channels.errors.tokenExpired',
        providerCode: '190/463',
        httpStatus: 401,
      });
      expect(JSON.stringify({ ...e, message: e.message })).not.toContain(s.graph.accessToken);
      expect(JSON.stringify(s.logs)).not.toContain(s.graph.accessToken);
    });

    it('a slow answer becomes a retryable timeout', async () => {
      const s = await setup({}, 150);
      s.graph.delayNext(5_000);
      const e = await failure(() => s.adapter.send({ to: '+5511987654321', type: 'text', body: 'oi' }));
      expect(e).toMatchObject({ code: 'timeout', retryable: true, reasonKey: 'channels.errors.timeout' });
    });

    it('an unreachable host is retryable; a non-JSON 502 from a proxy too', async () => {
      const down = createCloudAdapter({
        wabaId: '1',
        phoneNumberId: '2',
        accessToken: 'token-value-123',
        appSecret: 'secret-123',
        graphApiBaseUrl: 'http://127.0.0.1:9',
      });
      expect(
        await failure(() => down.send({ to: '+5511987654321', type: 'text', body: 'oi' })),
      ).toMatchObject({
        code: 'unavailable',
        retryable: true,
      });
      const proxy = createCloudAdapter(
        { wabaId: '1', phoneNumberId: '2', accessToken: 'token-value-123', appSecret: 'secret-123' },
        { fetch: async () => new Response('<html>502 Bad Gateway</html>', { status: 502 }) },
      );
      expect(
        await failure(() => proxy.send({ to: '+5511987654321', type: 'text', body: 'oi' })),
      ).toMatchObject({
        code: 'unavailable',
        retryable: true,
        providerCode: 'http-502',
      });
    });

    it('scrubs the token even if an error message quotes it', async () => {
      const token = 'EAAGsecret-token-value';
      const leaky = createCloudAdapter(
        { wabaId: '1', phoneNumberId: '2', accessToken: token, appSecret: 'secret-123' },
        {
          fetch: async () =>
            Response.json(
              { error: { message: `bad token ${token}`, type: 'OAuthException', code: 190 } },
              { status: 401 },
            ),
        },
      );
      const e = await failure(() => leaky.send({ to: '+5511987654321', type: 'text', body: 'oi' }));
      expect(e.message).toBe('bad token [redacted]');
    });

    it('an answer of an unexpected shape is an unknown, non-retryable error', async () => {
      const odd = createCloudAdapter(
        { wabaId: '1', phoneNumberId: '2', accessToken: 'token-value-123', appSecret: 'secret-123' },
        { fetch: async () => Response.json({ messaging_product: 'whatsapp', messages: [] }) },
      );
      expect(await failure(() => odd.send({ to: '+5511987654321', type: 'text', body: 'oi' }))).toMatchObject(
        {
          code: 'unknown',
          retryable: false,
        },
      );
    });
  });

  describe('validateCredentials', () => {
    it('a permanent system user token on a healthy number', async () => {
      const s = await setup();
      await s.adapter.subscribeWebhooks();
      const check = await s.adapter.validateCredentials();
      expect(check).toEqual({
        ok: true,
        phone: {
          display: '+55 11 4000-1234',
          verifiedName: 'Conversa Demo',
          qualityRating: 'high',
          messagingTier: 1000,
          throughput: 'standard',
        },
        token: {
          permanent: true,
          expiresAt: null,
          scopes: ['whatsapp_business_management', 'whatsapp_business_messaging', 'business_management'],
        },
        webhooks: { subscribed: true },
        problems: [],
      });
      const asked = s.graph.requests.find((r) => r.path.endsWith(s.graph.phoneNumberId));
      expect(asked?.query.fields?.split(',')).toEqual(
        expect.arrayContaining([
          'display_phone_number',
          'quality_rating',
          'messaging_limit_tier',
          'throughput',
          'name_status',
        ]),
      );
    });

    it('a 24-hour test token works but is flagged; an unsubscribed app too', async () => {
      const expiresAt = Math.floor(Date.now() / 1000) + 23 * 3600;
      const s = await setup({ token: { type: 'USER', expiresAt } });
      const check = await s.adapter.validateCredentials();
      expect(check.ok).toBe(true);
      expect(check.token).toMatchObject({ permanent: false, expiresAt: new Date(expiresAt * 1000) });
      expect(check.webhooks).toEqual({ subscribed: false });
      expect(check.problems.map((p) => [p.code, p.severity, p.reasonKey])).toEqual([
        ['token-temporary', 'warning', 'channels.problems.tokenTemporary'],
        ['webhook-not-subscribed', 'warning', 'channels.problems.webhookNotSubscribed'],
      ]);
    });

    it('an expired token fails every read, with the reason', async () => {
      const s = await setup();
      s.graph.expireToken();
      const check = await s.adapter.validateCredentials();
      expect(check.ok).toBe(false);
      expect(check.phone).toBeUndefined();
      expect(check.problems).toEqual(
        expect.arrayContaining([
          {
            code: 'phone-unreadable',
            reasonKey: 'channels.errors.tokenExpired',
            severity: 'error',
            detail: 'token-expired',
          },
          {
            code: 'token-unreadable',
            reasonKey: 'channels.errors.tokenExpired',
            severity: 'error',
            detail: 'token-expired',
          },
        ]),
      );
    });

    it('a token without the messaging scope, of another app, on a low-quality number', async () => {
      const s = await setup({
        token: { scopes: ['whatsapp_business_management'] },
        phone: {
          quality_rating: 'RED',
          name_status: 'PENDING_REVIEW',
          messaging_limit_tier: 'TIER_UNLIMITED',
          throughput: { level: 'HIGH' },
        },
      });
      const adapter = createCloudAdapter({ ...s.credentials, appId: '111111111111111' });
      const check = await adapter.validateCredentials();
      expect(check.ok).toBe(false);
      expect(check.phone).toMatchObject({
        qualityRating: 'low',
        messagingTier: 'unlimited',
        throughput: 'high',
      });
      expect(check.problems.map((p) => [p.code, p.severity, p.detail])).toEqual([
        ['quality-low', 'warning', undefined],
        ['display-name-not-approved', 'warning', 'PENDING_REVIEW'],
        ['missing-scope', 'error', 'whatsapp_business_messaging'],
        ['app-mismatch', 'error', undefined],
        ['webhook-not-subscribed', 'warning', undefined],
      ]);
    });

    it('never returns or logs the credentials', async () => {
      const s = await setup();
      const check = await s.adapter.validateCredentials();
      const everything = JSON.stringify({ check, logs: s.logs });
      expect(everything).not.toContain(s.graph.accessToken);
      expect(everything).not.toContain(s.graph.appSecret);
    });
  });

  describe('media', () => {
    it('downloads an inbound image by the id its webhook carried', async () => {
      const s = await setup();
      const bytes = Buffer.from('\xff\xd8\xff\xe0 a jpeg', 'latin1');
      await s.graph.sendInbound({ type: 'image', body: bytes, caption: 'olha' });
      const [event] = received(s, 0) as MessageReceived[];
      const media = await s.adapter.downloadMedia(event!.media!.mediaId);
      expect(media.body).toEqual(bytes);
      expect(media.mimeType).toBe('image/jpeg');
      expect(media.sha256).toMatch(/^[0-9a-f]{64}$/);
    });

    it('checks a base64 digest as well as a hex one', async () => {
      const bytes = Buffer.from('media bytes');
      const b64 = createHash('sha256').update(bytes).digest('base64');
      const fetchMedia = (sha256: string) => async (url: string | URL | Request) =>
        String(url).includes('/cdn/')
          ? new Response(bytes, { headers: { 'content-type': 'image/png' } })
          : Response.json({
              url: 'https://lookaside.example/cdn/1',
              mime_type: 'image/png',
              sha256,
              id: '1',
            });
      const credentials = {
        wabaId: '1',
        phoneNumberId: '2',
        accessToken: 'token-value-123',
        appSecret: 'secret-123',
      };
      const good = createCloudAdapter(credentials, { fetch: fetchMedia(b64) });
      expect((await good.downloadMedia('1')).body).toEqual(bytes);
      const bad = createCloudAdapter(credentials, {
        fetch: fetchMedia(createHash('sha256').update('x').digest('base64')),
      });
      expect(await failure(() => bad.downloadMedia('1'))).toMatchObject({ code: 'media-problem' });
    });

    it('stops at maxBytes: by the announced size, by Content-Length, or while reading, on both transports', async () => {
      const big = Buffer.alloc(5000, 7);
      let downloads = 0;
      // A CDN that announces nothing and streams the bytes in chunks (no Content-Length) on `/chunked`.
      const server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://x');
        if (url.pathname.startsWith('/cdn/')) {
          downloads++;
          if (url.pathname.endsWith('/chunked')) {
            for (let i = 0; i < 5; i++) res.write(big.subarray(i * 1000, (i + 1) * 1000));
            res.end();
          } else res.end(big);
          return;
        }
        const id = url.pathname.split('/').at(-1)!;
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            id,
            url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cdn/${id === '3' ? 'chunked' : 'plain'}`,
            mime_type: 'video/mp4',
            ...(id === '1' ? { file_size: big.length } : {}),
          }),
        );
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      try {
        const credentials = {
          wabaId: '1',
          phoneNumberId: '2',
          accessToken: 'token-value-123',
          appSecret: 'secret-123',
          graphApiBaseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        };
        for (const adapter of [createCloudAdapter(credentials), createCloudAdapter(credentials, { fetch })]) {
          downloads = 0;
          // 1: Meta says 5,000 bytes → refused without fetching the file.
          expect(await failure(() => adapter.downloadMedia('1', { maxBytes: 4096 }))).toMatchObject({
            code: 'media-too-large',
            retryable: false,
            reasonKey: 'channels.errors.mediaTooLarge',
            size: 5000,
          });
          expect(downloads).toBe(0);
          // 2: no announced size, the CDN's Content-Length says too much.
          expect(await failure(() => adapter.downloadMedia('2', { maxBytes: 4096 }))).toMatchObject({
            code: 'media-too-large',
            size: 5000,
          });
          // 3: neither: reading stops once the bytes pass the limit.
          const read = await failure(() => adapter.downloadMedia('3', { maxBytes: 2500 }));
          expect(read).toMatchObject({ code: 'media-too-large' });
          expect(read.size).toBeGreaterThan(2500);
          expect(read.size).toBeLessThanOrEqual(5000);
          // Under the limit (or without one) the same files download whole.
          expect((await adapter.downloadMedia('3', { maxBytes: 5000 })).body).toEqual(big);
          expect((await adapter.downloadMedia('1')).body).toEqual(big);
        }
      } finally {
        await new Promise((r) => server.close(r));
      }
    });

    it('refuses a download whose bytes do not match the digest; unknown ids are invalid requests', async () => {
      const s = await setup();
      await s.graph.sendInbound({ type: 'document', body: Buffer.from('original') });
      const [event] = received(s, 0) as MessageReceived[];
      s.graph.media.get(event!.media!.mediaId)!.body = Buffer.from('tampered');
      expect(await failure(() => s.adapter.downloadMedia(event!.media!.mediaId))).toMatchObject({
        code: 'media-problem',
      });
      expect(await failure(() => s.adapter.downloadMedia('404404404'))).toMatchObject({
        code: 'invalid-request',
      });
    });
  });

  describe('templates', () => {
    const definition = {
      name: 'pedido_confirmado',
      language: 'pt_BR',
      category: 'UTILITY' as const,
      components: [{ type: 'BODY', text: 'Pedido {{1}} confirmado.', example: { body_text: [['#1']] } }],
    };

    it('create, list page by page, approve by webhook, delete', async () => {
      const s = await setup();
      const created = await s.adapter.createTemplate(definition);
      expect(created).toEqual({ providerTemplateId: expect.stringMatching(/^\d+$/), status: 'PENDING' });
      await s.adapter.createTemplate({ ...definition, language: 'en_US', parameterFormat: 'positional' });
      expect(s.graph.templates[1]).toMatchObject({ parameter_format: 'POSITIONAL' });

      const first = await s.adapter.listTemplates({ limit: 1 });
      expect(first.items).toEqual([
        {
          providerTemplateId: created.providerTemplateId,
          name: 'pedido_confirmado',
          language: 'pt_BR',
          category: 'UTILITY',
          status: 'PENDING',
          components: definition.components,
        },
      ]);
      const second = await s.adapter.listTemplates({ limit: 1, after: first.next! });
      expect(second.items.map((t) => t.language)).toEqual(['en_US']);
      expect(second.next).toBeUndefined();

      await s.graph.setTemplateStatus(created.providerTemplateId, 'REJECTED', 'INVALID_FORMAT');
      expect(received(s, 0)).toEqual([
        {
          kind: 'template.status',
          channelRef: s.graph.wabaId,
          timestamp: expect.any(Date),
          providerTemplateId: created.providerTemplateId,
          name: 'pedido_confirmado',
          language: 'pt_BR',
          status: 'REJECTED',
          reason: 'INVALID_FORMAT',
          category: 'UTILITY',
        },
      ]);
      expect((await s.adapter.listTemplates({ name: 'pedido_confirmado' })).items[0]).toMatchObject({
        status: 'REJECTED',
        rejectionReason: 'INVALID_FORMAT',
      });

      await s.adapter.deleteTemplate('pedido_confirmado', created.providerTemplateId);
      expect(s.graph.templates.map((t) => t.language)).toEqual(['en_US']);
      expect(
        await failure(() => s.adapter.createTemplate({ ...definition, name: 'Nome Ruim' })),
      ).toMatchObject({
        code: 'invalid-request',
      });
    });
  });

  describe('webhooks', () => {
    it('accepts the signature over the exact bytes; refuses forged, missing, malformed, tampered', async () => {
      const s = await setup();
      await s.graph.sendInbound({ type: 'text', text: 'Olá, tudo bem? ✓' });
      const { raw, headers } = s.receiver.received[0]!;
      const sign = (secret: string, body: Buffer) =>
        `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
      expect(s.adapter.verifyWebhook(raw, headers)).toBe(true);
      expect(s.adapter.verifyWebhook(raw, { 'X-Hub-Signature-256': sign(s.graph.appSecret, raw) })).toBe(
        true,
      );
      expect(s.adapter.verifyWebhook(raw, { 'x-hub-signature-256': [sign(s.graph.appSecret, raw)] })).toBe(
        true,
      );

      expect(s.adapter.verifyWebhook(raw, { 'x-hub-signature-256': sign('someone-else', raw) })).toBe(false);
      expect(s.adapter.verifyWebhook(raw, {})).toBe(false);
      expect(s.adapter.verifyWebhook(raw, { 'x-hub-signature-256': undefined })).toBe(false);
      expect(s.adapter.verifyWebhook(raw, { 'x-hub-signature-256': 'sha256=' })).toBe(false);
      expect(s.adapter.verifyWebhook(raw, { 'x-hub-signature-256': 'sha256=zz' })).toBe(false);
      expect(
        s.adapter.verifyWebhook(raw, { 'x-hub-signature-256': sign(s.graph.appSecret, raw).slice(7) }),
      ).toBe(false);
      expect(s.adapter.verifyWebhook(raw, { 'x-hub-signature': headers['x-hub-signature'] })).toBe(false);

      const tampered = Buffer.from(raw);
      tampered[tampered.length - 5] = tampered[tampered.length - 5]! ^ 1;
      expect(s.adapter.verifyWebhook(tampered, headers)).toBe(false);
      // Re-serialising the same JSON changes the bytes: only the raw body verifies.
      const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString()), null, 1));
      expect(s.adapter.verifyWebhook(reserialised, headers)).toBe(false);
    });

    const inbound: [string, FakeInbound, Partial<MessageReceived>][] = [
      ['text', { type: 'text', text: 'Quero um orçamento' }, { type: 'text', text: 'Quero um orçamento' }],
      ['image', { type: 'image', caption: 'assim' }, { type: 'image', text: 'assim' }],
      ['audio', { type: 'audio' }, { type: 'audio', text: '' }],
      ['video', { type: 'video', caption: 'veja' }, { type: 'video', text: 'veja' }],
      ['document', { type: 'document', filename: 'nota.pdf' }, { type: 'document', text: 'nota.pdf' }],
      ['sticker', { type: 'sticker' }, { type: 'sticker', text: '' }],
      [
        'location',
        { type: 'location', latitude: -22.95, longitude: -43.21, name: 'Cristo Redentor' },
        {
          type: 'location',
          text: 'Cristo Redentor',
          location: { latitude: -22.95, longitude: -43.21, name: 'Cristo Redentor' },
        },
      ],
      [
        'contacts',
        { type: 'contacts', contacts: [{ name: 'João Silva', waId: '5521999887766' }, { name: 'Ana' }] },
        { type: 'contacts', text: 'João Silva, Ana' },
      ],
      [
        'button reply',
        { type: 'button_reply', replyId: 'yes', title: 'Sim', replyTo: 'wamid.OUT' },
        {
          type: 'interactive',
          text: 'Sim',
          reply: { kind: 'button', id: 'yes', title: 'Sim' },
          replyToProviderId: 'wamid.OUT',
        },
      ],
      [
        'list reply',
        { type: 'list_reply', replyId: 'm', title: 'M', description: 'médio' },
        {
          type: 'interactive',
          text: 'M',
          reply: { kind: 'list', id: 'm', title: 'M', description: 'médio' },
        },
      ],
      [
        'template quick reply',
        { type: 'button', text: 'Parar promoções', payload: 'opt-out' },
        {
          type: 'button',
          text: 'Parar promoções',
          reply: { kind: 'quick-reply', id: 'opt-out', title: 'Parar promoções' },
        },
      ],
      [
        'reaction',
        { type: 'reaction', targetId: 'wamid.OUT', emoji: '❤️' },
        { type: 'reaction', text: '❤️', reaction: { targetProviderId: 'wamid.OUT', emoji: '❤️' } },
      ],
      ['unsupported', { type: 'unsupported' }, { type: 'unsupported', text: '' }],
      ['forwarded', { type: 'text', text: 'repassando', forwarded: true }, { type: 'text', forwarded: true }],
    ];

    it.each(inbound)('parses an inbound %s from the fake', async (_, message, expected) => {
      const s = await setup();
      const delivery = await s.graph.sendInbound({ ...message, from: '5511912345678', profileName: 'Bia' });
      const events = received(s, 0);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        kind: 'message.received',
        channelRef: s.graph.phoneNumberId,
        providerMessageId: delivery.messageId,
        from: '+5511912345678',
        profileName: 'Bia',
        ...expected,
      });
      expect((events[0] as MessageReceived).timestamp.getTime()).toBeGreaterThan(Date.now() - 60_000);
    });

    it('parses a click-to-WhatsApp ad referral into attribution', async () => {
      const s = await setup();
      await s.graph.sendInbound({
        type: 'text',
        text: 'vi o anúncio',
        referral: { source_id: '120299', headline: 'Promo' },
      });
      const [event] = received(s, 0) as MessageReceived[];
      expect(event!.attribution).toMatchObject({
        source: 'ctwa',
        adId: '120299',
        headline: 'Promo',
        ctwaClid: expect.any(String),
      });
    });

    it('status path after a send: sent (with conversation and pricing), delivered, read', async () => {
      const s = await setup({ statusPlan: 'normal' });
      const { providerMessageId } = await s.adapter.send({ to: '+5511987654321', type: 'text', body: 'oi' });
      await s.graph.settle();
      const events = s.receiver.received.flatMap((_, i) => received(s, i)) as MessageStatus[];
      expect(events.map((e) => [e.providerMessageId, e.status])).toEqual([
        [providerMessageId, 'sent'],
        [providerMessageId, 'delivered'],
        [providerMessageId, 'read'],
      ]);
      expect(events[0]).toMatchObject({
        recipientId: '+5511987654321',
        errors: [],
        conversation: { category: 'service', expiresAt: expect.any(Date) },
        pricing: { billable: false, model: 'PMP', category: 'service', type: 'free_customer_service' },
      });
    });

    it('a template send is billed; a failed status carries mapped errors', async () => {
      const s = await setup();
      s.graph.addTemplate({
        name: 'promo',
        language: 'pt_BR',
        category: 'MARKETING',
        components: [{ type: 'BODY', text: 'Oferta!' }],
      });
      s.graph.nextStatuses({ sequence: ['sent'] });
      await s.adapter.send({ to: '+5511987654321', type: 'template', name: 'promo', language: 'pt_BR' });
      await s.graph.settle();
      s.graph.nextStatuses({ sequence: ['failed'], error: { code: 131049 } });
      await s.adapter.send({ to: '+5511987654321', type: 'template', name: 'promo', language: 'pt_BR' });
      await s.graph.settle();
      const [sent] = received(s, 0) as MessageStatus[];
      expect(sent!.pricing).toMatchObject({ billable: true, category: 'marketing', type: 'regular' });
      const [failed] = received(s, 1) as MessageStatus[];
      expect(failed).toMatchObject({
        status: 'failed',
        errors: [
          {
            code: 'undeliverable',
            providerCode: '131049',
            retryable: false,
            reasonKey: 'channels.errors.marketingNotDelivered',
          },
        ],
      });
    });

    it('out-of-order and duplicated statuses are all reported, as sent', async () => {
      const s = await setup();
      s.graph.nextStatuses('out-of-order');
      await s.adapter.send({ to: '+5511987654321', type: 'text', body: 'a' });
      await s.graph.settle();
      s.graph.nextStatuses('duplicated');
      await s.adapter.send({ to: '+5511987654321', type: 'text', body: 'b' });
      await s.graph.settle();
      const statuses = s.receiver.received
        .flatMap((_, i) => received(s, i))
        .map((e) => (e as MessageStatus).status);
      expect(statuses).toEqual([
        'read',
        'sent',
        'delivered',
        'sent',
        'sent',
        'delivered',
        'read',
        'delivered',
        'read',
      ]);
    });
  });

  describe('verifyHandshake', () => {
    it('answers the challenge only to subscribe with our token', () => {
      const q = { 'hub.mode': 'subscribe', 'hub.verify_token': 'our-token', 'hub.challenge': '1158201444' };
      expect(verifyHandshake(q, 'our-token')).toBe('1158201444');
      expect(verifyHandshake(new URLSearchParams(q), 'our-token')).toBe('1158201444');
      expect(verifyHandshake({ ...q, 'hub.verify_token': 'our-token ' }, 'our-token')).toBeNull();
      expect(verifyHandshake({ ...q, 'hub.verify_token': 'other' }, 'our-token')).toBeNull();
      expect(verifyHandshake({ ...q, 'hub.mode': 'unsubscribe' }, 'our-token')).toBeNull();
      expect(verifyHandshake({ ...q, 'hub.challenge': undefined }, 'our-token')).toBeNull();
      expect(verifyHandshake({ ...q, 'hub.verify_token': ['our-token'] }, 'our-token')).toBeNull();
      expect(verifyHandshake({ ...q, 'hub.verify_token': '' }, '')).toBeNull();
    });
  });
});
