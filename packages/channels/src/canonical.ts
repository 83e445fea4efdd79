import { z } from 'zod';
import { providerErrorCodes } from './provider-error.ts';

/*
 * The one vocabulary the rest of Conversa speaks about WhatsApp messages (ARCHITECTURE §3, §4).
 * Every adapter translates its provider to and from these shapes; nothing outside an adapter folder
 * sees a provider's field names. Limits below are WhatsApp's own (they hold for every provider).
 */

// ---------------------------------------------------------------- outbound

// "+" and digits (separators allowed), a provider's digit-only id, or a provider's user id with letters;
// a national number such as "(11) 98765-4321" is refused: its country would be a guess.
const recipientPattern = /^(\+[\d\s().-]{7,24}|\d{6,15}|[A-Za-z][\w.:-]{2,127})$/;

const recipient = {
  /** E.164 (`+5511987654321`) or the id the provider gave the contact (wa_id: digits, no "+"). */
  to: z.string().trim().regex(recipientPattern, 'to must be E.164 (+55…) or a provider id'),
  /** The provider id of the message this one answers (shown quoted on the phone). */
  replyToProviderId: z.string().min(1).optional(),
};

const httpUrl = z.url({ protocol: /^https?$/ });
const oneSource = (m: { link?: string | undefined; mediaId?: string | undefined }) =>
  (m.link === undefined) !== (m.mediaId === undefined);
const oneSourceMessage = { message: 'give exactly one of link or mediaId', path: ['link'] };
const mediaSource = { link: httpUrl.optional(), mediaId: z.string().min(1).optional() };
const caption = z.string().min(1).max(1024).optional();

export const outboundTextSchema = z.object({
  ...recipient,
  type: z.literal('text'),
  body: z.string().min(1).max(4096),
  /** Let WhatsApp render a preview of the first link in the body. */
  previewUrl: z.boolean().optional(),
});

export const outboundImageSchema = z
  .object({ ...recipient, type: z.literal('image'), ...mediaSource, caption })
  .refine(oneSource, oneSourceMessage);
export const outboundVideoSchema = z
  .object({ ...recipient, type: z.literal('video'), ...mediaSource, caption })
  .refine(oneSource, oneSourceMessage);
export const outboundDocumentSchema = z
  .object({
    ...recipient,
    type: z.literal('document'),
    ...mediaSource,
    caption,
    filename: z.string().min(1).max(240).optional(),
  })
  .refine(oneSource, oneSourceMessage);
// WhatsApp shows no caption under audio or stickers.
export const outboundAudioSchema = z
  .object({ ...recipient, type: z.literal('audio'), ...mediaSource })
  .refine(oneSource, oneSourceMessage);
export const outboundStickerSchema = z
  .object({ ...recipient, type: z.literal('sticker'), ...mediaSource })
  .refine(oneSource, oneSourceMessage);

export const outboundLocationSchema = z.object({
  ...recipient,
  type: z.literal('location'),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  name: z.string().min(1).max(1000).optional(),
  address: z.string().min(1).max(1000).optional(),
});

/** A shared contact card, the same going out and coming in. */
export const contactCardSchema = z.object({
  name: z.object({
    formatted: z.string().min(1),
    first: z.string().optional(),
    last: z.string().optional(),
  }),
  phones: z
    .array(z.object({ phone: z.string().min(1), type: z.string().optional(), waId: z.string().optional() }))
    .optional(),
  emails: z.array(z.object({ email: z.string().min(1), type: z.string().optional() })).optional(),
  organization: z
    .object({
      company: z.string().optional(),
      department: z.string().optional(),
      title: z.string().optional(),
    })
    .optional(),
  urls: z.array(z.object({ url: z.string().min(1), type: z.string().optional() })).optional(),
  birthday: z.iso.date().optional(),
});
export type ContactCard = z.infer<typeof contactCardSchema>;

export const outboundContactsSchema = z.object({
  ...recipient,
  type: z.literal('contacts'),
  contacts: z.array(contactCardSchema).min(1),
});

const interactiveText = {
  body: z.string().min(1).max(1024),
  header: z.string().min(1).max(60).optional(),
  footer: z.string().min(1).max(60).optional(),
};
const distinctIds = (ids: string[]) => new Set(ids).size === ids.length;

export const outboundButtonsSchema = z
  .object({
    ...recipient,
    type: z.literal('buttons'),
    ...interactiveText,
    buttons: z
      .array(z.object({ id: z.string().min(1).max(256), title: z.string().min(1).max(20) }))
      .min(1)
      .max(3),
  })
  .refine((m) => distinctIds(m.buttons.map((b) => b.id)), {
    message: 'button ids must differ',
    path: ['buttons'],
  });

