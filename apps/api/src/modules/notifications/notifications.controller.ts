import { listNotificationsQuerySchema, markNotificationsReadSchema } from '@conversa/shared';
import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import type { z } from 'zod';
import { NotificationsService } from './notifications.service.ts';

@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(@Inject(NotificationsService) private readonly notifications: NotificationsService) {}

  @Get()
  list(@Query({ schema: listNotificationsQuerySchema }) query: z.infer<typeof listNotificationsQuerySchema>) {
    return this.notifications.list(query);
  }

  @Post('read')
  @HttpCode(200)
  read(@Body({ schema: markNotificationsReadSchema }) body: z.infer<typeof markNotificationsReadSchema>) {
    return this.notifications.markRead(body);
  }
}
