import { ProviderError } from '@conversa/channels';
import { channels, type Database } from '@conversa/db';
import { mediaKindOf, mediaRules } from '@conversa/shared';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { and, eq, isNull } from 'drizzle-orm';
import {
  AppError,
  NotFoundError,
  ProviderRefusedError,
  ProviderUnavailableError,
} from '../../common/errors.ts';
import { audit, inTenant, requireContext } from '../../common/tenancy.ts';
import { DATABASE, STORAGE } from '../../common/tokens.ts';
import type { StoragePort } from '../../drivers/storage/storage.port.ts';
import { ChannelAdapters } from '../channels/channel-adapters.ts';
import { uploadKey } from './media.types.ts';

export class UnsupportedMediaError extends AppError {
  readonly code = 'media-unsupported';
  readonly status = 415;
}
export class MediaTooLargeError extends AppError {
  readonly code = 'media-too-large';
  readonly status = 413;
}
export class EmptyMediaError extends AppError {
  readonly code = 'media-empty';
  readonly status = 422;
}

/**
 * Files the agents attach: checked against WhatsApp's types and sizes, uploaded to the provider
 * (which answers with the media id a message is sent by) and kept in our storage.
 */
@Injectable()
export class UploadService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(ChannelAdapters) private readonly adapters: ChannelAdapters,
    @Optional() @Inject(STORAGE) private readonly storage?: StoragePort,
  ) {}

  async upload(channelId: string, body: Buffer, mime: string, filename?: string) {
    const ctx = requireContext();
    if (body.length === 0) throw new EmptyMediaError('The file is empty');
    const kind = mediaKindOf(mime);
    if (!kind) {
      throw new UnsupportedMediaError(`WhatsApp does not accept files of type ${mime}`, [
        { path: 'type', message: 'Unsupported media type', code: 'media-unsupported' },
      ]);
    }
    const max = mediaRules[kind].maxBytes;
    if (body.length > max) {
      throw new MediaTooLargeError(
        `WhatsApp accepts ${kind} files up to ${Math.round(max / 1024 / 1024) || max / 1024} ${max >= 1024 * 1024 ? 'MB' : 'KB'}`,
        [{ path: 'body', message: 'File too large', code: 'media-too-large', maximum: max }],
      );
    }
    const [channel] = await inTenant(this.database, (tx) =>
      tx
        .select()
        .from(channels)
        .where(and(eq(channels.id, channelId), isNull(channels.deletedAt))),
    );
    if (!channel) throw new NotFoundError('No such channel');
    const adapter = this.adapters.for(channel);
    if (!adapter.uploadMedia) throw new UnsupportedMediaError('This channel cannot receive uploaded files');
    let mediaId: string;
    try {
      ({ mediaId } = await adapter.uploadMedia(body, mime, filename));
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      const Problem = err.retryable ? ProviderUnavailableError : ProviderRefusedError;
      throw new Problem(err.message, undefined, { reason: err.reasonKey });
    }
    const key = uploadKey(ctx.tenantId, channel.id, mediaId);
    await this.storage?.put(key, body, { contentType: mime });
    await inTenant(this.database, (tx) =>
      audit(tx, {
        action: 'media.uploaded',
        targetType: 'channel',
        targetId: channel.id,
        metadata: { mediaId, kind, mime, size: body.length },
      }),
    );
    return { mediaId, kind, mime, size: body.length, filename: filename ?? null };
  }
}
