// HTTP contract of the templates module (API.md "Templates"); the API validates requests with these schemas
// and the editor builds its forms and reads responses with the same ones. Browser-safe: zod only.
// Structure is checked here; Meta's content rules (lengths, parameters, buttons…) are `checkTemplate()`'s job
// so that they come back as field errors with i18n keys (422 `template-invalid`).

import { z } from 'zod';
import { templateCategories, templateStatuses } from '../enums.ts';
import type { TemplateProblem } from './template-rules.ts';

// ---------------------------------------------------------------------------------------------
// Components, exactly as Meta's message_templates API takes them.
// ---------------------------------------------------------------------------------------------

const namedParamExampleSchema = z.object({ param_name: z.string().max(100), example: z.string().max(1024) });

export const templateHeaderFormats = ['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'] as const;
export const templateButtonTypes = ['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'COPY_CODE', 'OTP'] as const;

export const templateHeaderSchema = z.object({
  type: z.literal('HEADER'),
  format: z.enum(templateHeaderFormats),
  text: z.string().max(4096).optional(),
  example: z
    .object({
      header_text: z.array(z.string().max(1024)).max(10).optional(),
      header_text_named_params: z.array(namedParamExampleSchema).max(10).optional(),
      /** Media sample: a handle from Meta's resumable upload (or a public URL while drafting). */
      header_handle: z.array(z.string().max(4096)).max(10).optional(),
    })
    .optional(),
});

export const templateBodySchema = z.object({
  type: z.literal('BODY'),
  text: z.string().max(8192),
  /** AUTHENTICATION only: Meta appends "For your security, do not share this code." */
  add_security_recommendation: z.boolean().optional(),
  example: z
    .object({
      body_text: z
        .array(z.array(z.string().max(1024)).max(100))
        .max(1)
        .optional(),
      body_text_named_params: z.array(namedParamExampleSchema).max(100).optional(),
    })
    .optional(),
});

export const templateFooterSchema = z.object({
  type: z.literal('FOOTER'),
  text: z.string().max(4096),
  /** AUTHENTICATION only: "This code expires in N minutes." */
  code_expiration_minutes: z.number().int().min(1).max(90).optional(),
});

export const templateButtonSchema = z.object({
  type: z.enum(templateButtonTypes),
  text: z.string().max(1024).optional(),
  url: z.string().max(4096).optional(),
  phone_number: z.string().max(64).optional(),
  /** URL buttons: `["https://…/suffix-example"]`; COPY_CODE: the sample code as a string. */
  example: z.union([z.array(z.string().max(4096)).max(1), z.string().max(4096)]).optional(),
  // OTP buttons (AUTHENTICATION).
  otp_type: z.enum(['COPY_CODE', 'ONE_TAP', 'ZERO_TAP']).optional(),
  autofill_text: z.string().max(100).optional(),
  package_name: z.string().max(255).optional(),
  signature_hash: z.string().max(64).optional(),
  supported_apps: z
    .array(z.object({ package_name: z.string().max(255), signature_hash: z.string().max(64) }))
    .max(5)
    .optional(),
});

export const templateButtonsSchema = z.object({
  type: z.literal('BUTTONS'),
  buttons: z.array(templateButtonSchema).max(20),
});

export const templateComponentSchema = z.discriminatedUnion('type', [
  templateHeaderSchema,
  templateBodySchema,
  templateFooterSchema,
  templateButtonsSchema,
]);
export type TemplateComponentInput = z.infer<typeof templateComponentSchema>;

/** Meta's `parameter_format`: `{{1}}` style or `{{customer_name}}` style. Inferred from the text when absent. */
export const templateParameterFormats = ['positional', 'named'] as const;
export type TemplateParameterFormat = (typeof templateParameterFormats)[number];

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/** `POST /templates`: a new DRAFT. */
export const createTemplateSchema = z.object({
  channelId: z.uuid(),
  name: z.string().trim().min(1).max(1024),
  language: z.string().trim().min(2).max(20),
  category: z.enum(templateCategories),
  components: z.array(templateComponentSchema).max(10),
  parameterFormat: z.enum(templateParameterFormats).optional(),
});
export type CreateTemplateInput = z.infer<typeof createTemplateSchema>;

/**
 * `PATCH /templates/:id`: any subset of the draft. A DRAFT or REJECTED template changes in place (REJECTED
 * goes back to DRAFT); an APPROVED, PAUSED or DISABLED one gets a new DRAFT version (`version + 1`,
 * `parentId` = the edited one; a newer DRAFT/REJECTED version of the same name + language is edited instead
 * of starting another) and the answer (200) is that version: compare its `id`. Name, language, channel and
 * category of a reviewed template are locked (422, `code: "locked"`). SUBMITTED → 409 `template-in-review`.
 */
export const updateTemplateSchema = createTemplateSchema
  .partial()
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'Nothing to change' });
export type UpdateTemplateInput = z.infer<typeof updateTemplateSchema>;

