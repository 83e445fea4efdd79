import {
  contacts,
  conversationActivity,
  conversations,
  departments,
  messages,
  type Tx,
  tickets,
  users,
} from '@conversa/db';
import type { ConversationListQuery, ConversationView, InboxCounts } from '@conversa/shared';
import { and, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { ValidationFailedError } from '../../common/errors.ts';
import { messageView } from '../channels/inbound.service.ts';

export const WINDOW_MS = 24 * 3600_000;

/**
 * Who sent the last message (the list's "Ana: …"): a second join to users on the primary key, for the
 * page's rows only. Same `sender` as the message routes give (conversations.service.ts `messageWithSender`).
 */
const lastSender = alias(users, 'last_sender');

type Row = {
  conversation: typeof conversations.$inferSelect;
  contact: Pick<typeof contacts.$inferSelect, 'id' | 'name' | 'phoneE164' | 'tags'>;
  last: typeof messages.$inferSelect | null;
  ticket: typeof tickets.$inferSelect | null;
  assigneeName: string | null;
  lastSenderName: string | null;
  departmentName: string | null;
  activity: string;
};

const selection = {
  conversation: conversations,
  contact: {
    id: contacts.id,
    name: contacts.name,
    phoneE164: contacts.phoneE164,
    tags: contacts.tags,
  },
  last: messages,
  ticket: tickets,
  assigneeName: users.name,
  lastSenderName: lastSender.name,
  departmentName: departments.name,
  // Full precision (microseconds) for the keyset cursor: a JS Date would round it to milliseconds.
  activity: sql<string>`(${conversationActivity})::text`,
};

function toView(r: Row): ConversationView {
  const c = r.conversation;
  return {
    id: c.id,
    channelId: c.channelId,
    contact: { id: r.contact.id, name: r.contact.name, phone: r.contact.phoneE164 },
    status: c.ticketStatus ?? null,
    queue: c.queue ?? null,
    assignee: c.assigneeId ? { id: c.assigneeId, name: r.assigneeName ?? '' } : null,
    department: c.departmentId ? { id: c.departmentId, name: r.departmentName ?? '' } : null,
    unreadCount: c.unreadCount,
    lastMessage: r.last
      ? {
          ...messageView(r.last),
          sender: r.last.senderUserId ? { id: r.last.senderUserId, name: r.lastSenderName ?? '' } : null,
        }
      : null,
    lastMessageAt: c.lastMessageAt?.toISOString() ?? null,
    windowExpiresAt: c.lastInboundAt ? new Date(c.lastInboundAt.getTime() + WINDOW_MS).toISOString() : null,
    ticket: r.ticket
      ? {
          id: r.ticket.id,
          status: r.ticket.status,
          queue: r.ticket.queue,
          outcome: r.ticket.outcome ?? null,
          attribution: r.ticket.attribution ?? null,
          openedAt: r.ticket.openedAt.toISOString(),
          resolvedAt: r.ticket.resolvedAt?.toISOString() ?? null,
        }
      : null,
    tags: r.contact.tags,
    updatedAt: c.updatedAt.toISOString(),
  };
}

function base(tx: Tx) {
  return tx
    .select(selection)
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .leftJoin(messages, eq(messages.id, conversations.lastMessageId))
    .leftJoin(tickets, eq(tickets.id, conversations.ticketId))
    .leftJoin(users, eq(users.id, conversations.assigneeId))
    .leftJoin(lastSender, eq(lastSender.id, messages.senderUserId))
    .leftJoin(departments, eq(departments.id, conversations.departmentId));
}

/** Views of the given conversations (any order; missing ids are skipped). */
export async function conversationViews(tx: Tx, ids: string[]): Promise<ConversationView[]> {
  if (ids.length === 0) return [];
  const rows = await base(tx).where(inArray(conversations.id, ids));
  return rows.map((r) => toView(r as Row));
}

export const encodeCursor = (activity: string, id: string) =>
  Buffer.from(JSON.stringify([activity, id])).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?$/.test(v[0]) &&
      typeof v[1] === 'string' &&
      /^[0-9a-f-]{36}$/i.test(v[1])
    ) {
      return [v[0], v[1]];
    }
  } catch {
    // fall through
  }
  throw new ValidationFailedError('The cursor is not one this API gave out', [
    { path: 'cursor', message: 'Invalid cursor', code: 'invalid-cursor' },
  ]);
}

