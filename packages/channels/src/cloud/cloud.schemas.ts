import { z } from 'zod';

/*
 * Meta's WhatsApp Cloud API (Graph API) shapes, as documented. Response and webhook schemas are
 * lenient (unknown keys pass, most fields optional) because Meta adds fields without a version bump;
 * what we rely on is required. Request schemas describe what we send and type the builders.
 */

const docs = 'https://developers.facebook.com/documentation/business-messaging/whatsapp';
export const cloudDocLinks = {
  messages: `${docs}/reference/whatsapp-business-phone-number/message-api`,
  webhooks: `${docs}/webhooks/reference/messages`,
  statuses: `${docs}/webhooks/reference/messages/status`,
  templateStatus: `${docs}/webhooks/reference/message_template_status_update`,
  phoneQuality: `${docs}/webhooks/reference/phone_number_quality_update`,
  errors: `${docs}/support/error-codes`,
  media: `${docs}/business-phone-numbers/media`,
  templates: `${docs}/templates/overview`,
  phoneNumbers: `${docs}/business-phone-numbers/phone-numbers`,
  debugToken: 'https://developers.facebook.com/docs/graph-api/reference/debug_token',
  signature: 'https://developers.facebook.com/docs/graph-api/webhooks/getting-started#event-notifications',
} as const;

// ------------------------------------------------------------ errors

/** Graph error body; Cloud API errors add `error_data.details` (docs: errors). */
export const graphErrorSchema = z.object({
  error: z.object({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.coerce.number(),
    error_subcode: z.coerce.number().optional(),
    error_user_title: z.string().optional(),
    error_user_msg: z.string().optional(),
    error_data: z
      .union([
        z.object({ messaging_product: z.string().optional(), details: z.string().optional() }),
        z.string(),
      ])
      .optional(),
    fbtrace_id: z.string().optional(),
  }),
});
export type GraphError = z.infer<typeof graphErrorSchema>['error'];

// ------------------------------------------------------------ send (POST /{phone-number-id}/messages)

const mediaObject = z.object({
  id: z.string().optional(),
  link: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
});

const textParameter = z.object({
  type: z.literal('text'),
  text: z.string(),
  parameter_name: z.string().optional(),
});
const templateComponent = z.object({
  type: z.enum(['header', 'body', 'button']),
  sub_type: z.enum(['url', 'quick_reply', 'copy_code']).optional(),
  index: z.string().optional(),
  parameters: z.array(
    z.union([
      textParameter,
      z.object({ type: z.literal('image'), image: z.object({ link: z.string() }) }),
      z.object({ type: z.literal('video'), video: z.object({ link: z.string() }) }),
      z.object({
        type: z.literal('document'),
        document: z.object({ link: z.string(), filename: z.string().optional() }),
      }),
      z.object({ type: z.literal('payload'), payload: z.string() }),
      z.object({ type: z.literal('coupon_code'), coupon_code: z.string() }),
    ]),
  ),
});

const interactiveText = z.object({ text: z.string() });

/** Docs: messages — one object per `type`, plus `context.message_id` to quote a message. */
export const graphSendRequestSchema = z.object({
  messaging_product: z.literal('whatsapp'),
  recipient_type: z.literal('individual'),
  to: z.string(),
  type: z.enum([
    'text',
    'image',
    'audio',
    'video',
    'document',
    'sticker',
    'location',
    'contacts',
    'interactive',
    'reaction',
    'template',
  ]),
  context: z.object({ message_id: z.string() }).optional(),
  text: z.object({ body: z.string(), preview_url: z.boolean().optional() }).optional(),
  image: mediaObject.optional(),
  audio: mediaObject.optional(),
  video: mediaObject.optional(),
  document: mediaObject.optional(),
  sticker: mediaObject.optional(),
  location: z
    .object({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().optional(),
      address: z.string().optional(),
    })
    .optional(),
  contacts: z.array(z.record(z.string(), z.unknown())).optional(),
  interactive: z
    .object({
      type: z.enum(['button', 'list']),
      header: z.object({ type: z.literal('text'), text: z.string() }).optional(),
      body: interactiveText,
      footer: interactiveText.optional(),
      action: z.object({
        button: z.string().optional(),
        buttons: z
          .array(
            z.object({ type: z.literal('reply'), reply: z.object({ id: z.string(), title: z.string() }) }),
          )
          .optional(),
        sections: z
          .array(
            z.object({
              title: z.string().optional(),
              rows: z.array(
                z.object({ id: z.string(), title: z.string(), description: z.string().optional() }),
              ),
            }),
          )
          .optional(),
      }),
    })
    .optional(),
  reaction: z.object({ message_id: z.string(), emoji: z.string() }).optional(),
  template: z
    .object({
      name: z.string(),
      language: z.object({ code: z.string(), policy: z.literal('deterministic') }),
      components: z.array(templateComponent).optional(),
    })
    .optional(),
});
export type GraphSendRequest = z.infer<typeof graphSendRequestSchema>;

