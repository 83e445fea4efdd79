import { describe, expect, it } from 'vitest';
import { outboundMessageSchema } from './canonical.ts';

const ok = (message: unknown) => outboundMessageSchema.safeParse(message).success;
const to = '+5511987654321';

describe('outbound message schema', () => {
  it.each([
    ['E.164', '+5511987654321'],
    ['E.164 written with separators', '+55 (11) 98765-4321'],
    ['a wa_id', '551187654321'],
    ['a provider user id', 'BR.13491208655302741918'],
  ])('accepts %s as recipient', (_, recipient) => {
    expect(ok({ to: recipient, type: 'text', body: 'oi' })).toBe(true);
  });

  it.each([['(11) 98765-4321'], ['98765-4321'], [''], ['+12']])('refuses %j as recipient', (recipient) => {
    expect(ok({ to: recipient, type: 'text', body: 'oi' })).toBe(false);
  });

  it('media needs exactly one of link and mediaId; only image, video and document take captions', () => {
    expect(ok({ to, type: 'image', mediaId: '123' })).toBe(true);
    expect(ok({ to, type: 'image', link: 'https://cdn.example/a.jpg', caption: 'a' })).toBe(true);
    expect(ok({ to, type: 'image' })).toBe(false);
    expect(ok({ to, type: 'image', mediaId: '1', link: 'https://cdn.example/a.jpg' })).toBe(false);
    expect(ok({ to, type: 'image', link: 'ftp://cdn.example/a.jpg' })).toBe(false);
    expect(outboundMessageSchema.parse({ to, type: 'audio', mediaId: '1', caption: 'x' })).not.toHaveProperty(
      'caption',
    );
  });

  it('buttons: one to three, distinct ids, titles up to 20 characters', () => {
    const button = (id: string, title = id) => ({ id, title });
    expect(ok({ to, type: 'buttons', body: 'x', buttons: [button('a'), button('b'), button('c')] })).toBe(
      true,
    );
    expect(ok({ to, type: 'buttons', body: 'x', buttons: [] })).toBe(false);
    expect(ok({ to, type: 'buttons', body: 'x', buttons: [button('a'), button('a', 'A2')] })).toBe(false);
    expect(ok({ to, type: 'buttons', body: 'x', buttons: [button('a', 'x'.repeat(21))] })).toBe(false);
  });

  it('lists: at most ten rows in all, titled sections when there are several', () => {
    const rows = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, title: `R${i}` }));
    const list = (sections: unknown[]) => ({ to, type: 'list', body: 'x', buttonLabel: 'Ver', sections });
    expect(ok(list([{ rows: rows(10, 'a') }]))).toBe(true);
    expect(
      ok(
        list([
          { title: 'A', rows: rows(5, 'a') },
          { title: 'B', rows: rows(5, 'b') },
        ]),
      ),
    ).toBe(true);
    expect(
      ok(
        list([
          { title: 'A', rows: rows(6, 'a') },
          { title: 'B', rows: rows(5, 'b') },
        ]),
      ),
    ).toBe(false);
    expect(ok(list([{ rows: rows(2, 'a') }, { title: 'B', rows: rows(2, 'b') }]))).toBe(false);
    expect(
      ok(
        list([
          { title: 'A', rows: rows(2, 'a') },
          { title: 'B', rows: rows(2, 'a') },
        ]),
      ),
    ).toBe(false);
  });

  it('reactions: an empty emoji (removal) is valid', () => {
    expect(ok({ to, type: 'reaction', providerMessageId: 'wamid.X', emoji: '' })).toBe(true);
    expect(ok({ to, type: 'reaction', emoji: '👍' })).toBe(false);
  });

  it('templates: positional or named body, typed header, button params', () => {
    expect(ok({ to, type: 'template', name: 'a', language: 'pt_BR', body: ['Maria'] })).toBe(true);
    expect(ok({ to, type: 'template', name: 'a', language: 'pt_BR', body: { customer_name: 'Maria' } })).toBe(
      true,
    );
    expect(
      ok({ to, type: 'template', name: 'a', language: 'pt_BR', body: { 'Customer Name': 'Maria' } }),
    ).toBe(false);
    expect(ok({ to, type: 'template', name: 'a', language: 'pt_BR', header: { type: 'image' } })).toBe(false);
    expect(
      ok({
        to,
        type: 'template',
        name: 'a',
        language: 'pt_BR',
        buttons: [{ index: 0, subType: 'flow', value: 'x' }],
      }),
    ).toBe(false);
  });

  it('unknown types are refused', () => {
    expect(ok({ to, type: 'poll', question: '?' })).toBe(false);
  });
});
