import type {
  Attribution,
  CanonicalEvent,
  ConnectionUpdate,
  ContactCard,
  DeliveryError,
  InboundMessageType,
  MessageReceived,
  MessageStatus,
  QualityScore,
  TemplateStatus,
} from '../canonical.ts';
import { templateStatuses } from '../canonical.ts';
import { metaErrorRule } from './cloud.errors.ts';
import {
  accountUpdateValueSchema,
  messagesValueSchema,
  phoneQualityValueSchema,
  templateQualityValueSchema,
  templateStatusValueSchema,
  type WebhookContactCard,
  type WebhookError,
  type WebhookMessage,
  type WebhookStatus,
  webhookEnvelopeSchema,
  webhookMessageSchema,
  webhookStatusSchema,
} from './cloud.schemas.ts';

/** Items the mapper skipped, so the adapter can log them without the mapper knowing a logger. */
export interface SkippedItem {
  field: string;
  reason: string;
}

/** Meta's webhook body → canonical events. Unknown or malformed parts are skipped, never thrown. */
export function mapCloudWebhook(body: unknown, skipped: SkippedItem[] = []): CanonicalEvent[] {
  const envelope = webhookEnvelopeSchema.safeParse(body);
  if (!envelope.success) {
    skipped.push({ field: '(envelope)', reason: 'not a WhatsApp Business Account webhook' });
    return [];
  }
  const events: CanonicalEvent[] = [];
  for (const entry of envelope.data.entry) {
    // Account-level changes carry the WABA id (entry.id) and the entry's time, not a phone number id.
    const entryTime = entry.time !== undefined ? fromSeconds(entry.time) : new Date();
    for (const change of entry.changes) {
      switch (change.field) {
        case 'messages':
          events.push(...mapMessagesValue(change.value, skipped));
          break;
        case 'message_template_status_update':
          pushParsed(
            events,
            skipped,
            change.field,
            templateStatusValueSchema.safeParse(change.value),
            (v) => ({
              kind: 'template.status',
              channelRef: entry.id,
              timestamp: entryTime,
              providerTemplateId: v.message_template_id,
              name: v.message_template_name,
              language: v.message_template_language,
              status: templateStatus(v.event),
              ...(v.reason && v.reason !== 'NONE' ? { reason: v.reason } : {}),
              ...(v.message_template_category ? { category: v.message_template_category } : {}),
            }),
          );
          break;
        case 'message_template_quality_update':
          pushParsed(
            events,
            skipped,
            change.field,
            templateQualityValueSchema.safeParse(change.value),
            (v) => ({
              kind: 'template.quality',
              channelRef: entry.id,
              timestamp: entryTime,
              providerTemplateId: v.message_template_id,
              name: v.message_template_name,
              language: v.message_template_language,
              score: qualityScore(v.new_quality_score),
              ...(v.previous_quality_score ? { previousScore: qualityScore(v.previous_quality_score) } : {}),
            }),
          );
          break;
        case 'phone_number_quality_update':
          pushParsed(events, skipped, change.field, phoneQualityValueSchema.safeParse(change.value), (v) => {
            const tier = messagingTier(v.max_daily_conversations_per_business ?? v.current_limit);
            const update: ConnectionUpdate = {
              kind: 'connection.update',
              channelRef: entry.id,
              timestamp: entryTime,
              change: qualityChange(v.event),
              detail: v.event,
            };
            if (tier !== null) update.messagingTier = tier;
            return update;
          });
          break;
        case 'account_update':
          pushParsed(events, skipped, change.field, accountUpdateValueSchema.safeParse(change.value), (v) => {
            const state = accountState(v.event);
            return {
              kind: 'connection.update',
              channelRef: entry.id,
              timestamp: entryTime,
              ...(state ? { state } : {}),
              detail: v.event,
            };
          });
          break;
        default:
          skipped.push({ field: change.field, reason: 'field not handled' });
      }
    }
  }
  return events;
}

