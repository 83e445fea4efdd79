import type { CanonicalEvent, MessageReceived, MessageStatus } from '@conversa/channels';
import { channels, contacts, conversations, messages, orphanStatuses, type Tx, tickets } from '@conversa/db';
import { brazilianVariants } from '@conversa/shared';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { and, asc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import type { RealtimeEvent } from '../../drivers/realtime/realtime.port.ts';
import { conversationViews } from '../conversations/conversations.repository.ts';
import { composeMessage } from '../conversations/outbound.ts';
import { AssignmentService, AWAY_REPEAT_MS } from '../inbox/assignment.service.ts';
import { applyTemplateEvent } from '../templates/template-status.ts';
import { applyConnectionUpdate } from './connection-update.ts';

type ChannelRow = Pick<typeof channels.$inferSelect, 'id' | 'tenantId' | 'kind'> &
  Partial<Pick<typeof channels.$inferSelect, 'departmentId'>>;
export type Outbox = RealtimeEvent[];

const rank: Record<string, number> = { queued: 1, sent: 2, delivered: 3, read: 4 };

/** Status only moves forward; `failed` wins over queued/sent but never over a delivery (ARCHITECTURE §8). */
export function nextStatus(current: string, incoming: string): string | null {
  if (current === incoming || current === 'failed' || current === 'received') return null;
  if (incoming === 'failed') return current === 'delivered' || current === 'read' ? null : 'failed';
  return (rank[incoming] ?? 0) > (rank[current] ?? 0) ? incoming : null;
}

/**
 * Applies canonical events to Contact / Conversation / Ticket / Message inside the caller's tenant
 * transaction. Every step is idempotent: a redelivered event changes nothing.
 */
@Injectable()
export class InboundService {
  constructor(@Optional() @Inject(AssignmentService) private readonly assignment?: AssignmentService) {}

  async apply(tx: Tx, channel: ChannelRow, event: CanonicalEvent, outbox: Outbox): Promise<void> {
    switch (event.kind) {
      case 'message.received':
        return this.received(tx, channel, event, outbox);
      case 'message.status':
        return this.status(tx, channel, event, outbox);
      case 'template.status':
      case 'template.quality':
        return applyTemplateEvent(tx, channel, event, outbox);
      case 'connection.update':
        return applyConnectionUpdate(tx, channel.id, event, outbox);
      default:
        // Kinds added to the canonical model later are ignored until a feature applies them.
        return;
    }
  }

  /**
   * Many statuses at once (the bulk of webhook traffic): one read of the messages they name, the
   * forward-only rule applied in memory in arrival order, one write per message that moved, and one
   * insert for statuses whose message we do not know yet.
   */
  async applyStatuses(
    tx: Tx,
    tenantId: string,
    items: { channelId: string; event: MessageStatus }[],
    outbox: Outbox,
  ) {
    const found = await tx
      .select()
      .from(messages)
      .where(
        and(
          inArray(messages.channelId, [...new Set(items.map((i) => i.channelId))]),
          inArray(messages.providerMessageId, [...new Set(items.map((i) => i.event.providerMessageId))]),
        ),
      );
    const byKey = new Map(found.map((m) => [`${m.channelId}|${m.providerMessageId}`, m]));
    const moved = new Map<string, MessageRow>();
    const orphans: (typeof orphanStatuses.$inferInsert)[] = [];
    for (const { channelId, event: e } of items) {
      const error = e.errors[0] ? { code: e.errors[0].code, reason: e.errors[0].reasonKey } : null;
      const key = `${channelId}|${e.providerMessageId}`;
      const m = byKey.get(key);
      if (!m) {
        orphans.push({
          tenantId,
          channelId,
          providerMessageId: e.providerMessageId,
          status: e.status,
          occurredAt: e.timestamp,
          error,
        });
        continue;
      }
      const patch = advance(m, e.status, e.timestamp, error);
      if (!patch) continue;
      const next = { ...m, ...patch };
      byKey.set(key, next);
      moved.set(m.id, next);
    }
    if (orphans.length) await tx.insert(orphanStatuses).values(orphans);
    for (const m of moved.values()) {
      await tx
        .update(messages)
        .set({
          status: m.status,
          error: m.error,
          sentAt: m.sentAt,
          deliveredAt: m.deliveredAt,
          readAt: m.readAt,
        })
        .where(eq(messages.id, m.id));
      outbox.push({
        type: 'message.status',
        data: { conversationId: m.conversationId, message: messageView(m) },
      });
    }
  }

  /**
   * Outside business hours, a customer waiting for a person gets the away message: once per ticket
   * per night (AWAY_REPEAT_MS), never while a person or the assistant has the ticket. The message is
   * queued like an agent's; the send sweep delivers it within a second of the commit.
   */
  private async awayMessage(
    tx: Tx,
    channel: ChannelRow,
    t: typeof tickets.$inferSelect,
    conversationId: string,
    outbox: Outbox,
  ) {
    // Checked on the ticket in hand first: most messages arrive on tickets someone already has, and
    // those cost no query here.
    if (!this.assignment || t.assigneeId || t.queue === 'ai' || t.status === 'RESOLVED') return false;
    const ticketId = t.id;
    if (t.awaySentAt && Date.now() - t.awaySentAt.getTime() < AWAY_REPEAT_MS) return false;
    const hours = await this.assignment.hours(tx, channel.tenantId, t.departmentId);
    if (hours.open || !hours.awayMessage) return false;
    const composed = composeMessage({ type: 'text', text: hours.awayMessage }, {});
    const [m] = await tx
      .insert(messages)
      .values({
        tenantId: channel.tenantId,
        conversationId,
        ticketId,
        channelId: channel.id,
        direction: 'outbound',
        senderType: 'bot',
        type: composed.type,
        text: composed.text,
        payload: composed.payload as Record<string, unknown>,
        status: 'queued',
      })
      .returning();
    await tx.update(tickets).set({ awaySentAt: new Date() }).where(eq(tickets.id, ticketId));
    await tx
      .update(conversations)
      .set({ lastMessageAt: m!.createdAt, lastMessageId: m!.id })
      .where(eq(conversations.id, conversationId));
    outbox.push({ type: 'message.created', data: { conversationId, message: messageView(m!) } });
    return true;
  }

  private async findContact(tx: Tx, tenantId: string, from: string) {
    const variants = brazilianVariants(from);
    const [found] = await tx
      .select()
      .from(contacts)
      .where(
        and(
          eq(contacts.tenantId, tenantId),
          or(inArray(contacts.phoneE164, variants), eq(contacts.waId, from)),
        ),
      )
      .orderBy(asc(contacts.createdAt))
      .limit(1);
    return { found, variants };
  }

  private async received(tx: Tx, channel: ChannelRow, e: MessageReceived, outbox: Outbox) {
    const { found, variants } = await this.findContact(tx, channel.tenantId, e.from);
    let contact = found;
    if (!contact) {
      // Store the full (nine-digit) form; WhatsApp's id may lack it, and we answer to that id.
      [contact] = await tx
        .insert(contacts)
        .values({
          tenantId: channel.tenantId,
          phoneE164: variants[0] ?? e.from,
          waId: e.from,
          name: e.profileName ?? null,
          firstTouch: e.attribution ?? null,
        })
        .onConflictDoUpdate({ target: [contacts.tenantId, contacts.phoneE164], set: { waId: e.from } })
        .returning();
    } else if (contact.waId !== e.from || (!contact.name && e.profileName)) {
      [contact] = await tx
        .update(contacts)
        .set({ waId: e.from, ...(!contact.name && e.profileName ? { name: e.profileName } : {}) })
        .where(eq(contacts.id, contact.id))
        .returning();
    }
    const [conversation] = await tx
      .insert(conversations)
      .values({ tenantId: channel.tenantId, contactId: contact!.id, channelId: channel.id })
      .onConflictDoUpdate({
        target: [conversations.tenantId, conversations.contactId, conversations.channelId],
        set: { updatedAt: new Date() },
      })
      .returning();
    let [ticket] = await tx
      .select()
      .from(tickets)
      .where(and(eq(tickets.conversationId, conversation!.id), ne(tickets.status, 'RESOLVED')))
      .limit(1);
    // Inbox (issue 5): a new ticket goes to round robin; a reply ends a follow-up (back to OPEN).
    let ticketChanged = false;
    if (!ticket) {
      [ticket] = await tx
        .insert(tickets)
        .values({
          tenantId: channel.tenantId,
          conversationId: conversation!.id,
          // The number's department (routing, hours, quick replies); none → the whole team.
          departmentId: channel.departmentId ?? null,
          attribution: e.attribution ?? null,
        })
        .returning();
      const assigned = await this.assignment?.autoAssign(tx, channel.tenantId, ticket!, outbox);
      if (assigned) ticket = { ...ticket!, assigneeId: assigned, queue: 'human' };
      ticketChanged = true;
    } else if (ticket.status === 'FOLLOW_UP') {
      await tx.update(tickets).set({ status: 'OPEN' }).where(eq(tickets.id, ticket.id));
      ticketChanged = true;
    }
    const refIds = [e.replyToProviderId, e.reaction?.targetProviderId].filter((x): x is string => Boolean(x));
    const refs = refIds.length
      ? await tx
          .select({ id: messages.id, providerMessageId: messages.providerMessageId })
          .from(messages)
          .where(and(eq(messages.channelId, channel.id), inArray(messages.providerMessageId, refIds)))
      : [];
    const refOf = (pid?: string) => refs.find((r) => r.providerMessageId === pid)?.id ?? null;
    const { kind: _k, channelRef: _c, ...payload } = e;
    const inserted = await tx
      .insert(messages)
      .values({
        tenantId: channel.tenantId,
        conversationId: conversation!.id,
        ticketId: ticket!.id,
        channelId: channel.id,
        direction: 'inbound',
        senderType: 'contact',
        type: e.type,
        text: e.text,
        payload: payload as Record<string, unknown>,
        media: e.media
          ? {
              mediaId: e.media.mediaId,
              mime: e.media.mimeType,
              filename: e.media.filename,
              sha256: e.media.sha256,
            }
          : null,
        status: 'received',
        providerMessageId: e.providerMessageId,
        providerTimestamp: e.timestamp,
        replyToId: refOf(e.type === 'reaction' ? e.reaction?.targetProviderId : e.replyToProviderId),
      })
      .onConflictDoNothing()
      .returning();
    const message = inserted[0];
    if (!message) return; // a redelivery: already applied
    const [updated] = await tx
      .update(conversations)
      .set({
        lastInboundAt: sql`greatest(${conversations.lastInboundAt}, ${e.timestamp.toISOString()}::timestamptz)`,
        lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${e.timestamp.toISOString()}::timestamptz)`,
        lastMessageId: message.id,
        unreadCount: sql`${conversations.unreadCount} + 1`,
      })
      .where(eq(conversations.id, conversation!.id))
      .returning();
    await tx
      .update(channels)
      .set({
        lastInboundAt: sql`greatest(${channels.lastInboundAt}, ${e.timestamp.toISOString()}::timestamptz)`,
      })
      .where(eq(channels.id, channel.id));
    outbox.push({
      type: 'message.created',
      data: { conversationId: conversation!.id, message: messageView(message) },
    });
    const away = await this.awayMessage(tx, channel, ticket!, conversation!.id, outbox);
    if (away) ticketChanged = true;
    const [view] = ticketChanged ? await conversationViews(tx, [updated!.id]) : [];
    outbox.push({
      type: 'conversation.updated',
      data: view ?? {
        id: updated!.id,
        unreadCount: updated!.unreadCount,
        lastMessageAt: updated!.lastMessageAt,
      },
    });
  }

  private async status(tx: Tx, channel: ChannelRow, e: MessageStatus, outbox: Outbox) {
    const error = e.errors[0] ? { code: e.errors[0].code, reason: e.errors[0].reasonKey } : null;
    const [message] = await tx
      .select()
      .from(messages)
      .where(and(eq(messages.channelId, channel.id), eq(messages.providerMessageId, e.providerMessageId)));
    if (!message) {
      // Our send call has not stored the provider id yet: keep it and apply when it does.
      await tx.insert(orphanStatuses).values({
        tenantId: channel.tenantId,
        channelId: channel.id,
        providerMessageId: e.providerMessageId,
        status: e.status,
        occurredAt: e.timestamp,
        error,
      });
      return;
    }
    await applyStatus(tx, message, e.status, e.timestamp, error, outbox);
  }
}

export function messageView(m: typeof messages.$inferSelect) {
  return {
    id: m.id,
    conversationId: m.conversationId,
    direction: m.direction,
    senderType: m.senderType,
    type: m.type,
    text: m.text ?? '',
    media: m.media ?? null,
    // Type-specific detail the inbox draws (location, contact cards, buttons, template parts); text stays readable alone.
    payload: m.payload ?? null,
    status: m.status,
    error: m.error ?? null,
    providerMessageId: m.providerMessageId,
    replyTo: m.replyToId,
    createdAt: m.createdAt.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
    deliveredAt: m.deliveredAt?.toISOString() ?? null,
    readAt: m.readAt?.toISOString() ?? null,
  };
}

type MessageRow = typeof messages.$inferSelect;

/** The columns a status moves, or null when it does not move (stamps the times the new status implies). */
export function advance(
  m: MessageRow,
  incoming: string,
  at: Date,
  error: { code: string; reason: string } | null,
) {
  const next = nextStatus(m.status, incoming);
  if (!next) return null;
  const r = rank[next] ?? 0;
  return {
    status: next as MessageRow['status'],
    ...(next === 'failed' ? { error } : {}),
    ...(r >= 2 && !m.sentAt ? { sentAt: at } : {}),
    ...(r >= 3 && !m.deliveredAt ? { deliveredAt: at } : {}),
    ...(r >= 4 && !m.readAt ? { readAt: at } : {}),
  };
}

/** Moves one message's status forward (or not). */
export async function applyStatus(
  tx: Tx,
  message: MessageRow,
  incoming: string,
  at: Date,
  error: { code: string; reason: string } | null,
  outbox: Outbox,
): Promise<void> {
  const patch = advance(message, incoming, at, error);
  if (!patch) return;
  const [updated] = await tx.update(messages).set(patch).where(eq(messages.id, message.id)).returning();
  outbox.push({
    type: 'message.status',
    data: { conversationId: message.conversationId, message: messageView(updated!) },
  });
}

/**
 * Applies stored early statuses whose message now carries its provider id, then deletes them. The send
 * (recording the id) and the webhook worker (storing an orphan) both call this after their own commit,
 * so whichever commits last sees the other's row; applying one twice is harmless (statuses only move forward).
 */
export async function applyOrphans(
  tx: Tx,
  keys: { channelIds: string[]; providerMessageIds: string[] },
  outbox: Outbox,
): Promise<void> {
  if (keys.providerMessageIds.length === 0) return;
  const early = await tx
    .select({ orphan: orphanStatuses, messageId: messages.id })
    .from(orphanStatuses)
    .innerJoin(
      messages,
      and(
        eq(messages.channelId, orphanStatuses.channelId),
        eq(messages.providerMessageId, orphanStatuses.providerMessageId),
      ),
    )
    .where(
      and(
        inArray(orphanStatuses.channelId, keys.channelIds),
        inArray(orphanStatuses.providerMessageId, keys.providerMessageIds),
      ),
    )
    .orderBy(asc(orphanStatuses.occurredAt));
  for (const { orphan, messageId } of early) {
    const [current] = await tx.select().from(messages).where(eq(messages.id, messageId));
    if (current)
      await applyStatus(tx, current, orphan.status, orphan.occurredAt, orphan.error ?? null, outbox);
  }
  if (early.length)
    await tx.delete(orphanStatuses).where(
      inArray(
        orphanStatuses.id,
        early.map((e) => e.orphan.id),
      ),
    );
}
