// HTTP contract of the team inbox (API.md "Inbox", "Shapes that clients read"). Browser-safe: zod only.
// The inbox UI is built against this file; change it only by adding optional fields.

import { z } from 'zod';
import { timezoneSchema } from './auth.ts';
import {
  consentStates,
  messageDirections,
  messageStatuses,
  messageTypes,
  senderTypes,
  ticketOutcomes,
  ticketQueues,
  ticketStatuses,
} from './enums.ts';
import { holidaySchema, holidaysSchema } from './holidays.ts';

export type TicketStatus = (typeof ticketStatuses)[number];
export type TicketQueue = (typeof ticketQueues)[number];
export type TicketOutcome = (typeof ticketOutcomes)[number];

// ---------------------------------------------------------------- shared pieces

/** First-touch (contact) and per-ticket attribution, from Meta's `referral` or UTM parameters. */
export const attributionSchema = z.object({
  source: z.string(),
  campaign: z.string().optional(),
  medium: z.string().optional(),
  adId: z.string().optional(),
  ctwaClid: z.string().optional(),
  headline: z.string().optional(),
});
export type AttributionView = z.infer<typeof attributionSchema>;

export const userRefSchema = z.object({ id: z.string(), name: z.string() });
export type UserRef = z.infer<typeof userRefSchema>;
export const departmentRefSchema = z.object({ id: z.string(), name: z.string() });
export type DepartmentRef = z.infer<typeof departmentRefSchema>;

/** One message as every client reads it (API.md "Message"). */
export const messageViewSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  direction: z.enum(messageDirections),
  senderType: z.enum(senderTypes),
  type: z.enum(messageTypes),
  /** Readable text of any type (caption, button title, rendered template body); '' when none. */
  text: z.string(),
  media: z
    .object({
      url: z.string().optional(),
      mediaId: z.string().optional(),
      mime: z.string().optional(),
      filename: z.string().optional(),
      sha256: z.string().optional(),
    })
    .nullable(),
  status: z.enum(messageStatuses),
  error: z.object({ code: z.string(), reason: z.string() }).nullable(),
  providerMessageId: z.string().nullable(),
  /** Our id of the quoted message, or of the message a reaction reacts to. */
  replyTo: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  readAt: z.string().nullable(),
  /**
   * The person who sent an outbound message from the inbox (`messages.sender_user_id`); null for
   * customers, AI, automations and API keys. Left out of status-only updates: merge, do not replace.
   */
  sender: userRefSchema.nullable().optional(),
});
export type MessageView = z.infer<typeof messageViewSchema>;

// ---------------------------------------------------------------- conversation list

/**
 * `status` filters on the conversation's current ticket: `active` = OPEN or FOLLOW_UP (the default
 * inbox), `all` = no filter. A conversation whose last ticket is resolved has status RESOLVED.
 */
export const conversationStatusFilters = ['active', 'OPEN', 'FOLLOW_UP', 'RESOLVED', 'all'] as const;
export type ConversationStatusFilter = (typeof conversationStatusFilters)[number];

/** `assignee`: `me`, `unassigned`, `all` (default) or a user id (per-agent view). */
export const assigneeFilterSchema = z.union([z.enum(['me', 'unassigned', 'all']), z.uuid()]);

