import type { blocklistEntries, consentEvents, contacts } from '@conversa/db';
import type { BlocklistEntryView, ConsentEventView, ContactView } from '@conversa/shared';

type ContactRow = typeof contacts.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Row → API shape; an erased contact shows no phone (its row holds a placeholder). */
export function toContactView(row: ContactRow): ContactView {
  return {
    id: row.id,
    phone: row.erasedAt ? null : row.phoneE164,
    waId: row.waId,
    name: row.name,
    email: row.email,
    cpfCnpj: row.cpfCnpj,
    tags: row.tags,
    customFields: row.customFields,
    consent: row.consent,
    consentSource: row.consentSource,
    consentAt: iso(row.consentAt),
    firstTouch: row.firstTouch ?? null,
    erasedAt: iso(row.erasedAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toConsentEventView(row: typeof consentEvents.$inferSelect): ConsentEventView {
  return {
    id: row.id,
    state: row.state,
    source: row.source,
    actorId: row.actorId,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toBlocklistView(row: typeof blocklistEntries.$inferSelect): BlocklistEntryView {
  return {
    id: row.id,
    phone: row.phoneE164,
    cpfCnpj: row.cpfCnpj,
    reason: row.reason,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/** One CSV field: quoted when needed; text that a spreadsheet would run as a formula is neutralised. */
export function csvField(value: string | null | undefined, delimiter: string, formulaSafe = true): string {
  let v = value ?? '';
  // OWASP "CSV injection": a leading = + - @ (or tab/CR) makes Excel evaluate the cell.
  if (formulaSafe && /^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /["\r\n]/.test(v) || v.includes(delimiter) ? `"${v.replaceAll('"', '""')}"` : v;
}