/** `%…%` for LIKE with the user's own % and _ taken literally. */
const containing = (q: string) => `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** Conditions of the inbox filters on `conversations` (the current ticket's state lives on it). */
export function filterConditions(
  q: Omit<ConversationListQuery, 'cursor' | 'limit'>,
  userId: string | undefined,
): SQL[] {
  const where: SQL[] = [];
  if (q.status === 'active') where.push(inArray(conversations.ticketStatus, ['OPEN', 'FOLLOW_UP']));
  else if (q.status !== 'all') where.push(eq(conversations.ticketStatus, q.status));
  if (q.queue) where.push(eq(conversations.queue, q.queue));
  if (q.assignee === 'unassigned') where.push(isNull(conversations.assigneeId));
  else if (q.assignee === 'me') {
    // API keys are nobody: "mine" is empty for them.
    where.push(userId ? eq(conversations.assigneeId, userId) : sql`false`);
  } else if (q.assignee !== 'all') where.push(eq(conversations.assigneeId, q.assignee));
  if (q.channelId) where.push(eq(conversations.channelId, q.channelId));
  if (q.departmentId) where.push(eq(conversations.departmentId, q.departmentId));
  if (q.tag) {
    where.push(
      sql`${conversations.contactId} in (select id from contacts where tags @> array[${q.tag}]::text[])`,
    );
  }
  if (q.q) {
    // inbox_search (migration 0005) uses the trigram indexes, which RLS would bypass for ILIKE; below
    // three characters a trigram cannot help, so only names and numbers are searched then.
    const digits = q.q.replace(/\D/g, '');
    const digitsLike = digits.length >= 3 ? containing(digits) : null;
    where.push(
      sql`${conversations.id} in (select inbox_search(${containing(q.q)}, ${digitsLike}::text, ${q.q.length >= 3}))`,
    );
  }
  return where;
}

/** One page of the inbox, newest activity first, keyset paged on (activity, id). */
export async function listConversations(
  tx: Tx,
  q: ConversationListQuery,
  userId: string | undefined,
): Promise<{ items: ConversationView[]; nextCursor: string | null }> {
  const where = filterConditions(q, userId);
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor);
    where.push(sql`(${conversationActivity}, ${conversations.id}) < (${at}::timestamptz, ${id}::uuid)`);
  }
  // The page's ids first, from `conversations` alone (its inbox indexes), then the joins for those
  // rows only: a search matching thousands would otherwise join last message, ticket and contact for
  // every match before sorting.
  const pageIds = tx
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(...where))
    .orderBy(desc(conversationActivity), desc(conversations.id))
    .limit(q.limit + 1);
  const rows = (await base(tx)
    .where(inArray(conversations.id, pageIds))
    .orderBy(desc(conversationActivity), desc(conversations.id))) as Row[];
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map(toView),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.activity, last.conversation.id) : null,
  };
}

/** Badges of the three views over active tickets: open conversations and those with unread messages. */
export async function inboxCounts(
  tx: Tx,
  q: Pick<ConversationListQuery, 'channelId' | 'departmentId' | 'queue'>,
  userId: string | undefined,
): Promise<InboxCounts> {
  const where = filterConditions({ ...q, status: 'active', assignee: 'all' }, userId);
  const me = userId ?? '00000000-0000-0000-0000-000000000000';
  const [r] = await tx
    .select({
      all: sql<number>`count(*)::int`,
      allUnread: sql<number>`(count(*) filter (where ${conversations.unreadCount} > 0))::int`,
      mine: sql<number>`(count(*) filter (where ${conversations.assigneeId} = ${me}))::int`,
      mineUnread: sql<number>`(count(*) filter (where ${conversations.assigneeId} = ${me} and ${conversations.unreadCount} > 0))::int`,
      unassigned: sql<number>`(count(*) filter (where ${conversations.assigneeId} is null))::int`,
      unassignedUnread: sql<number>`(count(*) filter (where ${conversations.assigneeId} is null and ${conversations.unreadCount} > 0))::int`,
    })
    .from(conversations)
    .where(and(...where));
  return {
    mine: { open: r?.mine ?? 0, unread: r?.mineUnread ?? 0 },
    unassigned: { open: r?.unassigned ?? 0, unread: r?.unassignedUnread ?? 0 },
    all: { open: r?.all ?? 0, unread: r?.allUnread ?? 0 },
  };
}
