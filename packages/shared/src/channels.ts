import { z } from 'zod';

/** Cloud API credentials as an admin types them (API.md "Channels"); the adapter validates the same shape. */
export const cloudCredentialsSchema = z.object({
  wabaId: z.string().trim().regex(/^\d+$/, 'digits only'),
  phoneNumberId: z.string().trim().regex(/^\d+$/, 'digits only'),
  accessToken: z.string().trim().min(10),
  appSecret: z.string().trim().min(8),
  appId: z.string().trim().regex(/^\d+$/, 'digits only').optional(),
  graphApiBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
  graphApiVersion: z
    .string()
    .regex(/^v\d+\.\d+$/)
    .optional(),
});
export type CloudCredentials = z.infer<typeof cloudCredentialsSchema>;

export const createChannelSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('cloud'),
    name: z.string().trim().min(1).max(80),
    credentials: cloudCredentialsSchema,
  }),
  z.object({ kind: z.literal('sandbox'), name: z.string().trim().min(1).max(80) }),
]);
export type CreateChannelInput = z.infer<typeof createChannelSchema>;

export const updateChannelSchema = z
  .object({
    name: z.string().trim().min(1).max(80).optional(),
    credentials: cloudCredentialsSchema.optional(),
    /**
     * Messages per second this number may send; null → the server default (SEND_RATE_PER_CHANNEL).
     * Meta's Cloud API allows 80/s by default and up to 1,000/s on upgraded numbers.
     */
    sendRatePerSecond: z.number().int().min(1).max(1000).nullable().optional(),
  })
  .refine((v) => v.name !== undefined || v.credentials !== undefined || v.sendRatePerSecond !== undefined, {
    message: 'Nothing to change',
  });
export type UpdateChannelInput = z.infer<typeof updateChannelSchema>;

/**
 * Sandbox: replies to this customer fail as "not on WhatsApp", so a team can see (and practise on) a failed
 * send — the reason under the bubble, sending again.
 */
export const SANDBOX_UNDELIVERABLE_PHONE = '+5511900000404';

export const simulateSchema = z.object({
  from: z.string().trim().min(8).max(32),
  name: z.string().trim().max(80).optional(),
  text: z.string().trim().min(1).max(4096),
});

// ---------------------------------------------------------------- sending (API.md "Inbox")
// Limits are WhatsApp's own (developers.facebook.com/documentation/business-messaging/whatsapp/messages/);
// they match packages/channels/src/canonical.ts, which this package cannot import.

const httpUrl = z.url({ protocol: /^https?$/ });
/** Our id of a message in this conversation that the new one quotes (sent as WhatsApp's `context`). */
const replyTo = { replyToId: z.uuid().optional() };
const caption = z.string().trim().min(1).max(1024).optional();
const mediaSource = {
  /** A public http(s) URL WhatsApp downloads the file from. */
  link: httpUrl.optional(),
  /** The provider's id of a file uploaded to it earlier. */
  mediaId: z.string().trim().min(1).max(256).optional(),
};
const oneSource = (m: { link?: string | undefined; mediaId?: string | undefined }) =>
  (m.link === undefined) !== (m.mediaId === undefined);
const oneSourceProblem = { message: 'Give exactly one of link or mediaId', path: ['link'] };
const distinct = (ids: string[]) => new Set(ids).size === ids.length;

const sendText = z.object({
  type: z.literal('text'),
  text: z.string().trim().min(1).max(4096),
  /** Let WhatsApp show a preview of the first link in the text. */
  previewUrl: z.boolean().optional(),
  ...replyTo,
});
const sendImage = z
  .object({ type: z.literal('image'), ...mediaSource, caption, ...replyTo })
  .refine(oneSource, oneSourceProblem);
const sendVideo = z
  .object({ type: z.literal('video'), ...mediaSource, caption, ...replyTo })
  .refine(oneSource, oneSourceProblem);
const sendDocument = z
  .object({
    type: z.literal('document'),
    ...mediaSource,
    caption,
    filename: z.string().trim().min(1).max(240).optional(),
    ...replyTo,
  })
  .refine(oneSource, oneSourceProblem);
