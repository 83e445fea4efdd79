import { createHash, createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type FakeGraphApi,
  type FakeGraphApiOptions,
  type FakeInbound,
  startFakeGraphApi,
  startWebhookReceiver,
  type WebhookReceiver,
} from './fake-graph-api.ts';

// The fake is checked with plain fetch, not with our adapter, so that both cannot drift together.

// biome-ignore lint/suspicious/noExplicitAny: assertions read Meta's JSON bodies of many shapes freely.
type Json = any;

interface Answer {
  status: number;
  headers: Headers;
  body: Json;
}

describe('fake Graph API', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((c) => c()));
  });

  async function start(options: FakeGraphApiOptions = {}) {
    const receiver = await startWebhookReceiver();
    const graph = await startFakeGraphApi({ webhookUrl: receiver.url, statusPlan: 'none', ...options });
    closers.push(
      () => graph.close(),
      () => receiver.close(),
    );
    return { graph, receiver };
  }

  async function call(
    graph: FakeGraphApi,
    method: string,
    path: string,
    body?: unknown,
    token: string | null = graph.accessToken,
  ): Promise<Answer> {
    const res = await fetch(`${graph.url}/${graph.version}/${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  }

  const text = (to = '+55 11 98765-4321', body = 'Olá') => ({
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'text',
    text: { body },
  });

  /** Meta's error body, exactly these keys and no others. */
  function expectMetaError(
    answer: Answer,
    status: number,
    code: number,
    opts: { subcode?: number; data?: boolean } = {},
  ) {
    expect(answer.status).toBe(status);
    const keys = ['message', 'type', 'code', 'fbtrace_id'];
    if (opts.subcode !== undefined) keys.push('error_subcode');
    if (opts.data ?? true) keys.push('error_data');
    expect(Object.keys(answer.body)).toEqual(['error']);
    expect(Object.keys(answer.body.error).sort()).toEqual(keys.sort());
    expect(answer.body.error).toMatchObject({
      code,
      type: expect.any(String),
      fbtrace_id: expect.any(String),
    });
    if (opts.subcode !== undefined) expect(answer.body.error.error_subcode).toBe(opts.subcode);
    if (opts.data ?? true) {
      expect(answer.body.error.error_data).toEqual({
        messaging_product: 'whatsapp',
        details: expect.any(String),
      });
    }
  }

  const signatureOf = (secret: string, raw: Buffer) =>
    `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
  const json = (receiver: WebhookReceiver, i: number) =>
    JSON.parse(receiver.received[i]!.raw.toString('utf8'));
  const statusesOf = (receiver: WebhookReceiver) =>
    receiver.received.map((r) => JSON.parse(r.raw.toString()).entry[0].changes[0].value.statuses[0].status);

  describe('sending', () => {
    it('answers a send like Meta: contacts with input and wa_id, a wamid, and records it', async () => {
      const { graph } = await start();
      const answer = await call(graph, 'POST', `${graph.phoneNumberId}/messages`, text());
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        messaging_product: 'whatsapp',
        contacts: [{ input: '+55 11 98765-4321', wa_id: '5511987654321' }],
        messages: [{ id: expect.stringMatching(/^wamid\.[A-Za-z0-9+/=]+$/) }],
      });
      expect(graph.sent).toEqual([
        {
          id: answer.body.messages[0].id,
          to: '+55 11 98765-4321',
          waId: '5511987654321',
          type: 'text',
          body: text(),
        },
      ]);
      expect(graph.requests.at(-1)).toMatchObject({ method: 'POST', status: 200, token: graph.accessToken });
    });

    it('resolves wa_id the configured way (an old Brazilian number without the ninth digit)', async () => {
      const { graph } = await start({ resolveWaId: (d) => d.replace(/^(55\d\d)9(\d{8})$/, '$1$2') });
      const answer = await call(graph, 'POST', `${graph.phoneNumberId}/messages`, text('5511987654321'));
      expect(answer.body.contacts[0]).toEqual({ input: '5511987654321', wa_id: '551187654321' });
    });

    it.each([
      ['no messaging_product', { ...text(), messaging_product: undefined }, 100],
      ['no recipient', { ...text(), to: undefined }, 100],
      ['a recipient that is no phone', text('maria'), 100],
      ['an unknown type', { ...text(), type: 'poll', poll: {} }, 100],
      ['the type object missing', { ...text(), text: undefined }, 100],
      ['an empty text', text(undefined, ''), 131008],
      [
        'media with both id and link',
        { ...text(), type: 'image', image: { id: '1', link: 'https://x.test/a.jpg' } },
        131009,
      ],
      [
        'four reply buttons',
        {
          ...text(),
          type: 'interactive',
          interactive: {
            type: 'button',
            body: { text: 'Escolha' },
            action: {
              buttons: [1, 2, 3, 4].map((i) => ({ type: 'reply', reply: { id: `b${i}`, title: `B${i}` } })),
            },
          },
        },
        131009,
      ],
      [
        'a list of eleven rows',
        {
          ...text(),
          type: 'interactive',
          interactive: {
            type: 'list',
            body: { text: 'Escolha' },
            action: {
              button: 'Ver',
              sections: [{ rows: Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `R${i}` })) }],
            },
          },
        },
        131009,
      ],
      ['a reaction without target', { ...text(), type: 'reaction', reaction: { emoji: '👍' } }, 131008],
      [
        'an unknown template',
        { ...text(), type: 'template', template: { name: 'nope', language: { code: 'pt_BR' } } },
        132001,
      ],
    ])('refuses %s with Meta code %i', async (_, body, code) => {
      const { graph } = await start();
      const answer = await call(graph, 'POST', `${graph.phoneNumberId}/messages`, body);
      expectMetaError(answer, code === 132001 ? 404 : 400, code);
      expect(graph.sent).toEqual([]);
    });

    it('checks a template: approved, not paused, body parameter count', async () => {
      const { graph } = await start();
      graph.addTemplate({
        name: 'pedido_enviado',
        language: 'pt_BR',
        components: [{ type: 'BODY', text: 'Oi {{1}}, seu pedido {{2}} saiu.' }],
      });
      const send = (parameters: unknown[]) =>
        call(graph, 'POST', `${graph.phoneNumberId}/messages`, {
          ...text(),
          type: 'template',
          template: {
            name: 'pedido_enviado',
            language: { code: 'pt_BR', policy: 'deterministic' },
            components: [{ type: 'body', parameters }],
          },
        });
      expectMetaError(await send([{ type: 'text', text: 'Ana' }]), 400, 132000);
      const ok = await send([
        { type: 'text', text: 'Ana' },
        { type: 'text', text: '#1' },
      ]);
      expect(ok.body.messages[0]).toMatchObject({ message_status: 'accepted' });
      await graph.setTemplateStatus('pedido_enviado', 'PAUSED');
      expectMetaError(await send([]), 400, 132015);
    });

    it('marks a message read', async () => {
      const { graph } = await start();
      const answer = await call(graph, 'POST', `${graph.phoneNumberId}/messages`, {
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: 'wamid.ABC',
      });
      expect(answer.body).toEqual({ success: true });
      expect(graph.readMarks).toEqual(['wamid.ABC']);
    });

    it('enforces the 24-hour window when asked: 131047 until the customer writes', async () => {
      const { graph } = await start({ enforceWindow: true });
      expectMetaError(
        await call(graph, 'POST', `${graph.phoneNumberId}/messages`, text('5511987654321')),
        400,
        131047,
      );
      await graph.sendInbound({ type: 'text', from: '5511987654321', text: 'oi' });
      expect(
        (await call(graph, 'POST', `${graph.phoneNumberId}/messages`, text('5511987654321'))).status,
      ).toBe(200);
    });
  });

  describe('tokens and errors', () => {
    it('no token → 400 code 104; wrong token → 401 code 190; both without error_data', async () => {
      const { graph } = await start();
      expectMetaError(await call(graph, 'POST', `${graph.phoneNumberId}/messages`, text(), null), 400, 104, {
        data: false,
      });
      expectMetaError(
        await call(graph, 'POST', `${graph.phoneNumberId}/messages`, text(), 'EAAGwrong'),
        401,
        190,
        {
          data: false,
        },
      );
      expect(graph.sent).toEqual([]);
    });

    it('an expired token → 401 code 190 subcode 463, everywhere', async () => {
      const { graph } = await start();
      graph.expireToken();
      const answer = await call(graph, 'GET', graph.phoneNumberId);
      expectMetaError(answer, 401, 190, { subcode: 463, data: false });
      expect(answer.body.error.message).toMatch(/Session has expired/);
    });

    it('a token without the messaging permission cannot send (403, code 10)', async () => {
      const { graph } = await start({ token: { scopes: ['whatsapp_business_management'] } });
      expectMetaError(await call(graph, 'POST', `${graph.phoneNumberId}/messages`, text()), 403, 10);
    });

    it('failNext answers Meta error bodies with the usual HTTP status, Retry-After, then recovers', async () => {
      const { graph } = await start();
      graph.failNext(2, { code: 130429, retryAfterSeconds: 3 });
      graph.failNext(1, { code: 131000, status: 503 });
      const first = await call(graph, 'POST', `${graph.phoneNumberId}/messages`, text());
      expectMetaError(first, 429, 130429);
      expect(first.headers.get('retry-after')).toBe('3');
      expect(first.body.error.message).toBe('Rate limit hit');
      expectMetaError(await call(graph, 'POST', `${graph.phoneNumberId}/messages`, text()), 429, 130429);
      expectMetaError(await call(graph, 'POST', `${graph.phoneNumberId}/messages`, text()), 503, 131000);
      expect((await call(graph, 'POST', `${graph.phoneNumberId}/messages`, text())).status).toBe(200);
      expect(graph.sent).toHaveLength(1);
    });

    it('unknown objects answer 100/33 GraphMethodException', async () => {
      const { graph } = await start();
      const answer = await call(graph, 'GET', '999999999');
      expectMetaError(answer, 400, 100, { subcode: 33 });
      expect(answer.body.error.type).toBe('GraphMethodException');
    });

    it('delayNext holds the answer so a client deadline passes', async () => {
      const { graph } = await start();
      graph.delayNext(5_000);
      const slow = fetch(`${graph.url}/${graph.version}/${graph.phoneNumberId}`, {
        headers: { authorization: `Bearer ${graph.accessToken}` },
        signal: AbortSignal.timeout(100),
      });
      await expect(slow).rejects.toThrow(/abort|timeout/i);
      expect((await call(graph, 'GET', graph.phoneNumberId)).status).toBe(200);
    });
  });

  describe('account reads', () => {
    it('phone number with the fields asked for', async () => {
      const { graph } = await start();
      const answer = await call(
        graph,
        'GET',
        `${graph.phoneNumberId}?fields=display_phone_number,quality_rating,throughput`,
      );
      expect(answer.body).toEqual({
        display_phone_number: '+55 11 4000-1234',
        quality_rating: 'GREEN',
        throughput: { level: 'STANDARD' },
        id: graph.phoneNumberId,
      });
    });

    it('debug_token tells a permanent system user token from a 24-hour one', async () => {
      const permanent = (await start()).graph;
      const p = await call(permanent, 'GET', `debug_token?input_token=${permanent.accessToken}`);
      expect(p.body.data).toMatchObject({
        type: 'SYSTEM_USER',
        expires_at: 0,
        is_valid: true,
        app_id: permanent.appId,
      });
      const expiresAt = Math.floor(Date.now() / 1000) + 23 * 3600;
      const temporary = (await start({ token: { type: 'USER', expiresAt } })).graph;
      const t = await call(temporary, 'GET', `debug_token?input_token=${temporary.accessToken}`);
      expect(t.body.data).toMatchObject({ type: 'USER', expires_at: expiresAt, is_valid: true });
      const other = await call(temporary, 'GET', 'debug_token?input_token=someone-else');
      expect(other.body.data).toMatchObject({ is_valid: false, error: { code: 190 } });
    });

    it('subscribed_apps: subscribe, read, unsubscribe', async () => {
      const { graph } = await start();
      expect((await call(graph, 'GET', `${graph.wabaId}/subscribed_apps`)).body).toEqual({ data: [] });
      expect((await call(graph, 'POST', `${graph.wabaId}/subscribed_apps`)).body).toEqual({ success: true });
      expect(
        (await call(graph, 'GET', `${graph.wabaId}/subscribed_apps`)).body.data[0].whatsapp_business_api_data
          .id,
      ).toBe(graph.appId);
      await call(graph, 'DELETE', `${graph.wabaId}/subscribed_apps`);
      expect(graph.subscribed).toBe(false);
    });
  });

  describe('media', () => {
    it('multipart upload, info with the bearer token, download only with it', async () => {
      const { graph } = await start();
      const bytes = Buffer.from('%PDF-1.7 fake document');
      const form = new FormData();
      form.set('messaging_product', 'whatsapp');
      form.set('type', 'application/pdf');
      form.set('file', new Blob([bytes], { type: 'application/pdf' }), 'boleto.pdf');
      const upload = await fetch(`${graph.url}/${graph.version}/${graph.phoneNumberId}/media`, {
        method: 'POST',
        headers: { authorization: `Bearer ${graph.accessToken}` },
        body: form,
      });
      const { id } = (await upload.json()) as { id: string };
      expect(id).toMatch(/^\d{15,}$/);
      expect(graph.media.get(id)).toMatchObject({
        mimeType: 'application/pdf',
        filename: 'boleto.pdf',
        body: bytes,
      });

      const info = await call(graph, 'GET', id);
      expect(info.body).toEqual({
        messaging_product: 'whatsapp',
        url: expect.stringContaining(`${graph.url}/whatsapp_business/attachments/?mid=${id}`),
        mime_type: 'application/pdf',
        sha256: createHash('sha256').update(bytes).digest('hex'),
        file_size: bytes.length,
        id,
      });
      expect((await fetch(info.body.url)).status).toBe(401);
      const download = await fetch(info.body.url, {
        headers: { authorization: `Bearer ${graph.accessToken}` },
      });
      expect(download.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);
    });

    it('refuses an upload without messaging_product or file', async () => {
      const { graph } = await start();
      const form = new FormData();
      form.set('type', 'image/png');
      const res = await fetch(`${graph.url}/${graph.version}/${graph.phoneNumberId}/media`, {
        method: 'POST',
        headers: { authorization: `Bearer ${graph.accessToken}` },
        body: form,
      });
      expectMetaError({ status: res.status, headers: res.headers, body: await res.json() }, 400, 100);
    });
  });

  describe('templates', () => {
    const template = {
      name: 'boas_vindas',
      language: 'pt_BR',
      category: 'MARKETING',
      components: [{ type: 'BODY', text: 'Olá {{1}}!', example: { body_text: [['Ana']] } }],
    };

    it('create (PENDING), refuse a duplicate, list with paging, delete by name', async () => {
      const { graph } = await start();
      const created = await call(graph, 'POST', `${graph.wabaId}/message_templates`, template);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^\d+$/),
        status: 'PENDING',
        category: 'MARKETING',
      });
      expectMetaError(await call(graph, 'POST', `${graph.wabaId}/message_templates`, template), 400, 100, {
        subcode: 2388024,
      });
      await call(graph, 'POST', `${graph.wabaId}/message_templates`, { ...template, language: 'en_US' });
      await call(graph, 'POST', `${graph.wabaId}/message_templates`, { ...template, name: 'outro' });

      const first = await call(graph, 'GET', `${graph.wabaId}/message_templates?limit=2`);
      expect(first.body.data.map((t: { language: string }) => t.language)).toEqual(['pt_BR', 'en_US']);
      expect(first.body.paging.next).toBeDefined();
      const second = await call(
        graph,
        'GET',
        `${graph.wabaId}/message_templates?limit=2&after=${first.body.paging.cursors.after}`,
      );
      expect(second.body.data.map((t: { name: string }) => t.name)).toEqual(['outro']);
      expect(second.body.paging.next).toBeUndefined();

      expect(
        (await call(graph, 'DELETE', `${graph.wabaId}/message_templates?name=boas_vindas`)).body,
      ).toEqual({
        success: true,
      });
      expect(graph.templates.map((t) => t.name)).toEqual(['outro']);
      expectMetaError(
        await call(graph, 'DELETE', `${graph.wabaId}/message_templates?name=boas_vindas`),
        400,
        100,
        {
          subcode: 2593002,
        },
      );
    });

    it('refuses a bad name or category', async () => {
      const { graph } = await start();
      expectMetaError(
        await call(graph, 'POST', `${graph.wabaId}/message_templates`, { ...template, name: 'Boas Vindas' }),
        400,
        100,
      );
      expectMetaError(
        await call(graph, 'POST', `${graph.wabaId}/message_templates`, { ...template, category: 'PROMO' }),
        400,
        100,
      );
    });

    it('a status change updates the template and posts message_template_status_update', async () => {
      const { graph, receiver } = await start();
      const { body } = await call(graph, 'POST', `${graph.wabaId}/message_templates`, template);
      await graph.setTemplateStatus(body.id, 'REJECTED', 'INVALID_FORMAT');
      const listed = await call(graph, 'GET', `${graph.wabaId}/message_templates?name=boas_vindas`);
      expect(listed.body.data[0]).toMatchObject({ status: 'REJECTED', rejected_reason: 'INVALID_FORMAT' });
      expect(json(receiver, 0)).toEqual({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: graph.wabaId,
            time: expect.any(Number),
            changes: [
              {
                field: 'message_template_status_update',
                value: {
                  event: 'REJECTED',
                  message_template_id: Number(body.id),
                  message_template_name: 'boas_vindas',
                  message_template_language: 'pt_BR',
                  reason: 'INVALID_FORMAT',
                  message_template_category: 'MARKETING',
                },
              },
            ],
          },
        ],
      });
    });
  });

  describe('webhooks back to the app', () => {
    it('signs the exact bytes it posts with the app secret', async () => {
      const { graph, receiver } = await start();
      const delivery = await graph.sendInbound({ type: 'text', text: 'Olá, ação & preço ✓' });
      const got = receiver.received[0]!;
      expect(got.raw.toString('utf8')).toBe(delivery.raw);
      expect(got.headers['x-hub-signature-256']).toBe(signatureOf(graph.appSecret, got.raw));
      expect(got.headers['x-hub-signature-256']).not.toBe(signatureOf('another-secret', got.raw));
      expect(got.headers['content-type']).toBe('application/json');
      expect(delivery.status).toBe(200);
      const exact = '{"object":"whatsapp_business_account" ,"entry":[]}';
      await graph.deliverWebhook(exact);
      expect(receiver.received[1]!.raw.toString()).toBe(exact);
      expect(receiver.received[1]!.headers['x-hub-signature-256']).toBe(
        signatureOf(graph.appSecret, Buffer.from(exact)),
      );
    });

    it('after a send: sent, delivered, read in order, with conversation and pricing', async () => {
      const { graph, receiver } = await start({ statusPlan: 'normal' });
      const { body } = await call(graph, 'POST', `${graph.phoneNumberId}/messages`, text());
      await graph.settle();
      expect(statusesOf(receiver)).toEqual(['sent', 'delivered', 'read']);
      const sent = json(receiver, 0).entry[0].changes[0];
      expect(sent.field).toBe('messages');
      expect(sent.value.metadata).toEqual({
        display_phone_number: '551140001234',
        phone_number_id: graph.phoneNumberId,
      });
      expect(sent.value.statuses[0]).toEqual({
        id: body.messages[0].id,
        status: 'sent',
        timestamp: expect.stringMatching(/^\d{10}$/),
        recipient_id: '5511987654321',
        conversation: {
          id: expect.any(String),
          expiration_timestamp: expect.any(String),
          origin: { type: 'service' },
        },
        pricing: {
          billable: false,
          pricing_model: 'PMP',
          category: 'service',
          type: 'free_customer_service',
        },
      });
      for (const r of receiver.received) {
        expect(r.headers['x-hub-signature-256']).toBe(signatureOf(graph.appSecret, r.raw));
      }
    });

    it.each([
      ['out-of-order', ['read', 'sent', 'delivered']],
      ['duplicated', ['sent', 'sent', 'delivered', 'read', 'delivered', 'read']],
      ['none', []],
    ] as const)('plan %s', async (plan, expected) => {
      const { graph, receiver } = await start();
      graph.nextStatuses(plan);
      await call(graph, 'POST', `${graph.phoneNumberId}/messages`, text());
      await call(graph, 'POST', `${graph.phoneNumberId}/messages`, text()); // back to the default: none
      await graph.settle();
      expect(statusesOf(receiver)).toEqual(expected);
    });

    it('a failed status carries errors[] and no pricing; an unknown media id fails by webhook', async () => {
      const { graph, receiver } = await start();
      graph.nextStatuses({ sequence: ['sent', 'failed'], error: { code: 131049 } });
      await call(graph, 'POST', `${graph.phoneNumberId}/messages`, text());
      await call(graph, 'POST', `${graph.phoneNumberId}/messages`, {
        ...text(),
        type: 'image',
        image: { id: '123' },
      });
      await graph.settle();
      // The two sends' callbacks interleave; look them up by content, not by position.
      const statuses = receiver.received.map(
        (_, i) => json(receiver, i).entry[0].changes[0].value.statuses[0],
      );
      const failedCodes = statuses.filter((s) => s.status === 'failed').map((s) => s.errors[0].code);
      expect(failedCodes.sort()).toEqual([131049, 131053]);
      const failed = statuses.find((s) => s.errors?.[0].code === 131049);
      expect(failed.errors[0]).toMatchObject({
        title: expect.any(String),
        error_data: { details: expect.any(String) },
      });
      expect(failed.pricing).toBeUndefined();
      expect(failed.conversation).toBeUndefined();
      expect(statuses.filter((s) => s.status === 'sent')).toHaveLength(1);
    });

    const inbound: [string, FakeInbound, (m: Json) => void][] = [
      ['text', { type: 'text', text: 'oi' }, (m) => expect(m.text).toEqual({ body: 'oi' })],
      [
        'image',
        { type: 'image', caption: 'foto' },
        (m) =>
          expect(m.image).toMatchObject({ caption: 'foto', mime_type: 'image/jpeg', id: expect.any(String) }),
      ],
      [
        'audio',
        { type: 'audio' },
        (m) => expect(m.audio).toMatchObject({ voice: true, mime_type: 'audio/ogg; codecs=opus' }),
      ],
      ['video', { type: 'video' }, (m) => expect(m.video).toMatchObject({ mime_type: 'video/mp4' })],
      [
        'document',
        { type: 'document', filename: 'nota.pdf' },
        (m) => expect(m.document).toMatchObject({ filename: 'nota.pdf', mime_type: 'application/pdf' }),
      ],
      [
        'sticker',
        { type: 'sticker' },
        (m) => expect(m.sticker).toMatchObject({ mime_type: 'image/webp', animated: false }),
      ],
      [
        'location',
        { type: 'location', latitude: -22.9, longitude: -43.2, name: 'Cristo' },
        (m) => expect(m.location).toEqual({ latitude: -22.9, longitude: -43.2, name: 'Cristo' }),
      ],
      [
        'contacts',
        { type: 'contacts', contacts: [{ name: 'João Silva', waId: '5521999887766' }] },
        (m) =>
          expect(m.contacts[0]).toEqual({
            name: { formatted_name: 'João Silva', first_name: 'João', last_name: 'Silva' },
            phones: [{ phone: '+5521999887766', type: 'CELL', wa_id: '5521999887766' }],
          }),
      ],
      [
        'button_reply',
        { type: 'button_reply', replyId: 'yes', title: 'Sim' },
        (m) =>
          expect(m).toMatchObject({
            type: 'interactive',
            interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Sim' } },
          }),
      ],
      [
        'list_reply',
        { type: 'list_reply', replyId: 'r1', title: 'Linha' },
        (m) =>
          expect(m.interactive).toEqual({ type: 'list_reply', list_reply: { id: 'r1', title: 'Linha' } }),
      ],
      [
        'button',
        { type: 'button', text: 'Parar', payload: 'stop' },
        (m) => expect(m.button).toEqual({ text: 'Parar', payload: 'stop' }),
      ],
      [
        'reaction',
        { type: 'reaction', targetId: 'wamid.T', emoji: '❤️' },
        (m) => expect(m.reaction).toEqual({ message_id: 'wamid.T', emoji: '❤️' }),
      ],
      ['unsupported', { type: 'unsupported' }, (m) => expect(m.errors[0]).toMatchObject({ code: 131051 })],
      [
        'referral',
        { type: 'text', text: 'vi o anúncio', referral: true },
        (m) =>
          expect(m.referral).toMatchObject({
            source_type: 'ad',
            ctwa_clid: expect.any(String),
            source_id: expect.any(String),
          }),
      ],
    ];
    it.each(inbound)('inbound %s: a messages webhook shaped like Meta', async (_, message, check) => {
      const { graph, receiver } = await start();
      const delivery = await graph.sendInbound({ ...message, from: '5511912345678', profileName: 'Bia' });
      const value = json(receiver, 0).entry[0].changes[0].value;
      expect(value.contacts).toEqual([{ profile: { name: 'Bia' }, wa_id: '5511912345678' }]);
      expect(value.metadata.phone_number_id).toBe(graph.phoneNumberId);
      const m = value.messages[0];
      expect(m).toMatchObject({
        from: '5511912345678',
        id: delivery.messageId,
        timestamp: expect.stringMatching(/^\d{10}$/),
      });
      expect(m.id).toMatch(/^wamid\./);
      check(m);
    });

    it('inbound media can then be fetched like any Meta media', async () => {
      const { graph, receiver } = await start();
      const bytes = Buffer.from('ogg voice note');
      await graph.sendInbound({ type: 'audio', body: bytes });
      const audio = json(receiver, 0).entry[0].changes[0].value.messages[0].audio;
      expect(audio.sha256).toBe(createHash('sha256').update(bytes).digest('base64'));
      const info = await call(graph, 'GET', audio.id);
      const download = await fetch(info.body.url, {
        headers: { authorization: `Bearer ${graph.accessToken}` },
      });
      expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);
    });

    it('records the app answer, and 0 when the app is down', async () => {
      const { graph, receiver } = await start();
      receiver.status = 401;
      expect((await graph.sendInbound({ type: 'text', text: 'x' })).status).toBe(401);
      graph.webhookUrl = 'http://127.0.0.1:9/nowhere';
      expect((await graph.sendInbound({ type: 'text', text: 'x' })).status).toBe(0);
      expect(graph.webhooks.map((w) => w.status)).toEqual([401, 0]);
    });
  });
});
