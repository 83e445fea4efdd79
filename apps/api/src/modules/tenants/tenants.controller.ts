import { createTenantSchema } from '@conversa/shared';
import { Body, Controller, Get, Inject, Post } from '@nestjs/common';
import type { z } from 'zod';
import { SuperAdminOnly } from '../../common/auth.decorators.ts';
import { TenantsService } from './tenants.service.ts';

@Controller('api/v1/tenants')
@SuperAdminOnly()
export class TenantsController {
  constructor(@Inject(TenantsService) private readonly tenants: TenantsService) {}

  @Get()
  list() {
    return this.tenants.list();
  }

  @Post()
  async create(@Body({ schema: createTenantSchema }) body: z.infer<typeof createTenantSchema>) {
    const { ownerId: _ownerId, ...tenant } = await this.tenants.create(body);
    return tenant;
  }
}
