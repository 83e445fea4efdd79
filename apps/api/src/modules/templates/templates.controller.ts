import {
  createTemplateSchema,
  listTemplatesQuerySchema,
  previewTemplateSchema,
  rollbackTemplateSchema,
  syncTemplatesSchema,
  updateTemplateSchema,
} from '@conversa/shared';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { MinRole } from '../../common/auth.decorators.ts';
import { TemplatesService } from './templates.service.ts';

const idParam = z.uuid();
const statsQuery = z.object({ channelId: z.uuid().optional() });

/** API.md "Templates". AGENT reads and previews, MANAGER drafts, ADMIN submits, deletes, syncs, rolls back. */
@Controller('api/v1/templates')
export class TemplatesController {
  constructor(@Inject(TemplatesService) private readonly templates: TemplatesService) {}

  @Get()
  @MinRole('AGENT')
  list(@Query({ schema: listTemplatesQuerySchema }) q: z.infer<typeof listTemplatesQuerySchema>) {
    return this.templates.list(q);
  }

  @Post()
  @MinRole('MANAGER')
  create(@Body({ schema: createTemplateSchema }) body: z.infer<typeof createTemplateSchema>) {
    return this.templates.create(body);
  }

  @Get('stats')
  @MinRole('AGENT')
  stats(@Query({ schema: statsQuery }) q: z.infer<typeof statsQuery>) {
    return this.templates.stats(q.channelId);
  }

  @Post('sync')
  @MinRole('ADMIN')
  @HttpCode(200)
  sync(@Body({ schema: syncTemplatesSchema }) body: z.infer<typeof syncTemplatesSchema>) {
    return this.templates.syncForRequest(body?.channelId);
  }

  @Get(':id')
  @MinRole('AGENT')
  get(@Param('id', { schema: idParam }) id: string) {
    return this.templates.get(id);
  }

  @Patch(':id')
  @MinRole('MANAGER')
  update(
    @Param('id', { schema: idParam }) id: string,
    @Body({ schema: updateTemplateSchema }) body: z.infer<typeof updateTemplateSchema>,
  ) {
    return this.templates.update(id, body);
  }

  @Delete(':id')
  @MinRole('ADMIN')
  @HttpCode(204)
  async remove(@Param('id', { schema: idParam }) id: string) {
    await this.templates.remove(id);
  }

  @Post(':id/submit')
  @MinRole('ADMIN')
  @HttpCode(200)
  submit(@Param('id', { schema: idParam }) id: string) {
    return this.templates.submit(id);
  }

  @Post(':id/preview')
  @MinRole('AGENT')
  @HttpCode(200)
  preview(
    @Param('id', { schema: idParam }) id: string,
    @Body({ schema: previewTemplateSchema }) body: z.infer<typeof previewTemplateSchema>,
  ) {
    return this.templates.preview(id, body);
  }

  @Post(':id/rollback')
  @MinRole('ADMIN')
  @HttpCode(200)
  rollback(
    @Param('id', { schema: idParam }) id: string,
    @Body({ schema: rollbackTemplateSchema }) body: z.infer<typeof rollbackTemplateSchema>,
  ) {
    return this.templates.rollback(id, body?.reason);
  }
}
