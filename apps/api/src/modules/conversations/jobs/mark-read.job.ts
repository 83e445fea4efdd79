import { ProviderError } from '@conversa/channels';
import { channels, type Database, messages } from '@conversa/db';
import { Inject, Injectable } from '@nestjs/common';
import { and, eq } from 'drizzle-orm';
import type { Logger } from '../../../common/logger.ts';
import { DATABASE, LOGGER, QUEUE } from '../../../common/tokens.ts';
import type { JobContext, JobData, QueuePort } from '../../../drivers/queue/queue.port.ts';
import { ChannelAdapters } from '../../channels/channel-adapters.ts';

export const MARK_READ_ATTEMPTS = 5;

/**
 * `message.mark-read`: tells the provider the customer's message was read (blue ticks), which also
 * marks the earlier ones. Best effort: a retryable provider error is retried by the queue, anything
 * else is logged and dropped; the inbox's own unread count never depends on it.
 */
@Injectable()
export class MarkReadJob {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(QUEUE) private readonly queue: QueuePort,
    @Inject(ChannelAdapters) private readonly adapters: ChannelAdapters,
  ) {}

  async register(): Promise<void> {
    await this.queue.work('message.mark-read', (data, ctx) => this.run(data, ctx), { concurrency: 4 });
  }

  async run(data: JobData['message.mark-read'], ctx: JobContext): Promise<void> {
    const row = await this.database.tenant(data.tenantId, async (tx) => {
      const [r] = await tx
        .select({ providerMessageId: messages.providerMessageId, channel: channels })
        .from(messages)
        .innerJoin(channels, eq(channels.id, messages.channelId))
        .where(and(eq(messages.id, data.messageId), eq(messages.direction, 'inbound')));
      return r;
    });
    if (!row?.providerMessageId || row.channel.deletedAt) return;
    const adapter = this.adapters.for(row.channel);
    if (!adapter.markRead) return; // the provider has no read receipts
    try {
      await adapter.markRead(row.providerMessageId);
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      if (err.retryable && ctx.attempt < MARK_READ_ATTEMPTS) throw err;
      this.log.warn(
        { messageId: data.messageId, code: err.code, attempt: ctx.attempt },
        'mark-read refused by the provider; giving up',
      );
    }
  }
}
