import {
  conversationListQuerySchema,
  pageQuerySchema,
  resendMessageSchema,
  sendMessageSchema,
} from '@conversa/shared';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { MinRole } from '../../common/auth.decorators.ts';
import { ConversationsService } from './conversations.service.ts';

const idParam = z.uuid();
// No body at all is a plain resend.
const resendBody = resendMessageSchema.optional();
const countsQuery = conversationListQuerySchema.pick({ channelId: true, departmentId: true, queue: true });

@Controller('api/v1/conversations')
export class ConversationsController {
  constructor(@Inject(ConversationsService) private readonly conversations: ConversationsService) {}

  @Get()
  list(@Query({ schema: conversationListQuerySchema }) q: z.infer<typeof conversationListQuerySchema>) {
    return this.conversations.list(q);
  }

  /** Badges of the mine / unassigned / all views (active tickets). */
  @Get('counts')
  counts(@Query({ schema: countsQuery }) q: z.infer<typeof countsQuery>) {
    return this.conversations.counts(q);
  }

  @Get(':id')
  get(@Param('id', { schema: idParam }) id: string) {
    return this.conversations.view(id);
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

  /**
   * 202: a failed message goes out again as a new message (same content, today's rules). 409 `not-resendable`
   * when it did not fail; 409 `maybe-delivered` for a `send-unknown` one until `confirmUnknown: true`.
   */
  @Post(':id/messages/:messageId/resend')
  @MinRole('AGENT')
  async resend(
    @Param('id', { schema: idParam }) id: string,
    @Param('messageId', { schema: idParam }) messageId: string,
    @Body({ schema: resendBody }) body: z.infer<typeof resendBody>,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const key = idempotencyKey && /^[\w.:-]{1,128}$/.test(idempotencyKey) ? idempotencyKey : undefined;
    const { created, message } = await this.conversations.resend(
      id,
      messageId,
      body?.confirmUnknown === true,
      key,
    );
    reply.status(created ? 202 : 200);
    return message;
  }
}
