import { randomBytes } from 'node:crypto';
import { auditLogs, conversations, messages as messagesTable, templates } from '@conversa/db';
import { type FakeGraphApi, startFakeGraphApi } from '@conversa/testkit';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/harness.ts';
import { toOutbound } from './outbound.ts';

type Message = {
  id: string;
  type: string;
  text: string;
  status: string;
  direction: string;
  providerMessageId: string | null;
  replyTo: string | null;
  media: Record<string, unknown> | null;
};

describe('sending every message type through the inbox API (fake Graph API)', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let meta: FakeGraphApi;
  let cookie: string;
  let channelId: string;
  let conversationId: string;
  let inbound: { id: string; providerMessageId: string };
  const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
    t.inject({ method, url, payload, headers: { cookie } });
  const send = (body: object, id = conversationId) =>
    api('POST', `/api/v1/conversations/${id}/messages`, body);
  const messagesOf = async (id = conversationId): Promise<Message[]> =>
    (await api('GET', `/api/v1/conversations/${id}/messages?limit=200`)).json().items;
  /** The Graph request body Meta received for one of our messages (waits until it was sent). */
  const graphBodyOf = async (messageId: string) => {
    const m = await t.until(
      async () => (await messagesOf()).find((x) => x.id === messageId && x.providerMessageId),
      `message ${messageId} sent`,
    );
    const sent = meta.sent.find((s) => s.id === m.providerMessageId);
    expect(sent, 'the fake recorded the send').toBeTruthy();
    return { message: m, body: sent!.body };
  };
  const addTemplate = async (values: {
    name: string;
    status: (typeof templates.$inferInsert)['status'];
    components: Record<string, unknown>[];
    channelId?: string;
  }) => {
    const [row] = await t.database.tenant(t.firstTenantId, (tx) =>
      tx
        .insert(templates)
        .values({
          tenantId: t.firstTenantId,
          channelId: values.channelId ?? channelId,
          name: values.name,
          language: 'pt_BR',
          category: 'UTILITY',
          components: values.components,
          status: values.status,
        })
        .returning(),
    );
    return row!;
  };

  beforeAll(async () => {
    t = await createTestApp();
    meta = await startFakeGraphApi({ statusGapMs: 5, statusPlan: { sequence: ['sent'] } });
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
    expect(res.statusCode).toBe(201);
    channelId = res.json().id;
    meta.webhookUrl = `${base}/webhooks/cloud/${channelId}`;
    const first = await meta.sendInbound({ type: 'text', text: 'Oi, tudo bem?', from: '5511987654321' });
    const conv = await t.until(
      async () => (await api('GET', `/api/v1/conversations?channelId=${channelId}`)).json().items[0],
      'conversation',
    );
    conversationId = conv.id;
    const [m] = await messagesOf();
    inbound = { id: m!.id, providerMessageId: first.messageId };
  });
  afterAll(async () => {
    await t?.close();
    await meta?.close();
  });

  it('sends text, replies and previews with the body Meta expects', async () => {
    const res = await send({
      type: 'text',
      text: 'Veja https://loja.example',
      previewUrl: true,
      replyToId: inbound.id,
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({
      type: 'text',
      text: 'Veja https://loja.example',
      replyTo: inbound.id,
    });
    const { body } = await graphBodyOf(res.json().id);
    expect(body).toMatchObject({
      messaging_product: 'whatsapp',
      to: '5511987654321',
      type: 'text',
      text: { body: 'Veja https://loja.example', preview_url: true },
      context: { message_id: inbound.providerMessageId },
    });
  });

  it('names the person who sent a message: in the answer, the message page and the realtime event', async () => {
    const me = (await api('GET', '/api/v1/auth/me')).json().user as { id: string; name: string };
    expect(me.name).toBe('Admin');
    const seen: { type: string; data: unknown }[] = [];
    const unsubscribe = t.realtime.subscribe(t.firstTenantId, (e) => seen.push(e));
    const key = `sender-${randomBytes(4).toString('hex')}`;
    const res = await t.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/messages`,
      payload: { type: 'text', text: 'Quem fala é a Admin' },
      headers: { cookie, 'idempotency-key': key },
    });
    unsubscribe();
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ senderType: 'agent', sender: { id: me.id, name: 'Admin' } });
    expect(seen).toContainEqual(
      expect.objectContaining({
        type: 'message.created',
        data: expect.objectContaining({
          message: expect.objectContaining({ id: res.json().id, sender: { id: me.id, name: 'Admin' } }),
        }),
      }),
    );
    // The message page joins the name in; the customer's messages have no sender.
    const page = await messagesOf();
    const mine = page.find((m) => m.id === res.json().id) as Message & { sender: unknown };
    expect(mine.sender).toEqual({ id: me.id, name: 'Admin' });
    expect((page.find((m) => m.id === inbound.id) as Message & { sender: unknown }).sender).toBeNull();
    // The same Idempotency-Key answers the first message, sender included.
    const again = await t.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/messages`,
      payload: { type: 'text', text: 'Quem fala é a Admin' },
      headers: { cookie, 'idempotency-key': key },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: res.json().id, sender: { id: me.id, name: 'Admin' } });
  });

  it('sends image, video, audio, document and sticker by link or uploaded media id', async () => {
    const uploaded = randomBytes(64);
    meta.media.set('1234567890', {
      id: '1234567890',
      body: uploaded,
      mimeType: 'video/mp4',
      sha256: 'x'.repeat(64),
    });
    const cases: [object, Record<string, unknown>, Partial<Message>][] = [
      [
        { type: 'image', link: 'https://cdn.example/foto.jpg', caption: 'Nossa loja' },
        { type: 'image', image: { link: 'https://cdn.example/foto.jpg', caption: 'Nossa loja' } },
        { type: 'image', text: 'Nossa loja', media: { url: 'https://cdn.example/foto.jpg' } },
      ],
      [
        { type: 'video', mediaId: '1234567890' },
        { type: 'video', video: { id: '1234567890' } },
        { type: 'video', text: '', media: { mediaId: '1234567890' } },
      ],
      [
        { type: 'audio', link: 'https://cdn.example/audio.ogg' },
        { type: 'audio', audio: { link: 'https://cdn.example/audio.ogg' } },
        { type: 'audio' },
      ],
      [
        { type: 'document', link: 'https://cdn.example/catalogo.pdf', filename: 'Catálogo.pdf' },
        {
          type: 'document',
          document: { link: 'https://cdn.example/catalogo.pdf', filename: 'Catálogo.pdf' },
        },
        { type: 'document', text: 'Catálogo.pdf' },
      ],
      [
        { type: 'sticker', link: 'https://cdn.example/s.webp' },
        { type: 'sticker', sticker: { link: 'https://cdn.example/s.webp' } },
        { type: 'sticker' },
      ],
    ];
    for (const [request, graph, stored] of cases) {
      const res = await send(request);
      expect(res.statusCode, JSON.stringify(request)).toBe(202);
      const { body, message } = await graphBodyOf(res.json().id);
      expect(body).toMatchObject(graph);
      expect(message).toMatchObject(stored);
    }
    // No caption under audio: Meta refuses it, so the API refuses it first.
    const audioCaption = await send({ type: 'audio', link: 'https://cdn.example/a.ogg', caption: 'x' });
    expect(audioCaption.json()).toMatchObject({ status: 422, errors: [{ path: 'caption' }] });
  });

  it('sends location, contacts, reply buttons and lists', async () => {
    const location = await send({
      type: 'location',
      latitude: -23.5505,
      longitude: -46.6333,
      name: 'Loja Centro',
      address: 'Praça da Sé, São Paulo',
    });
    expect((await graphBodyOf(location.json().id)).body).toMatchObject({
      type: 'location',
      location: {
        latitude: -23.5505,
        longitude: -46.6333,
        name: 'Loja Centro',
        address: 'Praça da Sé, São Paulo',
      },
    });
    expect(location.json().text).toBe('Loja Centro, Praça da Sé, São Paulo');

    const contacts = await send({
      type: 'contacts',
      contacts: [
        {
          name: { formatted: 'Ana Souza', first: 'Ana', last: 'Souza' },
          phones: [{ phone: '+55 11 91234-5678', type: 'WORK', waId: '5511912345678' }],
          emails: [{ email: 'ana@loja.example' }],
        },
      ],
    });
    expect((await graphBodyOf(contacts.json().id)).body).toMatchObject({
      type: 'contacts',
      contacts: [
        {
          name: { formatted_name: 'Ana Souza', first_name: 'Ana', last_name: 'Souza' },
          phones: [{ phone: '+55 11 91234-5678', type: 'WORK', wa_id: '5511912345678' }],
          emails: [{ email: 'ana@loja.example' }],
        },
      ],
    });
    expect(contacts.json().text).toBe('Ana Souza');

    const buttons = await send({
      type: 'buttons',
      header: 'Pedido #123',
      body: 'Confirma a entrega amanhã?',
      footer: 'Loja Exemplo',
      buttons: [
        { id: 'yes', title: 'Sim' },
        { id: 'no', title: 'Não' },
      ],
    });
    expect(buttons.json()).toMatchObject({ type: 'interactive', text: 'Confirma a entrega amanhã?' });
    expect((await graphBodyOf(buttons.json().id)).body).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'button',
        header: { type: 'text', text: 'Pedido #123' },
        body: { text: 'Confirma a entrega amanhã?' },
        footer: { text: 'Loja Exemplo' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'yes', title: 'Sim' } },
            { type: 'reply', reply: { id: 'no', title: 'Não' } },
          ],
        },
      },
    });

    const list = await send({
      type: 'list',
      body: 'Escolha um horário',
      buttonLabel: 'Horários',
      sections: [
        { title: 'Manhã', rows: [{ id: 'm9', title: '09:00', description: 'Com café' }] },
        { title: 'Tarde', rows: [{ id: 't14', title: '14:00' }] },
      ],
    });
    expect((await graphBodyOf(list.json().id)).body).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: 'Escolha um horário' },
        action: {
          button: 'Horários',
          sections: [
            { title: 'Manhã', rows: [{ id: 'm9', title: '09:00', description: 'Com café' }] },
            { title: 'Tarde', rows: [{ id: 't14', title: '14:00' }] },
          ],
        },
      },
    });
  });

  it('reacts to one of our messages by its provider id, and removes the reaction with an empty emoji', async () => {
    const like = await send({ type: 'reaction', messageId: inbound.id, emoji: '👍' });
    expect(like.statusCode).toBe(202);
    expect(like.json()).toMatchObject({ type: 'reaction', text: '👍', replyTo: inbound.id });
    const { body } = await graphBodyOf(like.json().id);
    expect(body).toMatchObject({
      type: 'reaction',
      reaction: { message_id: inbound.providerMessageId, emoji: '👍' },
    });
    expect(body.context).toBeUndefined();
    const undo = await send({ type: 'reaction', messageId: inbound.id, emoji: '' });
    expect((await graphBodyOf(undo.json().id)).body).toMatchObject({
      reaction: { message_id: inbound.providerMessageId, emoji: '' },
    });
  });

  it('answers 422 with field paths for bodies WhatsApp would refuse', async () => {
    const problems = async (body: object) => {
      const res = await send(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      return res.json() as { code: string; errors: { path: string; code: string }[] };
    };
    const paths = async (body: object) => (await problems(body)).errors.map((e) => e.path);
    expect(await paths({ type: 'image', link: 'https://x.example/a.jpg', mediaId: '1' })).toContain('link');
    expect(await paths({ type: 'image' })).toContain('link');
    expect(await paths({ type: 'image', link: 'ftp://x.example/a.jpg' })).toContain('link');
    expect(await paths({ type: 'location', latitude: 100, longitude: 0 })).toContain('latitude');
    expect(await paths({ type: 'contacts', contacts: [] })).toContain('contacts');
    const four = [1, 2, 3, 4].map((i) => ({ id: `b${i}`, title: `B${i}` }));
    expect(await paths({ type: 'buttons', body: 'x', buttons: four })).toContain('buttons');
    expect(
      await paths({
        type: 'buttons',
        body: 'x',
        buttons: [{ id: 'a', title: 'Um título longo demais aqui' }],
      }),
    ).toContain('buttons.0.title');
    const rows = Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` }));
    expect(
      await paths({
        type: 'list',
        body: 'x',
        buttonLabel: 'Ver',
        sections: [{ rows: rows.slice(0, 6) }, { rows: rows.slice(6) }],
      }),
    ).toContain('sections');
    expect(await paths({ type: 'list', body: 'x', buttonLabel: 'Ver', sections: [{ rows }] })).toContain(
      'sections.0.rows',
    );
    expect(await paths({ type: 'reaction', messageId: 'nope', emoji: '👍' })).toContain('messageId');
    expect(await paths({ type: 'reaction', messageId: inbound.id, emoji: 'ok' })).toContain('emoji');
    expect(await paths({ type: 'gif', link: 'https://x.example/a.gif' })).toContain('type');
    // A quoted or reacted-to message must be ours, in this conversation.
    const stranger = '00000000-0000-7000-8000-000000000001';
    expect(await paths({ type: 'text', text: 'x', replyToId: stranger })).toEqual(['replyToId']);
    expect(await paths({ type: 'reaction', messageId: stranger, emoji: '👍' })).toEqual(['messageId']);
  });

  describe('templates', () => {
    const components = [
      { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['https://x.example/h.jpg'] } },
      { type: 'BODY', text: 'Olá {{1}}, seu pedido {{2}} saiu para entrega.' },
      { type: 'FOOTER', text: 'Loja Exemplo' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'URL', text: 'Rastrear', url: 'https://loja.example/rastreio/{{1}}' },
          { type: 'QUICK_REPLY', text: 'Falar com atendente' },
        ],
      },
    ];

    it('sends an approved template, even outside the 24-hour window, with its parameters', async () => {
      const row = await addTemplate({ name: 'pedido_enviado', status: 'APPROVED', components });
      meta.addTemplate({ name: 'pedido_enviado', language: 'pt_BR', components });
      await t.database.tenant(t.firstTenantId, (tx) =>
        tx
          .update(conversations)
          .set({ lastInboundAt: new Date(Date.now() - 30 * 3600_000) })
          .where(eq(conversations.id, conversationId)),
      );
      const closed = await send({ type: 'text', text: 'Ainda aí?' });
      expect(closed.json()).toMatchObject({ status: 422, code: 'window-closed' });

      const res = await send({
        type: 'template',
        templateId: row.id,
        variables: { '1': 'Maria', '2': '#12345' },
        header: { link: 'https://cdn.example/caixa.jpg' },
        buttons: [
          { index: 0, value: 'ABC123' },
          { index: 1, value: 'atendente' },
        ],
      });
      expect(res.statusCode).toBe(202);
      expect(res.json()).toMatchObject({
        type: 'template',
        text: 'Olá Maria, seu pedido #12345 saiu para entrega.',
      });
      const { body } = await graphBodyOf(res.json().id);
      expect(body).toMatchObject({
        type: 'template',
        template: {
          name: 'pedido_enviado',
          language: { code: 'pt_BR' },
          components: [
            {
              type: 'header',
              parameters: [{ type: 'image', image: { link: 'https://cdn.example/caixa.jpg' } }],
            },
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'Maria' },
                { type: 'text', text: '#12345' },
              ],
            },
            { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'ABC123' }] },
            {
              type: 'button',
              sub_type: 'quick_reply',
              index: '1',
              parameters: [{ type: 'payload', payload: 'atendente' }],
            },
          ],
        },
      });
      await t.database.tenant(t.firstTenantId, (tx) =>
        tx
          .update(conversations)
          .set({ lastInboundAt: new Date() })
          .where(eq(conversations.id, conversationId)),
      );
    });

    it('names the missing parameters field by field', async () => {
      const row = await addTemplate({ name: 'pedido_enviado_2', status: 'APPROVED', components });
      const res = await send({ type: 'template', templateId: row.id, variables: ['Maria'] });
      expect(res.statusCode).toBe(422);
      expect(res.json().code).toBe('validation-failed');
      expect(
        res
          .json()
          .errors.map((e: { path: string }) => e.path)
          .sort(),
      ).toEqual(['buttons', 'header', 'variables.2'].sort());
      const unknown = await send({
        type: 'template',
        templateId: '00000000-0000-7000-8000-000000000002',
        variables: {},
      });
      expect(unknown.json()).toMatchObject({ status: 422, errors: [{ path: 'templateId' }] });
    });

    it('refuses templates that are not approved for this channel, saying why', async () => {
      const body = { type: 'BODY', text: 'Olá!' };
      const cases = [
        ['PAUSED', 'template-paused', 'Meta paused this template for low quality; new sends are blocked'],
        ['DISABLED', 'template-disabled', 'Meta disabled this template'],
        ['SUBMITTED', 'template-submitted', 'still reviewing'],
        ['REJECTED', 'template-rejected', 'rejected'],
      ] as const;
      for (const [status, code, words] of cases) {
        const row = await addTemplate({ name: `t_${status.toLowerCase()}`, status, components: [body] });
        const res = await send({ type: 'template', templateId: row.id });
        expect(res.statusCode).toBe(422);
        expect(res.json()).toMatchObject({
          code: 'template-not-approved',
          type: '/problems/template-not-approved',
          errors: [{ path: 'templateId', code }],
        });
        expect(res.json().detail).toContain(words);
        expect(res.json().detail).toContain(status);
      }
      const sandboxId = (await api('GET', '/api/v1/channels'))
        .json()
        .items.find((c: { kind: string }) => c.kind === 'sandbox').id;
      const other = await addTemplate({
        name: 'outro_canal',
        status: 'APPROVED',
        components: [body],
        channelId: sandboxId,
      });
      const res = await send({ type: 'template', templateId: other.id });
      expect(res.json()).toMatchObject({
        status: 422,
        code: 'template-not-approved',
        errors: [{ code: 'template-other-channel' }],
      });
      // The English title is a translation of the code.
      const en = await t.inject({
        method: 'POST',
        url: `/api/v1/conversations/${conversationId}/messages`,
        payload: { type: 'template', templateId: other.id },
        headers: { cookie, 'accept-language': 'en' },
      });
      expect(en.json().title).toContain('approved');
    });
  });

  it('sends a failed message again as a new one; asks first when it may have arrived; refuses the rest', async () => {
    const resend = (messageId: string, body?: object) =>
      api('POST', `/api/v1/conversations/${conversationId}/messages/${messageId}/resend`, body);
    const failedOne = async (body: object) => {
      meta.failNext(1, { status: 400, code: 131026, message: 'Message undeliverable' });
      const sent = await send(body);
      expect(sent.statusCode).toBe(202);
      return t.until(
        async () => (await messagesOf()).find((m) => m.id === sent.json().id && m.status === 'failed'),
        'the send failed',
      );
    };

    const text = await failedOne({ type: 'text', text: 'Seu boleto vence amanhã' });
    const again = await resend(text.id);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ type: 'text', text: 'Seu boleto vence amanhã', status: 'queued' });
    expect(again.json().id).not.toBe(text.id);
    const { body } = await graphBodyOf(again.json().id);
    expect(body).toMatchObject({ type: 'text', text: { body: 'Seu boleto vence amanhã' } });
    // The failed one stays as it was: the timeline shows both.
    expect((await messagesOf()).find((m) => m.id === text.id)?.status).toBe('failed');

    // Media by link goes out with the same link.
    const image = await failedOne({
      type: 'image',
      link: 'https://example.com/boleto.png',
      caption: 'Boleto',
    });
    const imageAgain = await resend(image.id, {});
    expect(imageAgain.statusCode).toBe(202);
    expect((await graphBodyOf(imageAgain.json().id)).body).toMatchObject({
      type: 'image',
      image: { link: 'https://example.com/boleto.png', caption: 'Boleto' },
    });

    // Fate unknown (the connection dropped mid-call, as SendDispatcher leaves it): confirm first.
    const unknown = await failedOne({ type: 'text', text: 'Pedido confirmado' });
    await t.database.tenant(t.firstTenantId, (tx) =>
      tx
        .update(messagesTable)
        .set({ error: { code: 'send-unknown', reason: 'channels.errors.sendUnknown' } })
        .where(eq(messagesTable.id, unknown.id)),
    );
    const sentBefore = meta.sent.length;
    const ask = await resend(unknown.id);
    expect(ask.statusCode).toBe(409);
    expect(ask.json()).toMatchObject({ code: 'maybe-delivered' });
    expect(ask.json().errors).toContainEqual(expect.objectContaining({ path: 'confirmUnknown' }));
    expect(meta.sent.length).toBe(sentBefore);
    const confirmed = await resend(unknown.id, { confirmUnknown: true });
    expect(confirmed.statusCode).toBe(202);
    await graphBodyOf(confirmed.json().id);

    // A message that did not fail, an inbound one, or one of another conversation: nothing is sent.
    expect((await resend(again.json().id)).json()).toMatchObject({ status: 409, code: 'not-resendable' });
    expect((await resend(inbound.id)).json()).toMatchObject({ status: 409, code: 'not-resendable' });
    expect((await resend('00000000-0000-7000-8000-000000000000')).statusCode).toBe(404);
    expect((await resend(text.id, { confirmUnknown: 'yes' })).statusCode).toBe(422);
    const trail = await t.database.tenant(t.firstTenantId, (tx) =>
      tx.select().from(auditLogs).where(eq(auditLogs.action, 'message.resent')),
    );
    expect(trail.map((a) => (a.metadata as { resendOf?: string }).resendOf).sort()).toEqual(
      [text.id, image.id, unknown.id].sort(),
    );
  });

  it('marks the conversation read: unread back to 0, the newest inbound message read on WhatsApp', async () => {
    const second = await meta.sendInbound({ type: 'text', text: 'Alô?', from: '5511987654321' });
    await t.until(
      async () =>
        (await api('GET', `/api/v1/conversations?channelId=${channelId}`)).json().items[0].unreadCount > 0,
      'unread message',
    );
    const seen: { type: string; data: unknown }[] = [];
    const unsubscribe = t.realtime.subscribe(t.firstTenantId, (e) => seen.push(e));
    // The first call fails with a retryable Meta error: the job tries again.
    meta.failNext(1, { code: 131000, message: 'Something went wrong' });
    const res = await api('POST', `/api/v1/conversations/${conversationId}/read`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: conversationId, unreadCount: 0 });
    const conv = (await api('GET', `/api/v1/conversations?channelId=${channelId}`)).json().items[0];
    expect(conv.unreadCount).toBe(0);
    await t.until(async () => meta.readMarks.includes(second.messageId), 'read mark at Meta');
    expect(meta.readMarks).not.toContain(inbound.providerMessageId); // the newest one marks the rest
    expect(seen).toContainEqual(
      expect.objectContaining({
        type: 'conversation.updated',
        data: expect.objectContaining({ unreadCount: 0 }),
      }),
    );
    unsubscribe();
    expect(
      (await api('POST', '/api/v1/conversations/00000000-0000-7000-8000-000000000000/read')).statusCode,
    ).toBe(404);
  });

  it('marks a sandbox conversation read too (the simulator accepts it)', async () => {
    const sandboxId = (await api('GET', '/api/v1/channels'))
      .json()
      .items.find((c: { kind: string }) => c.kind === 'sandbox').id;
    await api('POST', `/api/v1/channels/${sandboxId}/simulate`, { from: '+5511955554444', text: 'Oi' });
    const conv = await t.until(
      async () => (await api('GET', `/api/v1/conversations?channelId=${sandboxId}`)).json().items[0],
      'sandbox conversation',
    );
    expect(conv.unreadCount).toBe(1);
    const res = await api('POST', `/api/v1/conversations/${conv.id}/read`);
    expect(res.json()).toMatchObject({ unreadCount: 0 });
    // And every type goes out through the sandbox adapter as well.
    const sent = await send({ type: 'location', latitude: 1, longitude: 2 }, conv.id);
    expect(sent.statusCode).toBe(202);
    await t.until(
      async () =>
        (await messagesOf(conv.id)).find(
          (m) => m.id === sent.json().id && m.providerMessageId?.startsWith('sandbox.'),
        ),
      'sandbox send',
    );
  });
});

describe('toOutbound', () => {
  const row = (over: Record<string, unknown>) =>
    ({
      id: 'm1',
      type: 'text',
      text: 'oi',
      payload: null,
      media: null,
      ...over,
    }) as unknown as Parameters<typeof toOutbound>[0];

  it('keeps rows written before the payload existed sendable as text', () => {
    expect(toOutbound(row({}), '+5511987654321')).toEqual({ type: 'text', to: '+5511987654321', body: 'oi' });
  });

  it('refuses a row it cannot send with a non-retryable provider error', () => {
    expect(() => toOutbound(row({ type: 'location' }), '+55119')).toThrowError(
      expect.objectContaining({ code: 'invalid-request', retryable: false }),
    );
  });
});
