import type { MessageStatus } from '@conversa/channels';
import { channels, type Database, webhookEvents } from '@conversa/db';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { coalesced } from '../../common/coalesce.ts';
import type { Logger } from '../../common/logger.ts';
import { DATABASE, LOGGER, REALTIME } from '../../common/tokens.ts';
import type { RealtimePort } from '../../drivers/realtime/realtime.port.ts';
import { MediaService } from '../media/media.service.ts';
import { ChannelAdapters } from './channel-adapters.ts';
import { applyOrphans, InboundService, type Outbox } from './inbound.service.ts';

const BATCH = 200;
const STUCK_MS = 5 * 60_000;

/**
 * Turns stored webhook events into domain rows, in batches: claim pending events with
 * FOR UPDATE SKIP LOCKED (several workers never take the same one), apply a tenant's events in one
 * transaction with a savepoint each, publish realtime events after commit (ARCHITECTURE §8).
 */
@Injectable()
export class WebhookProcessor implements OnApplicationShutdown {
  /** Process soon: many kicks coalesce into one drain (`pause` stops them, as shutdown does). */
  readonly drains = coalesced(
    () => this.drain(),
    (err) => this.log.error({ err }, 'webhook drain failed'),
  );

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(REALTIME) private readonly realtime: RealtimePort,
    @Inject(ChannelAdapters) private readonly adapters: ChannelAdapters,
    @Inject(InboundService) private readonly inbound: InboundService,
    @Inject(MediaService) private readonly media: MediaService,
  ) {}

  kick(): void {
    this.drains.kick();
  }

  /** Resolves when everything stored so far has been applied (tests, shutdown). */
  idle(): Promise<void> {
    return this.drains.idle();
  }

  onApplicationShutdown() {
    this.drains.pause();
  }

  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const claimed = await this.claim();
      if (claimed.length === 0) return total;
      total += claimed.length;
      await this.applyBatch(claimed);
    }
  }

  /** Events left in `processing` by a process that died go back to `pending`. */
  async recoverStuck(): Promise<void> {
    await this.database.system((tx) =>
      tx
        .update(webhookEvents)
        .set({ state: 'pending' })
        .where(
          and(
            eq(webhookEvents.state, 'processing'),
            lt(webhookEvents.receivedAt, new Date(Date.now() - STUCK_MS)),
          ),
        ),
    );
  }

  private claim() {
    return this.database.system((tx) =>
      tx
        .update(webhookEvents)
        .set({ state: 'processing', attempts: sql`${webhookEvents.attempts} + 1` })
        .where(
          inArray(
            webhookEvents.id,
            sql`(select id from webhook_events where state = 'pending' order by received_at, id limit ${BATCH} for update skip locked)`,
          ),
        )
        .returning(),
    );
  }

  private async applyBatch(batch: (typeof webhookEvents.$inferSelect)[]) {
    batch.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.id.localeCompare(b.id));
    const byTenant = new Map<string, typeof batch>();
    for (const ev of batch) byTenant.set(ev.tenantId, [...(byTenant.get(ev.tenantId) ?? []), ev]);
    const channelIds = [...new Set(batch.map((e) => e.channelId))];
    const rows = await this.database.system((tx) =>
      tx.select().from(channels).where(inArray(channels.id, channelIds)),
    );
    const channelById = new Map(rows.map((c) => [c.id, c]));

    const statusKeys = new Map<string, { channelIds: string[]; providerMessageIds: string[] }>();
    for (const [tenantId, events] of byTenant) {
      const outbox: Outbox = [];
      await this.database.tenant(tenantId, async (tx) => {
        const done: Record<'processed' | 'ignored', string[]> = { processed: [], ignored: [] };
        // Events that are only statuses go through the set-based path after the others.
        const statusOnly: {
          ev: (typeof events)[number];
          items: { channelId: string; event: MessageStatus }[];
        }[] = [];
        for (const ev of events) {
          const channel = channelById.get(ev.channelId);
          let state: 'processed' | 'failed' | 'ignored' = 'processed';
          let error: string | null = null;
          try {
            if (!channel) throw new Error('channel gone');
            const adapter = this.adapters.for(channel);
            const parsed = adapter.parseWebhook(Buffer.from(ev.body), ev.headers);
            const mine = parsed.filter((p) => adapter.channelRefs.includes(p.channelRef));
            for (const m of mine) {
              if (m.kind !== 'message.status') continue;
              const keys = statusKeys.get(tenantId) ?? { channelIds: [], providerMessageIds: [] };
              if (!keys.channelIds.includes(channel.id)) keys.channelIds.push(channel.id);
              keys.providerMessageIds.push(m.providerMessageId);
              statusKeys.set(tenantId, keys);
            }
            if (mine.length === 0) state = 'ignored';
            if (mine.length > 0 && mine.every((m) => m.kind === 'message.status')) {
              statusOnly.push({
                ev,
                items: mine.map((event) => ({ channelId: channel.id, event: event as MessageStatus })),
              });
              continue;
            }
            const local: Outbox = [];
            await tx.transaction(async (sp) => {
              for (const canonical of mine) await this.inbound.apply(sp, channel, canonical, local);
            });
            outbox.push(...local);
          } catch (err) {
            state = 'failed';
            error = err instanceof Error ? err.message : String(err);
            this.log.error({ err, eventId: ev.id }, 'webhook event failed to apply');
          }
          if (state === 'failed') {
            await tx
              .update(webhookEvents)
              .set({ state, error, processedAt: new Date() })
              .where(eq(webhookEvents.id, ev.id));
          } else {
            done[state].push(ev.id);
          }
        }
        if (statusOnly.length) {
          const local: Outbox = [];
          try {
            await tx.transaction((sp) =>
              this.inbound.applyStatuses(
                sp,
                tenantId,
                statusOnly.flatMap((s) => s.items),
                local,
              ),
            );
            outbox.push(...local);
            for (const s of statusOnly) done.processed.push(s.ev.id);
          } catch (err) {
            // One bad event must not hold back the others: retry them one by one.
            this.log.warn({ err, size: statusOnly.length }, 'bulk status apply failed; applying one by one');
            for (const s of statusOnly) {
              const one: Outbox = [];
              try {
                await tx.transaction((sp) => this.inbound.applyStatuses(sp, tenantId, s.items, one));
                outbox.push(...one);
                done.processed.push(s.ev.id);
              } catch (e) {
                await tx
                  .update(webhookEvents)
                  .set({
                    state: 'failed',
                    error: e instanceof Error ? e.message : String(e),
                    processedAt: new Date(),
                  })
                  .where(eq(webhookEvents.id, s.ev.id));
              }
            }
          }
        }
        // One statement per outcome instead of one per event.
        for (const state of ['processed', 'ignored'] as const) {
          if (done[state].length) {
            await tx
              .update(webhookEvents)
              .set({ state, processedAt: new Date() })
              .where(inArray(webhookEvents.id, done[state]));
          }
        }
        const last = new Map<string, Date>();
        for (const ev of events) last.set(ev.channelId, ev.receivedAt);
        for (const [channelId, at] of last) {
          await tx
            .update(channels)
            .set({ lastEventAt: sql`greatest(${channels.lastEventAt}, ${at.toISOString()}::timestamptz)` })
            .where(eq(channels.id, channelId));
        }
      });
      // A status stored as an orphan may have raced the send that recorded its provider id.
      const statuses = statusKeys.get(tenantId);
      if (statuses?.providerMessageIds.length)
        await this.database.tenant(tenantId, (tx) => applyOrphans(tx, statuses, outbox));
      for (const event of outbox) await this.realtime.publish(tenantId, event);
      // Inbound files are fetched only once their message is committed (ARCHITECTURE §8).
      await this.media.enqueueDownloads(tenantId, outbox);
    }
  }
}
