import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type CanonicalEvent,
  canonicalEventSchema,
  type MessageReceived,
  type MessageStatus,
} from '../canonical.ts';
import { createCloudAdapter } from './cloud.adapter.ts';

// Fixtures are Meta's webhook bodies for each case, written from the webhook reference (cloud.schemas.ts links).
const adapter = createCloudAdapter({
  wabaId: '102290129340398',
  phoneNumberId: '106540352242922',
  accessToken: 'fixture-token-not-used',
  appSecret: 'fixture-secret',
});
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url));
const parse = (name: string): CanonicalEvent[] => adapter.parseWebhook(fixture(name), {});
const one = <K extends CanonicalEvent['kind']>(name: string, kind: K) => {
  const events = parse(name);
  expect(events).toHaveLength(1);
  const event = events[0]!;
  expect(event.kind).toBe(kind);
  // Every event the mapper makes must satisfy the canonical schema the rest of the app trusts.
  expect(canonicalEventSchema.safeParse(event).success).toBe(true);
  return event as Extract<CanonicalEvent, { kind: K }>;
};
const received = (name: string): MessageReceived => one(name, 'message.received');
const status = (name: string): MessageStatus => one(name, 'message.status');

describe('cloud mapper: inbound messages', () => {
  it('text: sender in E.164, profile name, provider timestamp, channel ref', () => {
    const e = received('message-text');
    expect(e).toMatchObject({
      channelRef: '106540352242922',
      providerMessageId: 'wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFjNFQjATEXT01',
      from: '+5511987654321',
      profileName: 'Maria Silva',
      type: 'text',
      text: 'Olá! Vocês entregam em Campinas?',
      forwarded: false,
    });
    expect(e.timestamp).toEqual(new Date(1764150000 * 1000));
    expect(e.replyToProviderId).toBeUndefined();
    expect(e.attribution).toBeUndefined();
  });

  it('a reply carries the quoted message id; a forward is flagged', () => {
    expect(received('message-text-reply').replyToProviderId).toBe(
      'wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEjQyQkFGRTQzNjQ0RjE3RkMA',
    );
    expect(received('message-text-forwarded')).toMatchObject({ forwarded: true, text: 'Promoção de Natal!' });
  });

  it.each([
    [
      'message-image',
      'image',
      'Foto do produto com defeito',
      { mediaId: '1479537139650973', mimeType: 'image/jpeg' },
    ],
    ['message-video', 'video', 'Unboxing', { mediaId: '934116368502744', mimeType: 'video/mp4' }],
    [
      'message-audio',
      'audio',
      '',
      { mediaId: '1103572354217418', mimeType: 'audio/ogg; codecs=opus', voice: true },
    ],
    [
      'message-sticker',
      'sticker',
      '',
      { mediaId: '780934267120853', mimeType: 'image/webp', animated: false },
    ],
    [
      'message-document',
      'document',
      'Segue o comprovante',
      { mediaId: '1220356902384675', filename: 'comprovante-pix.pdf', caption: 'Segue o comprovante' },
    ],
  ])('%s: media id, mime type, digest and caption as text', (name, type, text, media) => {
    const e = received(name);
    expect(e.type).toBe(type);
    expect(e.text).toBe(text);
    expect(e.media).toMatchObject(media);
    expect(e.media?.sha256).toMatch(/=$/);
  });

  it('location: coordinates, and the place as readable text', () => {
    const e = received('message-location');
    expect(e.type).toBe('location');
    expect(e.location).toEqual({
      latitude: -23.561414,
      longitude: -46.655881,
      name: 'MASP',
      address: 'Av. Paulista, 1578 - Bela Vista, São Paulo - SP',
      url: 'https://masp.org.br',
    });
    expect(e.text).toBe('MASP, Av. Paulista, 1578 - Bela Vista, São Paulo - SP');
  });

  it('contacts: cards in our words, names as text', () => {
    const e = received('message-contacts');
    expect(e.type).toBe('contacts');
    expect(e.text).toBe('João Pereira, Ana');
    expect(e.contacts?.[0]).toEqual({
      name: { formatted: 'João Pereira', first: 'João', last: 'Pereira' },
      phones: [{ phone: '+55 21 99988-7766', type: 'CELL', waId: '5521999887766' }],
      emails: [{ email: 'joao@example.com.br', type: 'WORK' }],
      organization: { company: 'Pereira & Filhos', title: 'Gerente' },
      birthday: '1985-03-14',
    });
    expect(e.contacts?.[1]).toEqual({
      name: { formatted: 'Ana' },
      phones: [{ phone: '+55 11 3456-7890', type: 'WORK' }],
    });
  });

  it('interactive button and list replies: the chosen id and title', () => {
    const button = received('message-interactive-button');
    expect(button).toMatchObject({
      type: 'interactive',
      text: 'Confirmar pedido',
      reply: { kind: 'button', id: 'confirm-order-8812', title: 'Confirmar pedido' },
      replyToProviderId: 'wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEkJVVFRPTlMwMDAwMDAwMDEA',
    });
    const list = received('message-interactive-list');
    expect(list).toMatchObject({
      type: 'interactive',
      text: 'Tamanho M',
      reply: { kind: 'list', id: 'size-m', title: 'Tamanho M', description: 'Busto 92 cm' },
    });
  });

  it('template quick reply: button text, payload as the reply id', () => {
    expect(received('message-button')).toMatchObject({
      type: 'button',
      text: 'Quero saber mais',
      reply: { kind: 'quick-reply', id: 'campaign-black-friday:interested', title: 'Quero saber mais' },
    });
  });

  it('reaction: target and emoji; an empty emoji is a removal', () => {
    const added = received('message-reaction');
    expect(added).toMatchObject({
      type: 'reaction',
      text: '👍',
      reaction: {
        targetProviderId: 'wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEk9VVEJPVU5EMDAwMDAwMDEA',
        emoji: '👍',
      },
    });
    expect(added.replyToProviderId).toBeUndefined();
    expect(received('message-reaction-removed').reaction).toEqual({
      targetProviderId: 'wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEk9VVEJPVU5EMDAwMDAwMDEA',
      emoji: '',
    });
  });

  it('click-to-WhatsApp ad: referral becomes attribution', () => {
    const e = received('message-referral');
    expect(e.text).toBe('Olá, vi o anúncio do tênis');
    expect(e.attribution).toEqual({
      source: 'ctwa',
      adId: '120210987654321098',
      ctwaClid:
        'ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-GABDLOPaOdRMv-_zfUQ2a',
      headline: 'Tênis de corrida com 30% off',
      body: 'Só esta semana. Chame no WhatsApp!',
      mediaType: 'image',
      mediaUrl: 'https://scontent.xx.fbcdn.net/v/t45.1600-4/ad-creative.jpg',
      sourceUrl: 'https://fb.me/2ZtYk8Pqa',
    });
  });

  it('unsupported: kept as an unsupported message with no text', () => {
    expect(received('message-unsupported')).toMatchObject({
      type: 'unsupported',
      text: '',
      from: '+5511987654321',
    });
  });

  it('several messages in one delivery, from a number without the ninth digit', () => {
    const events = parse('message-batch-old-number') as MessageReceived[];
    expect(events.map((e) => [e.from, e.text, e.profileName])).toEqual([
      ['+551187654321', 'primeira', 'Seu Zé'],
      ['+551187654321', 'segunda', 'Seu Zé'],
    ]);
  });
});

