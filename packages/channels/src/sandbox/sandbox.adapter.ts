import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { SANDBOX_UNDELIVERABLE_PHONE } from '@conversa/shared';
import { z } from 'zod';
import type { CanonicalEvent, OutboundMessage } from '../canonical.ts';
import type { ChannelAdapter, CredentialCheck, SendResult, WebhookHeaders } from '../channel.ts';
import { ProviderError } from '../provider-error.ts';

/**
 * A simulated WhatsApp number: no provider behind it. Its "webhooks" are JSON bodies that Conversa
 * itself writes (the simulator panel, and the delivered/read receipts it plays back after a send),
 * signed with the channel's secret so they travel the same ingest path as a real provider's.
 */
export const SANDBOX_SIGNATURE_HEADER = 'x-sandbox-signature';

const sandboxEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('message'),
    id: z.string().min(1),
    from: z.string().min(1),
    name: z.string().optional(),
    text: z.string().min(1).max(4096),
    timestamp: z.number().int(),
  }),
  z.object({
    type: z.literal('status'),
    id: z.string().min(1),
    status: z.enum(['sent', 'delivered', 'read', 'failed']),
    to: z.string().optional(),
    timestamp: z.number().int(),
  }),
]);
export type SandboxEvent = z.infer<typeof sandboxEventSchema>;

/** The phone number the sandbox pretends to be. */
export const SANDBOX_PHONE = '+55 11 4000-0000';

export interface SandboxAdapter extends ChannelAdapter {
  /** Signed raw body for an event, as a provider would deliver it. */
  sign(event: SandboxEvent): { body: Buffer; headers: Record<string, string> };
}

export function createSandboxAdapter(opts: { channelId: string; secret: string }): SandboxAdapter {
  const hmac = (body: Buffer) => createHmac('sha256', opts.secret).update(body).digest('hex');
  return {
    kind: 'sandbox',
    channelRefs: [opts.channelId],

    async send(message: OutboundMessage): Promise<SendResult> {
      if (message.to.replace(/\D/g, '') === SANDBOX_UNDELIVERABLE_PHONE.slice(1)) {
        throw new ProviderError('undeliverable', 'the sandbox number for failures is not on WhatsApp', {
          retryable: false,
          reasonKey: 'channels.errors.undeliverable',
          providerCode: 'sandbox-undeliverable',
        });
      }
      return {
        providerMessageId: `sandbox.${randomUUID()}`,
        recipientId: message.to.startsWith('+') ? message.to : undefined,
      };
    },

    // The simulated phone shows no blue ticks; accepting the call keeps the inbox flow the same.
    async markRead(): Promise<void> {},

    // The simulated phone needs no copy of the file: an id is enough to send it by.
    async uploadMedia(): Promise<{ mediaId: string }> {
      return { mediaId: `sandbox-media-${randomUUID()}` };
    },

    verifyWebhook(raw: Buffer, headers: WebhookHeaders): boolean {
      const given = headers[SANDBOX_SIGNATURE_HEADER];
      if (typeof given !== 'string' || !/^[0-9a-f]{64}$/.test(given)) return false;
      return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(hmac(raw), 'hex'));
    },

    parseWebhook(raw: Buffer): CanonicalEvent[] {
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        return [];
      }
      const parsed = sandboxEventSchema.safeParse(json);
      if (!parsed.success) return [];
      const e = parsed.data;
      const base = { channelRef: opts.channelId, timestamp: new Date(e.timestamp) };
      if (e.type === 'message') {
        return [
          {
            kind: 'message.received',
            ...base,
            providerMessageId: e.id,
            from: e.from,
            ...(e.name ? { profileName: e.name } : {}),
            type: 'text',
            text: e.text,
            forwarded: false,
          },
        ];
      }
      return [
        {
          kind: 'message.status',
          ...base,
          providerMessageId: e.id,
          status: e.status,
          ...(e.to ? { recipientId: e.to } : {}),
          errors: [],
        },
      ];
    },

    async validateCredentials(): Promise<CredentialCheck> {
      return {
        ok: true,
        phone: {
          display: SANDBOX_PHONE,
          verifiedName: 'Sandbox',
          qualityRating: 'high',
          messagingTier: 'unlimited',
          throughput: 'standard',
        },
        token: { permanent: true, expiresAt: null, scopes: [] },
        webhooks: { subscribed: true },
        problems: [],
      };
    },

    sign(event: SandboxEvent) {
      const body = Buffer.from(JSON.stringify(event));
      return {
        body,
        headers: { 'content-type': 'application/json', [SANDBOX_SIGNATURE_HEADER]: hmac(body) },
      };
    },
  };
}