function pushParsed<T>(
  events: CanonicalEvent[],
  skipped: SkippedItem[],
  field: string,
  parsed: { success: true; data: T } | { success: false },
  map: (value: T) => CanonicalEvent,
) {
  if (parsed.success) events.push(map(parsed.data));
  else skipped.push({ field, reason: 'malformed value' });
}

function mapMessagesValue(value: unknown, skipped: SkippedItem[]): CanonicalEvent[] {
  const parsed = messagesValueSchema.safeParse(value);
  if (!parsed.success) {
    skipped.push({ field: 'messages', reason: 'malformed value' });
    return [];
  }
  const { metadata, contacts = [], messages = [], statuses = [] } = parsed.data;
  const channelRef = metadata.phone_number_id;
  const events: CanonicalEvent[] = [];
  for (const raw of messages) {
    const message = webhookMessageSchema.safeParse(raw);
    if (!message.success) {
      skipped.push({ field: 'messages', reason: 'malformed message' });
      continue;
    }
    const m = message.data;
    // Meta pairs each message with the sender's contact entry; match by id, else take the only one.
    const contact =
      contacts.find((c) => (c.wa_id && c.wa_id === m.from) || (c.user_id && c.user_id === m.from_user_id)) ??
      (contacts.length === 1 ? contacts[0] : undefined);
    const sender = m.from ?? contact?.wa_id ?? m.from_user_id;
    if (!sender) {
      skipped.push({ field: 'messages', reason: 'message without sender' });
      continue;
    }
    events.push(mapMessage(channelRef, m, sender, contact?.profile?.name));
  }
  for (const raw of statuses) {
    const status = webhookStatusSchema.safeParse(raw);
    const mapped = status.success ? mapStatus(channelRef, status.data) : undefined;
    if (mapped) events.push(mapped);
    else skipped.push({ field: 'statuses', reason: 'malformed or unknown status' });
  }
  return events;
}

const mediaTypes = ['image', 'audio', 'video', 'document', 'sticker'] as const;

function mapMessage(
  channelRef: string,
  m: WebhookMessage,
  sender: string,
  profileName?: string,
): MessageReceived {
  const event: MessageReceived = {
    kind: 'message.received',
    channelRef,
    timestamp: fromSeconds(m.timestamp),
    providerMessageId: m.id,
    from: asE164(sender),
    type: 'unsupported',
    text: '',
    forwarded: Boolean(m.context?.forwarded || m.context?.frequently_forwarded),
  };
  if (m.from_user_id) event.fromUserId = m.from_user_id;
  if (profileName) event.profileName = profileName;
  // A reaction points at its target through `reaction.message_id`, not `context`.
  if (m.context?.id && m.type !== 'reaction') event.replyToProviderId = m.context.id;
  if (m.referral) event.attribution = attribution(m.referral);

  const type = m.type;
  if (type === 'text' && m.text) {
    event.type = 'text';
    event.text = m.text.body;
  } else if (isMediaType(type) && m[type]) {
    const media = m[type];
    event.type = type;
    event.text = media.caption ?? '';
    event.media = {
      mediaId: media.id,
      ...(media.mime_type ? { mimeType: media.mime_type } : {}),
      ...(media.sha256 ? { sha256: media.sha256 } : {}),
      ...(media.filename ? { filename: media.filename } : {}),
      ...(media.caption ? { caption: media.caption } : {}),
      ...(media.voice !== undefined ? { voice: media.voice } : {}),
      ...(media.animated !== undefined ? { animated: media.animated } : {}),
    };
    if (type === 'document' && !event.text && media.filename) event.text = media.filename;
  } else if (type === 'location' && m.location) {
    const l = m.location;
    event.type = 'location';
    event.location = {
      latitude: l.latitude,
      longitude: l.longitude,
      ...(l.name ? { name: l.name } : {}),
      ...(l.address ? { address: l.address } : {}),
      ...(l.url ? { url: l.url } : {}),
    };
    event.text = [l.name, l.address].filter(Boolean).join(', ') || `${l.latitude}, ${l.longitude}`;
  } else if (type === 'contacts' && m.contacts?.length) {
    event.type = 'contacts';
    event.contacts = m.contacts.map(contactCard);
    event.text = event.contacts.map((c) => c.name.formatted).join(', ');
  } else if (type === 'interactive' && m.interactive?.button_reply) {
    const r = m.interactive.button_reply;
    event.type = 'interactive';
    event.reply = { kind: 'button', id: r.id, title: r.title };
    event.text = r.title;
  } else if (type === 'interactive' && m.interactive?.list_reply) {
    const r = m.interactive.list_reply;
    event.type = 'interactive';
    event.reply = {
      kind: 'list',
      id: r.id,
      title: r.title,
      ...(r.description ? { description: r.description } : {}),
    };
    event.text = r.title;
  } else if (type === 'button' && m.button) {
    event.type = 'button';
    event.reply = { kind: 'quick-reply', id: m.button.payload ?? m.button.text, title: m.button.text };
    event.text = m.button.text;
  } else if (type === 'reaction' && m.reaction) {
    event.type = 'reaction';
    event.reaction = { targetProviderId: m.reaction.message_id, emoji: m.reaction.emoji ?? '' };
    event.text = m.reaction.emoji ?? '';
  }
  // Anything else (unsupported, order, system, flows…) stays `unsupported` with no text.
  return event;
}

