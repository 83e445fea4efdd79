import {
  blocklistEntries,
  channels,
  contacts,
  conversations,
  type Database,
  messages,
  type Tx,
  templates,
  tickets,
  users,
} from '@conversa/db';
import {
  brazilianVariants,
  type ConversationListQuery,
  type ConversationPage,
  type ConversationView,
  type SendMessageInput,
} from '@conversa/shared';
import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, inArray, isNotNull, isNull, lt, ne, or } from 'drizzle-orm';
import { randomToken } from '../../common/crypto.ts';
import { AppError, NotFoundError, ValidationFailedError } from '../../common/errors.ts';
import { audit, inTenant, requireContext } from '../../common/tenancy.ts';
import { DATABASE, QUEUE, REALTIME } from '../../common/tokens.ts';
import type { QueuePort } from '../../drivers/queue/queue.port.ts';
import type { RealtimePort } from '../../drivers/realtime/realtime.port.ts';
import { messageView } from '../channels/inbound.service.ts';
import { conversationViews, inboxCounts, listConversations } from './conversations.repository.ts';
import { MARK_READ_ATTEMPTS } from './jobs/mark-read.job.ts';
import { type ComposedMessage, composeMessage, composeTemplate, type TemplateSend } from './outbound.ts';

export const WINDOW_MS = 24 * 3600_000;
/** Sender types whose first message on a ticket is its first response (a person, the assistant). */
const ANSWERING_SENDERS: ReadonlySet<string> = new Set(['agent', 'ai']);

/**
 * A message as clients read it, with the person who sent it (`sender`): `senderName` comes from a left
 * join to users on the primary key. A person no longer in the workspace keeps their id, with no name.
 */
export function messageWithSender(m: typeof messages.$inferSelect, senderName: string | null | undefined) {
  return {
    ...messageView(m),
    sender: m.senderUserId ? { id: m.senderUserId, name: senderName ?? '' } : null,
  };
}

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
export class TemplateNotApprovedError extends AppError {
  readonly code = 'template-not-approved';
  readonly status = 422;
}
/** A resend of a message that did not fail (or is not ours to send). */
export class NotResendableError extends AppError {
  readonly code = 'not-resendable';
  readonly status = 409;
}
/** A resend of a `send-unknown` message without the caller confirming that it did not arrive. */
export class MaybeDeliveredError extends AppError {
  readonly code = 'maybe-delivered';
  readonly status = 409;
}

type ConversationRow = typeof conversations.$inferSelect;
type ContactRow = typeof contacts.$inferSelect;

/** Why a template row cannot be sent, in the words an agent needs (the status is also in `errors[].code`). */
const templateBlockedReason: Record<string, string> = {
  DRAFT: 'This template is a draft: submit it to Meta and wait for approval',
  SUBMITTED: 'Meta is still reviewing this template; it can be sent once approved',
  REJECTED: 'Meta rejected this template; edit it and submit it again',
  PAUSED: 'Meta paused this template for low quality; new sends are blocked',
  DISABLED: 'Meta disabled this template for repeated low quality; it can no longer be sent',
  DEPRECATED: 'This template version was replaced by a newer one; send the current version',
};

declare module '../../drivers/queue/queue.port.ts' {
  interface JobData {
    'message.mark-read': { tenantId: string; channelId: string; messageId: string };
  }
}

