import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../canonical.ts';
import { ProviderError } from '../provider-error.ts';
import { createSandboxAdapter } from './sandbox.adapter.ts';

describe('sandbox adapter', () => {
  const adapter = createSandboxAdapter({ channelId: 'c1', secret: 's3cret' });

  it('round-trips a signed customer message into a canonical event', () => {
    const { body, headers } = adapter.sign({
      type: 'message',
      id: 'm1',
      from: '+5511987654321',
      name: 'Maria',
      text: 'Oi',
      timestamp: 1_700_000_000_000,
    });
    expect(adapter.verifyWebhook(body, headers)).toBe(true);
    expect(adapter.parseWebhook(body, headers)).toEqual([
      expect.objectContaining({
        kind: 'message.received',
        channelRef: 'c1',
        providerMessageId: 'm1',
        from: '+5511987654321',
        profileName: 'Maria',
        text: 'Oi',
        type: 'text',
      }),
    ]);
  });

  it('refuses a forged, missing or tampered signature and ignores garbage', () => {
    const { body, headers } = adapter.sign({ type: 'status', id: 'm1', status: 'read', timestamp: 1 });
    const other = createSandboxAdapter({ channelId: 'c1', secret: 'other' });
    expect(other.verifyWebhook(body, headers)).toBe(false);
    expect(adapter.verifyWebhook(body, {})).toBe(false);
    expect(adapter.verifyWebhook(Buffer.concat([body, Buffer.from(' ')]), headers)).toBe(false);
    expect(adapter.parseWebhook(Buffer.from('not json'), {})).toEqual([]);
    expect(adapter.parseWebhook(Buffer.from('{"type":"message"}'), {})).toEqual([]);
  });

  it('fails replies to the sandbox number for failures as undeliverable, whatever its format', async () => {
    const adapter = createSandboxAdapter({ channelId: 'c1', secret: 's' });
    for (const to of ['+5511900000404', '5511900000404']) {
      const err = await adapter
        .send({ to, type: 'text', body: 'oi' } satisfies OutboundMessage)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderError);
      expect(err).toMatchObject({
        code: 'undeliverable',
        retryable: false,
        reasonKey: 'channels.errors.undeliverable',
      });
    }
    await expect(
      adapter.send({ to: '+5511900000405', type: 'text', body: 'oi' } satisfies OutboundMessage),
    ).resolves.toMatchObject({
      providerMessageId: expect.stringMatching(/^sandbox\./),
    });
  });

  it('gives each send its own provider id', async () => {
    const a = await adapter.send({ type: 'text', to: '+5511987654321', body: 'x' });
    const b = await adapter.send({ type: 'text', to: '+5511987654321', body: 'x' });
    expect(a.providerMessageId).not.toBe(b.providerMessageId);
  });
});