/**
 * `GET /templates`: newest first. Without `status` (and without `allVersions=true`) only the latest version of
 * each channel + name + language is listed; with `status` every matching version is (e.g. the APPROVED one
 * while a newer DRAFT exists).
 */
export const listTemplatesQuerySchema = z.object({
  channelId: z.uuid().optional(),
  /** One status or several, comma-separated (`APPROVED,PAUSED`). */
  status: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(templateStatuses)))
    .optional(),
  category: z.enum(templateCategories).optional(),
  language: z.string().trim().min(2).max(20).optional(),
  /** Case-insensitive match on the name and the body text. */
  q: z.string().trim().max(200).optional(),
  /** `true`: every version, not only the latest of each family. */
  allVersions: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListTemplatesQuery = z.infer<typeof listTemplatesQuerySchema>;

/**
 * Template parameters (API.md "Template parameters"), as a template send and a preview take them:
 * `variables` fill the body (`{ "1": "Maria" }` or `{ "customer_name": "Maria" }`), `header` the text
 * header's parameter or the media header's link, `buttons` the dynamic URL suffix / copy code by index.
 */
export const templateParametersSchema = z.object({
  variables: z.record(z.string().max(100), z.string().max(1024)).default({}),
  header: z
    .union([
      z.string().max(1024),
      z.object({ text: z.string().max(1024) }),
      z.object({ link: z.url({ protocol: /^https?$/ }).max(4096) }),
    ])
    .optional(),
  buttons: z
    .array(z.object({ index: z.number().int().min(0).max(9), value: z.string().max(2000) }))
    .max(10)
    .optional(),
});
export type TemplateParameters = z.infer<typeof templateParametersSchema>;

/** `POST /templates/:id/preview` body. */
export const previewTemplateSchema = templateParametersSchema;
export type PreviewTemplateInput = TemplateParameters;

/**
 * `POST /templates/:id/rollback` body (optional): why, for the history. The target must be an earlier version
 * Meta approved once (409 `template-rollback-invalid` otherwise). The versions in force (APPROVED, PAUSED,
 * DISABLED or SUBMITTED) become DEPRECATED; newer drafts stay. At Meta the template's content is set back by
 * an edit that Meta reviews again, so the target is SUBMITTED until the webhook says APPROVED (sandbox and
 * templates never sent to Meta: APPROVED at once).
 */
export const rollbackTemplateSchema = z.object({ reason: z.string().trim().max(500).optional() }).default({});

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

export const templatePreviewSchema = z.object({
  /** Body with the variables filled; parameters without a value stay as `{{n}}`. */
  text: z.string(),
  header: z
    .object({
      format: z.enum(templateHeaderFormats),
      /** TEXT headers, filled. */
      text: z.string().optional(),
      /** Media headers: the link given in `header`, else the draft's example. */
      link: z.string().optional(),
    })
    .optional(),
  footer: z.string().optional(),
  buttons: z
    .array(
      z.object({
        type: z.enum(templateButtonTypes),
        text: z.string(),
        url: z.string().optional(),
        phone_number: z.string().optional(),
      }),
    )
    .optional(),
});
export type TemplatePreview = z.infer<typeof templatePreviewSchema>;