describe('cloud mapper: statuses', () => {
  it('sent: conversation with expiry, pricing, recipient', () => {
    const e = status('status-sent');
    expect(e).toMatchObject({
      channelRef: '106540352242922',
      providerMessageId: 'wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEjdGMUY5RjI0RDk5QTVCMkYzQwA=',
      status: 'sent',
      recipientId: '+5511987654321',
      errors: [],
      conversation: { id: '4f2b1c0e9a8d7e6f5a4b3c2d1e0f9a8b', category: 'marketing' },
      pricing: { billable: true, category: 'marketing', model: 'PMP', type: 'regular' },
    });
    expect(e.conversation?.expiresAt).toEqual(new Date(1764236400 * 1000));
    expect(e.timestamp).toEqual(new Date(1764150010 * 1000));
  });

  it('delivered and read', () => {
    expect(status('status-delivered')).toMatchObject({ status: 'delivered', pricing: { billable: true } });
    const read = status('status-read');
    expect(read.status).toBe('read');
    expect(read.conversation).toBeUndefined();
    expect(read.pricing).toBeUndefined();
  });

  it('failed: errors in our words with the retry decision', () => {
    expect(status('status-failed')).toMatchObject({
      status: 'failed',
      errors: [
        {
          code: 'undeliverable',
          providerCode: '131026',
          retryable: false,
          reasonKey: 'channels.errors.undeliverable',
          title: 'Message undeliverable',
          detail: 'Message Undeliverable.',
        },
      ],
    });
    expect(status('status-failed-window').errors[0]).toMatchObject({
      code: 'window-closed',
      reasonKey: 'channels.errors.windowClosed',
    });
  });

  it('free service message and a played voice note (read) in one delivery', () => {
    const events = parse('status-service-free') as MessageStatus[];
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      status: 'sent',
      recipientId: '+551187654321',
      pricing: { billable: false, category: 'service', type: 'free_customer_service' },
    });
    expect(events[1]).toMatchObject({ status: 'read' });
  });
});