export const outboundListSchema = z
  .object({
    ...recipient,
    type: z.literal('list'),
    ...interactiveText,
    /** The label of the button that opens the list. */
    buttonLabel: z.string().min(1).max(20),
    sections: z
      .array(
        z.object({
          title: z.string().min(1).max(24).optional(),
          rows: z
            .array(
              z.object({
                id: z.string().min(1).max(200),
                title: z.string().min(1).max(24),
                description: z.string().min(1).max(72).optional(),
              }),
            )
            .min(1),
        }),
      )
      .min(1)
      .max(10),
  })
  .refine((m) => m.sections.flatMap((s) => s.rows).length <= 10, {
    message: 'a list holds at most 10 rows',
    path: ['sections'],
  })
  .refine((m) => distinctIds(m.sections.flatMap((s) => s.rows.map((r) => r.id))), {
    message: 'row ids must differ',
    path: ['sections'],
  })
  .refine((m) => m.sections.length === 1 || m.sections.every((s) => s.title), {
    message: 'every section needs a title when there are several',
    path: ['sections'],
  });

export const outboundReactionSchema = z.object({
  ...recipient,
  type: z.literal('reaction'),
  /** The message reacted to. */
  providerMessageId: z.string().min(1),
  /** One emoji; the empty string removes an earlier reaction. */
  emoji: z.string().max(16),
});

export const templateButtonParamSchema = z.object({
  /** Position of the button in the template, from 0. */
  index: z.number().int().min(0).max(9),
  subType: z.enum(['url', 'quick_reply', 'copy_code']),
  /** URL suffix, quick-reply payload or the code to copy. */
  value: z.string().min(1).max(2000),
});

export const outboundTemplateSchema = z.object({
  ...recipient,
  type: z.literal('template'),
  name: z.string().min(1).max(512),
  /** Template language and locale as it was approved (`pt_BR`, `en_US`). */
  language: z.string().min(2).max(15),
  header: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('text'), text: z.string().min(1).max(60) }),
      z.object({ type: z.literal('image'), link: httpUrl }),
      z.object({ type: z.literal('video'), link: httpUrl }),
      z.object({ type: z.literal('document'), link: httpUrl, filename: z.string().min(1).optional() }),
    ])
    .optional(),
  /** `["Maria", "#123"]` fills {{1}}, {{2}}; `{ customer_name: "Maria" }` fills named parameters. */
  body: z
    .union([z.array(z.string().min(1)), z.record(z.string().regex(/^[a-z0-9_]+$/), z.string().min(1))])
    .optional(),
  buttons: z.array(templateButtonParamSchema).max(10).optional(),
});

export const outboundMessageSchema = z.discriminatedUnion('type', [
  outboundTextSchema,
  outboundImageSchema,
  outboundAudioSchema,
  outboundVideoSchema,
  outboundDocumentSchema,
  outboundStickerSchema,
  outboundLocationSchema,
  outboundContactsSchema,
  outboundButtonsSchema,
  outboundListSchema,
  outboundReactionSchema,
  outboundTemplateSchema,
]);
export type OutboundMessage = z.infer<typeof outboundMessageSchema>;
export type OutboundMessageType = OutboundMessage['type'];

// ---------------------------------------------------------------- inbound events

/** Each event names the provider-side sender it came through so the ingest can check it is this channel's. */
const eventBase = { channelRef: z.string().min(1), timestamp: z.coerce.date() };

export const inboundMessageTypes = [
  'text',
  'image',
  'audio',
  'video',
  'document',
  'sticker',
  'location',
  'contacts',
  'interactive',
  'button',
  'reaction',
  'unsupported',
] as const;
export type InboundMessageType = (typeof inboundMessageTypes)[number];

/** Where a conversation came from (API.md "Attribution"); `ctwa` is a click-to-WhatsApp ad. */
export const attributionSchema = z.object({
  source: z.enum(['ctwa', 'post', 'other']),
  adId: z.string().optional(),
  ctwaClid: z.string().optional(),
  headline: z.string().optional(),
  body: z.string().optional(),
  mediaType: z.enum(['image', 'video']).optional(),
  mediaUrl: z.string().optional(),
  sourceUrl: z.string().optional(),
});
export type Attribution = z.infer<typeof attributionSchema>;

export const inboundMediaSchema = z.object({
  mediaId: z.string().min(1),
  mimeType: z.string().optional(),
  sha256: z.string().optional(),
  filename: z.string().optional(),
  caption: z.string().optional(),
  /** Audio recorded as a voice note. */
  voice: z.boolean().optional(),
  /** Animated sticker. */
  animated: z.boolean().optional(),
});