/** `GET /conversations?…` — newest activity first, keyset paged by the opaque `cursor`. */
export const conversationListQuerySchema = z.object({
  status: z.enum(conversationStatusFilters).default('all'),
  queue: z.enum(ticketQueues).optional(),
  assignee: assigneeFilterSchema.default('all'),
  channelId: z.uuid().optional(),
  departmentId: z.uuid().optional(),
  /** One contact tag (exact match). */
  tag: z.string().trim().min(1).max(64).optional(),
  /** Searches the contact's name, the phone number (digits, any format) and message text. */
  q: z.string().trim().min(1).max(100).optional(),
  /** `nextCursor` of the previous page; opaque. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ConversationListQuery = z.infer<typeof conversationListQuerySchema>;

export const ticketSummarySchema = z.object({
  id: z.string(),
  status: z.enum(ticketStatuses),
  queue: z.enum(ticketQueues),
  outcome: z.enum(ticketOutcomes).nullable(),
  attribution: attributionSchema.nullable(),
  openedAt: z.string(),
  resolvedAt: z.string().nullable(),
});
export type TicketSummary = z.infer<typeof ticketSummarySchema>;

/** `GET /conversations/:id` and every item of the list (API.md "Conversation"). */
export const conversationViewSchema = z.object({
  id: z.string(),
  channelId: z.string(),
  contact: z.object({ id: z.string(), name: z.string().nullable(), phone: z.string() }),
  /** The current (latest) ticket's status; null when the conversation never had a ticket. */
  status: z.enum(ticketStatuses).nullable(),
  queue: z.enum(ticketQueues).nullable(),
  assignee: userRefSchema.nullable(),
  department: departmentRefSchema.nullable(),
  unreadCount: z.number().int(),
  /** With its `sender`, for the list's "Ana: …" preview. */
  lastMessage: messageViewSchema.nullable(),
  lastMessageAt: z.string().nullable(),
  /** When the 24-hour customer-service window closes; null when the customer never wrote. */
  windowExpiresAt: z.string().nullable(),
  /** The current (latest) ticket, resolved or not. */
  ticket: ticketSummarySchema.nullable(),
  /** The contact's tags. */
  tags: z.array(z.string()),
  updatedAt: z.string(),
});
export type ConversationView = z.infer<typeof conversationViewSchema>;

export const conversationPageSchema = z.object({
  items: z.array(conversationViewSchema),
  nextCursor: z.string().nullable(),
});
export type ConversationPage = z.infer<typeof conversationPageSchema>;

/**
 * `GET /conversations/counts` — the badges of the three views, over active tickets (OPEN, FOLLOW_UP):
 * `open` conversations and how many of them have unread messages.
 */
export const inboxViewCountSchema = z.object({ open: z.number().int(), unread: z.number().int() });
export const inboxCountsSchema = z.object({
  mine: inboxViewCountSchema,
  unassigned: inboxViewCountSchema,
  all: inboxViewCountSchema,
});
export type InboxCounts = z.infer<typeof inboxCountsSchema>;

/**
 * Realtime `conversation.updated` data. Ticket actions publish the whole view; message traffic
 * (inbound, read) may publish only `{ id, unreadCount, lastMessageAt }`: merge into the cached item.
 */
export const conversationUpdatedEventSchema = conversationViewSchema.partial().extend({ id: z.string() });
export type ConversationUpdatedEvent = z.infer<typeof conversationUpdatedEventSchema>;

// ---------------------------------------------------------------- ticket actions
// Each `POST /conversations/:id/<action>` acts on the conversation's current ticket and answers the
// new ConversationView (also published as `conversation.updated`).

/**
 * `POST /conversations/:id/assign`. Neither field: automatic (round robin within the ticket's
 * department). `userId: null` unassigns. `departmentId` alone moves the ticket to that department and
 * assigns automatically inside it. AGENT may only assign to themself; MANAGER+ to anyone.
 */
export const assignTicketSchema = z.object({
  userId: z.uuid().nullable().optional(),
  departmentId: z.uuid().nullable().optional(),
});
export type AssignTicketInput = z.infer<typeof assignTicketSchema>;

/**
 * `POST /conversations/:id/handoff` — moves the ticket to the human queue with a reason (a `handoffs`
 * row), to a person, a department, or (neither) automatic assignment. Notifies the department's members.
 */
export const handoffTicketSchema = z.object({
  reason: z.string().trim().min(1).max(500),
  toUserId: z.uuid().optional(),
  toDepartmentId: z.uuid().optional(),
  note: z.string().trim().min(1).max(4000).optional(),
});
export type HandoffTicketInput = z.infer<typeof handoffTicketSchema>;

/** `POST /conversations/:id/resolve` — OPEN/FOLLOW_UP → RESOLVED; the next inbound message opens a new ticket. */
export const resolveTicketSchema = z.object({
  outcome: z.enum(ticketOutcomes),
  note: z.string().trim().min(1).max(4000).optional(),
});
export type ResolveTicketInput = z.infer<typeof resolveTicketSchema>;

/** `POST /conversations/:id/reopen` — the latest ticket back to OPEN (from RESOLVED or FOLLOW_UP). */
export const reopenTicketSchema = z.object({ note: z.string().trim().min(1).max(4000).optional() });
export type ReopenTicketInput = z.infer<typeof reopenTicketSchema>;

/** `POST /tickets/:id/follow-up` — OPEN → FOLLOW_UP (waiting on the customer); a reply moves it back to OPEN. */
export const followUpTicketSchema = z.object({ note: z.string().trim().min(1).max(4000).optional() });
export type FollowUpTicketInput = z.infer<typeof followUpTicketSchema>;

/** `POST /conversations/:id/notes` — an internal note (never sent to the customer) → NoteView, 201. */
export const createNoteSchema = z.object({ text: z.string().trim().min(1).max(4000) });
export type CreateNoteInput = z.infer<typeof createNoteSchema>;

export const noteViewSchema = z.object({
  id: z.string(),
  conversationId: z.string().nullable(),
  contactId: z.string().nullable(),
  author: userRefSchema.nullable(),
  text: z.string(),
  createdAt: z.string(),
});
export type NoteView = z.infer<typeof noteViewSchema>;

/** `POST /tickets/:id/repair` (ADMIN+) — what was fixed; nothing is ever deleted. */
export const ticketRepairResultSchema = z.object({
  ticketId: z.string(),
  /** e.g. `closed-duplicate-open:<ticketId>`, `reattached-messages:<n>`, `released-disabled-assignee`. */
  actions: z.array(z.string()),
  conversation: conversationViewSchema,
});
export type TicketRepairResult = z.infer<typeof ticketRepairResultSchema>;

// ---------------------------------------------------------------- departments (setores)

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** Weekly opening intervals in the tenant's time zone: `{ mon: [["08:00","12:00"],["13:00","18:00"]] }`. */
export const businessHoursSchema = z.partialRecord(
  z.enum(weekdays),
  z.array(z.tuple([hhmm, hhmm]).refine(([a, b]) => a < b, { message: 'Start must be before end' })).max(6),
);
export type BusinessHours = z.infer<typeof businessHoursSchema>;

export const quickReplySchema = z.object({
  /** Typed after `/` in the composer, e.g. `/price`. */
  shortcut: z
    .string()
    .trim()
    .regex(/^[\p{L}\p{N}_-]{1,32}$/u, 'Letters, digits, - and _ only'),
  text: z.string().trim().min(1).max(4096),
});
export type QuickReply = z.infer<typeof quickReplySchema>;

const uniqueShortcuts = (q: QuickReply[] | undefined) =>
  !q || new Set(q.map((r) => r.shortcut.toLowerCase())).size === q.length;

/** An automatic answer outside business hours; empty or null → none. */
export const awayMessageSchema = z
  .string()
  .trim()
  .max(1024)
  .nullable()
  .transform((v) => (v ? v : null));

const departmentFields = {
  name: z.string().trim().min(1).max(80),
  /** The department's members (users of this tenant). */
  memberIds: z.array(z.uuid()).max(500),
  businessHours: businessHoursSchema,
  quickReplies: z.array(quickReplySchema).max(200),
  /** Most open tickets automatic assignment gives one agent here; null → the tenant's default. */
  maxOpenPerAgent: z.number().int().min(1).max(1000).nullable(),
  /** Sent once per ticket when a customer writes while the department is closed; null → the workspace's. */
  awayMessage: awayMessageSchema,
  /** Numbers whose new conversations start in this department (a number routes to one department). */
  channelIds: z.array(z.uuid()).max(100),
};

/** `POST /departments` (MANAGER+). */
export const createDepartmentSchema = z
  .object({
    name: departmentFields.name,
    memberIds: departmentFields.memberIds.default([]),
    businessHours: departmentFields.businessHours.default({}),
    quickReplies: departmentFields.quickReplies.default([]),
    maxOpenPerAgent: departmentFields.maxOpenPerAgent.default(null),
    awayMessage: departmentFields.awayMessage.default(null),
    channelIds: departmentFields.channelIds.default([]),
  })
  .refine((d) => uniqueShortcuts(d.quickReplies), {
    message: 'Quick reply shortcuts must differ',
    path: ['quickReplies'],
  });
export type CreateDepartmentInput = z.infer<typeof createDepartmentSchema>;

/** `PATCH /departments/:id` (MANAGER+); `memberIds` replaces the member list. */
export const updateDepartmentSchema = z
  .object({
    name: departmentFields.name.optional(),
    memberIds: departmentFields.memberIds.optional(),
    businessHours: departmentFields.businessHours.optional(),
    quickReplies: departmentFields.quickReplies.optional(),
    maxOpenPerAgent: departmentFields.maxOpenPerAgent.optional(),
    awayMessage: departmentFields.awayMessage.optional(),
    channelIds: departmentFields.channelIds.optional(),
  })
  .refine((d) => Object.values(d).some((v) => v !== undefined), { message: 'Nothing to change' })
  .refine((d) => uniqueShortcuts(d.quickReplies), {
    message: 'Quick reply shortcuts must differ',
    path: ['quickReplies'],
  });
export type UpdateDepartmentInput = z.infer<typeof updateDepartmentSchema>;

export const departmentMemberViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  available: z.boolean(),
  /** Open (OPEN or FOLLOW_UP) tickets assigned to this person, in any department. */
  openTickets: z.number().int(),
});

