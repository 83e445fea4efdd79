import {
  blocklistEntries,
  channels,
  contacts,
  conversations,
  type Database,
  messages,
  tickets,
} from '@conversa/db';
import { brazilianVariants, type SendMessageInput } from '@conversa/shared';
import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, inArray, lt, ne, or, sql } from 'drizzle-orm';
import { randomToken } from '../../common/crypto.ts';
import { AppError, NotFoundError } from '../../common/errors.ts';
import { audit, inTenant, requireContext } from '../../common/tenancy.ts';
import { DATABASE, QUEUE, REALTIME } from '../../common/tokens.ts';
import type { QueuePort } from '../../drivers/queue/queue.port.ts';
import type { RealtimePort } from '../../drivers/realtime/realtime.port.ts';
import { messageView } from '../channels/inbound.service.ts';

export const WINDOW_MS = 24 * 3600_000;

export class WindowClosedError extends AppError {
  readonly code = 'window-closed';
  readonly status = 422;
}
export class OptedOutError extends AppError {
  readonly code = 'opted-out';
  readonly status = 422;
}
export class BlockedError extends AppError {
  readonly code = 'blocked';
  readonly status = 422;
}

declare module '../../drivers/queue/queue.port.ts' {
  interface JobData {
    'message.send': { messageId: string; tenantId: string; channelId: string };
  }
}

@Injectable()
export class ConversationsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(QUEUE) private readonly queue: QueuePort,
    @Inject(REALTIME) private readonly realtime: RealtimePort,
  ) {}

  /** Newest activity first (the inbox issue adds filters, search and cursor paging). */
  async list(filter: { channelId?: string; limit: number }) {
    const rows = await inTenant(this.database, (tx) =>
      tx
        .select({ conversation: conversations, contact: contacts, last: messages, ticket: tickets })
        .from(conversations)
        .innerJoin(contacts, eq(contacts.id, conversations.contactId))
        .leftJoin(messages, eq(messages.id, conversations.lastMessageId))
        .leftJoin(tickets, and(eq(tickets.conversationId, conversations.id), ne(tickets.status, 'RESOLVED')))
        .where(filter.channelId ? eq(conversations.channelId, filter.channelId) : undefined)
        .orderBy(sql`${conversations.lastMessageAt} desc nulls last`, desc(conversations.id))
        .limit(filter.limit),
    );
    return {
      items: rows.map(({ conversation: c, contact, last, ticket }) => ({
        id: c.id,
        channelId: c.channelId,
        contact: { id: contact.id, name: contact.name, phone: contact.phoneE164 },
        lastMessage: last ? messageView(last) : null,
        unreadCount: c.unreadCount,
        windowExpiresAt: c.lastInboundAt
          ? new Date(c.lastInboundAt.getTime() + WINDOW_MS).toISOString()
          : null,
        ticket: ticket ? { id: ticket.id, status: ticket.status, queue: ticket.queue } : null,
        updatedAt: c.updatedAt.toISOString(),
      })),
      nextCursor: null,
    };
  }

  /** Oldest → newest; `cursor` pages back in time (message ids are UUIDv7, ordered by creation). */
  async messages(conversationId: string, cursor: string | undefined, limit: number) {
    await this.conversation(conversationId);
    const rows = await inTenant(this.database, (tx) =>
      tx
        .select()
        .from(messages)
        .where(and(eq(messages.conversationId, conversationId), cursor ? lt(messages.id, cursor) : undefined))
        .orderBy(desc(messages.id))
        .limit(limit + 1),
    );
    const page = rows.slice(0, limit);
    return { items: page.reverse().map(messageView), nextCursor: rows.length > limit ? page[0]!.id : null };
  }

  private async conversation(id: string) {
    const [row] = await inTenant(this.database, (tx) =>
      tx
        .select({ conversation: conversations, contact: contacts, channel: channels })
        .from(conversations)
        .innerJoin(contacts, eq(contacts.id, conversations.contactId))
        .innerJoin(channels, eq(channels.id, conversations.channelId))
        .where(eq(conversations.id, id)),
    );
    if (!row) throw new NotFoundError('No such conversation');
    return row;
  }

  /**
   * Policy first (24-hour window, opt-out, blocklist), then Message(QUEUED) and a `message.send` job.
   * The same Idempotency-Key returns the first message instead of sending twice.
   */
  async send(conversationId: string, input: SendMessageInput, idempotencyKey?: string) {
    const ctx = requireContext();
    const { conversation, contact, channel } = await this.conversation(conversationId);
    const key = idempotencyKey ?? randomToken(16);
    if (idempotencyKey) {
      const [existing] = await inTenant(this.database, (tx) =>
        tx.select().from(messages).where(eq(messages.idempotencyKey, key)),
      );
      if (existing) return { created: false, message: messageView(existing) };
    }
    if (contact.consent === 'opted_out') throw new OptedOutError('The contact opted out of messages');
    const blocked = await inTenant(this.database, (tx) =>
      tx
        .select({ id: blocklistEntries.id })
        .from(blocklistEntries)
        .where(
          or(
            inArray(blocklistEntries.phoneE164, brazilianVariants(contact.phoneE164)),
            contact.cpfCnpj ? eq(blocklistEntries.cpfCnpj, contact.cpfCnpj) : undefined,
          ),
        )
        .limit(1),
    );
    if (blocked.length) throw new BlockedError('The contact is on the blocklist');
    const windowOpen =
      conversation.lastInboundAt && Date.now() - conversation.lastInboundAt.getTime() < WINDOW_MS;
    if (!windowOpen) {
      throw new WindowClosedError(
        conversation.lastInboundAt
          ? 'More than 24 hours since the customer last wrote: only an approved template can be sent'
          : 'The customer has not written yet: only an approved template can start the conversation',
        [{ path: 'type', message: 'Send an approved template', code: 'window-closed' }],
      );
    }
    const message = await inTenant(this.database, async (tx) => {
      const [ticket] = await tx
        .select({ id: tickets.id })
        .from(tickets)
        .where(and(eq(tickets.conversationId, conversation.id), ne(tickets.status, 'RESOLVED')));
      const [m] = await tx
        .insert(messages)
        .values({
          tenantId: ctx.tenantId,
          conversationId: conversation.id,
          ticketId: ticket?.id ?? null,
          channelId: channel.id,
          direction: 'outbound',
          senderType: ctx.actor?.type === 'api_key' ? 'bot' : 'agent',
          senderUserId: ctx.userId ?? null,
          type: input.type,
          text: input.text,
          status: 'queued',
          idempotencyKey: key,
        })
        .returning();
      await tx
        .update(conversations)
        .set({ lastMessageAt: m!.createdAt, lastMessageId: m!.id, unreadCount: 0 })
        .where(eq(conversations.id, conversation.id));
      await audit(tx, {
        action: 'message.sent',
        targetType: 'message',
        targetId: m!.id,
        metadata: { conversationId: conversation.id, type: input.type },
      });
      return m!;
    });
    await this.queue.enqueue(
      'message.send',
      { messageId: message.id, tenantId: ctx.tenantId, channelId: channel.id },
      { dedupeId: message.id },
    );
    await this.realtime.publish(ctx.tenantId, {
      type: 'message.created',
      data: { conversationId: conversation.id, message: messageView(message) },
    });
    return { created: true, message: messageView(message) };
  }
}
