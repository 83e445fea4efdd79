import { ProviderError } from '@conversa/channels';
import { channels, contacts, conversations, type Database, messages, orphanStatuses } from '@conversa/db';
import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq } from 'drizzle-orm';
import type { Logger } from '../../../common/logger.ts';
import { CONFIG, DATABASE, LOGGER, QUEUE, REALTIME } from '../../../common/tokens.ts';
import type { AppConfig } from '../../../config/config.schema.ts';
import type { JobContext, QueuePort } from '../../../drivers/queue/queue.port.ts';
import type { RealtimePort } from '../../../drivers/realtime/realtime.port.ts';
import { ChannelAdapters } from '../../channels/channel-adapters.ts';
import { applyStatus, messageView, type Outbox } from '../../channels/inbound.service.ts';

export const SEND_ATTEMPTS = 5;

declare module '../../../drivers/queue/queue.port.ts' {
  interface JobData {
    'sandbox.receipt': {
      tenantId: string;
      channelId: string;
      providerMessageId: string;
      status: 'delivered' | 'read';
    };
  }
}

/**
 * `message.send`: at most once per message (ARCHITECTURE §8). `sendingAt` is committed before the
 * provider call; a job that finds it set without a provider id does not know whether WhatsApp got
 * the message, so it marks the message failed with `send-unknown` instead of sending it again.
 */
@Injectable()
export class SendMessageJob {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(QUEUE) private readonly queue: QueuePort,
    @Inject(REALTIME) private readonly realtime: RealtimePort,
    @Inject(ChannelAdapters) private readonly adapters: ChannelAdapters,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async register(): Promise<void> {
    const rate = this.config.SEND_RATE_PER_CHANNEL;
    await this.queue.work('message.send', (data, ctx) => this.run(data, ctx), {
      concurrency: 16,
      ...(rate > 0
        ? { rateLimit: { key: (d: { channelId: string }) => d.channelId, max: rate, perMs: 1000 } }
        : {}),
    });
  }

  private async fail(tenantId: string, messageId: string, error: { code: string; reason: string }) {
    const outbox: Outbox = [];
    await this.database.tenant(tenantId, async (tx) => {
      const [m] = await tx.select().from(messages).where(eq(messages.id, messageId));
      if (m) await applyStatus(tx, m, 'failed', new Date(), error, outbox);
    });
    for (const e of outbox) await this.realtime.publish(tenantId, e);
  }

  async run(
    data: { messageId: string; tenantId: string; channelId: string },
    ctx: JobContext,
  ): Promise<void> {
    const { tenantId, messageId } = data;
    const row = await this.database.tenant(tenantId, async (tx) => {
      const [r] = await tx
        .select({ message: messages, channel: channels, contact: contacts })
        .from(messages)
        .innerJoin(channels, eq(channels.id, messages.channelId))
        .innerJoin(conversations, eq(conversations.id, messages.conversationId))
        .innerJoin(contacts, eq(contacts.id, conversations.contactId))
        .where(eq(messages.id, messageId));
      if (!r || r.message.status !== 'queued') return null; // already handled
      if (r.message.sendingAt && !r.message.providerMessageId) return { ...r, unknown: true };
      await tx.update(messages).set({ sendingAt: new Date() }).where(eq(messages.id, messageId));
      return { ...r, unknown: false };
    });
    if (!row) return;
    if (row.unknown) {
      await this.fail(tenantId, messageId, { code: 'send-unknown', reason: 'channels.errors.sendUnknown' });
      return;
    }
    const { message, channel, contact } = row;
    let result: Awaited<ReturnType<ReturnType<ChannelAdapters['for']>['send']>>;
    try {
      const adapter = this.adapters.for(channel);
      // Answer to the id WhatsApp knows the person by (it may lack the Brazilian ninth digit).
      const to =
        contact.waId && /^\+?\d+$/.test(contact.waId)
          ? `+${contact.waId.replace(/^\+/, '')}`
          : contact.phoneE164;
      result = await adapter.send({ type: 'text', to, body: message.text ?? '' });
    } catch (err) {
      if (err instanceof ProviderError) return this.providerFailure(data, ctx, err);
      await this.releaseSending(tenantId, messageId);
      throw err;
    }
    const outbox: Outbox = [];
    await this.database.tenant(tenantId, async (tx) => {
      const [sent] = await tx
        .update(messages)
        .set({ providerMessageId: result.providerMessageId, status: 'sent', sentAt: new Date() })
        .where(and(eq(messages.id, messageId), eq(messages.status, 'queued')))
        .returning();
      if (!sent) return;
      outbox.push({
        type: 'message.status',
        data: { conversationId: sent.conversationId, message: messageView(sent) },
      });
      // Receipts that arrived before we knew the provider id.
      const early = await tx
        .select()
        .from(orphanStatuses)
        .where(
          and(
            eq(orphanStatuses.channelId, channel.id),
            eq(orphanStatuses.providerMessageId, result.providerMessageId),
          ),
        )
        .orderBy(asc(orphanStatuses.occurredAt));
      for (const o of early) {
        const [current] = await tx.select().from(messages).where(eq(messages.id, messageId));
        if (current) await applyStatus(tx, current, o.status, o.occurredAt, o.error ?? null, outbox);
      }
      if (early.length)
        await tx.delete(orphanStatuses).where(eq(orphanStatuses.providerMessageId, result.providerMessageId));
    });
    for (const e of outbox) await this.realtime.publish(tenantId, e);
    if (channel.kind === 'sandbox') {
      // The simulated phone "receives" and "reads" the message after a moment, through the normal ingest path.
      await this.queue.enqueue(
        'sandbox.receipt',
        { tenantId, channelId: channel.id, providerMessageId: result.providerMessageId, status: 'delivered' },
        { delayMs: 700 },
      );
      await this.queue.enqueue(
        'sandbox.receipt',
        { tenantId, channelId: channel.id, providerMessageId: result.providerMessageId, status: 'read' },
        { delayMs: 2000 },
      );
    }
  }

  private async releaseSending(tenantId: string, messageId: string) {
    await this.database.tenant(tenantId, (tx) =>
      tx.update(messages).set({ sendingAt: null }).where(eq(messages.id, messageId)),
    );
  }

  private async providerFailure(
    data: { messageId: string; tenantId: string; channelId: string },
    ctx: JobContext,
    err: ProviderError,
  ) {
    const { tenantId, messageId, channelId } = data;
    if (err.breaksChannel) {
      await this.database.tenant(tenantId, (tx) =>
        tx
          .update(channels)
          .set({
            status: 'unhealthy',
            lastError: { code: err.code, reason: err.reasonKey, at: new Date().toISOString() },
          })
          .where(eq(channels.id, channelId)),
      );
      await this.realtime.publish(tenantId, {
        type: 'channel.status',
        data: { id: channelId, status: 'unhealthy', reason: err.reasonKey },
      });
    }
    // A timeout leaves us not knowing whether WhatsApp accepted it: never resend blindly.
    if (err.code === 'timeout') {
      await this.fail(tenantId, messageId, { code: 'send-unknown', reason: 'channels.errors.sendUnknown' });
      return;
    }
    if (err.retryable && ctx.attempt < SEND_ATTEMPTS) {
      await this.releaseSending(tenantId, messageId);
      this.log.warn({ messageId, code: err.code, attempt: ctx.attempt }, 'send failed, will retry');
      throw err;
    }
    // Handled: the message shows the reason; the job itself is done.
    await this.fail(tenantId, messageId, { code: err.code, reason: err.reasonKey });
  }
}