export const departmentViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  members: z.array(departmentMemberViewSchema),
  businessHours: businessHoursSchema,
  quickReplies: z.array(quickReplySchema),
  maxOpenPerAgent: z.number().int().nullable(),
  awayMessage: z.string().nullable(),
  channelIds: z.array(z.string()),
  /**
   * Whether the department is inside its business hours now. Its own hours when it has any, else
   * the workspace's (`hoursFrom`), else always open.
   */
  openNow: z.boolean(),
  /** Why it is closed now: outside its hours, or the workspace's holiday today; null when open. */
  closedReason: z.enum(['hours', 'holiday']).nullable().optional(),
  hoursFrom: z.enum(['department', 'workspace', 'always']),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DepartmentView = z.infer<typeof departmentViewSchema>;

// ---------------------------------------------------------------- agents and settings

/**
 * `PUT /users/me/availability` takes `availabilitySchema` (auth.ts, `{ available }`) and answers the
 * same `{ available }`; becoming available drains the unassigned backlog (realtime `agent.availability`).
 */
export const availabilityViewSchema = z.object({ available: z.boolean() });

/** `GET /inbox/agents` — who can take conversations now, and their load. */
export const agentLoadSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  available: z.boolean(),
  openTickets: z.number().int(),
  departmentIds: z.array(z.string()),
});
export type AgentLoad = z.infer<typeof agentLoadSchema>;

