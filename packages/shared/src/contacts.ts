// HTTP contract of the contacts and blocklist modules (API.md "Contacts"). The API validates requests with
// these schemas and the contacts pages build their forms and read responses with the same ones.
// Browser-safe: zod and pure functions only.
//
// Errors clients branch on (problem+json `code`):
// - 422 `validation-failed`: field errors; an unusable phone is `{ path: "phone", code: "phone-invalid" |
//   "phone-too-short" | "phone-too-long" | "phone-not-a-number", messageKey: "validation.phoneInvalid" |
//   "validation.phoneTooShort" | "validation.phoneTooLong" | "validation.phoneNotANumber" }`; a CPF/CNPJ whose
//   check digits fail is `{ path: "cpfCnpj", code: "custom", message: "Not a valid CPF or CNPJ" }` (forms:
//   show `validation.cpfCnpjInvalid`, or check as you type with `cpfCnpjKind`).
// - 409 `contact-exists`: another contact of the tenant has that phone; `errors[0]` is
//   `{ path: "phone", code: "contact-exists", params: { existingId } }`.
// - 409 `contact-erased`: the contact was erased (LGPD) and can no longer change.
// - 409 `blocklist-exists`: that phone or CPF/CNPJ is already blocked; `errors[0].params.existingId`.
// - 404 `not-found`: unknown id, or another tenant's.

import { z } from 'zod';
import { consentStates } from './enums.ts';

// ---------------------------------------------------------------------------------------------
// CPF / CNPJ (Brazilian taxpayer ids): check digits, browser-safe so forms can validate as you type.
// ---------------------------------------------------------------------------------------------

