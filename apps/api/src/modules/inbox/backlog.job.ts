import { type Database, tenants, tickets } from '@conversa/db';
import { Inject, Injectable } from '@nestjs/common';
import { and, eq, exists, isNull, ne } from 'drizzle-orm';
import type { Logger } from '../../common/logger.ts';
import { DATABASE, LOGGER, QUEUE, REALTIME } from '../../common/tokens.ts';
import type { QueuePort } from '../../drivers/queue/queue.port.ts';
import type { RealtimeEvent, RealtimePort } from '../../drivers/realtime/realtime.port.ts';
import { conversationViews } from '../conversations/conversations.repository.ts';
import { AssignmentService } from './assignment.service.ts';

declare module '../../drivers/queue/queue.port.ts' {
  interface JobData {
    /** Repeatable: assigns waiting tickets whose department has just opened (business hours). */
    'inbox.drain': Record<string, never>;
  }
}

/** Every minute: the queue's crons fire at most once a minute, which is the granularity of business hours. */
export const INBOX_DRAIN_CRON = '* * * * *';

/**
 * Tickets that arrive outside business hours wait in the backlog; when a department (or the
 * workspace) opens, this sweep hands them out oldest first, as an agent becoming available does.
 */
@Injectable()
export class InboxBacklogJob {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(QUEUE) private readonly queue: QueuePort,
    @Inject(REALTIME) private readonly realtime: RealtimePort,
    @Inject(AssignmentService) private readonly assignment: AssignmentService,
  ) {}

  async register(): Promise<void> {
    await this.queue.work('inbox.drain', async () => {
      await this.run();
    });
    await this.queue.schedule('inbox.drain', INBOX_DRAIN_CRON, {});
  }

  /** Drains every tenant that assigns automatically and has tickets waiting; one tenant's failure does not stop the rest. */
  async run(now = new Date()): Promise<number> {
    const waiting = await this.database.system((tx) =>
      tx
        .select({ id: tenants.id })
        .from(tenants)
        .where(
          and(
            eq(tenants.inboxAutoAssign, true),
            exists(
              tx
                .select({ one: tickets.id })
                .from(tickets)
                .where(
                  and(
                    eq(tickets.tenantId, tenants.id),
                    ne(tickets.status, 'RESOLVED'),
                    isNull(tickets.assigneeId),
                    ne(tickets.queue, 'ai'),
                  ),
                ),
            ),
          ),
        ),
    );
    let assigned = 0;
    for (const { id: tenantId } of waiting) {
      try {
        const outbox: RealtimeEvent[] = [];
        await this.database.tenant(tenantId, async (tx) => {
          const changed = await this.assignment.drain(tx, tenantId, outbox, 100, now);
          assigned += changed.length;
          for (const v of await conversationViews(tx, changed))
            outbox.push({ type: 'conversation.updated', data: v });
        });
        for (const e of outbox) await this.realtime.publish(tenantId, e);
      } catch (err) {
        this.log.warn({ err, tenantId }, 'inbox backlog drain failed');
      }
    }
    return assigned;
  }
}
