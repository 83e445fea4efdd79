import { pageQuerySchema, sendMessageSchema } from '@conversa/shared';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { MinRole } from '../../common/auth.decorators.ts';
import { ConversationsService } from './conversations.service.ts';

const idParam = z.uuid();
const listQuery = z.object({
  channelId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

@Controller('api/v1/conversations')
export class ConversationsController {
  constructor(@Inject(ConversationsService) private readonly conversations: ConversationsService) {}

  @Get()
  list(@Query({ schema: listQuery }) q: z.infer<typeof listQuery>) {
    return this.conversations.list(q);
  }

  @Get(':id/messages')
  messages(
    @Param('id', { schema: idParam }) id: string,
    @Query({ schema: pageQuerySchema }) q: z.infer<typeof pageQuerySchema>,
  ) {
    return this.conversations.messages(id, q.cursor, q.limit);
  }

  /** Unread back to 0; the customer's newest message is marked read on WhatsApp in the background. */
  @Post(':id/read')
  @MinRole('AGENT')
  @HttpCode(200)
  read(@Param('id', { schema: idParam }) id: string) {
    return this.conversations.markRead(id);
  }

  /** 202: the message is queued; its status then moves by realtime events. A repeated Idempotency-Key answers 200 with the first one. */
  @Post(':id/messages')
  @MinRole('AGENT')
  async send(
    @Param('id', { schema: idParam }) id: string,
    @Body({ schema: sendMessageSchema }) body: z.infer<typeof sendMessageSchema>,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const key = idempotencyKey && /^[\w.:-]{1,128}$/.test(idempotencyKey) ? idempotencyKey : undefined;
    const { created, message } = await this.conversations.send(id, body, key);
    reply.status(created ? 202 : 200);
    return message;
  }
}
