import { Readable } from 'node:stream';
import {
  blocklistEntries,
  consentEvents,
  contacts,
  conversations,
  type Database,
  messages,
  notes,
  type Tx,
  tenants,
  tickets,
  webhookEvents,
} from '@conversa/db';
import {
  brazilianVariants,
  type ConsentChangeInput,
  type ContactDetail,
  type ContactErasure,
  type ContactExport,
  type ContactPage,
  type ContactView,
  type CreateContactInput,
  contactCsvColumns,
  type ExportContactsQuery,
  type FieldProblem,
  type ListContactsQuery,
  normalizePhone,
  type UpdateContactInput,
} from '@conversa/shared';
import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  and,
  asc,
  count,
  desc,
  eq,
  ilike,
  inArray,
  isNull,
  lt,
  max,
  notInArray,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { NotFoundError, ValidationFailedError } from '../../common/errors.ts';
import type { Logger } from '../../common/logger.ts';
import { audit, inTenant, requireContext } from '../../common/tenancy.ts';
import { DATABASE, LOGGER, REALTIME, STORAGE } from '../../common/tokens.ts';
import type { RealtimePort } from '../../drivers/realtime/realtime.port.ts';
import type { StoragePort } from '../../drivers/storage/storage.port.ts';
import { MediaService } from '../media/media.service.ts';
import { csvField, toBlocklistView, toConsentEventView, toContactView } from './contacts.dto.ts';
import { ContactErasedError, ContactExistsError } from './contacts.errors.ts';

type ContactRow = typeof contacts.$inferSelect;

const phoneErrorKeys = {
  invalid: ['phone-invalid', 'validation.phoneInvalid'],
  'too-short': ['phone-too-short', 'validation.phoneTooShort'],
  'too-long': ['phone-too-long', 'validation.phoneTooLong'],
  'not-a-number': ['phone-not-a-number', 'validation.phoneNotANumber'],
} as const;

/** Any written phone → E.164, or a 422 naming the field (Brazil is the default country). */
export function phoneOrFail(input: string, path = 'phone'): string {
  const result = normalizePhone(input);
  if ('e164' in result) return result.e164;
  const [code, messageKey] = phoneErrorKeys[result.error];
  const field: FieldProblem = {
    path,
    code,
    messageKey,
    message: `Not a usable phone number (${result.error})`,
  };
  throw new ValidationFailedError('The phone number is not valid', [field]);
}

/** `%`, `_` and `\` typed by a person are text, not LIKE wildcards. */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const isUniqueViolation = (err: unknown): boolean => {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
};