/** CPF: 11 digits. CNPJ: 14 characters, the first 12 digits or (from July 2026) uppercase letters. */
export function normalizeCpfCnpj(input: string): string {
  return input.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

export function isValidCpf(input: string): boolean {
  const d = normalizeCpfCnpj(input);
  if (!/^\d{11}$/.test(d) || /^(\d)\1{10}$/.test(d)) return false;
  const check = (len: number) => {
    let sum = 0;
    for (let i = 0; i < len; i++) sum += Number(d[i]) * (len + 1 - i);
    const r = (sum * 10) % 11;
    return r === 10 ? 0 : r;
  };
  return check(9) === Number(d[9]) && check(10) === Number(d[10]);
}

/** Numeric and alphanumeric CNPJ (Receita Federal: each character counts as its ASCII code − 48). */
export function isValidCnpj(input: string): boolean {
  const d = normalizeCpfCnpj(input);
  if (!/^[0-9A-Z]{12}\d{2}$/.test(d) || /^(\d)\1{13}$/.test(d)) return false;
  const value = (c: string) => c.charCodeAt(0) - 48;
  const check = (len: number) => {
    let sum = 0;
    for (let i = 0; i < len; i++) sum += value(d[i] as string) * (((len - 1 - i) % 8) + 2);
    const r = sum % 11;
    return r < 2 ? 0 : 11 - r;
  };
  return check(12) === Number(d[12]) && check(13) === Number(d[13]);
}

export type CpfCnpjKind = 'cpf' | 'cnpj';

/** The kind of a valid CPF/CNPJ (punctuation ignored), or null. */
export function cpfCnpjKind(input: string): CpfCnpjKind | null {
  const d = normalizeCpfCnpj(input);
  if (d.length === 11) return isValidCpf(d) ? 'cpf' : null;
  if (d.length === 14) return isValidCnpj(d) ? 'cnpj' : null;
  return null;
}

/** `123.456.789-09` / `12.345.678/0001-95` for display. */
export function formatCpfCnpj(input: string): string {
  const d = normalizeCpfCnpj(input);
  if (d.length === 11) return `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`;
  if (d.length === 14)
    return `${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5, 8)}/${d.slice(8, 12)}-${d.slice(12)}`;
  return input;
}

/** Accepts punctuation; the API stores and answers the bare 11/14 characters. */
export const cpfCnpjSchema = z
  .string()
  .trim()
  .max(32)
  .refine((v) => cpfCnpjKind(v) !== null, { message: 'Not a valid CPF or CNPJ' })
  .transform(normalizeCpfCnpj);

// ---------------------------------------------------------------------------------------------
// Contacts
// ---------------------------------------------------------------------------------------------

export const contactConsentStates = consentStates;
export type ContactConsent = (typeof consentStates)[number];

const tag = z.string().trim().min(1).max(50);
/** Free-form fields (`{ "plano": "ouro" }`); keys are short identifiers, values text. */
const customFields = z
  .record(z.string().trim().min(1).max(50), z.string().max(1000))
  .refine((v) => Object.keys(v).length <= 50, { message: 'At most 50 custom fields' });
/** Where a consent came from: `manual`, `whatsapp`, `form`, `import`, `api`, `campaign-reply`… (free text). */
export const consentSourceSchema = z.string().trim().min(1).max(100);

/** `POST /contacts`. `phone` in any written form; the API normalises it to E.164 (Brazil by default). */
export const createContactSchema = z.object({
  phone: z.string().trim().min(1).max(40),
  name: z.string().trim().min(1).max(200).optional(),
  email: z.email().max(320).optional(),
  cpfCnpj: cpfCnpjSchema.optional(),
  tags: z.array(tag).max(50).optional(),
  /** true: opted in now (a consent event with `optInSource`, default "manual"); false: opted out. */
  optIn: z.boolean().optional(),
  optInSource: consentSourceSchema.optional(),
  customFields: customFields.optional(),
});
export type CreateContactInput = z.infer<typeof createContactSchema>;

/**
 * `PATCH /contacts/:id`: any subset; `null` clears name, email or cpfCnpj. `tags` and `customFields` replace
 * the stored ones. Consent changes only through opt-in/opt-out (so each has a source).
 */
export const updateContactSchema = z
  .object({
    phone: z.string().trim().min(1).max(40).optional(),
    name: z.string().trim().min(1).max(200).nullable().optional(),
    email: z.email().max(320).nullable().optional(),
    cpfCnpj: cpfCnpjSchema.nullable().optional(),
    tags: z.array(tag).max(50).optional(),
    customFields: customFields.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'Nothing to change' });
export type UpdateContactInput = z.infer<typeof updateContactSchema>;

/**
 * `GET /contacts` and `GET /contacts/export.csv`: newest first. `q` matches name, phone digits, e-mail and
 * CPF/CNPJ; `tag` must be among the contact's tags. Erased contacts are left out.
 */
export const listContactsQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  tag: z.string().trim().min(1).max(50).optional(),
  consent: z.enum(consentStates).optional(),
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListContactsQuery = z.infer<typeof listContactsQuerySchema>;

/** `GET /contacts/export.csv`: the list filters plus the delimiter (`semicolon` for Excel in pt-BR). */
export const exportContactsQuerySchema = listContactsQuerySchema.omit({ cursor: true, limit: true }).extend({
  delimiter: z.enum(['comma', 'semicolon']).default('comma'),
});
export type ExportContactsQuery = z.infer<typeof exportContactsQuerySchema>;

/** `POST /contacts/:id/opt-in` and `/opt-out`. */
export const consentChangeSchema = z.object({
  source: consentSourceSchema,
  /** Why / evidence, e.g. "replied SAIR" (kept with the consent event in the audit log). */
  note: z.string().trim().max(500).optional(),
});
export type ConsentChangeInput = z.infer<typeof consentChangeSchema>;

export const contactViewSchema = z.object({
  id: z.uuid(),
  /** E.164; `null` once erased. */
  phone: z.string().nullable(),
  /** The id WhatsApp knows the person by (may lack the Brazilian ninth digit). */
  waId: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  cpfCnpj: z.string().nullable(),
  tags: z.array(z.string()),
  customFields: z.record(z.string(), z.string()),
  consent: z.enum(consentStates),
  consentSource: z.string().nullable(),
  consentAt: z.string().nullable(),
  firstTouch: z
    .object({
      source: z.string(),
      campaign: z.string().optional(),
      medium: z.string().optional(),
      adId: z.string().optional(),
      ctwaClid: z.string().optional(),
      headline: z.string().optional(),
    })
    .nullable(),
  /** Set once the contact was erased (LGPD); then every personal field is null or empty. */
  erasedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ContactView = z.infer<typeof contactViewSchema>;

export const contactPageSchema = z.object({
  items: z.array(contactViewSchema),
  nextCursor: z.string().nullable(),
});
export type ContactPage = z.infer<typeof contactPageSchema>;

export const consentEventViewSchema = z.object({
  id: z.uuid(),
  state: z.enum(consentStates),
  source: z.string(),
  actorId: z.string().nullable(),
  createdAt: z.string(),
});
export type ConsentEventView = z.infer<typeof consentEventViewSchema>;

/** `GET /contacts/:id`: the contact, its consent history (newest first) and counts for the side panel. */
export const contactDetailSchema = contactViewSchema.extend({
  consentEvents: z.array(consentEventViewSchema),
  stats: z.object({
    conversations: z.number().int(),
    messages: z.number().int(),
    tickets: z.number().int(),
    lastMessageAt: z.string().nullable(),
  }),
  /** Whether the phone or CPF/CNPJ is on the tenant's blocklist. */
  blocked: z.boolean(),
});
export type ContactDetail = z.infer<typeof contactDetailSchema>;

/** `GET /contacts/:id/export` (LGPD "portabilidade"): everything held about the person, as JSON. */
export const contactExportSchema = z.object({
  exportedAt: z.string(),
  tenant: z.object({ id: z.uuid(), name: z.string() }),
  contact: contactViewSchema,
  consentEvents: z.array(consentEventViewSchema),
  conversations: z.array(
    z.object({
      id: z.uuid(),
      channelId: z.uuid(),
      createdAt: z.string(),
      tickets: z.array(
        z.object({
          id: z.uuid(),
          status: z.string(),
          outcome: z.string().nullable(),
          attribution: z.record(z.string(), z.unknown()).nullable(),
          openedAt: z.string(),
          resolvedAt: z.string().nullable(),
        }),
      ),
      messages: z.array(
        z.object({
          id: z.uuid(),
          direction: z.string(),
          senderType: z.string(),
          type: z.string(),
          text: z.string().nullable(),
          media: z.record(z.string(), z.unknown()).nullable(),
          status: z.string(),
          createdAt: z.string(),
        }),
      ),
    }),
  ),
  notes: z.array(z.object({ id: z.uuid(), text: z.string(), createdAt: z.string() })),
  blocklist: z.array(z.object({ id: z.uuid(), reason: z.string().nullable(), createdAt: z.string() })),
});
export type ContactExport = z.infer<typeof contactExportSchema>;

/**
 * `DELETE /contacts/:id` (LGPD erasure) answers this. Erased: name, e-mail, CPF/CNPJ, phone and WhatsApp id,
 * tags, custom fields, first-touch attribution, notes about the contact, and the text, media and payload of
 * every message in its conversations (media files are deleted from storage). Kept, without personal data:
 * the contact row (id, `erasedAt`, consent state — an opt-out must survive erasure), consent events (state,
 * source, time), conversations, tickets (status, outcome, attribution) and message rows (direction, type,
 * status, times) so that reports and counters stay right, blocklist entries (the person asked not to be
 * contacted), and an audit entry `contact.erased` with the counts below.
 */
export const contactErasureSchema = z.object({
  id: z.uuid(),
  erasedAt: z.string(),
  messagesScrubbed: z.number().int(),
  notesDeleted: z.number().int(),
  mediaFilesDeleted: z.number().int(),
  conversationsKept: z.number().int(),
});
export type ContactErasure = z.infer<typeof contactErasureSchema>;

/** Columns of `GET /contacts/export.csv`, in order (header row uses these names; UTF-8 with BOM). */
export const contactCsvColumns = [
  'id',
  'phone',
  'name',
  'email',
  'cpfCnpj',
  'tags',
  'consent',
  'consentSource',
  'consentAt',
  'createdAt',
] as const;

// ---------------------------------------------------------------------------------------------
// Blocklist
// ---------------------------------------------------------------------------------------------

/** `POST /blocklist`: exactly one of `phone` (normalised to E.164) or `cpfCnpj` (check digits validated). */
export const createBlocklistEntrySchema = z
  .object({
    phone: z.string().trim().min(1).max(40).optional(),
    cpfCnpj: cpfCnpjSchema.optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .refine((v) => (v.phone === undefined) !== (v.cpfCnpj === undefined), {
    message: 'Give a phone or a CPF/CNPJ, not both',
    path: ['phone'],
  });
export type CreateBlocklistEntryInput = z.infer<typeof createBlocklistEntrySchema>;

/** `GET /blocklist`: newest first; `q` matches phone digits or CPF/CNPJ. */
export const listBlocklistQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListBlocklistQuery = z.infer<typeof listBlocklistQuerySchema>;

/** `DELETE /blocklist?phone=…` or `?cpfCnpj=…` (or `DELETE /blocklist/:id`): 204, 404 when not blocked. */
export const deleteBlocklistQuerySchema = z
  .object({
    phone: z.string().trim().min(1).max(40).optional(),
    cpfCnpj: cpfCnpjSchema.optional(),
  })
  .refine((v) => (v.phone === undefined) !== (v.cpfCnpj === undefined), {
    message: 'Give a phone or a CPF/CNPJ',
    path: ['phone'],
  });

export const blocklistEntryViewSchema = z.object({
  id: z.uuid(),
  phone: z.string().nullable(),
  cpfCnpj: z.string().nullable(),
  reason: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type BlocklistEntryView = z.infer<typeof blocklistEntryViewSchema>;

export const blocklistPageSchema = z.object({
  items: z.array(blocklistEntryViewSchema),
  nextCursor: z.string().nullable(),
});
export type BlocklistPage = z.infer<typeof blocklistPageSchema>;

// ---------------------------------------------------------------------------------------------
// Realtime events this module publishes (API.md "Realtime")
// ---------------------------------------------------------------------------------------------

/** `contact.updated` `{ id }` after create/update/consent change; `contact.erased` `{ id }` after erasure. */
export const contactRealtimeEventTypes = ['contact.updated', 'contact.erased'] as const;
