import { type Database, messages, type Tx } from '@conversa/db';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { AppError, NotFoundError } from '../../common/errors.ts';
import type { Logger } from '../../common/logger.ts';
import { inTenant, requireContext } from '../../common/tenancy.ts';
import { DATABASE, LOGGER, QUEUE, STORAGE } from '../../common/tokens.ts';
import type { QueuePort } from '../../drivers/queue/queue.port.ts';
import type { RealtimeEvent } from '../../drivers/realtime/realtime.port.ts';
import type { StoragePort } from '../../drivers/storage/storage.port.ts';
import { MEDIA_DOWNLOAD_ATTEMPTS } from './jobs/download-media.job.ts';
import { type StoredMedia, uploadKey } from './media.types.ts';

export class MediaPendingError extends AppError {
  readonly code = 'media-pending';
  readonly status = 409;
  override headers() {
    return { 'retry-after': '2' };
  }
}
export class MediaFailedError extends AppError {
  readonly code = 'media-failed';
  readonly status = 409;
}

// Types a browser may show in place; anything else is served as a download (no HTML/SVG from customers).
const inlineTypes = /^(image\/(jpeg|png|webp|gif)|audio\/[\w.+-]+|video\/[\w.+-]+|application\/pdf)$/;

/** The files of messages: downloads queued after inbound messages commit, and reads for the inbox. */
@Injectable()
export class MediaService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(QUEUE) private readonly queue: QueuePort,
    @Optional() @Inject(STORAGE) private readonly storage?: StoragePort,
  ) {}

  private enqueue(tenantId: string, messageId: string) {
    return this.queue.enqueue(
      'media.download',
      { tenantId, messageId },
      { dedupeId: `media:${messageId}`, attempts: MEDIA_DOWNLOAD_ATTEMPTS },
    );
  }

  /**
   * Called with a tenant's realtime outbox once its transaction committed: every new inbound message
   * with a provider media id gets a `media.download` job. Never throws (the events are applied already;
   * a missed job is enqueued again when someone opens the media).
   */
  async enqueueDownloads(tenantId: string, outbox: readonly RealtimeEvent[]): Promise<void> {
    for (const e of outbox) {
      if (e.type !== 'message.created') continue;
      const m = (e.data as { message?: { id: string; direction: string; media: StoredMedia | null } })
        .message;
      if (m?.direction !== 'inbound' || !m.media?.mediaId || m.media.storageKey) continue;
      try {
        await this.enqueue(tenantId, m.id);
      } catch (err) {
        this.log.warn({ err, messageId: m.id }, 'could not enqueue media download');
      }
    }
  }

  /**
   * Storage keys of the files shown in these conversations and nowhere else (an LGPD erasure deletes them):
   * downloaded inbound files, and copies of uploads sent by provider id that no other conversation sent.
   */
  async filesOnlyIn(tx: Tx, tenantId: string, conversationIds: string[]): Promise<string[]> {
    if (conversationIds.length === 0) return [];
    const rows = await tx
      .select({ media: messages.media, direction: messages.direction, channelId: messages.channelId })
      .from(messages)
      .where(and(inArray(messages.conversationId, conversationIds), sql`${messages.media} is not null`));
    const keys = new Set<string>();
    const uploads = new Map<string, { channelId: string; mediaId: string }>();
    for (const m of rows) {
      const media = m.media as StoredMedia;
      if (media.storageKey) keys.add(media.storageKey);
      else if (m.direction === 'outbound' && media.mediaId)
        uploads.set(uploadKey(tenantId, m.channelId, media.mediaId), {
          channelId: m.channelId,
          mediaId: media.mediaId,
        });
    }
    // One upload may have gone to several people (the same price list to many chats): theirs keep it.
    for (const [key, u] of uploads) {
      const [elsewhere] = await tx
        .select({ id: messages.id })
        .from(messages)
        .where(
          and(
            eq(messages.channelId, u.channelId),
            eq(messages.direction, 'outbound'),
            sql`${messages.media}->>'mediaId' = ${u.mediaId}`,
            notInArray(messages.conversationId, conversationIds),
          ),
        )
        .limit(1);
      if (!elsewhere) keys.add(key);
    }
    return [...keys];
  }

  /** The stored file of a message, for `GET /messages/:id/media`. */
  async open(messageId: string) {
    const [m] = await inTenant(this.database, (tx) =>
      tx
        .select({ direction: messages.direction, media: messages.media, channelId: messages.channelId })
        .from(messages)
        .where(eq(messages.id, messageId)),
    );
    if (!m) throw new NotFoundError('No such message');
    const media = m.media as StoredMedia | null;
    if (!media) throw new NotFoundError('This message has no media');
    // Sent by an id we uploaded: the copy kept at upload time (UploadService).
    const key =
      media.storageKey ??
      (m.direction === 'outbound' && media.mediaId
        ? uploadKey(requireContext().tenantId, m.channelId, media.mediaId)
        : undefined);
    if (key && this.storage && (media.storageKey || (await this.storage.exists(key)))) {
      const object = await this.storage.get(key);
      if (!object) throw new NotFoundError('The media file is no longer in storage');
      const contentType = media.mime ?? object.contentType ?? 'application/octet-stream';
      return {
        body: object.body,
        contentType,
        size: object.size ?? media.size,
        filename: media.filename,
        inline: inlineTypes.test(contentType.split(';')[0]!.trim()),
      };
    }
    if (media.error) {
      throw new MediaFailedError(
        media.error.code === 'media-too-large'
          ? 'The file is larger than the 100 MB WhatsApp allows; it was not downloaded'
          : `The file could not be downloaded from the provider (${media.error.code})`,
      );
    }
    if (m.direction === 'inbound' && media.mediaId) {
      // Also heals a download job lost between the commit and the enqueue.
      await this.enqueue(requireContext().tenantId, messageId);
      throw new MediaPendingError('The file is still being downloaded from WhatsApp; try again in a moment');
    }
    throw new NotFoundError('This message’s file is not stored here (it was sent by link or provider id)');
  }
}
