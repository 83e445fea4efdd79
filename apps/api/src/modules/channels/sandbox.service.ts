import { channels, type Database } from '@conversa/db';
import { normalizePhone } from '@conversa/shared';
import { Inject, Injectable } from '@nestjs/common';
import { and, eq, isNull } from 'drizzle-orm';
import { randomToken } from '../../common/crypto.ts';
import { NotFoundError, ValidationFailedError } from '../../common/errors.ts';
import { inTenant } from '../../common/tenancy.ts';
import { DATABASE, QUEUE } from '../../common/tokens.ts';
import type { QueuePort } from '../../drivers/queue/queue.port.ts';
import { ChannelAdapters } from './channel-adapters.ts';
import { IngestService } from './ingest.service.ts';

/** The simulated customer side of a sandbox channel: everything enters through the real ingest path. */
@Injectable()
export class SandboxService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(QUEUE) private readonly queue: QueuePort,
    @Inject(ChannelAdapters) private readonly adapters: ChannelAdapters,
    @Inject(IngestService) private readonly ingest: IngestService,
  ) {}

  async register(): Promise<void> {
    await this.queue.work('sandbox.receipt', async (d) => {
      const [channel] = await this.database.tenant(d.tenantId, (tx) =>
        tx.select().from(channels).where(eq(channels.id, d.channelId)),
      );
      if (!channel) return;
      const { body, headers } = this.adapters
        .sandbox(channel)
        .sign({ type: 'status', id: d.providerMessageId, status: d.status, timestamp: Date.now() });
      await this.ingest.receive('sandbox', channel.id, body, headers);
    });
  }

  /** A message "from the customer's phone" to the sandbox number. */
  async simulate(channelId: string, input: { from: string; name?: string; text: string }) {
    const [channel] = await inTenant(this.database, (tx) =>
      tx
        .select()
        .from(channels)
        .where(and(eq(channels.id, channelId), isNull(channels.deletedAt))),
    );
    if (!channel) throw new NotFoundError('No such channel');
    if (channel.kind !== 'sandbox') {
      throw new ValidationFailedError('Only sandbox channels take simulated messages', [
        { path: 'channelId', message: 'Not a sandbox channel', code: 'not-sandbox' },
      ]);
    }
    const phone = normalizePhone(input.from);
    if ('error' in phone) {
      throw new ValidationFailedError('The customer phone is not valid', [
        { path: 'from', message: `Invalid phone (${phone.error})`, code: 'invalid-phone' },
      ]);
    }
    const { body, headers } = this.adapters.sandbox(channel).sign({
      type: 'message',
      id: `sandbox.in.${randomToken(12)}`,
      from: phone.e164,
      ...(input.name ? { name: input.name } : {}),
      text: input.text,
      timestamp: Date.now(),
    });
    const result = await this.ingest.receive('sandbox', channel.id, body, headers);
    return { accepted: result.status === 200 };
  }
}
