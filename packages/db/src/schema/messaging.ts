import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantIsolation, updatedAt } from './common.ts';
import {
  channelKinds,
  channelStatuses,
  consentStates,
  messageDirections,
  messageStatuses,
  messageTypes,
  senderTypes,
  ticketOutcomes,
  ticketQueues,
  ticketStatuses,
  webhookStates,
} from './enums.ts';
import { tenants, users } from './identity.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
const tenantId = () =>
  uuid()
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' });

export interface Attribution {
  source: string;
  campaign?: string;
  medium?: string;
  adId?: string;
  ctwaClid?: string;
  headline?: string;
}

export interface ChannelHealth {
  checkedAt: string;
  ok: boolean;
  tokenPermanent: boolean | null;
  tokenExpiresAt: string | null;
  qualityRating: string | null;
  messagingTier: number | 'unlimited' | null;
  throughput: string | null;
  webhooksSubscribed: boolean | null;
  problems: { code: string; reasonKey: string; severity: 'error' | 'warning'; detail?: string }[];
}

export const channels = pgTable(
  'channels',
  {
    id: id(),
    tenantId: tenantId(),
    kind: text({ enum: channelKinds }).notNull(),
    name: text().notNull(),
    status: text({ enum: channelStatuses }).notNull().default('pending'),
    /** Provider credentials, AES-256-GCM encrypted JSON; never returned by the API. */
    credentials: text().notNull(),
    /** Cloud: the hub.verify_token; gateways: the shared secret their webhooks carry. */
    webhookSecret: text().notNull(),
    webhookVerifiedAt: timestamp({ withTimezone: true }),
    displayPhone: text(),
    settings: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    costPerMessage: numeric({ precision: 12, scale: 4 }).notNull().default('0'),
    walletId: uuid(),
    lastInboundAt: timestamp({ withTimezone: true }),
    /** Any signed provider event (message, status, template…): silence on a live number is an alarm. */
    lastEventAt: timestamp({ withTimezone: true }),
    /** Last live check of the credentials (phone, token, quality, tier, problems). */
    health: jsonb().$type<ChannelHealth>(),
    lastError: jsonb().$type<{ code: string; reason: string; at: string }>(),
    /** Messages per second this number may send; null → SEND_RATE_PER_CHANNEL (Meta's default is 80). */
    sendRatePerSecond: integer(),
    /** Token bucket shared by every worker process: tokens left at `sendRefilledAt`. */
    sendTokens: doublePrecision().notNull().default(0),
    sendRefilledAt: timestamp({ withTimezone: true }),
    /** New conversations of this number start in this department (routing, hours, quick replies). */
    departmentId: uuid().references((): AnyPgColumn => departments.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('channels_tenant_idx').on(t.tenantId), tenantIsolation('channels')],
);

export const contacts = pgTable(
  'contacts',
  {
    id: id(),
    tenantId: tenantId(),
    phoneE164: text().notNull(),
    /** The id WhatsApp knows the person by (may lack the Brazilian ninth digit). */
    waId: text(),
    name: text(),
    email: text(),
    cpfCnpj: text(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    customFields: jsonb().$type<Record<string, string>>().notNull().default({}),
    consent: text({ enum: consentStates }).notNull().default('unknown'),
    consentSource: text(),
    consentAt: timestamp({ withTimezone: true }),
    firstTouch: jsonb().$type<Attribution>(),
    erasedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('contacts_tenant_phone_key').on(t.tenantId, t.phoneE164),
    index('contacts_tenant_wa_idx').on(t.tenantId, t.waId),
    index('contacts_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
    index('contacts_phone_trgm_idx').using('gin', t.phoneE164.op('gin_trgm_ops')),
    index('contacts_tags_idx').using('gin', t.tags),
    tenantIsolation('contacts'),
  ],
);

export const consentEvents = pgTable(
  'consent_events',
  {
    id: id(),
    tenantId: tenantId(),
    contactId: uuid()
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    state: text({ enum: consentStates }).notNull(),
    source: text().notNull(),
    actorId: uuid(),
    createdAt: createdAt(),
  },
  (t) => [index('consent_events_contact_idx').on(t.contactId), tenantIsolation('consent_events')],
);

export const blocklistEntries = pgTable(
  'blocklist_entries',
  {
    id: id(),
    tenantId: tenantId(),
    phoneE164: text(),
    cpfCnpj: text(),
    reason: text(),
    createdBy: uuid(),
    createdAt: createdAt(),
  },
  (t) => [
    index('blocklist_tenant_phone_idx').on(t.tenantId, t.phoneE164),
    tenantIsolation('blocklist_entries'),
  ],
);

export const departments = pgTable(
  'departments',
  {
    id: id(),
    tenantId: tenantId(),
    name: text().notNull(),
    /** Weekly hours in the tenant's time zone: { mon: [["08:00","18:00"]], ... } */
    businessHours: jsonb().$type<Record<string, [string, string][]>>().notNull().default({}),
    quickReplies: jsonb().$type<{ shortcut: string; text: string }[]>().notNull().default([]),
    /** Most open tickets automatic assignment gives one agent here; null → the tenant's default. */
    maxOpenPerAgent: integer(),
    /** Automatic answer outside this department's hours; null → the workspace's. */
    awayMessage: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  () => [tenantIsolation('departments')],
);

export const departmentMembers = pgTable(
  'department_members',
  {
    id: id(),
    tenantId: tenantId(),
    departmentId: uuid()
      .notNull()
      .references(() => departments.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('department_members_key').on(t.departmentId, t.userId),
    tenantIsolation('department_members'),
  ],
);

export const conversations = pgTable(
  'conversations',
  {
    id: id(),
    tenantId: tenantId(),
    contactId: uuid()
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    /** Provider timestamp of the customer's last message: the 24-hour window runs from it. */
    lastInboundAt: timestamp({ withTimezone: true }),
    lastMessageAt: timestamp({ withTimezone: true }),
    lastMessageId: uuid(),
    unreadCount: integer().notNull().default(0),
    // The current ticket (the open one, else the latest) and its routing, copied by the trigger
    // `conversations_sync_ticket` (migration 0005) so the inbox list filters and sorts on one table.
    ticketId: uuid(),
    ticketStatus: text({ enum: ticketStatuses }),
    queue: text({ enum: ticketQueues }),
    assigneeId: uuid(),
    departmentId: uuid(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('conversations_contact_channel_key').on(t.tenantId, t.contactId, t.channelId),
    index('conversations_tenant_last_idx').on(t.tenantId, t.lastMessageAt),
    // Inbox list: newest activity first, keyset paged on (activity, id) — see conversationActivity.
    index('conversations_inbox_idx').on(
      t.tenantId,
      sql`(coalesce(last_message_at, created_at)) desc`,
      sql`id desc`,
    ),
    index('conversations_inbox_active_idx')
      .on(t.tenantId, sql`(coalesce(last_message_at, created_at)) desc`, sql`id desc`)
      .where(sql`ticket_status in ('OPEN', 'FOLLOW_UP')`),
    index('conversations_inbox_assignee_idx').on(
      t.tenantId,
      t.assigneeId,
      sql`(coalesce(last_message_at, created_at)) desc`,
      sql`id desc`,
    ),
    index('conversations_inbox_queue_idx').on(
      t.tenantId,
      t.queue,
      sql`(coalesce(last_message_at, created_at)) desc`,
      sql`id desc`,
    ),
    index('conversations_inbox_department_idx').on(
      t.tenantId,
      t.departmentId,
      sql`(coalesce(last_message_at, created_at)) desc`,
      sql`id desc`,
    ),
    tenantIsolation('conversations'),
  ],
);

/** Sort key of the inbox (matches the conversations_inbox_* indexes). */
export const conversationActivity = sql`coalesce(${conversations.lastMessageAt}, ${conversations.createdAt})`;

export const tickets = pgTable(
  'tickets',
  {
    id: id(),
    tenantId: tenantId(),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    status: text({ enum: ticketStatuses }).notNull().default('OPEN'),
    queue: text({ enum: ticketQueues }).notNull().default('pending'),
    departmentId: uuid().references(() => departments.id, { onDelete: 'set null' }),
    assigneeId: uuid().references(() => users.id, { onDelete: 'set null' }),
    attribution: jsonb().$type<Attribution>(),
    outcome: text({ enum: ticketOutcomes }),
    openedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp({ withTimezone: true }),
    /** When the away message (outside business hours) was last sent on this ticket. */
    awaySentAt: timestamp({ withTimezone: true }),
    /** When a person or the assistant first answered (not away messages, automations or API keys). */
    firstResponseAt: timestamp({ withTimezone: true }),
    /** Who gave that first answer; null for the assistant. */
    firstResponseBy: uuid(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // At most one ticket that is not resolved per conversation.
    uniqueIndex('tickets_one_open_key').on(t.conversationId).where(sql`status <> 'RESOLVED'`),
    index('tickets_tenant_assignee_idx').on(t.tenantId, t.assigneeId, t.status),
    // The unassigned backlog, drained oldest first.
    index('tickets_backlog_idx')
      .on(t.tenantId, t.openedAt)
      .where(sql`status <> 'RESOLVED' and assignee_id is null`),
    index('tickets_conversation_idx').on(t.conversationId, t.openedAt),
    // Overview stats (GET /inbox/stats): tickets opened per day and their first response, read from the
    // index alone (the first-response columns ride along so the heap is not visited).
    index('tickets_tenant_opened_idx').on(t.tenantId, t.openedAt, t.firstResponseAt, t.firstResponseBy),
    // Resolved per day, by outcome and by agent.
    index('tickets_tenant_resolved_idx')
      .on(t.tenantId, t.resolvedAt, t.outcome, t.assigneeId)
      .where(sql`resolved_at is not null`),
    tenantIsolation('tickets'),
  ],
);

export const messages = pgTable(
  'messages',
  {
    id: id(),
    tenantId: tenantId(),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    ticketId: uuid().references(() => tickets.id, { onDelete: 'set null' }),
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    direction: text({ enum: messageDirections }).notNull(),
    senderType: text({ enum: senderTypes }).notNull(),
    senderUserId: uuid(),
    type: text({ enum: messageTypes }).notNull(),
    text: text(),
    payload: jsonb().$type<Record<string, unknown>>(),
    media: jsonb().$type<{
      url?: string;
      mediaId?: string;
      mime?: string;
      filename?: string;
      sha256?: string;
    }>(),
    status: text({ enum: messageStatuses }).notNull(),
    error: jsonb().$type<{ code: string; reason: string }>(),
    providerMessageId: text(),
    idempotencyKey: text(),
    replyToId: uuid(),
    providerTimestamp: timestamp({ withTimezone: true }),
    /** Set just before the provider call: a job that finds it set without a provider id must not resend. */
    sendingAt: timestamp({ withTimezone: true }),
    /** Failed attempts with a retryable provider error; the next one waits until `sendAfter`. */
    sendAttempts: integer().notNull().default(0),
    sendAfter: timestamp({ withTimezone: true }),
    sentAt: timestamp({ withTimezone: true }),
    deliveredAt: timestamp({ withTimezone: true }),
    readAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('messages_conversation_idx').on(t.conversationId, t.createdAt),
    // Inbox search over message text (ILIKE '%q%'); pg_trgm exists on PGlite and PostgreSQL.
    index('messages_text_trgm_idx').using('gin', t.text.op('gin_trgm_ops')),
    uniqueIndex('messages_provider_id_key').on(t.channelId, t.providerMessageId),
    uniqueIndex('messages_idempotency_key').on(t.tenantId, t.idempotencyKey),
    // The send queue: outbound messages waiting for a worker, oldest first per channel.
    index('messages_send_queue_idx')
      .on(t.channelId, t.id)
      .where(sql`status = 'queued' and sending_at is null`),
    // Claimed sends still waiting for an answer: the recovery sweep looks for old ones here.
    index('messages_sending_idx').on(t.sendingAt).where(sql`status = 'queued' and sending_at is not null`),
    tenantIsolation('messages'),
  ],
);

/**
 * Inbound and outbound messages per tenant per 15-minute UTC slot, for the overview's charts: counting
 * 30 days of a busy number live reads millions of rows (seconds), summing these reads ~3,000. Filled on
 * demand by GET /inbox/stats for slots that ended more than a few minutes ago (every slot, zeros included,
 * so a missing row means "not counted yet"); the current slots are counted live. Message ids are UUIDv7
 * minted at insert, so a closed slot gets no new messages. 15 minutes: every time zone's offset is a
 * multiple of it, so a slot never straddles two local days. Erasing messages later leaves the counts.
 */
export const messageCounts = pgTable(
  'message_counts',
  {
    id: id(),
    tenantId: tenantId(),
    slot: timestamp({ withTimezone: true }).notNull(),
    inbound: integer().notNull().default(0),
    outbound: integer().notNull().default(0),
  },
  (t) => [uniqueIndex('message_counts_slot_key').on(t.tenantId, t.slot), tenantIsolation('message_counts')],
);

/** One day's ticket figures as `ticket_day_stats.totals` keeps them (waits: rounded seconds → tickets). */
export interface TicketDayTotals {
  /** Tickets opened that day. */
  opened: number;
  /** Tickets resolved that day, and by outcome (`none` when resolved without one). */
  resolved: number;
  outcomes: Record<string, number>;
  /** Waits for a first response of the tickets opened that day that were answered. */
  waits: Record<string, number>;
  /** Per person: tickets assigned to them resolved that day; waits of the tickets they answered first. */
  agents: Record<string, { resolved?: number; waits?: Record<string, number> }>;
}

/**
 * Ticket figures of a finished local day (the tenant's time zone at the time), for the overview: 30 days
 * of a busy inbox are ~100,000 tickets, and reading them costs more than the whole request may. Written
 * by GET /inbox/stats the first time it needs a day; a ticket change that touches a stored day (a late
 * first response, a reopened or re-resolved ticket) deletes that day's row (trigger
 * `tickets_forget_day_stats`, migration 0012), and the next read counts it again.
 */
export const ticketDayStats = pgTable(
  'ticket_day_stats',
  {
    id: id(),
    tenantId: tenantId(),
    timezone: text().notNull(),
    day: date({ mode: 'string' }).notNull(),
    /** The day's local midnights, so the trigger finds the rows a ticket's times fall in without zones. */
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    totals: jsonb().$type<TicketDayTotals>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('ticket_day_stats_day_key').on(t.tenantId, t.timezone, t.day),
    index('ticket_day_stats_ends_idx').on(t.tenantId, t.endsAt),
    tenantIsolation('ticket_day_stats'),
  ],
);

export const notes = pgTable(
  'notes',
  {
    id: id(),
    tenantId: tenantId(),
    conversationId: uuid().references(() => conversations.id, { onDelete: 'cascade' }),
    contactId: uuid().references(() => contacts.id, { onDelete: 'cascade' }),
    authorId: uuid(),
    text: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('notes_conversation_idx').on(t.conversationId), tenantIsolation('notes')],
);

export const handoffs = pgTable(
  'handoffs',
  {
    id: id(),
    tenantId: tenantId(),
    ticketId: uuid()
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    reason: text().notNull(),
    note: text(),
    fromUserId: uuid(),
    toUserId: uuid(),
    toDepartmentId: uuid(),
    createdAt: createdAt(),
  },
  (t) => [index('handoffs_ticket_idx').on(t.ticketId), tenantIsolation('handoffs')],
);

/** Raw provider input, stored before the webhook is acknowledged (ARCHITECTURE §8). */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: id(),
    tenantId: tenantId(),
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    provider: text({ enum: channelKinds }).notNull(),
    dedupeKey: text().notNull(),
    headers: jsonb().$type<Record<string, string>>().notNull().default({}),
    body: bytea().notNull(),
    state: text({ enum: webhookStates }).notNull().default('pending'),
    attempts: integer().notNull().default(0),
    error: text(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('webhook_events_dedupe_key').on(t.channelId, t.dedupeKey),
    index('webhook_events_pending_idx').on(t.receivedAt).where(sql`state = 'pending'`),
    index('webhook_events_channel_received_idx').on(t.channelId, t.receivedAt),
    tenantIsolation('webhook_events'),
  ],
);

/**
 * Statuses for a provider id we do not know yet: Meta may report "sent" before our send call returned
 * the id. They are applied when the id arrives (ARCHITECTURE §8: out-of-order input is normal).
 */
export const orphanStatuses = pgTable(
  'orphan_statuses',
  {
    id: id(),
    tenantId: tenantId(),
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    providerMessageId: text().notNull(),
    status: text({ enum: messageStatuses }).notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    error: jsonb().$type<{ code: string; reason: string }>(),
    createdAt: createdAt(),
  },
  (t) => [
    index('orphan_statuses_lookup_idx').on(t.channelId, t.providerMessageId),
    tenantIsolation('orphan_statuses'),
  ],
);