/** `GET/PUT /inbox/settings` (PUT: ADMIN+) — tenant-wide assignment settings. */
export const inboxSettingsSchema = z.object({
  /** New and handed-off tickets are assigned by round robin; off → they wait unassigned. */
  autoAssign: z.boolean(),
  /** Default capacity per agent (a department may override it). */
  maxOpenPerAgent: z.number().int().min(1).max(1000),
  /**
   * Workspace hours, for tickets outside any department and departments without their own. Outside
   * them automatic assignment waits (tickets stay in the pending queue) and `awayMessage` is sent
   * once per ticket. Empty → always open.
   */
  businessHours: businessHoursSchema,
  awayMessage: awayMessageSchema,
  /** IANA zone the hours are read in (the tenant's time zone). */
  timezone: timezoneSchema,
  /**
   * Closed dates (feriados), read in `timezone`: on one the workspace and every department are closed
   * all day, whatever their weekly hours. Unique dates; answered sorted by date.
   */
  holidays: holidaysSchema,
});
export type InboxSettings = z.infer<typeof inboxSettingsSchema>;
export const updateInboxSettingsSchema = inboxSettingsSchema.partial();
export type UpdateInboxSettingsInput = z.infer<typeof updateInboxSettingsSchema>;
/**
 * `GET /inbox/settings` also says whether the workspace is open now and, when closed, why: outside
 * the weekly hours, or today's holiday (`holidayToday`, e.g. "Fechado hoje: Natal").
 */
export const inboxSettingsViewSchema = inboxSettingsSchema.extend({
  openNow: z.boolean(),
  closedReason: z.enum(['hours', 'holiday']).nullable().optional(),
  holidayToday: holidaySchema.nullable().optional(),
});
export type InboxSettingsView = z.infer<typeof inboxSettingsViewSchema>;

// ---------------------------------------------------------------- contact journey

/** One ticket in the contact's journey (all channels, newest first). */
export const journeyTicketSchema = ticketSummarySchema.extend({
  conversationId: z.string(),
  channelId: z.string(),
  /** `attribution.source`, or `organic` when the ticket came without referral or UTM. */
  source: z.string(),
  assignee: userRefSchema.nullable(),
  department: departmentRefSchema.nullable(),
  messageCount: z.number().int(),
});
export type JourneyTicket = z.infer<typeof journeyTicketSchema>;