function isMediaType(type: string): type is (typeof mediaTypes)[number] & InboundMessageType {
  return (mediaTypes as readonly string[]).includes(type);
}

function contactCard(c: WebhookContactCard): ContactCard {
  const formatted =
    c.name?.formatted_name || [c.name?.first_name, c.name?.last_name].filter(Boolean).join(' ') || '?';
  const card: ContactCard = { name: { formatted } };
  if (c.name?.first_name) card.name.first = c.name.first_name;
  if (c.name?.last_name) card.name.last = c.name.last_name;
  const phones = (c.phones ?? []).flatMap((p) =>
    p.phone || p.wa_id
      ? [
          {
            phone: p.phone ?? p.wa_id ?? '',
            ...(p.type ? { type: p.type } : {}),
            ...(p.wa_id ? { waId: p.wa_id } : {}),
          },
        ]
      : [],
  );
  if (phones.length) card.phones = phones;
  const emails = (c.emails ?? []).flatMap((e) =>
    e.email ? [{ email: e.email, ...(e.type ? { type: e.type } : {}) }] : [],
  );
  if (emails.length) card.emails = emails;
  if (c.org && (c.org.company || c.org.department || c.org.title)) {
    card.organization = {
      ...(c.org.company ? { company: c.org.company } : {}),
      ...(c.org.department ? { department: c.org.department } : {}),
      ...(c.org.title ? { title: c.org.title } : {}),
    };
  }
  const urls = (c.urls ?? []).flatMap((u) =>
    u.url ? [{ url: u.url, ...(u.type ? { type: u.type } : {}) }] : [],
  );
  if (urls.length) card.urls = urls;
  if (c.birthday && /^\d{4}-\d{2}-\d{2}$/.test(c.birthday)) card.birthday = c.birthday;
  return card;
}

function attribution(r: NonNullable<WebhookMessage['referral']>): Attribution {
  const source = r.source_type === 'ad' || r.ctwa_clid ? 'ctwa' : r.source_type === 'post' ? 'post' : 'other';
  const mediaType = r.media_type === 'image' || r.media_type === 'video' ? r.media_type : undefined;
  const mediaUrl = r.image_url ?? r.video_url;
  return {
    source,
    ...(source === 'ctwa' && r.source_id ? { adId: r.source_id } : {}),
    ...(r.ctwa_clid ? { ctwaClid: r.ctwa_clid } : {}),
    ...(r.headline ? { headline: r.headline } : {}),
    ...(r.body ? { body: r.body } : {}),
    ...(mediaType ? { mediaType } : {}),
    ...(mediaUrl ? { mediaUrl } : {}),
    ...(r.source_url ? { sourceUrl: r.source_url } : {}),
  };
}

// Voice notes report "played"; for our status machine that is "read".
const statusNames: Record<string, MessageStatus['status']> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  played: 'read',
  failed: 'failed',
};