export const graphSendResponseSchema = z.object({
  messaging_product: z.string().optional(),
  contacts: z.array(z.object({ input: z.string().optional(), wa_id: z.string().optional() })).optional(),
  messages: z.array(z.object({ id: z.string().min(1), message_status: z.string().optional() })).min(1),
});

/** Mark as read: same endpoint, `status: "read"`. */
export const graphMarkReadRequestSchema = z.object({
  messaging_product: z.literal('whatsapp'),
  status: z.literal('read'),
  message_id: z.string(),
});
export type GraphMarkReadRequest = z.infer<typeof graphMarkReadRequestSchema>;

export const graphSuccessSchema = z.object({ success: z.boolean() });

// ------------------------------------------------------------ media (docs: media)

export const graphUploadResponseSchema = z.object({ id: z.string().min(1) });

export const graphMediaInfoSchema = z.object({
  url: z.string().min(1),
  mime_type: z.string(),
  sha256: z.string().optional(),
  file_size: z.coerce.number().optional(),
  id: z.string(),
});

// ------------------------------------------------------------ phone number, token, subscriptions

/** GET /{phone-number-id}?fields=… (docs: phoneNumbers). */
export const phoneNumberFields = [
  'display_phone_number',
  'verified_name',
  'quality_rating',
  'code_verification_status',
  'name_status',
  'messaging_limit_tier',
  'throughput',
  'platform_type',
] as const;

export const graphPhoneNumberSchema = z.object({
  id: z.string().optional(),
  display_phone_number: z.string(),
  verified_name: z.string().optional(),
  quality_rating: z.string().optional(),
  code_verification_status: z.string().optional(),
  name_status: z.string().optional(),
  messaging_limit_tier: z.string().optional(),
  throughput: z.object({ level: z.string() }).optional(),
  platform_type: z.string().optional(),
});

/** GET /debug_token?input_token=… (docs: debugToken); `expires_at: 0` means it never expires. */
export const graphDebugTokenSchema = z.object({
  data: z.object({
    app_id: z.string().optional(),
    type: z.string().optional(),
    application: z.string().optional(),
    expires_at: z.number().optional(),
    is_valid: z.boolean(),
    scopes: z.array(z.string()).optional(),
    error: z.object({ code: z.number().optional(), message: z.string().optional() }).optional(),
  }),
});

/** GET /{waba-id}/subscribed_apps. */
export const graphSubscribedAppsSchema = z.object({
  data: z.array(
    z.object({
      whatsapp_business_api_data: z
        .object({ id: z.string().optional(), name: z.string().optional() })
        .optional(),
    }),
  ),
});

// ------------------------------------------------------------ templates (docs: templates)

export const graphTemplateCreateResponseSchema = z.object({
  id: z.string().min(1),
  status: z.string().optional(),
  category: z.string().optional(),
});

export const graphTemplateSchema = z.object({
  id: z.string(),
  name: z.string(),
  language: z.string(),
  status: z.string(),
  category: z.string().optional(),
  components: z.array(z.record(z.string(), z.unknown())).optional(),
  rejected_reason: z.string().optional(),
});

export const graphTemplateListSchema = z.object({
  data: z.array(graphTemplateSchema),
  paging: z
    .object({
      cursors: z.object({ before: z.string().optional(), after: z.string().optional() }).optional(),
      next: z.string().optional(),
    })
    .optional(),
});

// ------------------------------------------------------------ webhooks (docs: webhooks, statuses)

export const webhookContactSchema = z.object({
  profile: z.object({ name: z.string().optional() }).optional(),
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
});

const inboundMedia = z.object({
  id: z.string().min(1),
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  voice: z.boolean().optional(),
  animated: z.boolean().optional(),
});