/** `GET /contacts/:id/journey` — first touch, every ticket with source and outcome, notes. */
export const contactJourneySchema = z.object({
  contact: z.object({
    id: z.string(),
    name: z.string().nullable(),
    phone: z.string(),
    tags: z.array(z.string()),
    consent: z.enum(consentStates),
    firstTouch: attributionSchema.nullable(),
    customFields: z.record(z.string(), z.string()),
  }),
  tickets: z.array(journeyTicketSchema),
  notes: z.array(noteViewSchema),
});
export type ContactJourney = z.infer<typeof contactJourneySchema>;

// ---------------------------------------------------------------- overview stats

/** The periods the overview offers: the last 7 or 30 local days, today included. */
export const inboxStatsPeriods = [7, 30] as const;
export type InboxStatsPeriod = (typeof inboxStatsPeriods)[number];

/** `GET /inbox/stats?days=7|30` (default 7); any other value is 422. */
export const inboxStatsQuerySchema = z.object({
  days: z
    .enum(['7', '30'])
    .default('7')
    .transform((v) => Number(v) as InboxStatsPeriod),
});
export type InboxStatsQuery = z.infer<typeof inboxStatsQuerySchema>;

const statCount = z.number().int().min(0);
/** Seconds; null when nothing was answered. */
const statSeconds = z.number().int().min(0).nullable();

/** One local day (the tenant's time zone) of the period. */
export const inboxStatsDaySchema = z.object({
  /** `YYYY-MM-DD` in the tenant's time zone. */
  date: z.string(),
  /** Tickets opened that day. */
  opened: statCount,
  /** Tickets resolved that day. */
  resolved: statCount,
  /** Messages from customers. */
  inbound: statCount,
  /** Messages to customers (people, assistant, automations, away messages). */
  outbound: statCount,
});
export type InboxStatsDay = z.infer<typeof inboxStatsDaySchema>;

/** One person who answers conversations (MANAGER and up see these). */
export const inboxStatsAgentSchema = z.object({
  id: z.string(),
  name: z.string(),
  available: z.boolean(),
  /** Open (OPEN or FOLLOW_UP) tickets assigned to them now. */
  open: statCount,
  /** Tickets assigned to them that were resolved in the period. */
  resolved: statCount,
  /** Median first response of the period's tickets they answered first. */
  firstResponseMedian: statSeconds,
});
export type InboxStatsAgent = z.infer<typeof inboxStatsAgentSchema>;

/**
 * `GET /inbox/stats` (VIEWER and up) — how service is going, in the tenant's time zone. First response
 * = from a ticket opening to the first answer by a person or the assistant (away messages, automations
 * and API keys do not count), over the tickets opened in the period; wall-clock time, not business hours.
 */
export const inboxStatsSchema = z.object({
  period: z.object({
    days: z.union([z.literal(7), z.literal(30)]),
    /** First and last (today) local dates, `YYYY-MM-DD`. */
    from: z.string(),
    to: z.string(),
    timezone: z.string(),
  }),
  now: z.object({
    /** Conversations with an OPEN or FOLLOW_UP ticket. */
    open: statCount,
    /** Of those, unassigned and not with the assistant: waiting for someone to take them. */
    waiting: statCount,
    /** Of those, with messages nobody has read. */
    unread: statCount,
    /** People who take conversations and are available now. */
    agentsAvailable: statCount,
  }),
  today: z.object({ opened: statCount, resolved: statCount, firstResponseMedian: statSeconds }),
  /** Every day of the period, oldest first, zeros included. */
  days: z.array(inboxStatsDaySchema),
  /** Tickets resolved in the period by outcome; `none` for those resolved without one. */
  outcomes: z.object({
    sale: statCount,
    'lost-price': statCount,
    'lost-timing': statCount,
    'no-response': statCount,
    other: statCount,
    none: statCount,
  }),
  firstResponse: z.object({
    median: statSeconds,
    p90: statSeconds,
    /** Tickets of the period that were answered. */
    answered: statCount,
    /** Median of the period just before, for the trend; null when nothing was answered then. */
    previousMedian: statSeconds,
  }),
  /** Per agent; only for MANAGER and up (absent for AGENT and VIEWER). */
  agents: z.array(inboxStatsAgentSchema).optional(),
});
export type InboxStats = z.infer<typeof inboxStatsSchema>;
