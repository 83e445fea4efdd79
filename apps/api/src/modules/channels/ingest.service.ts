import { createHash } from 'node:crypto';
import { verifyHandshake } from '@conversa/channels';
import { channels, type Database, uuidv7, webhookEvents } from '@conversa/db';
import { Inject, Injectable } from '@nestjs/common';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Logger } from '../../common/logger.ts';
import { CONFIG, DATABASE, LOGGER, REALTIME } from '../../common/tokens.ts';
import type { AppConfig } from '../../config/config.schema.ts';
import type { RealtimePort } from '../../drivers/realtime/realtime.port.ts';
import { ChannelAdapters } from './channel-adapters.ts';
import { WebhookProcessor } from './webhook-processor.service.ts';

type ChannelRow = typeof channels.$inferSelect;
type Headers = Record<string, string | string[] | undefined>;

export type IngestResult =
  | { status: 200; stored: boolean }
  | { status: 401 | 404 | 413; code: string; detail: string };

interface Pending {
  row: typeof webhookEvents.$inferInsert;
  resolve: (stored: boolean) => void;
  reject: (err: unknown) => void;
}

const CHANNEL_TTL_MS = 10_000;
const MAX_BATCH = 500;
/** A few INSERTs at once keep the pool busy; PGlite serialises them anyway. */
const MAX_IN_FLIGHT = 4;

/**
 * Webhook ingest (ARCHITECTURE §5, §8): check the signature on the raw bytes, store the raw event,
 * and only then acknowledge. Concurrent requests share one INSERT (group commit); processing happens
 * later, in batches, by the WebhookProcessor.
 */
@Injectable()
export class IngestService {
  private readonly channelCache = new Map<string, { at: number; row: ChannelRow | null }>();
  private queue: Pending[] = [];
  private inFlight = 0;
  private flushScheduled = false;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(ChannelAdapters) private readonly adapters: ChannelAdapters,
    @Inject(WebhookProcessor) private readonly processor: WebhookProcessor,
    @Inject(REALTIME) private readonly realtime: RealtimePort,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  private async channel(id: string): Promise<ChannelRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const hit = this.channelCache.get(id);
    if (hit && Date.now() - hit.at < CHANNEL_TTL_MS) return hit.row;
    const [row] = await this.database.system((tx) =>
      tx
        .select()
        .from(channels)
        .where(and(eq(channels.id, id), isNull(channels.deletedAt))),
    );
    this.channelCache.set(id, { at: Date.now(), row: row ?? null });
    return row ?? null;
  }

  forget(channelId: string) {
    this.channelCache.delete(channelId);
  }

  /** Meta's GET handshake: echo the challenge when the verify token matches, and remember it worked. */
  async handshake(kind: string, channelId: string, query: Record<string, unknown>): Promise<string | null> {
    const c = await this.channel(channelId);
    if (!c || c.kind !== kind) return null;
    const challenge = verifyHandshake(query as Record<string, string | undefined>, c.webhookSecret);
    if (challenge === null) return null;
    await this.database.tenant(c.tenantId, (tx) =>
      tx
        .update(channels)
        .set({
          webhookVerifiedAt: new Date(),
          status: sql`case when ${channels.health}->>'ok' = 'true' then 'connected' else ${channels.status} end`,
        })
        .where(eq(channels.id, c.id)),
    );
    this.forget(c.id);
    await this.realtime.publish(c.tenantId, {
      type: 'channel.status',
      data: { id: c.id, webhookVerified: true },
    });
    return challenge;
  }

  async receive(kind: string, channelId: string, raw: Buffer, headers: Headers): Promise<IngestResult> {
    const c = await this.channel(channelId);
    if (!c || c.kind !== kind) return { status: 404, code: 'not-found', detail: 'No such channel' };
    const adapter = this.adapters.for(c);
    if (!adapter.verifyWebhook(raw, headers)) {
      return {
        status: 401,
        code: 'invalid-signature',
        detail: 'The webhook signature does not match this channel',
      };
    }
    // Providers redeliver the same bytes: the body hash makes a redelivery a no-op.
    const dedupeKey = createHash('sha256').update(raw).digest('hex');
    const stored = await new Promise<boolean>((resolve, reject) => {
      this.queue.push({
        row: {
          tenantId: c.tenantId,
          channelId: c.id,
          provider: c.kind,
          dedupeKey,
          body: raw,
          headers: pickHeaders(headers),
        },
        resolve,
        reject,
      });
      this.flush();
    });
    // ROLE=api only stores; a worker's sweep applies (ARCHITECTURE §1). Elsewhere apply at once.
    if (stored && this.config.ROLE !== 'api') this.processor.kick();
    return { status: 200, stored };
  }

  /**
   * Group commit: requests that arrived in the same turn of the event loop share one INSERT (the
   * flush waits for `setImmediate`, after the turn's I/O), and up to MAX_IN_FLIGHT INSERTs run at
   * once on PostgreSQL. PGlite runs one statement at a time in this thread, so there one at a time.
   */
  private flush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const limit = this.database.kind === 'pglite' ? 1 : MAX_IN_FLIGHT;
      while (this.queue.length && this.inFlight < limit) {
        const batch = this.queue.splice(0, MAX_BATCH);
        this.inFlight++;
        void this.insert(batch).finally(() => {
          this.inFlight--;
          if (this.queue.length) this.flush();
        });
      }
    });
  }

  private async insert(batch: Pending[]): Promise<void> {
    try {
      // One statement is atomic on its own: no BEGIN/COMMIT round trips on the hottest path. Columns
      // travel as seven arrays (unnest), so the statement's size and build cost do not grow per row.
      const rows = batch.map((p) => p.row);
      const { rows: inserted } = await this.database.execute(
        // Bodies travel as base64 text (a third smaller than bytea's hex form, and no escaping).
        `insert into webhook_events (id, tenant_id, channel_id, provider, dedupe_key, headers, body)
         select i, t, c, p, k, h, decode(b, 'base64')
         from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::jsonb[], $7::text[]) as x(i, t, c, p, k, h, b)
         on conflict do nothing returning channel_id, dedupe_key`,
        [
          rows.map(() => uuidv7()),
          rows.map((r) => r.tenantId),
          rows.map((r) => r.channelId),
          rows.map((r) => r.provider),
          rows.map((r) => r.dedupeKey),
          rows.map((r) => JSON.stringify(r.headers ?? {})),
          rows.map((r) => (r.body as Buffer).toString('base64')),
        ],
      );
      const fresh = new Set(inserted.map((r) => `${r.channel_id}:${r.dedupe_key}`));
      for (const p of batch) p.resolve(fresh.has(`${p.row.channelId}:${p.row.dedupeKey}`));
    } catch (err) {
      this.log.error({ err, size: batch.length }, 'webhook batch insert failed');
      for (const p of batch) p.reject(err);
    }
  }
}

/** Only what helps debugging; never authorization or cookies. */
function pickHeaders(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['content-type', 'user-agent', 'x-hub-signature-256', 'x-request-id']) {
    const v = h[k];
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}
