import { channels, type Database } from '@conversa/db';
import { Inject, Injectable } from '@nestjs/common';
import { and, eq, isNull } from 'drizzle-orm';
import type { Logger } from '../../common/logger.ts';
import { DATABASE, LOGGER, QUEUE } from '../../common/tokens.ts';
import type { QueuePort } from '../../drivers/queue/queue.port.ts';
import { TemplatesService } from './templates.service.ts';

declare module '../../drivers/queue/queue.port.ts' {
  interface JobData {
    /** Repeatable: pulls every cloud channel's templates (issue 4: ones made in Meta's manager appear). */
    'template.sync': { channelId?: string };
  }
}

/** Meta also sends webhooks; the sync catches what they missed and templates made elsewhere. */
export const TEMPLATE_SYNC_CRON = '*/30 * * * *';

@Injectable()
export class TemplateSyncJob {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(QUEUE) private readonly queue: QueuePort,
    @Inject(TemplatesService) private readonly templates: TemplatesService,
  ) {}

  async register(): Promise<void> {
    await this.queue.work('template.sync', (data) => this.run(data));
    await this.queue.schedule('template.sync', TEMPLATE_SYNC_CRON, {});
  }

  /** One channel, or every live cloud channel of every tenant; one channel's failure does not stop the rest. */
  async run(data: { channelId?: string }): Promise<void> {
    const list = await this.database.system((tx) =>
      tx
        .select()
        .from(channels)
        .where(
          and(
            isNull(channels.deletedAt),
            eq(channels.kind, 'cloud'),
            data.channelId ? eq(channels.id, data.channelId) : undefined,
          ),
        ),
    );
    for (const c of list) {
      try {
        const r = await this.templates.syncChannel(c.tenantId, c);
        this.log.info({ channelId: c.id, tenantId: c.tenantId, ...r }, 'templates synced');
      } catch (err) {
        this.log.warn({ err, channelId: c.id, tenantId: c.tenantId }, 'template sync failed');
      }
    }
  }
}
