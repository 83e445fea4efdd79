import { createApiKeySchema } from '@conversa/shared';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { MinRole } from '../../common/auth.decorators.ts';
import { ApiKeysService } from './api-keys.service.ts';

@Controller('api/v1/api-keys')
@MinRole('ADMIN')
export class ApiKeysController {
  constructor(@Inject(ApiKeysService) private readonly keys: ApiKeysService) {}

  @Get()
  list() {
    return this.keys.list();
  }

  @Post()
  create(@Body({ schema: createApiKeySchema }) body: z.infer<typeof createApiKeySchema>) {
    return this.keys.create(body);
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@Param('id', { schema: z.uuid() }) id: string) {
    await this.keys.revoke(id);
  }
}