/** Contacts (API.md "Contacts"): CRUD, consent, LGPD export and erasure, CSV export. */
@Injectable()
export class ContactsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(REALTIME) private readonly realtime: RealtimePort,
    @Inject(MediaService) private readonly media: MediaService,
    @Optional() @Inject(STORAGE) private readonly storage?: StoragePort,
  ) {}

  #filters(q: Pick<ListContactsQuery, 'q' | 'tag' | 'consent'>): SQL[] {
    const where: SQL[] = [isNull(contacts.erasedAt)];
    if (q.tag) where.push(sql`${contacts.tags} @> array[${q.tag}]::text[]`);
    if (q.consent) where.push(eq(contacts.consent, q.consent));
    if (q.q) {
      const text = `%${likeEscape(q.q)}%`;
      const digits = q.q.replace(/\D/g, '');
      const any: SQL[] = [ilike(contacts.name, text), ilike(contacts.email, text)];
      if (digits.length >= 2) {
        any.push(
          sql`${contacts.phoneE164} like ${`%${digits}%`}`,
          sql`${contacts.cpfCnpj} like ${`%${digits}%`}`,
        );
      }
      where.push(or(...any) as SQL);
    }
    return where;
  }

  async list(q: ListContactsQuery): Promise<ContactPage> {
    const rows = await inTenant(this.database, (tx) =>
      tx
        .select()
        .from(contacts)
        .where(and(...this.#filters(q), q.cursor ? lt(contacts.id, q.cursor) : undefined))
        .orderBy(desc(contacts.id))
        .limit(q.limit + 1),
    );
    const page = rows.slice(0, q.limit);
    return {
      items: page.map(toContactView),
      nextCursor: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
    };
  }

  /** The same person under either Brazilian mobile form is one contact (ARCHITECTURE §4). */
  async #findByPhone(tx: Tx, e164: string, exceptId?: string): Promise<string | null> {
    const variants = brazilianVariants(e164);
    const waIds = variants.map((v) => v.slice(1));
    const [row] = await tx
      .select({ id: contacts.id })
      .from(contacts)
      .where(
        and(
          or(inArray(contacts.phoneE164, variants), inArray(contacts.waId, waIds)),
          exceptId ? sql`${contacts.id} <> ${exceptId}` : undefined,
        ),
      )
      .limit(1);
    return row?.id ?? null;
  }

  async create(input: CreateContactInput): Promise<ContactView> {
    const phone = phoneOrFail(input.phone);
    const ctx = requireContext();
    const now = new Date();
    const consent = input.optIn === undefined ? 'unknown' : input.optIn ? 'opted_in' : 'opted_out';
    const source = input.optInSource ?? 'manual';
    const row = await inTenant(this.database, async (tx) => {
      const existing = await this.#findByPhone(tx, phone);
      if (existing) throw new ContactExistsError(existing);
      const [created] = await tx
        .insert(contacts)
        .values({
          tenantId: ctx.tenantId,
          phoneE164: phone,
          name: input.name ?? null,
          email: input.email ?? null,
          cpfCnpj: input.cpfCnpj ?? null,
          tags: dedupe(input.tags ?? []),
          customFields: input.customFields ?? {},
          consent,
          ...(consent !== 'unknown' ? { consentSource: source, consentAt: now } : {}),
        })
        .returning();
      const contact = created as ContactRow;
      if (consent !== 'unknown') {
        await tx.insert(consentEvents).values({
          tenantId: ctx.tenantId,
          contactId: contact.id,
          state: consent,
          source,
          actorId: ctx.userId ?? null,
        });
      }
      await audit(tx, { action: 'contact.created', targetType: 'contact', targetId: contact.id });
      return contact;
    }).catch(async (err) => {
      // Created by someone else between our check and insert; the violation aborted the transaction,
      // so the winner is looked up in a fresh one.
      if (isUniqueViolation(err)) {
        const id = await inTenant(this.database, (tx) => this.#findByPhone(tx, phone));
        throw new ContactExistsError(id ?? 'unknown');
      }
      throw err;
    });
    await this.#publish(ctx.tenantId, 'contact.updated', row.id);
    return toContactView(row);
  }

  async #load(tx: Tx, id: string): Promise<ContactRow> {
    const [row] = await tx.select().from(contacts).where(eq(contacts.id, id));
    if (!row) throw new NotFoundError('No such contact');
    return row;
  }

  async get(id: string): Promise<ContactDetail> {
    return inTenant(this.database, async (tx) => {
      const row = await this.#load(tx, id);
      const events = await tx
        .select()
        .from(consentEvents)
        .where(eq(consentEvents.contactId, id))
        .orderBy(desc(consentEvents.createdAt), desc(consentEvents.id))
        .limit(100);
      const [convs] = await tx
        .select({ n: count(), last: max(conversations.lastMessageAt) })
        .from(conversations)
        .where(eq(conversations.contactId, id));
      const convIds = tx
        .select({ id: conversations.id })
        .from(conversations)
        .where(eq(conversations.contactId, id));
      const [msgs] = await tx
        .select({ n: count() })
        .from(messages)
        .where(inArray(messages.conversationId, convIds));
      const [tks] = await tx
        .select({ n: count() })
        .from(tickets)
        .where(inArray(tickets.conversationId, convIds));
      const blocked = row.erasedAt ? [] : await this.#blockEntries(tx, row);
      const last = convs?.last as Date | string | null | undefined;
      return {
        ...toContactView(row),
        consentEvents: events.map(toConsentEventView),
        stats: {
          conversations: Number(convs?.n ?? 0),
          messages: Number(msgs?.n ?? 0),
          tickets: Number(tks?.n ?? 0),
          lastMessageAt: last ? new Date(last).toISOString() : null,
        },
        blocked: blocked.length > 0,
      };
    });
  }

  #blockEntries(tx: Tx, row: ContactRow) {
    const match: SQL[] = [inArray(blocklistEntries.phoneE164, brazilianVariants(row.phoneE164))];
    if (row.cpfCnpj) match.push(eq(blocklistEntries.cpfCnpj, row.cpfCnpj));
    return tx
      .select()
      .from(blocklistEntries)
      .where(or(...match));
  }

  async update(id: string, input: UpdateContactInput): Promise<ContactView> {
    const ctx = requireContext();
    const phone = input.phone !== undefined ? phoneOrFail(input.phone) : undefined;
    const row = await inTenant(this.database, async (tx) => {
      const current = await this.#load(tx, id);
      if (current.erasedAt) throw new ContactErasedError('This contact was erased and can no longer change');
      if (phone && phone !== current.phoneE164) {
        const other = await this.#findByPhone(tx, phone, id);
        if (other) throw new ContactExistsError(other);
      }
      const changes: Partial<ContactRow> = {
        ...(phone !== undefined ? { phoneE164: phone } : {}),
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.email !== undefined ? { email: input.email } : {}),
        ...(input.cpfCnpj !== undefined ? { cpfCnpj: input.cpfCnpj } : {}),
        ...(input.tags !== undefined ? { tags: dedupe(input.tags) } : {}),
        ...(input.customFields !== undefined ? { customFields: input.customFields } : {}),
        updatedAt: new Date(),
      };
      const [updated] = await tx.update(contacts).set(changes).where(eq(contacts.id, id)).returning();
      await audit(tx, {
        action: 'contact.updated',
        targetType: 'contact',
        targetId: id,
        // Which fields changed, never their values (personal data stays out of the audit log).
        metadata: {
          fields: Object.keys(input).filter((k) => input[k as keyof UpdateContactInput] !== undefined),
        },
      });
      return updated as ContactRow;
    }).catch(async (err) => {
      if (isUniqueViolation(err) && phone) {
        const other = await inTenant(this.database, (tx) => this.#findByPhone(tx, phone, id));
        throw new ContactExistsError(other ?? 'unknown');
      }
      throw err;
    });
    await this.#publish(ctx.tenantId, 'contact.updated', id);
    return toContactView(row);
  }

  async setConsent(
    id: string,
    state: 'opted_in' | 'opted_out',
    input: ConsentChangeInput,
  ): Promise<ContactDetail> {
    const ctx = requireContext();
    await inTenant(this.database, async (tx) => {
      const current = await this.#load(tx, id);
      if (current.erasedAt) throw new ContactErasedError('This contact was erased and can no longer change');
      const now = new Date();
      await tx
        .update(contacts)
        .set({ consent: state, consentSource: input.source, consentAt: now, updatedAt: now })
        .where(eq(contacts.id, id));
      await tx.insert(consentEvents).values({
        tenantId: ctx.tenantId,
        contactId: id,
        state,
        source: input.source,
        actorId: ctx.userId ?? null,
      });
      await audit(tx, {
        action: state === 'opted_in' ? 'contact.opted_in' : 'contact.opted_out',
        targetType: 'contact',
        targetId: id,
        metadata: {
          source: input.source,
          ...(input.note ? { note: input.note } : {}),
          previous: current.consent,
        },
      });
    });
    await this.#publish(ctx.tenantId, 'contact.updated', id);
    return this.get(id);
  }

  /** LGPD access/portability: everything held about the person. */
  async exportOne(id: string): Promise<ContactExport> {
    const ctx = requireContext();
    const [tenant] = await this.database.system((tx) =>
      tx.select({ id: tenants.id, name: tenants.name }).from(tenants).where(eq(tenants.id, ctx.tenantId)),
    );
    return inTenant(this.database, async (tx) => {
      const row = await this.#load(tx, id);
      const events = await tx
        .select()
        .from(consentEvents)
        .where(eq(consentEvents.contactId, id))
        .orderBy(asc(consentEvents.createdAt), asc(consentEvents.id));
      const convs = await tx
        .select()
        .from(conversations)
        .where(eq(conversations.contactId, id))
        .orderBy(asc(conversations.createdAt));
      const convIds = convs.map((c) => c.id);
      const tks = convIds.length
        ? await tx
            .select()
            .from(tickets)
            .where(inArray(tickets.conversationId, convIds))
            .orderBy(asc(tickets.openedAt))
        : [];
      const msgs = convIds.length
        ? await tx
            .select({
              id: messages.id,
              conversationId: messages.conversationId,
              direction: messages.direction,
              senderType: messages.senderType,
              type: messages.type,
              text: messages.text,
              media: messages.media,
              status: messages.status,
              createdAt: messages.createdAt,
            })
            .from(messages)
            .where(inArray(messages.conversationId, convIds))
            .orderBy(asc(messages.createdAt), asc(messages.id))
        : [];
      const noteRows = await tx
        .select()
        .from(notes)
        .where(
          or(eq(notes.contactId, id), convIds.length ? inArray(notes.conversationId, convIds) : undefined),
        )
        .orderBy(asc(notes.createdAt));
      const blocks = row.erasedAt ? [] : await this.#blockEntries(tx, row);
      await audit(tx, { action: 'contact.exported', targetType: 'contact', targetId: id });
      return {
        exportedAt: new Date().toISOString(),
        tenant: { id: ctx.tenantId, name: tenant?.name ?? '' },
        contact: toContactView(row),
        consentEvents: events.map(toConsentEventView),
        conversations: convs.map((c) => ({
          id: c.id,
          channelId: c.channelId,
          createdAt: c.createdAt.toISOString(),
          tickets: tks
            .filter((k) => k.conversationId === c.id)
            .map((k) => ({
              id: k.id,
              status: k.status,
              outcome: k.outcome,
              attribution: (k.attribution as Record<string, unknown> | null) ?? null,
              openedAt: k.openedAt.toISOString(),
              resolvedAt: k.resolvedAt?.toISOString() ?? null,
            })),
          messages: msgs
            .filter((m) => m.conversationId === c.id)
            .map((m) => ({
              id: m.id,
              direction: m.direction,
              senderType: m.senderType,
              type: m.type,
              text: m.text,
              media: m.media ? pickMedia(m.media as Record<string, unknown>) : null,
              status: m.status,
              createdAt: m.createdAt.toISOString(),
            })),
        })),
        notes: noteRows.map((n) => ({ id: n.id, text: n.text, createdAt: n.createdAt.toISOString() })),
        blocklist: blocks.map((b) => {
          const v = toBlocklistView(b);
          return { id: v.id, reason: v.reason, createdAt: v.createdAt };
        }),
      };
    });
  }

  /**
   * LGPD erasure (contactErasureSchema says what goes and what stays). One transaction for the rows;
   * stored media files are deleted after it commits (a failed delete is logged, the rows no longer
   * point at the file).
   */
  async erase(id: string): Promise<ContactErasure> {
    const ctx = requireContext();
    const result = await inTenant(this.database, async (tx) => {
      const row = await this.#load(tx, id);
      if (row.erasedAt) {
        return {
          summary: {
            id,
            erasedAt: row.erasedAt.toISOString(),
            messagesScrubbed: 0,
            notesDeleted: 0,
            mediaFilesDeleted: 0,
            conversationsKept: 0,
          },
          keys: [] as string[],
        };
      }
      const convIds = (
        await tx.select({ id: conversations.id }).from(conversations).where(eq(conversations.contactId, id))
      ).map((c) => c.id);
      const keys: string[] = [];
      let scrubbed = 0;
      let notesDeleted = 0;
      if (convIds.length) {
        keys.push(...(await this.media.filesOnlyIn(tx, ctx.tenantId, convIds)));
        const done = await tx
          .update(messages)
          .set({ text: null, payload: null, media: null })
          .where(inArray(messages.conversationId, convIds))
          .returning({ id: messages.id });
        scrubbed = done.length;
      }
      const deletedNotes = await tx
        .delete(notes)
        .where(
          or(eq(notes.contactId, id), convIds.length ? inArray(notes.conversationId, convIds) : undefined),
        )
        .returning({ id: notes.id });
      notesDeleted = deletedNotes.length;
      // Raw provider payloads that carried this person's number (and so their messages and profile name).
      // Processed ones only: pending events still have to be applied, and are scrubbed by a later erasure.
      const needles = [
        ...new Set([...brazilianVariants(row.phoneE164).map((p) => p.slice(1)), row.waId ?? '']),
      ].filter((n) => n.length >= 8);
      let rawScrubbed = 0;
      if (needles.length) {
        const raw = await tx
          .update(webhookEvents)
          .set({ body: Buffer.alloc(0), headers: {} })
          .where(
            and(
              notInArray(webhookEvents.state, ['pending', 'processing']),
              or(...needles.map((n) => sql`position(convert_to(${n}, 'UTF8') in ${webhookEvents.body}) > 0`)),
            ),
          )
          .returning({ id: webhookEvents.id });
        rawScrubbed = raw.length;
      }
      const erasedAt = new Date();
      await tx
        .update(contacts)
        .set({
          // phone is NOT NULL and unique per tenant: a placeholder that is no phone and no one's.
          phoneE164: `erased:${id}`,
          waId: null,
          name: null,
          email: null,
          cpfCnpj: null,
          tags: [],
          customFields: {},
          firstTouch: null,
          erasedAt,
          updatedAt: erasedAt,
        })
        .where(eq(contacts.id, id));
      const summary: ContactErasure = {
        id,
        erasedAt: erasedAt.toISOString(),
        messagesScrubbed: scrubbed,
        notesDeleted,
        mediaFilesDeleted: keys.length,
        conversationsKept: convIds.length,
      };
      await audit(tx, {
        action: 'contact.erased',
        targetType: 'contact',
        targetId: id,
        metadata: { ...summary, rawWebhookEventsScrubbed: rawScrubbed },
      });
      return { summary, keys };
    });
    let deleted = 0;
    for (const key of result.keys) {
      try {
        await this.storage?.delete(key);
        deleted++;
      } catch (err) {
        this.log.warn(
          { err, tenantId: ctx.tenantId, contactId: id },
          'erasure: a media file could not be deleted',
        );
      }
    }
    await this.#publish(ctx.tenantId, 'contact.erased', id);
    return { ...result.summary, mediaFilesDeleted: deleted };
  }

  /** `GET /contacts/export.csv`: streamed in pages, so any size of list uses constant memory. */
  exportCsv(q: ExportContactsQuery): Readable {
    const { tenantId } = requireContext();
    const sep = q.delimiter === 'semicolon' ? ';' : ',';
    const where = this.#filters(q);
    const database = this.database;
    async function* lines() {
      // UTF-8 BOM: Excel otherwise reads the file as the system code page and breaks accents.
      yield `\uFEFF${contactCsvColumns.join(sep)}\r\n`;
      let cursor: string | null = null;
      for (;;) {
        const after: string | null = cursor;
        const rows: ContactRow[] = await database.tenant(tenantId, (tx) =>
          tx
            .select()
            .from(contacts)
            .where(and(...where, after ? lt(contacts.id, after) : undefined))
            .orderBy(desc(contacts.id))
            .limit(500),
        );
        if (rows.length === 0) return;
        let chunk = '';
        for (const r of rows) {
          const v = toContactView(r);
          const cells: Record<(typeof contactCsvColumns)[number], string | null> = {
            id: v.id,
            phone: v.phone,
            name: v.name,
            email: v.email,
            cpfCnpj: v.cpfCnpj,
            tags: v.tags.join('|'),
            consent: v.consent,
            consentSource: v.consentSource,
            consentAt: v.consentAt,
            createdAt: v.createdAt,
          };
          chunk += `${contactCsvColumns.map((c) => csvField(cells[c], sep, c !== 'phone')).join(sep)}\r\n`;
        }
        yield chunk;
        cursor = rows.at(-1)?.id ?? null;
        if (rows.length < 500) return;
      }
    }
    return Readable.from(lines());
  }

  async #publish(tenantId: string, type: 'contact.updated' | 'contact.erased', id: string): Promise<void> {
    try {
      await this.realtime.publish(tenantId, { type, data: { id } });
    } catch (err) {
      // The change is committed; a missed event costs a refetch, not data.
      this.log.warn({ err, tenantId, type }, 'realtime publish failed');
    }
  }
}

const dedupe = (tags: string[]) => [...new Set(tags)];

/** Media facts worth exporting (no provider ids or storage paths). */
function pickMedia(media: Record<string, unknown>): Record<string, unknown> {
  const { mime, filename, size, sha256 } = media;
  return Object.fromEntries(
    Object.entries({ mime, filename, size, sha256 }).filter(([, v]) => v !== undefined),
  );
}