export const messageReceivedSchema = z.object({
  kind: z.literal('message.received'),
  ...eventBase,
  providerMessageId: z.string().min(1),
  /** The sender as the provider identifies it: E.164 form of its phone id (may lack the Brazilian ninth digit). */
  from: z.string().min(1),
  /** A provider's phone-less user id, when it sends one. */
  fromUserId: z.string().optional(),
  profileName: z.string().optional(),
  type: z.enum(inboundMessageTypes),
  /** Readable text of any type: body, caption, chosen button or row, place, contact names, emoji. */
  text: z.string(),
  media: inboundMediaSchema.optional(),
  location: z
    .object({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().optional(),
      address: z.string().optional(),
      url: z.string().optional(),
    })
    .optional(),
  contacts: z.array(contactCardSchema).optional(),
  /** The button or row the customer chose; `quick-reply` is a template button (id = its payload). */
  reply: z
    .object({
      kind: z.enum(['button', 'list', 'quick-reply']),
      id: z.string(),
      title: z.string(),
      description: z.string().optional(),
    })
    .optional(),
  /** Reaction target; an empty emoji means the customer removed the reaction. */
  reaction: z.object({ targetProviderId: z.string().min(1), emoji: z.string() }).optional(),
  replyToProviderId: z.string().optional(),
  forwarded: z.boolean(),
  attribution: attributionSchema.optional(),
});
export type MessageReceived = z.infer<typeof messageReceivedSchema>;

export const deliveryErrorSchema = z.object({
  code: z.enum(providerErrorCodes),
  providerCode: z.string().optional(),
  retryable: z.boolean(),
  reasonKey: z.string(),
  title: z.string().optional(),
  detail: z.string().optional(),
});
export type DeliveryError = z.infer<typeof deliveryErrorSchema>;

export const messageStatusSchema = z.object({
  kind: z.literal('message.status'),
  ...eventBase,
  providerMessageId: z.string().min(1),
  /** Statuses arrive late, twice or out of order; apply them monotonically (ARCHITECTURE §8). */
  status: z.enum(['sent', 'delivered', 'read', 'failed']),
  /** E.164 form of the recipient id the provider resolved. */
  recipientId: z.string().optional(),
  errors: z.array(deliveryErrorSchema),
  conversation: z
    .object({ id: z.string(), category: z.string().optional(), expiresAt: z.coerce.date().optional() })
    .optional(),
  pricing: z
    .object({
      billable: z.boolean().optional(),
      category: z.string().optional(),
      model: z.string().optional(),
      /** `regular` is charged; `free_customer_service` / `free_entry_point` are not. */
      type: z.string().optional(),
    })
    .optional(),
});
export type MessageStatus = z.infer<typeof messageStatusSchema>;

export const templateStatuses = [
  'PENDING',
  'APPROVED',
  'REJECTED',
  'PAUSED',
  'DISABLED',
  'IN_APPEAL',
  'PENDING_DELETION',
  'DELETED',
  'FLAGGED',
  'REINSTATED',
  'ARCHIVED',
  'UNARCHIVED',
  'LIMIT_EXCEEDED',
  'LOCKED',
  'UNLOCKED',
  'UNKNOWN',
] as const;
export type TemplateStatus = (typeof templateStatuses)[number];

export const templateStatusEventSchema = z.object({
  kind: z.literal('template.status'),
  ...eventBase,
  providerTemplateId: z.string().min(1),
  name: z.string(),
  language: z.string(),
  status: z.enum(templateStatuses),
  /** Why it was rejected, paused or disabled (provider wording, e.g. `INCORRECT_CATEGORY`). */
  reason: z.string().optional(),
  category: z.string().optional(),
});
export type TemplateStatusEvent = z.infer<typeof templateStatusEventSchema>;

export const qualityScores = ['high', 'medium', 'low', 'unknown'] as const;
export type QualityScore = (typeof qualityScores)[number];

export const templateQualityEventSchema = z.object({
  kind: z.literal('template.quality'),
  ...eventBase,
  providerTemplateId: z.string().min(1),
  name: z.string(),
  language: z.string(),
  score: z.enum(qualityScores),
  previousScore: z.enum(qualityScores).optional(),
});
export type TemplateQualityEvent = z.infer<typeof templateQualityEventSchema>;

export const connectionUpdateSchema = z.object({
  kind: z.literal('connection.update'),
  ...eventBase,
  /** QR providers report their session; official numbers report restrictions and bans. */
  state: z.enum(['connected', 'connecting', 'qr', 'disconnected', 'restricted', 'banned']).optional(),
  /** Payload of the QR code to scan, while `state` is `qr`. */
  qr: z.string().optional(),
  /** Direction of a quality or limit change of an official number. */
  change: z.enum(['flagged', 'unflagged', 'upgrade', 'downgrade', 'other']).optional(),
  /** Unique customers per day the number may start conversations with; `unlimited` when unbounded. */
  messagingTier: z.union([z.number().int().positive(), z.literal('unlimited')]).optional(),
  /** The provider's event name, for the log and the admin screen. */
  detail: z.string().optional(),
});
export type ConnectionUpdate = z.infer<typeof connectionUpdateSchema>;

export const canonicalEventSchema = z.discriminatedUnion('kind', [
  messageReceivedSchema,
  messageStatusSchema,
  templateStatusEventSchema,
  templateQualityEventSchema,
  connectionUpdateSchema,
]);
export type CanonicalEvent = z.infer<typeof canonicalEventSchema>;
