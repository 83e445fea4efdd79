import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { MediaService } from './media.service.ts';

const idParam = z.uuid();

@Controller('api/v1/messages')
export class MediaController {
  constructor(@Inject(MediaService) private readonly media: MediaService) {}

  /**
   * The message's file with its own Content-Type. 409 `media-pending` (with Retry-After) while it is
   * still being fetched from WhatsApp, 409 `media-failed` when it could not be, 404 when there is none.
   */
  @Get(':id/media')
  async get(@Param('id', { schema: idParam }) id: string, @Res() reply: FastifyReply) {
    const file = await this.media.open(id);
    const name = file.filename ? `; filename*=UTF-8''${encodeURIComponent(file.filename)}` : '';
    reply
      .header('content-type', file.contentType)
      .header('content-disposition', `${file.inline ? 'inline' : 'attachment'}${name}`)
      // Customer-supplied bytes: never sniffed, never run as a page of our origin.
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, max-age=86400');
    if (file.size !== undefined) reply.header('content-length', String(file.size));
    return reply.send(file.body);
  }
}
