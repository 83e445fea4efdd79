import { uploadMediaQuerySchema } from '@conversa/shared';
import { Body, Controller, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { MinRole } from '../../common/auth.decorators.ts';
import { UploadService } from './upload.service.ts';

const idParam = z.uuid();

@Controller('api/v1/channels')
export class UploadController {
  constructor(@Inject(UploadService) private readonly uploads: UploadService) {}

  /**
   * The file is the raw body (`Content-Type: application/octet-stream`, up to 100 MB); `type` is its
   * MIME type. Answers `{ mediaId, kind, mime, size, filename }`: send it with `{ type: kind, mediaId }`.
   */
  @Post(':id/media')
  @HttpCode(201)
  @MinRole('AGENT')
  upload(
    @Param('id', { schema: idParam }) id: string,
    @Query({ schema: uploadMediaQuerySchema }) query: z.infer<typeof uploadMediaQuerySchema>,
    @Body() body: unknown,
  ) {
    return this.uploads.upload(
      id,
      Buffer.isBuffer(body) ? body : Buffer.alloc(0),
      query.type,
      query.filename,
    );
  }
}