describe('cloud mapper: account events', () => {
  it('template approved, rejected with a reason, paused', () => {
    expect(one('template-approved', 'template.status')).toEqual({
      kind: 'template.status',
      channelRef: '102290129340398',
      timestamp: new Date(1764150100 * 1000),
      providerTemplateId: '1245678901234567',
      name: 'pedido_confirmado',
      language: 'pt_BR',
      status: 'APPROVED',
      category: 'UTILITY',
    });
    expect(one('template-rejected', 'template.status')).toMatchObject({
      status: 'REJECTED',
      reason: 'INCORRECT_CATEGORY',
    });
    const paused = one('template-paused', 'template.status');
    expect(paused.status).toBe('PAUSED');
    expect(paused.reason).toBeUndefined();
  });

  it('template quality change', () => {
    expect(one('template-quality', 'template.quality')).toMatchObject({
      providerTemplateId: '1245678901234569',
      score: 'medium',
      previousScore: 'high',
    });
  });

  it('phone number limit upgrade and account restriction become connection updates', () => {
    expect(one('phone-quality', 'connection.update')).toMatchObject({
      channelRef: '102290129340398',
      change: 'upgrade',
      messagingTier: 10000,
      detail: 'UPGRADE',
    });
    expect(one('account-restricted', 'connection.update')).toMatchObject({
      state: 'restricted',
      detail: 'ACCOUNT_RESTRICTION',
    });
  });

  it('names the channel refs its events carry', () => {
    expect(adapter.channelRefs).toEqual(['106540352242922', '102290129340398']);
  });
});

describe('cloud mapper: garbage in, nothing out', () => {
  const bodies: [string, Buffer][] = [
    ['empty', Buffer.alloc(0)],
    ['not JSON', Buffer.from('<html>502 Bad Gateway</html>')],
    ['truncated JSON', fixture('message-text').subarray(0, 80)],
    ['JSON null', Buffer.from('null')],
    ['JSON array', Buffer.from('[1,2,3]')],
    ['a number', Buffer.from('42')],
    ['another object type', Buffer.from(JSON.stringify({ object: 'page', entry: [] }))],
    ['entry not a list', Buffer.from(JSON.stringify({ object: 'whatsapp_business_account', entry: {} }))],
    [
      'unknown field',
      Buffer.from(
        JSON.stringify({
          object: 'whatsapp_business_account',
          entry: [{ id: '1', changes: [{ field: 'calls', value: { calls: [] } }] }],
        }),
      ),
    ],
    [
      'messages without metadata',
      Buffer.from(
        JSON.stringify({
          object: 'whatsapp_business_account',
          entry: [{ id: '1', changes: [{ field: 'messages', value: { messages: [{ id: 'x' }] } }] }],
        }),
      ),
    ],
    ['binary', Buffer.from([0xff, 0xfe, 0x00, 0x01])],
  ];
  it.each(bodies)('%s → []', (_, raw) => {
    expect(adapter.parseWebhook(raw, {})).toEqual([]);
  });

  it('keeps the good items of a delivery that also holds bad ones', () => {
    const body = JSON.parse(fixture('message-text').toString()) as {
      entry: { changes: { value: { messages: unknown[]; statuses?: unknown[] } }[] }[];
    };
    const value = body.entry[0]!.changes[0]!.value;
    value.messages.push({ id: 'no-timestamp', type: 'text' }, 'not an object');
    value.statuses = [{ id: 'wamid.x', status: 'deleted', timestamp: '1' }];
    const events = adapter.parseWebhook(Buffer.from(JSON.stringify(body)), {});
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'message.received', text: 'Olá! Vocês entregam em Campinas?' });
  });
});
