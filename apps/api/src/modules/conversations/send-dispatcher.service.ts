import { type ChannelAdapter, ProviderError } from '@conversa/channels';
import { channels, contacts, conversations, type Database, messages } from '@conversa/db';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { and, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { coalesced } from '../../common/coalesce.ts';
import type { Logger } from '../../common/logger.ts';
import { CONFIG, DATABASE, LOGGER, QUEUE, REALTIME } from '../../common/tokens.ts';
import type { AppConfig } from '../../config/config.schema.ts';
import type { QueuePort } from '../../drivers/queue/queue.port.ts';
import type { RealtimePort } from '../../drivers/realtime/realtime.port.ts';
import { ChannelAdapters } from '../channels/channel-adapters.ts';
import { applyOrphans, applyStatus, messageView, type Outbox } from '../channels/inbound.service.ts';
import { insertAdminNotifications } from '../notifications/notifications.service.ts';
import { toOutbound } from './outbound.ts';

/** Provider calls that may fail with a retryable error before the message is failed for good. */
export const SEND_ATTEMPTS = 5;
/** Provider calls in flight in one process (undici keeps that many connections open). */
const MAX_IN_FLIGHT = 512;
const FLUSH_AT = 256;
const FLUSH_MS = 25;
/** Most messages one channel hands out per claim. */
const CLAIM_BATCH = 500;
/** A claimed message older than this without a provider id belongs to a process that died. */
export const STUCK_MS = 2 * 60_000;
const RECOVER_EVERY_MS = 30_000;

declare module '../../drivers/queue/queue.port.ts' {
  interface JobData {
    /** "This channel has queued messages": wakes a dispatcher in whichever worker process takes it. */
    'message.send': { channelId: string };
    'sandbox.receipt': {
      tenantId: string;
      channelId: string;
      providerMessageId: string;
      status: 'delivered' | 'read';
    };
  }
}

type MessageRow = typeof messages.$inferSelect;
type ChannelRow = typeof channels.$inferSelect;
interface Claimed {
  message: MessageRow;
  channel: ChannelRow;
  to: string;
}
type Outcome =
  | { kind: 'sent'; job: Claimed; providerMessageId: string; at: Date }
  | { kind: 'failed'; job: Claimed; error: ProviderError | Error };

/**
 * The send pipeline (ARCHITECTURE §8). The `messages` table is the queue: a dispatcher claims a
 * channel's QUEUED messages in batches (FOR UPDATE SKIP LOCKED, so several worker processes never
 * take the same one), within that channel's token bucket, and keeps up to MAX_IN_FLIGHT provider calls
 * going. Results are written back in batches, one statement per tenant.
 *
 * At most once: the claim commits `sendingAt` before the provider is called. A claimed message that
 * never got a provider id (its process died, or the call timed out) is failed with `send-unknown`
 * instead of sent again: WhatsApp may already have delivered it.
 */
@Injectable()
export class SendDispatcher implements OnApplicationShutdown {
  /** Send soon: many kicks coalesce into one drain (`pause` stops them, as shutdown does). */
  private readonly drains = coalesced(
    () => this.drain(),
    (err) => this.log.error({ err }, 'send drain failed'),
  );
  private inFlight = 0;
  private readonly waiters: (() => void)[] = [];
  private outcomes: Outcome[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | undefined;
  private wake: NodeJS.Timeout | undefined;
  private lastRecover = 0;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(QUEUE) private readonly queue: QueuePort,
    @Inject(REALTIME) private readonly realtime: RealtimePort,
    @Inject(ChannelAdapters) private readonly adapters: ChannelAdapters,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async register(): Promise<void> {
    this.drains.resume();
    await this.queue.work('message.send', async () => this.kick(), { concurrency: 1 });
  }

  kick(): void {
    this.drains.kick();
  }

  /** Resolves when nothing is being sent or written back (tests, shutdown). */
  async idle(): Promise<void> {
    await this.drains.idle();
    await this.flushing;
  }

  onApplicationShutdown() {
    this.drains.pause();
    if (this.wake) clearTimeout(this.wake);
    clearTimeout(this.flushTimer);
  }

  private async drain(): Promise<void> {
    if (Date.now() - this.lastRecover > RECOVER_EVERY_MS) {
      this.lastRecover = Date.now();
      await this.recoverStuck();
    }
    for (;;) {
      if (this.drains.paused) break;
      const room = MAX_IN_FLIGHT - this.inFlight;
      if (room < MAX_IN_FLIGHT / 2) {
        await this.slotFreed();
        continue;
      }
      const { claimed, waitMs } = await this.claim(room);
      for (const job of claimed) this.start(job);
      if (claimed.length > 0) continue;
      if (this.inFlight > 0) {
        // Nothing more to take now: let the calls finish (their retries may be claimable after).
        while (this.inFlight > 0) await this.slotFreed();
        continue;
      }
      if (waitMs !== null) this.wakeIn(waitMs);
      break;
    }
    while (this.inFlight > 0) await this.slotFreed();
    await this.flush();
  }

  private wakeIn(ms: number) {
    if (this.wake) clearTimeout(this.wake);
    this.wake = setTimeout(() => this.kick(), Math.max(5, ms));
    this.wake.unref();
  }

  private slotFreed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /**
   * Takes up to `room` sendable messages, spread over the channels that have some, each within its
   * rate (tokens refill at `sendRatePerSecond`, burst of one second's worth). `waitMs`: when the next
   * token of a throttled channel is due, or null.
   */
  private async claim(room: number): Promise<{ claimed: Claimed[]; waitMs: number | null }> {
    // One transaction: which channels have sendable messages, each one's bucket and batch, the recipients.
    return this.database.system(async (tx) => {
      const ready = await tx
        .select()
        .from(channels)
        .where(
          and(
            isNull(channels.deletedAt),
            sql`exists (select 1 from messages m where m.channel_id = ${channels.id} and m.status = 'queued' and m.sending_at is null and (m.send_after is null or m.send_after <= now()))`,
          ),
        );
      if (ready.length === 0) return { claimed: [], waitMs: null };
      const share = Math.max(1, Math.min(CLAIM_BATCH, Math.floor(room / ready.length)));
      const taken: { message: MessageRow; channel: ChannelRow }[] = [];
      let waitMs: number | null = null;
      for (const channel of ready) {
        const rate = channel.sendRatePerSecond ?? this.config.SEND_RATE_PER_CHANNEL;
        // Another process claiming this channel right now holds the row: skip it this round.
        const [bucket] = (
          await tx.execute(
            sql`select send_tokens as tokens, extract(epoch from clock_timestamp() - send_refilled_at)::float8 as elapsed
                from channels where id = ${channel.id} for update skip locked`,
          )
        ).rows as { tokens: number; elapsed: number | null }[];
        if (!bucket) continue;
        let limit = share;
        let tokens = 0;
        if (rate > 0) {
          tokens = bucket.elapsed === null ? rate : Math.min(rate, bucket.tokens + bucket.elapsed * rate);
          limit = Math.min(share, Math.floor(tokens));
          if (limit < 1) {
            const due = Math.ceil(((1 - tokens) / rate) * 1000);
            waitMs = waitMs === null ? due : Math.min(waitMs, due);
            continue;
          }
        }
        const rows = await tx
          .update(messages)
          .set({ sendingAt: sql`now()` })
          .where(
            inArray(
              messages.id,
              sql`(select id from messages where channel_id = ${channel.id} and status = 'queued'
                   and sending_at is null and (send_after is null or send_after <= now())
                   order by id limit ${limit} for update skip locked)`,
            ),
          )
          .returning();
        if (rate > 0) {
          // Raw SQL: the query builder would bump updated_at, which versions the channel's credentials.
          await tx.execute(
            sql`update channels set send_tokens = ${tokens - rows.length}, send_refilled_at = clock_timestamp() where id = ${channel.id}`,
          );
        }
        for (const message of rows) taken.push({ message, channel });
      }
      if (taken.length === 0) return { claimed: [], waitMs };
      const people = await tx
        .select({ conversationId: conversations.id, waId: contacts.waId, phone: contacts.phoneE164 })
        .from(conversations)
        .innerJoin(contacts, eq(contacts.id, conversations.contactId))
        .where(inArray(conversations.id, [...new Set(taken.map((t) => t.message.conversationId))]));
      const byConversation = new Map(people.map((p) => [p.conversationId, p]));
      const claimed = taken.map(({ message, channel }) => {
        const p = byConversation.get(message.conversationId)!;
        // Answer to the id WhatsApp knows the person by (it may lack the Brazilian ninth digit).
        const to = p.waId && /^\+?\d+$/.test(p.waId) ? `+${p.waId.replace(/^\+/, '')}` : p.phone;
        return { message, channel, to };
      });
      return { claimed, waitMs };
    });
  }

  private start(job: Claimed) {
    this.inFlight += 1;
    this.call(job)
      .then((outcome) => {
        this.outcomes.push(outcome);
        // Written back in batches: at FLUSH_AT outcomes, or FLUSH_MS after the first of a batch.
        if (this.outcomes.length >= FLUSH_AT) void this.flush();
        else this.flushTimer ??= setTimeout(() => void this.flush(), FLUSH_MS);
      })
      .finally(() => {
        this.inFlight -= 1;
        for (const w of this.waiters.splice(0)) w();
      });
  }

  private async call(job: Claimed): Promise<Outcome> {
    let adapter: ChannelAdapter;
    try {
      adapter = this.adapters.for(job.channel);
      const result = await adapter.send(toOutbound(job.message, job.to));
      return { kind: 'sent', job, providerMessageId: result.providerMessageId, at: new Date() };
    } catch (err) {
      return { kind: 'failed', job, error: err as Error };
    }
  }

  /** Writes outcomes back, one flush at a time, and publishes what changed after each commit. */
  flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.flushing = this.flushing.then(async () => {
      const batch = this.outcomes;
      this.outcomes = [];
      if (batch.length === 0) return;
      const byTenant = new Map<string, Outcome[]>();
      for (const o of batch) {
        const list = byTenant.get(o.job.message.tenantId) ?? [];
        list.push(o);
        byTenant.set(o.job.message.tenantId, list);
      }
      for (const [tenantId, outcomes] of byTenant) {
        try {
          await this.writeBack(tenantId, outcomes);
        } catch (err) {
          // Rows stay claimed without a provider id: recovery fails them as send-unknown, never resends.
          this.log.error({ err, tenantId, count: outcomes.length }, 'could not record send results');
        }
      }
    });
    return this.flushing;
  }

  private async writeBack(tenantId: string, outcomes: Outcome[]) {
    const sent = outcomes.filter((o): o is Extract<Outcome, { kind: 'sent' }> => o.kind === 'sent');
    const failed = outcomes.filter((o): o is Extract<Outcome, { kind: 'failed' }> => o.kind === 'failed');
    const outbox: Outbox = [];
    const retryAt: number[] = [];
    const broken = new Map<string, ProviderError>();
    await this.database.tenant(tenantId, async (tx) => {
      if (sent.length) {
        const values = sql.join(
          sent.map(
            (o) =>
              sql`(${o.job.message.id}::uuid, ${o.providerMessageId}, ${o.at.toISOString()}::timestamptz)`,
          ),
          sql`, `,
        );
        // One statement for the whole batch (drizzle's update…from cannot return rows from a VALUES list).
        const moved = (
          await tx.execute(
            sql`update messages m set status = 'sent', provider_message_id = v.pid, sent_at = v.at
                from (values ${values}) as v(id, pid, at)
                where m.id = v.id and m.status = 'queued' returning m.id`,
          )
        ).rows as { id: string }[];
        // What the rows now hold, without reading them back: the claimed row plus what we just set.
        const movedIds = new Set(moved.map((r) => r.id));
        const rows = sent
          .filter((o) => movedIds.has(o.job.message.id))
          .map((o) => ({
            ...o.job.message,
            status: 'sent' as const,
            providerMessageId: o.providerMessageId,
            sentAt: o.at,
          }));
        for (const m of rows)
          outbox.push({
            type: 'message.status',
            data: { conversationId: m.conversationId, message: messageView(m) },
          });
        for (const m of rows)
          outbox.push({
            type: 'message.status',
            data: { conversationId: m.conversationId, message: messageView(m) },
          });
      }
      for (const { job, error } of failed) {
        const err =
          error instanceof ProviderError
            ? error
            : new ProviderError('unknown', String(error), {
                retryable: true,
                reasonKey: 'channels.errors.unknown',
              });
        if (!(error instanceof ProviderError))
          this.log.error({ err: error, messageId: job.message.id }, 'send crashed');
        if (err.breaksChannel) broken.set(job.channel.id, err);
        const attempts = job.message.sendAttempts + 1;
        // A timeout leaves us not knowing whether WhatsApp accepted it: never resend blindly.
        if (err.code !== 'timeout' && err.retryable && attempts < SEND_ATTEMPTS) {
          const backoff = Math.max(
            err.retryAfterMs ?? 0,
            1000 * 2 ** (attempts - 1) * (0.5 + Math.random() / 2),
          );
          retryAt.push(backoff);
          await tx
            .update(messages)
            .set({ sendingAt: null, sendAttempts: attempts, sendAfter: new Date(Date.now() + backoff) })
            .where(eq(messages.id, job.message.id));
          this.log.warn(
            { messageId: job.message.id, code: err.code, attempt: attempts },
            'send failed, will retry',
          );
          continue;
        }
        const [current] = await tx.select().from(messages).where(eq(messages.id, job.message.id));
        const reason =
          err.code === 'timeout'
            ? { code: 'send-unknown', reason: 'channels.errors.sendUnknown' }
            : { code: err.code, reason: err.reasonKey };
        if (current) await applyStatus(tx, current, 'failed', new Date(), reason, outbox);
      }
      for (const [channelId, err] of broken) {
        await tx
          .update(channels)
          .set({
            status: 'unhealthy',
            lastError: { code: err.code, reason: err.reasonKey, at: new Date().toISOString() },
          })
          .where(eq(channels.id, channelId));
        outbox.push({
          type: 'channel.status',
          data: { id: channelId, status: 'unhealthy', reason: err.reasonKey },
        });
        // The admins hear of it once (an unread notice of the same kind and link is not repeated).
        const channel = failed.find((f) => f.job.channel.id === channelId)!.job.channel;
        await insertAdminNotifications(
          tx,
          tenantId,
          {
            kind: 'channel.unhealthy',
            severity: 'critical',
            params: { channel: channel.name, reasonKey: err.reasonKey },
            link: `/channels/${channelId}`,
          },
          outbox,
        );
      }
    });
    // Receipts that arrived before we knew the provider ids (checked after our commit: see applyOrphans).
    if (sent.length) {
      await this.database.tenant(tenantId, (tx) =>
        applyOrphans(
          tx,
          {
            channelIds: [...new Set(sent.map((o) => o.job.channel.id))],
            providerMessageIds: sent.map((o) => o.providerMessageId),
          },
          outbox,
        ),
      );
    }
    // Issued together so the Redis driver pipelines them into one write (order is kept).
    await Promise.all(outbox.map((e) => this.realtime.publish(tenantId, e)));
    if (retryAt.length) this.wakeIn(Math.min(...retryAt));
    for (const o of sent) {
      if (o.job.channel.kind !== 'sandbox') continue;
      // The simulated phone "receives" and "reads" the message after a moment, through the normal ingest path.
      const base = { tenantId, channelId: o.job.channel.id, providerMessageId: o.providerMessageId };
      await this.queue.enqueue('sandbox.receipt', { ...base, status: 'delivered' }, { delayMs: 700 });
      await this.queue.enqueue('sandbox.receipt', { ...base, status: 'read' }, { delayMs: 2000 });
    }
  }

  /** Claimed long ago and never answered: the process died mid-call. Fail them; never resend. */
  async recoverStuck(): Promise<number> {
    const stuck = await this.database.system((tx) =>
      tx
        .select({ id: messages.id, tenantId: messages.tenantId })
        .from(messages)
        .where(
          and(
            eq(messages.status, 'queued'),
            isNull(messages.providerMessageId),
            lt(messages.sendingAt, new Date(Date.now() - STUCK_MS)),
          ),
        )
        .limit(1000),
    );
    const byTenant = new Map<string, string[]>();
    for (const s of stuck) byTenant.set(s.tenantId, [...(byTenant.get(s.tenantId) ?? []), s.id]);
    for (const [tenantId, ids] of byTenant) {
      const outbox: Outbox = [];
      await this.database.tenant(tenantId, async (tx) => {
        for (const m of await tx.select().from(messages).where(inArray(messages.id, ids)))
          await applyStatus(
            tx,
            m,
            'failed',
            new Date(),
            { code: 'send-unknown', reason: 'channels.errors.sendUnknown' },
            outbox,
          );
      });
      for (const e of outbox) await this.realtime.publish(tenantId, e);
    }
    if (stuck.length)
      this.log.warn({ count: stuck.length }, 'claimed sends without an answer marked send-unknown');
    return stuck.length;
  }
}