export const webhookErrorSchema = z.object({
  code: z.coerce.number(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.object({ details: z.string().optional() }).optional(),
});
export type WebhookError = z.infer<typeof webhookErrorSchema>;

const inboundContactCard = z.object({
  name: z
    .object({
      formatted_name: z.string().optional(),
      first_name: z.string().optional(),
      last_name: z.string().optional(),
    })
    .optional(),
  phones: z
    .array(
      z.object({ phone: z.string().optional(), wa_id: z.string().optional(), type: z.string().optional() }),
    )
    .optional(),
  emails: z.array(z.object({ email: z.string().optional(), type: z.string().optional() })).optional(),
  org: z
    .object({
      company: z.string().optional(),
      department: z.string().optional(),
      title: z.string().optional(),
    })
    .optional(),
  urls: z.array(z.object({ url: z.string().optional(), type: z.string().optional() })).optional(),
  birthday: z.string().optional(),
});
export type WebhookContactCard = z.infer<typeof inboundContactCard>;

/** Click-to-WhatsApp ad or post that opened the chat (docs: webhooks, "referral"). */
export const webhookReferralSchema = z.object({
  source_url: z.string().optional(),
  source_id: z.string().optional(),
  source_type: z.string().optional(),
  headline: z.string().optional(),
  body: z.string().optional(),
  media_type: z.string().optional(),
  image_url: z.string().optional(),
  video_url: z.string().optional(),
  thumbnail_url: z.string().optional(),
  ctwa_clid: z.string().optional(),
});

export const webhookMessageSchema = z.object({
  from: z.string().optional(),
  from_user_id: z.string().optional(),
  id: z.string().min(1),
  timestamp: z.coerce.number(),
  type: z.string(),
  context: z
    .object({
      from: z.string().optional(),
      id: z.string().optional(),
      forwarded: z.boolean().optional(),
      frequently_forwarded: z.boolean().optional(),
    })
    .optional(),
  referral: webhookReferralSchema.optional(),
  text: z.object({ body: z.string() }).optional(),
  image: inboundMedia.optional(),
  audio: inboundMedia.optional(),
  video: inboundMedia.optional(),
  document: inboundMedia.optional(),
  sticker: inboundMedia.optional(),
  location: z
    .object({
      latitude: z.coerce.number(),
      longitude: z.coerce.number(),
      name: z.string().optional(),
      address: z.string().optional(),
      url: z.string().optional(),
    })
    .optional(),
  contacts: z.array(inboundContactCard).optional(),
  interactive: z
    .object({
      type: z.string(),
      button_reply: z.object({ id: z.string(), title: z.string() }).optional(),
      list_reply: z
        .object({ id: z.string(), title: z.string(), description: z.string().optional() })
        .optional(),
    })
    .optional(),
  button: z.object({ text: z.string(), payload: z.string().optional() }).optional(),
  reaction: z.object({ message_id: z.string(), emoji: z.string().optional() }).optional(),
  errors: z.array(webhookErrorSchema).optional(),
});
export type WebhookMessage = z.infer<typeof webhookMessageSchema>;

export const webhookStatusSchema = z.object({
  id: z.string().min(1),
  status: z.string(),
  timestamp: z.coerce.number(),
  recipient_id: z.string().optional(),
  conversation: z
    .object({
      id: z.string(),
      expiration_timestamp: z.coerce.number().optional(),
      origin: z.object({ type: z.string() }).optional(),
    })
    .optional(),
  pricing: z
    .object({
      billable: z.boolean().optional(),
      pricing_model: z.string().optional(),
      category: z.string().optional(),
      type: z.string().optional(),
    })
    .optional(),
  errors: z.array(webhookErrorSchema).optional(),
});
export type WebhookStatus = z.infer<typeof webhookStatusSchema>;

/** `field: "messages"`; messages and statuses are parsed one by one so one odd item spoils nothing. */
export const messagesValueSchema = z.object({
  messaging_product: z.string().optional(),
  metadata: z.object({ display_phone_number: z.string().optional(), phone_number_id: z.string().min(1) }),
  contacts: z.array(webhookContactSchema).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
});

/** `field: "message_template_status_update"` (docs: templateStatus). */
export const templateStatusValueSchema = z.object({
  event: z.string(),
  message_template_id: z.coerce.string(),
  message_template_name: z.string(),
  message_template_language: z.string(),
  reason: z.string().nullish(),
  message_template_category: z.string().optional(),
});

/** `field: "message_template_quality_update"`. */
export const templateQualityValueSchema = z.object({
  previous_quality_score: z.string().optional(),
  new_quality_score: z.string(),
  message_template_id: z.coerce.string(),
  message_template_name: z.string(),
  message_template_language: z.string(),
});

/** `field: "phone_number_quality_update"` (docs: phoneQuality). */
export const phoneQualityValueSchema = z.object({
  display_phone_number: z.string().optional(),
  event: z.string(),
  current_limit: z.string().optional(),
  old_limit: z.string().optional(),
  max_daily_conversations_per_business: z.union([z.string(), z.number()]).optional(),
});

/** `field: "account_update"`. */
export const accountUpdateValueSchema = z.object({
  phone_number: z.string().optional(),
  event: z.string(),
});

export const webhookEnvelopeSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.object({
      id: z.string(),
      time: z.coerce.number().optional(),
      changes: z.array(z.object({ field: z.string(), value: z.unknown() })),
    }),
  ),
});