@Injectable()
export class ConversationsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(QUEUE) private readonly queue: QueuePort,
    @Inject(REALTIME) private readonly realtime: RealtimePort,
  ) {}

  /** The inbox list: filters, search, newest activity first, keyset cursor (API.md "Inbox"). */
  async list(query: ConversationListQuery): Promise<ConversationPage> {
    const ctx = requireContext();
    return inTenant(this.database, (tx) => listConversations(tx, query, ctx.userId));
  }

  /** Open conversations and unread ones in the mine / unassigned / all views. */
  async counts(query: Pick<ConversationListQuery, 'channelId' | 'departmentId' | 'queue'>) {
    const ctx = requireContext();
    return inTenant(this.database, (tx) => inboxCounts(tx, query, ctx.userId));
  }

  /** One conversation (API.md "Conversation"); another tenant's id is a 404. */
  async view(id: string, tx?: Tx): Promise<ConversationView> {
    const [v] = tx
      ? await conversationViews(tx, [id])
      : await inTenant(this.database, (t) => conversationViews(t, [id]));
    if (!v) throw new NotFoundError('No such conversation');
    return v;
  }

  /** Oldest → newest; `cursor` pages back in time (message ids are UUIDv7, ordered by creation). */
  async messages(conversationId: string, cursor: string | undefined, limit: number) {
    await this.conversation(conversationId);
    const rows = await inTenant(this.database, (tx) =>
      tx
        .select({ message: messages, senderName: users.name })
        .from(messages)
        .leftJoin(users, eq(users.id, messages.senderUserId))
        .where(and(eq(messages.conversationId, conversationId), cursor ? lt(messages.id, cursor) : undefined))
        .orderBy(desc(messages.id))
        .limit(limit + 1),
    );
    const page = rows.slice(0, limit).reverse();
    return {
      items: page.map((r) => messageWithSender(r.message, r.senderName)),
      nextCursor: rows.length > limit ? page[0]!.message.id : null,
    };
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

  /** The template row for a template send: this channel's, APPROVED, with parameters that fit it. */
  private async template(
    channelId: string,
    input: Extract<SendMessageInput, { type: 'template' }>,
  ): Promise<TemplateSend> {
    return composeTemplate(await this.#approvedTemplate(channelId, input.templateId), input);
  }

  /** This channel's template, if it may be sent now; else why not, in words and as a field problem. */
  async #approvedTemplate(channelId: string, templateId: string) {
    const [row] = await inTenant(this.database, (tx) =>
      tx
        .select()
        .from(templates)
        .where(and(eq(templates.id, templateId), isNull(templates.deletedAt))),
    );
    if (!row) {
      throw new ValidationFailedError('No such template', [
        { path: 'templateId', message: 'No such template', code: 'not-found' },
      ]);
    }
    if (row.channelId !== channelId) {
      throw new TemplateNotApprovedError(
        'This template belongs to another channel; templates are approved per WhatsApp number',
        [{ path: 'templateId', message: 'Template of another channel', code: 'template-other-channel' }],
        { status: row.status },
      );
    }
    if (row.status !== 'APPROVED') {
      const reason = templateBlockedReason[row.status] ?? 'This template is not approved';
      throw new TemplateNotApprovedError(
        `${reason} (status ${row.status})`,
        [{ path: 'templateId', message: reason, code: `template-${row.status.toLowerCase()}` }],
        { status: row.status },
      );
    }
    return row;
  }

  /** Provider ids of the messages a send quotes or reacts to: ours, in this conversation, already sent. */
  private async references(conversationId: string, input: SendMessageInput) {
    const lookup = async (id: string, path: string) => {
      const [m] = await inTenant(this.database, (tx) =>
        tx
          .select({ providerMessageId: messages.providerMessageId })
          .from(messages)
          .where(and(eq(messages.id, id), eq(messages.conversationId, conversationId))),
      );
      if (!m) {
        throw new ValidationFailedError('The referenced message is not in this conversation', [
          { path, message: 'No such message in this conversation', code: 'not-found' },
        ]);
      }
      if (!m.providerMessageId) {
        throw new ValidationFailedError('The referenced message has not reached WhatsApp yet', [
          { path, message: 'That message has not been sent yet', code: 'not-sent' },
        ]);
      }
      return m.providerMessageId;
    };
    if (input.type === 'reaction') {
      return { reactionTargetProviderId: await lookup(input.messageId, 'messageId') };
    }
    return input.replyToId ? { replyToProviderId: await lookup(input.replyToId, 'replyToId') } : {};
  }

  /**
   * The agent has seen the conversation: unread back to 0 for everyone, and (best effort) the
   * customer's newest message marked read on WhatsApp, which marks the earlier ones too.
   */
  async markRead(conversationId: string) {
    const ctx = requireContext();
    const { conversation, channel } = await this.conversation(conversationId);
    const { updated, newest } = await inTenant(this.database, async (tx) => {
      const [u] = await tx
        .update(conversations)
        .set({ unreadCount: 0 })
        .where(eq(conversations.id, conversation.id))
        .returning();
      const [m] = await tx
        .select({ id: messages.id })
        .from(messages)
        .where(
          and(
            eq(messages.conversationId, conversation.id),
            eq(messages.direction, 'inbound'),
            isNotNull(messages.providerMessageId),
          ),
        )
        .orderBy(desc(messages.id))
        .limit(1);
      return { updated: u!, newest: m };
    });
    await this.realtime.publish(ctx.tenantId, {
      type: 'conversation.updated',
      data: { id: updated.id, unreadCount: 0, lastMessageAt: updated.lastMessageAt },
    });
    if (newest) {
      await this.queue.enqueue(
        'message.mark-read',
        { tenantId: ctx.tenantId, channelId: channel.id, messageId: newest.id },
        { dedupeId: `read:${newest.id}`, attempts: MARK_READ_ATTEMPTS },
      );
    }
    return { id: updated.id, unreadCount: 0, readUpTo: newest?.id ?? null };
  }

  /** An earlier send with this Idempotency-Key, if any (then nothing is sent again). */
  async #sentBefore(key: string | undefined) {
    if (!key) return undefined;
    const [existing] = await inTenant(this.database, (tx) =>
      tx
        .select({ message: messages, senderName: users.name })
        .from(messages)
        .leftJoin(users, eq(users.id, messages.senderUserId))
        .where(eq(messages.idempotencyKey, key)),
    );
    return existing && messageWithSender(existing.message, existing.senderName);
  }

  /** What may be sent to this person now: not opted out, not blocked, and only a template outside 24 h. */
  async #checkPolicy(conversation: ConversationRow, contact: ContactRow, type: string) {
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
    // Only an approved template may open (or reopen) a conversation (ARCHITECTURE §5 "Outbound").
    if (!windowOpen && type !== 'template') {
      throw new WindowClosedError(
        conversation.lastInboundAt
          ? 'More than 24 hours since the customer last wrote: only an approved template can be sent'
          : 'The customer has not written yet: only an approved template can start the conversation',
        [{ path: 'type', message: 'Send an approved template', code: 'window-closed' }],
      );
    }
  }

  /**
   * Policy first (24-hour window, opt-out, blocklist), then Message(QUEUED) and a `message.send` job.
   * The same Idempotency-Key returns the first message instead of sending twice.
   */
  async send(conversationId: string, input: SendMessageInput, idempotencyKey?: string) {
    const { conversation, contact, channel } = await this.conversation(conversationId);
    const existing = await this.#sentBefore(idempotencyKey);
    if (existing) return { created: false, message: existing };
    await this.#checkPolicy(conversation, contact, input.type);
    const template = input.type === 'template' ? await this.template(channel.id, input) : undefined;
    const refs = await this.references(conversation.id, input);
    const composed = composeMessage(input, refs, template);
    return this.#enqueue(conversation, channel.id, composed, {
      key: idempotencyKey ?? randomToken(16),
      replyToId: input.type === 'reaction' ? input.messageId : (input.replyToId ?? null),
      audit: { type: input.type, ...(template ? { templateId: template.id } : {}) },
    });
  }

  /**
   * `POST /conversations/:id/messages/:messageId/resend`: a failed outbound message goes out again as a new
   * message with the same content, under today's rules (window, opt-out, blocklist, template still approved).
   * The failed one stays as it was, so the timeline shows both. A message whose fate is unknown
   * (`send-unknown`) may have reached the customer: the caller confirms with `{ confirmUnknown: true }`.
   */
  async resend(conversationId: string, messageId: string, confirmUnknown: boolean, idempotencyKey?: string) {
    const { conversation, contact, channel } = await this.conversation(conversationId);
    const [failed] = await inTenant(this.database, (tx) =>
      tx
        .select()
        .from(messages)
        .where(and(eq(messages.id, messageId), eq(messages.conversationId, conversation.id))),
    );
    if (!failed) throw new NotFoundError('No such message in this conversation');
    if (failed.direction !== 'outbound' || failed.status !== 'failed' || failed.type === 'reaction') {
      throw new NotResendableError(
        failed.direction !== 'outbound'
          ? 'Only messages sent from here can be sent again'
          : failed.type === 'reaction'
            ? 'A reaction is not sent again; react once more instead'
            : `Only a failed message can be sent again (this one is ${failed.status})`,
      );
    }
    const existing = await this.#sentBefore(idempotencyKey);
    if (existing) return { created: false, message: existing };
    const error = failed.error as { code?: string } | null;
    if (error?.code === 'send-unknown' && !confirmUnknown) {
      throw new MaybeDeliveredError(
        'WhatsApp may have accepted this message before the connection dropped; confirm to send it again',
        [
          {
            path: 'confirmUnknown',
            message: 'Confirm that the customer did not get it',
            code: 'send-unknown',
          },
        ],
      );
    }
    await this.#checkPolicy(conversation, contact, failed.type);
    const payload = (failed.payload ?? {}) as Record<string, unknown> & { template?: TemplateSend };
    // A template is checked again: Meta may have paused or disabled it since.
    if (payload.template) await this.#approvedTemplate(channel.id, payload.template.id);
    const media = failed.media as { url?: string; mediaId?: string; filename?: string } | null;
    return this.#enqueue(
      conversation,
      channel.id,
      {
        type: failed.type,
        text: failed.text,
        payload,
        media: media ? { url: media.url, mediaId: media.mediaId, filename: media.filename } : null,
      } as ComposedMessage,
      {
        key: idempotencyKey ?? randomToken(16),
        replyToId: failed.replyToId,
        audit: { type: failed.type, resendOf: failed.id },
      },
    );
  }

  /** Message(QUEUED) in the conversation's open ticket, the conversation moved up, audit; then a dispatcher woken. */
  async #enqueue(
    conversation: ConversationRow,
    channelId: string,
    composed: ComposedMessage,
    opts: { key: string; replyToId: string | null; audit: Record<string, unknown> },
  ) {
    const ctx = requireContext();
    const { message, senderName } = await inTenant(this.database, async (tx) => {
      const [sender] = ctx.userId
        ? await tx.select({ name: users.name }).from(users).where(eq(users.id, ctx.userId))
        : [];
      const [ticket] = await tx
        .select({ id: tickets.id })
        .from(tickets)
        .where(and(eq(tickets.conversationId, conversation.id), ne(tickets.status, 'RESOLVED')));
      // API keys are integrations (automations), not a person answering.
      const senderType = ctx.actor?.type === 'api_key' ? 'bot' : 'agent';
      const [m] = await tx
        .insert(messages)
        .values({
          tenantId: ctx.tenantId,
          conversationId: conversation.id,
          ticketId: ticket?.id ?? null,
          channelId,
          direction: 'outbound',
          senderType,
          senderUserId: ctx.userId ?? null,
          type: composed.type,
          text: composed.text,
          payload: composed.payload as Record<string, unknown>,
          media: composed.media,
          replyToId: opts.replyToId,
          status: 'queued',
          idempotencyKey: opts.key,
        })
        .returning();
      // The ticket's first response (overview stats): a person's or the assistant's first answer, at the
      // message's own time; away messages and automations (bot) and reactions do not count.
      if (ticket && ANSWERING_SENDERS.has(senderType) && composed.type !== 'reaction') {
        await tx
          .update(tickets)
          .set({ firstResponseAt: m!.createdAt, firstResponseBy: ctx.userId ?? null })
          .where(and(eq(tickets.id, ticket.id), isNull(tickets.firstResponseAt)));
      }
      await tx
        .update(conversations)
        .set({ lastMessageAt: m!.createdAt, lastMessageId: m!.id, unreadCount: 0 })
        .where(eq(conversations.id, conversation.id));
      await audit(tx, {
        action: 'resendOf' in opts.audit ? 'message.resent' : 'message.sent',
        targetType: 'message',
        targetId: m!.id,
        metadata: { conversationId: conversation.id, ...opts.audit },
      });
      return { message: m!, senderName: sender?.name };
    });
    // Wakes a dispatcher (the message itself waits in the table: SendDispatcher claims it).
    await this.queue.enqueue('message.send', { channelId }, { dedupeId: `send:${channelId}` });
    const view = messageWithSender(message, senderName);
    await this.realtime.publish(ctx.tenantId, {
      type: 'message.created',
      data: { conversationId: conversation.id, message: view },
    });
    return { created: true, message: view };
  }
}