// WhatsApp refuses a caption under audio or stickers; say so instead of dropping it silently.
const noCaption = z.never({ error: 'Audio and stickers take no caption' }).optional();
const sendAudio = z
  .object({ type: z.literal('audio'), ...mediaSource, caption: noCaption, ...replyTo })
  .refine(oneSource, oneSourceProblem);
const sendSticker = z
  .object({ type: z.literal('sticker'), ...mediaSource, caption: noCaption, ...replyTo })
  .refine(oneSource, oneSourceProblem);

const sendLocation = z.object({
  type: z.literal('location'),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  name: z.string().trim().min(1).max(1000).optional(),
  address: z.string().trim().min(1).max(1000).optional(),
  ...replyTo,
});

/** A shared contact card (the same shape the inbox shows for received ones). */
export const contactCardInputSchema = z.object({
  name: z.object({
    formatted: z.string().trim().min(1).max(500),
    first: z.string().trim().min(1).max(200).optional(),
    last: z.string().trim().min(1).max(200).optional(),
  }),
  phones: z
    .array(
      z.object({
        phone: z.string().trim().min(1).max(40),
        type: z.string().trim().max(20).optional(),
        waId: z
          .string()
          .trim()
          .regex(/^\d{6,15}$/)
          .optional(),
      }),
    )
    .max(20)
    .optional(),
  emails: z
    .array(z.object({ email: z.email(), type: z.string().trim().max(20).optional() }))
    .max(20)
    .optional(),
  organization: z
    .object({
      company: z.string().trim().max(200).optional(),
      department: z.string().trim().max(200).optional(),
      title: z.string().trim().max(200).optional(),
    })
    .optional(),
  urls: z
    .array(z.object({ url: httpUrl, type: z.string().trim().max(20).optional() }))
    .max(20)
    .optional(),
  birthday: z.iso.date().optional(),
});
const sendContacts = z.object({
  type: z.literal('contacts'),
  contacts: z.array(contactCardInputSchema).min(1).max(20),
  ...replyTo,
});

const interactiveText = {
  body: z.string().trim().min(1).max(1024),
  header: z.string().trim().min(1).max(60).optional(),
  footer: z.string().trim().min(1).max(60).optional(),
};
/** Interactive reply buttons: 1 to 3, each with an id the answer carries back and a title of up to 20 characters. */
const sendButtons = z
  .object({
    type: z.literal('buttons'),
    ...interactiveText,
    buttons: z
      .array(z.object({ id: z.string().trim().min(1).max(256), title: z.string().trim().min(1).max(20) }))
      .min(1)
      .max(3),
    ...replyTo,
  })
  .refine((m) => distinct(m.buttons.map((b) => b.id)), {
    message: 'Button ids must differ',
    path: ['buttons'],
  });
/** Interactive list: up to 10 sections with at most 10 rows in all; several sections each need a title. */
const sendList = z
  .object({
    type: z.literal('list'),
    ...interactiveText,
    /** Label of the button that opens the list. */
    buttonLabel: z.string().trim().min(1).max(20),
    sections: z
      .array(
        z.object({
          title: z.string().trim().min(1).max(24).optional(),
          rows: z
            .array(
              z.object({
                id: z.string().trim().min(1).max(200),
                title: z.string().trim().min(1).max(24),
                description: z.string().trim().min(1).max(72).optional(),
              }),
            )
            .min(1)
            .max(10),
        }),
      )
      .min(1)
      .max(10),
    ...replyTo,
  })
  .refine((m) => m.sections.flatMap((s) => s.rows).length <= 10, {
    message: 'A list holds at most 10 rows in all',
    path: ['sections'],
  })
  .refine((m) => distinct(m.sections.flatMap((s) => s.rows.map((r) => r.id))), {
    message: 'Row ids must differ',
    path: ['sections'],
  })
  .refine((m) => m.sections.length === 1 || m.sections.every((s) => s.title), {
    message: 'Every section needs a title when there are several',
    path: ['sections'],
  });