export const templateQualityScores = ['high', 'medium', 'low', 'unknown'] as const;

/** What a history entry records. */
export const templateEventKinds = [
  'created', // draft created (or a new version of an approved one)
  'submitted', // sent to Meta for review
  'status', // Meta (webhook or sync) moved the status
  'quality', // Meta changed the quality score
  'synced', // imported from Meta by a sync
  'rollback', // an earlier approved version was re-activated
  'superseded', // a newer version took this one's place
] as const;
export type TemplateEventKind = (typeof templateEventKinds)[number];

export const templateEventViewSchema = z.object({
  id: z.string(),
  kind: z.enum(templateEventKinds),
  /** The template's status after this event. */
  status: z.enum(templateStatuses),
  /** Rejection/pause reason as Meta words it (`INCORRECT_CATEGORY`), or a rollback reason. */
  reason: z.string().nullable(),
  /** Extra facts: `{ qualityScore, previousScore }`, `{ fromVersion, toVersion }`, `{ source: "webhook" | "sync" }`. */
  payload: z.record(z.string(), z.unknown()).nullable(),
  /** The user who did it; null for Meta and jobs. */
  actorId: z.string().nullable(),
  createdAt: z.string(),
});
export type TemplateEventView = z.infer<typeof templateEventViewSchema>;

const templateProblemSchema = z.object({
  path: z.string(),
  code: z.string(),
  messageKey: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
}) satisfies z.ZodType<TemplateProblem>;

export const templateViewSchema = z.object({
  id: z.string(),
  channelId: z.string(),
  name: z.string(),
  language: z.string(),
  category: z.enum(templateCategories),
  components: z.array(templateComponentSchema),
  parameterFormat: z.enum(templateParameterFormats),
  status: z.enum(templateStatuses),
  /** Meta's template id once submitted or synced. */
  providerTemplateId: z.string().nullable(),
  rejectionReason: z.string().nullable(),
  qualityScore: z.enum(templateQualityScores).nullable(),
  version: z.number().int(),
  /** The version this one was edited from. */
  parentId: z.string().nullable(),
  submittedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** `checkTemplate()` warnings for the current content (approval odds); errors never get stored. */
  warnings: z.array(templateProblemSchema),
  /** History, oldest first. Present on `GET /templates/:id` and on mutation answers. */
  events: z.array(templateEventViewSchema).optional(),
  /** Every version of this name + language, newest first. Present on `GET /templates/:id`. */
  versions: z
    .array(
      z.object({
        id: z.string(),
        version: z.number().int(),
        status: z.enum(templateStatuses),
        createdAt: z.string(),
      }),
    )
    .optional(),
});
export type TemplateView = z.infer<typeof templateViewSchema>;

export const templatePageSchema = z.object({
  items: z.array(templateViewSchema),
  nextCursor: z.string().nullable(),
});
export type TemplatePage = z.infer<typeof templatePageSchema>;

/** `GET /templates/stats?channelId=`: for the list header. `approvalRate` is approved ÷ reviewed, null if none. */
export const templateStatsSchema = z.object({
  total: z.number().int(),
  byStatus: z.record(z.enum(templateStatuses), z.number().int()),
  approvalRate: z.number().nullable(),
  topRejectionReasons: z.array(z.object({ reason: z.string(), count: z.number().int() })),
});
export type TemplateStats = z.infer<typeof templateStatsSchema>;

/** `POST /templates/sync` body: one channel, or every channel that can list templates. */
export const syncTemplatesSchema = z.object({ channelId: z.uuid().optional() }).default({});
export const templateSyncResultSchema = z.object({
  channels: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});
export type TemplateSyncResult = z.infer<typeof templateSyncResultSchema>;

/** Realtime `template.status` event data (also published on quality changes). */
export type TemplateStatusRealtime = {
  templateId: string;
  channelId: string;
  name: string;
  language: string;
  version: number;
  status: (typeof templateStatuses)[number];
  previousStatus: (typeof templateStatuses)[number];
  reason: string | null;
  qualityScore: (typeof templateQualityScores)[number] | null;
};
