import { messages } from '@conversa/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/harness.ts';

describe('inbox search over message text', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let cookie: string;
  let sandboxId: string;
  const get = (url: string) => t.inject({ method: 'GET', url, headers: { cookie } });
  const conversationOf = async (from: string, name: string, text: string) => {
    await t.inject({
      method: 'POST',
      url: `/api/v1/channels/${sandboxId}/simulate`,
      headers: { cookie },
      payload: { from, name, text },
    });
    return t.until(
      async () =>
        (await get(`/api/v1/conversations?q=${encodeURIComponent(name)}`)).json().items[0] as { id: string },
      name,
    );
  };
  const addMessages = (conversationId: string, n: number, text: string) =>
    t.database.tenant(t.firstTenantId, (tx) =>
      tx.insert(messages).values(
        Array.from({ length: n }, (_, i) => ({
          tenantId: t.firstTenantId,
          conversationId,
          channelId: sandboxId,
          direction: 'inbound' as const,
          senderType: 'contact' as const,
          type: 'text' as const,
          text: `${text} ${i}`,
          status: 'received' as const,
        })),
      ),
    );
  const found = async (q: string) =>
    (
      (await get(`/api/v1/conversations?q=${encodeURIComponent(q)}&limit=50`)).json().items as {
        id: string;
      }[]
    ).map((c) => c.id);

  beforeAll(async () => {
    t = await createTestApp();
    cookie = await t.login();
    sandboxId = (await get('/api/v1/channels'))
      .json()
      .items.find((c: { kind: string }) => c.kind === 'sandbox').id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds every conversation for a rare word, and the newest 500 messages’ conversations for a common one', async () => {
    const older = await conversationOf('+5511970000001', 'Cliente Antigo', 'bom dia');
    const newer = await conversationOf('+5511970000002', 'Cliente Recente', 'boa tarde');
    await addMessages(older.id, 5, 'paguei com pix ontem');
    expect(await found('pix ontem')).toEqual([older.id]);
    // A word in more than 500 messages: only the newest 500 are searched (all in `newer`).
    await addMessages(newer.id, 500, 'chave pix enviada');
    const common = await found('pix');
    expect(common).toContain(newer.id);
    expect(common).not.toContain(older.id);
    // A rarer phrase still reaches the older conversation.
    expect(await found('pix ontem')).toEqual([older.id]);
  });
});
