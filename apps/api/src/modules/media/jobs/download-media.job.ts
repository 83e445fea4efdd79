import { createHash } from 'node:crypto';
import { ProviderError } from '@conversa/channels';
import { channels, type Database, messages } from '@conversa/db';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { eq } from 'drizzle-orm';
import type { Logger } from '../../../common/logger.ts';
import { DATABASE, LOGGER, QUEUE, REALTIME, STORAGE } from '../../../common/tokens.ts';
import type { JobContext, JobData, QueuePort } from '../../../drivers/queue/queue.port.ts';
import type { RealtimePort } from '../../../drivers/realtime/realtime.port.ts';
import type { StoragePort } from '../../../drivers/storage/storage.port.ts';
import { ChannelAdapters } from '../../channels/channel-adapters.ts';
import { messageView } from '../../channels/inbound.service.ts';
import { MEDIA_MAX_BYTES, type StoredMedia } from '../media.types.ts';

export const MEDIA_DOWNLOAD_ATTEMPTS = 5;

declare module '../../../drivers/queue/queue.port.ts' {
  interface JobData {
    'media.download': { tenantId: string; messageId: string };
  }
}

const extensions: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
  'audio/amr': 'amr',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
};

/** `tenants/<tenantId>/media/<messageId>.<ext>`: one object per message, under its tenant. */
export function mediaKey(tenantId: string, messageId: string, mime: string): string {
  const ext = extensions[mime.split(';')[0]!.trim().toLowerCase()];
  return `tenants/${tenantId}/media/${messageId}${ext ? `.${ext}` : ''}`;
}

/**
 * `media.download`: fetches an inbound message's file from the provider into our storage and records
 * where it is, then publishes `message.updated` (the same `{ conversationId, message }` data as
 * `message.status`). Safe to run twice: a message that already has its file is left alone.
 */
@Injectable()
export class DownloadMediaJob {
  /** Refuse files larger than this (tests lower it). */
  maxBytes = MEDIA_MAX_BYTES;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(QUEUE) private readonly queue: QueuePort,
    @Inject(REALTIME) private readonly realtime: RealtimePort,
    @Inject(ChannelAdapters) private readonly adapters: ChannelAdapters,
    @Optional() @Inject(STORAGE) private readonly storage?: StoragePort,
  ) {}

  async register(): Promise<void> {
    await this.queue.work('media.download', (data, ctx) => this.run(data, ctx), { concurrency: 4 });
  }

  async run(data: JobData['media.download'], ctx: JobContext): Promise<void> {
    const { tenantId, messageId } = data;
    const row = await this.database.tenant(tenantId, async (tx) => {
      const [r] = await tx
        .select({ message: messages, channel: channels })
        .from(messages)
        .innerJoin(channels, eq(channels.id, messages.channelId))
        .where(eq(messages.id, messageId));
      return r;
    });
    const media = row?.message.media as StoredMedia | null | undefined;
    if (!row || !media?.mediaId || media.storageKey || media.error) return;
    if (!this.storage) {
      this.log.warn({ messageId }, 'no storage driver configured; media not downloaded');
      return;
    }
    const adapter = this.adapters.for(row.channel);
    if (!adapter.downloadMedia) {
      await this.finish(tenantId, messageId, {
        error: { code: 'unsupported', reason: 'channels.errors.mediaDownload', at: new Date().toISOString() },
      });
      return;
    }
    try {
      const file = await adapter.downloadMedia(media.mediaId, { maxBytes: this.maxBytes });
      const mime = file.mimeType || media.mime || 'application/octet-stream';
      const key = mediaKey(tenantId, messageId, mime);
      const stored = await this.storage.put(key, file.body, { contentType: mime });
      await this.finish(tenantId, messageId, {
        storageKey: stored.key,
        mime,
        size: stored.size,
        sha256: createHash('sha256').update(file.body).digest('hex'),
        downloadedAt: new Date().toISOString(),
        ...(file.filename && !media.filename ? { filename: file.filename } : {}),
      });
    } catch (err) {
      if (err instanceof ProviderError && err.code === 'media-too-large') {
        this.log.warn({ messageId, size: err.size, max: this.maxBytes }, 'inbound media too large');
        await this.finish(tenantId, messageId, {
          ...(err.size !== undefined ? { size: err.size } : {}),
          error: { code: err.code, reason: err.reasonKey, at: new Date().toISOString() },
        });
        return;
      }
      const retryable = !(err instanceof ProviderError) || err.retryable;
      if (retryable && ctx.attempt < MEDIA_DOWNLOAD_ATTEMPTS) throw err;
      this.log.warn(
        { messageId, code: err instanceof ProviderError ? err.code : 'error', attempt: ctx.attempt },
        'inbound media download failed for good',
      );
      await this.finish(tenantId, messageId, {
        error: {
          code: err instanceof ProviderError ? err.code : 'storage-failed',
          reason: err instanceof ProviderError ? err.reasonKey : 'channels.errors.mediaDownload',
          at: new Date().toISOString(),
        },
      });
    }
  }

  /** Merges the outcome into `messages.media` and tells the open inboxes. */
  private async finish(tenantId: string, messageId: string, patch: Partial<StoredMedia>) {
    const updated = await this.database.tenant(tenantId, async (tx) => {
      const [m] = await tx.select({ media: messages.media }).from(messages).where(eq(messages.id, messageId));
      if (!m) return undefined;
      const media: StoredMedia = { ...(m.media as StoredMedia | null), ...patch };
      const [u] = await tx.update(messages).set({ media }).where(eq(messages.id, messageId)).returning();
      return u;
    });
    if (!updated) return;
    await this.realtime.publish(tenantId, {
      type: 'message.updated',
      data: { conversationId: updated.conversationId, message: messageView(updated) },
    });
  }
}
