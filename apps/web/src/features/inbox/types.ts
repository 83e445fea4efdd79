/**
 * Shapes of the inbox routes as this screen reads them (API.md "Inbox", "Shapes that clients read").
 * Every field the contract does not promise is optional: an older or newer server must not break the screen.
 */
import type { MessageStatus, SenderType } from '@/features/channels/types';

export type { MessageStatus, SenderType };

export type Attribution = {
  source: string;
  campaign?: string | null;
  medium?: string | null;
  adId?: string | null;
  ctwaClid?: string | null;
  headline?: string | null;
};

export const ticketStatuses = ['OPEN', 'FOLLOW_UP', 'RESOLVED'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
export const ticketOutcomes = ['sale', 'lost-price', 'lost-timing', 'no-response', 'other'] as const;
export type TicketOutcome = (typeof ticketOutcomes)[number];
export const queues = ['ai', 'human', 'pending'] as const;
export type Queue = (typeof queues)[number];

export type Assignee = { id: string; name: string | null; email?: string | null };

export type Ticket = {
  id: string;
  status: TicketStatus | string;
  outcome?: TicketOutcome | string | null;
  attribution?: Attribution | null;
  queue?: Queue | string | null;
  departmentId?: string | null;
  department?: { id: string; name: string } | null;
  assignee?: Assignee | null;
  assigneeId?: string | null;
  openedAt?: string | null;
  resolvedAt?: string | null;
  createdAt?: string | null;
};

export type MessageMedia = {
  url?: string;
  mediaId?: string;
  mime?: string;
  filename?: string;
  sha256?: string;
  /** Set by the server once the inbound file is stored. */
  ready?: boolean;
  size?: number;
} | null;

export type ContactCard = {
  name: { formatted: string; first?: string; last?: string };
  phones?: { phone: string; type?: string; waId?: string }[];
  emails?: { email: string; type?: string }[];
  organization?: { company?: string; title?: string };
};

/** `payload` carries what `text` cannot (location, cards, buttons…); the server may leave it out. */
export type MessagePayload = {
  caption?: string;
  location?: { latitude: number; longitude: number; name?: string; address?: string; url?: string };
  contacts?: ContactCard[];
  interactive?: {
    kind: 'buttons' | 'list';
    header?: string;
    body: string;
    footer?: string;
    buttons?: { id: string; title: string }[];
    buttonLabel?: string;
    sections?: { title?: string; rows: { id: string; title: string; description?: string }[] }[];
  };
  /** An inbound button or list answer. */
  reply?: { id?: string; title?: string; description?: string };
  button?: { text?: string; payload?: string };
  reaction?: { emoji: string; targetProviderId?: string };
  template?: {
    id?: string;
    name?: string;
    language?: string;
    rendered?: {
      header?: string;
      text: string;
      footer?: string;
      buttons?: { type: string; text: string; url?: string; phone_number?: string }[];
    };
  };
  referral?: { headline?: string; body?: string; source_url?: string; sourceUrl?: string };
  forwarded?: boolean;
  voice?: boolean;
};

export type Message = {
  id: string;
  conversationId: string;
  direction: 'inbound' | 'outbound';
  senderType: SenderType;
  senderName?: string | null;
  /** The person who sent an outbound message from the inbox; null for the customer, AI, bots, API keys. */
  sender?: { id: string; name: string } | null;
  type: string;
  text: string | null;
  media?: MessageMedia;
  payload?: MessagePayload | null;
  status: MessageStatus;
  error: { code: string; reason: string } | null;
  providerMessageId: string | null;
  replyTo?: string | null;
  createdAt: string;
  /** Local only: an optimistic message not yet accepted by the API. */
  local?: { key: string; body: SendBody; state: 'sending' | 'failed'; errorText?: string };
};

export type ConversationContact = { id: string; name: string | null; phone: string };

export type Conversation = {
  id: string;
  channelId: string;
  contact: ConversationContact;
  status?: TicketStatus | string | null;
  queue?: Queue | string | null;
  assignee?: Assignee | null;
  department?: { id: string; name: string } | null;
  unreadCount: number;
  lastMessage: Message | null;
  lastMessageAt?: string | null;
  windowExpiresAt: string | null;
  ticket: Ticket | null;
  tags?: string[];
  updatedAt?: string;
};

export type Note = {
  id: string;
  text: string;
  author?: { id: string; name: string | null } | null;
  authorId?: string | null;
  createdAt: string;
};

export type ConversationDetail = Conversation & {
  tickets?: Ticket[];
  notes?: Note[];
};

export type Department = {
  id: string;
  name: string;
  members?: ({ id: string; name?: string | null } | string)[];
  quickReplies?: { shortcut: string; text: string }[];
};

/** A view (`me`, `unassigned`, `all`) or one agent's user id (the per-agent view, MANAGER+). */
export type AssigneeFilter = 'all' | 'me' | 'unassigned' | (string & {});
export const assigneeViews = ['me', 'unassigned', 'all'] as const;
/** Whether the filter is one agent's user id rather than one of the views. */
export const isAgentFilter = (assignee: AssigneeFilter) =>
  !(assigneeViews as readonly string[]).includes(assignee);
export const statusFilters = ['active', 'OPEN', 'FOLLOW_UP', 'RESOLVED', 'all'] as const;
export type InboxFilters = {
  status: (typeof statusFilters)[number];
  queue: Queue | 'all';
  assignee: AssigneeFilter;
  channelId: string | 'all';
  departmentId: string | 'all';
  tag: string;
  q: string;
};
export const defaultFilters: InboxFilters = {
  status: 'active',
  queue: 'all',
  assignee: 'all',
  channelId: 'all',
  departmentId: 'all',
  tag: '',
  q: '',
};

/** What the composer posts (packages/shared/src/channels.ts `sendMessageSchema`). */
export type SendBody =
  | { type: 'text'; text: string; replyToId?: string }
  | {
      type: 'image' | 'video' | 'document';
      link?: string;
      mediaId?: string;
      caption?: string;
      filename?: string;
      replyToId?: string;
    }
  | { type: 'audio' | 'sticker'; link?: string; mediaId?: string; replyToId?: string }
  | { type: 'location'; latitude: number; longitude: number; name?: string; address?: string }
  | { type: 'reaction'; messageId: string; emoji: string }
  | {
      type: 'template';
      templateId: string;
      variables?: Record<string, string>;
      header?: string | { link: string };
      buttons?: { index: number; value: string }[];
      replyToId?: string;
    };