function mapStatus(channelRef: string, s: WebhookStatus): MessageStatus | undefined {
  const status = statusNames[s.status];
  if (!status) return undefined;
  const event: MessageStatus = {
    kind: 'message.status',
    channelRef,
    timestamp: fromSeconds(s.timestamp),
    providerMessageId: s.id,
    status,
    errors: (s.errors ?? []).map(deliveryError),
  };
  if (s.recipient_id) event.recipientId = asE164(s.recipient_id);
  if (s.conversation) {
    event.conversation = {
      id: s.conversation.id,
      ...(s.conversation.origin?.type ? { category: s.conversation.origin.type } : {}),
      ...(s.conversation.expiration_timestamp !== undefined
        ? { expiresAt: fromSeconds(s.conversation.expiration_timestamp) }
        : {}),
    };
  }
  if (s.pricing) {
    const p = s.pricing;
    event.pricing = {
      ...(p.billable !== undefined ? { billable: p.billable } : {}),
      ...(p.category ? { category: p.category } : {}),
      ...(p.pricing_model ? { model: p.pricing_model } : {}),
      ...(p.type ? { type: p.type } : {}),
    };
  }
  return event;
}

/** A `failed` status's error in our words; same table as the synchronous answer. */
export function deliveryError(e: WebhookError): DeliveryError {
  const found = metaErrorRule(e.code);
  const detail = e.error_data?.details ?? e.message;
  return {
    code: found.code,
    providerCode: String(e.code),
    retryable: found.retryable,
    reasonKey: found.reasonKey,
    ...(e.title ? { title: e.title } : {}),
    ...(detail ? { detail } : {}),
  };
}

/** Meta's template status or event name → ours; names we do not know become UNKNOWN. */
export function templateStatus(event: string): TemplateStatus {
  const upper = event.toUpperCase();
  return (templateStatuses as readonly string[]).includes(upper) ? (upper as TemplateStatus) : 'UNKNOWN';
}

const qualityNames: Record<string, QualityScore> = { GREEN: 'high', YELLOW: 'medium', RED: 'low' };

export function qualityScore(value: string | undefined): QualityScore {
  return (value && qualityNames[value.toUpperCase()]) || 'unknown';
}

/** `TIER_1K` / `1000` / `TIER_UNLIMITED` → 1000 / 1000 / 'unlimited'; null when not set. */
export function messagingTier(value: string | number | undefined): number | 'unlimited' | null {
  if (value === undefined) return null;
  if (typeof value === 'number') return value > 0 ? value : null;
  const v = value.toUpperCase().replace(/^TIER_/, '');
  if (v === 'UNLIMITED') return 'unlimited';
  const m = /^(\d+)(K)?$/.exec(v);
  if (!m) return null;
  const n = Number(m[1]) * (m[2] ? 1000 : 1);
  return n > 0 ? n : null;
}

function qualityChange(event: string): ConnectionUpdate['change'] {
  const e = event.toUpperCase();
  if (e === 'FLAGGED') return 'flagged';
  if (e === 'UNFLAGGED') return 'unflagged';
  if (e.endsWith('UPGRADE')) return 'upgrade';
  if (e.endsWith('DOWNGRADE')) return 'downgrade';
  return 'other';
}

function accountState(event: string): ConnectionUpdate['state'] {
  switch (event.toUpperCase()) {
    case 'ACCOUNT_RESTRICTION':
    case 'ACCOUNT_VIOLATION':
      return 'restricted';
    case 'DISABLED_UPDATE':
    case 'ACCOUNT_DELETED':
      return 'banned';
    case 'PARTNER_REMOVED':
    case 'ACCOUNT_OFFBOARDED':
      return 'disconnected';
    case 'VERIFIED_ACCOUNT':
    case 'ACCOUNT_RECONNECTED':
      return 'connected';
    default:
      return undefined;
  }
}

const fromSeconds = (s: number) => new Date(s * 1000);

/** Meta ids for phone users are international digits without "+": give the rest E.164. */
export const asE164 = (id: string) => (/^\d{6,15}$/.test(id) ? `+${id}` : id);