/** One emoji on one of our messages; the empty string removes an earlier reaction. */
const sendReaction = z.object({
  type: z.literal('reaction'),
  /** Our id of the message reacted to. */
  messageId: z.uuid(),
  emoji: z
    .string()
    .trim()
    .max(16)
    .refine((e) => e === '' || /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(e), 'Give one emoji'),
});

/** API.md "Template parameters": `variables` fill the body; `header` and `buttons` beside them. */
const sendTemplate = z.object({
  type: z.literal('template'),
  templateId: z.uuid(),
  /** `{ "1": "Maria" }` (or `["Maria"]`) for {{1}}; `{ "customer_name": "Maria" }` for named parameters. */
  variables: z
    .union([
      z.array(z.string().trim().min(1).max(1024)).max(100),
      z.record(z.string().regex(/^[a-z0-9_]{1,64}$/), z.string().trim().min(1).max(1024)),
    ])
    .optional(),
  /** The text header's parameter, or the media of an image/video/document header. */
  header: z
    .union([
      z.string().trim().min(1).max(60),
      z.object({ link: httpUrl, filename: z.string().trim().min(1).max(240).optional() }),
    ])
    .optional(),
  /** Dynamic URL suffixes, copy codes and quick-reply payloads, by the button's position from 0. */
  buttons: z
    .array(z.object({ index: z.number().int().min(0).max(9), value: z.string().trim().min(1).max(2000) }))
    .max(10)
    .optional(),
  ...replyTo,
});

export const sendMessageSchema = z.discriminatedUnion('type', [
  sendText,
  sendImage,
  sendAudio,
  sendVideo,
  sendDocument,
  sendSticker,
  sendLocation,
  sendContacts,
  sendButtons,
  sendList,
  sendReaction,
  sendTemplate,
]);
export type SendMessageInput = z.infer<typeof sendMessageSchema>;

/**
 * `POST /conversations/:id/messages/:messageId/resend`. `confirmUnknown`: the message failed as `send-unknown`
 * (it may have arrived) and the agent checked that it did not.
 */
export const resendMessageSchema = z.object({ confirmUnknown: z.boolean().optional() }).strict();
export type ResendMessageInput = z.infer<typeof resendMessageSchema>;

export const checklistSteps = [
  'credentials',
  'permanent-token',
  'webhook-verified',
  'first-event',
  'round-trip',
] as const;

/**
 * What WhatsApp accepts as an uploaded file, by the message type it can be sent as (Meta's "Supported
 * media types"). Checked by the upload route and by the composer before it uploads anything.
 */
export const mediaRules = {
  image: { mimes: ['image/jpeg', 'image/png'], maxBytes: 5 * 1024 * 1024 },
  sticker: { mimes: ['image/webp'], maxBytes: 500 * 1024 },
  audio: {
    mimes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'],
    maxBytes: 16 * 1024 * 1024,
  },
  video: { mimes: ['video/mp4', 'video/3gpp'], maxBytes: 16 * 1024 * 1024 },
  document: {
    mimes: [
      'application/pdf',
      'text/plain',
      'application/msword',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.ms-excel',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    maxBytes: 100 * 1024 * 1024,
  },
} as const;
export type MediaKind = keyof typeof mediaRules;

/** The message type a file of this MIME type is sent as, or null when WhatsApp does not take it. */
export function mediaKindOf(mime: string): MediaKind | null {
  const base = mime.split(';')[0]!.trim().toLowerCase();
  for (const [kind, rule] of Object.entries(mediaRules) as [MediaKind, (typeof mediaRules)[MediaKind]][])
    if ((rule.mimes as readonly string[]).includes(base)) return kind;
  return null;
}

/** `POST /channels/:id/media?filename=&type=`: the file is the raw request body. */
export const uploadMediaQuerySchema = z.object({
  type: z.string().trim().min(3).max(120),
  filename: z.string().trim().min(1).max(240).optional(),
});
