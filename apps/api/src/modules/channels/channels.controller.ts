import { createChannelSchema, simulateSchema, updateChannelSchema } from '@conversa/shared';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MinRole } from '../../common/auth.decorators.ts';
import { ChannelsService } from './channels.service.ts';
import { IngestService } from './ingest.service.ts';
import { SandboxService } from './sandbox.service.ts';

const idParam = z.uuid();
// Behind a proxy (TRUST_PROXY) Fastify reads X-Forwarded-Proto/-Host, so the URL shown to admins is the public one.
const originOf = (req: FastifyRequest) => `${req.protocol}://${req.host || 'localhost'}`;

@Controller('api/v1/channels')
export class ChannelsController {
  constructor(
    @Inject(ChannelsService) private readonly channels: ChannelsService,
    @Inject(SandboxService) private readonly sandbox: SandboxService,
    @Inject(IngestService) private readonly ingest: IngestService,
  ) {}

  @Get()
  list(@Req() req: FastifyRequest) {
    return this.channels.list(originOf(req));
  }

  @Post()
  @MinRole('ADMIN')
  create(
    @Body({ schema: createChannelSchema }) body: z.infer<typeof createChannelSchema>,
    @Req() req: FastifyRequest,
  ) {
    return this.channels.create(body, originOf(req));
  }

  @Get(':id')
  get(@Param('id', { schema: idParam }) id: string, @Req() req: FastifyRequest) {
    return this.channels.get(id, originOf(req));
  }

  @Patch(':id')
  @MinRole('ADMIN')
  async update(
    @Param('id', { schema: idParam }) id: string,
    @Body({ schema: updateChannelSchema }) body: z.infer<typeof updateChannelSchema>,
    @Req() req: FastifyRequest,
  ) {
    const view = await this.channels.update(id, body, originOf(req));
    this.ingest.forget(id);
    return view;
  }

  @Delete(':id')
  @MinRole('ADMIN')
  @HttpCode(204)
  async remove(@Param('id', { schema: idParam }) id: string) {
    await this.channels.remove(id);
    this.ingest.forget(id);
  }

  @Post(':id/validate')
  @MinRole('ADMIN')
  @HttpCode(200)
  validate(@Param('id', { schema: idParam }) id: string, @Req() req: FastifyRequest) {
    return this.channels.validate(id, originOf(req));
  }

  @Post(':id/simulate')
  @MinRole('AGENT')
  @HttpCode(202)
  simulate(
    @Param('id', { schema: idParam }) id: string,
    @Body({ schema: simulateSchema }) body: z.infer<typeof simulateSchema>,
  ) {
    return this.sandbox.simulate(id, body);
  }
}
