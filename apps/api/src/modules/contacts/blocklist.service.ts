import { blocklistEntries, type Database } from '@conversa/db';
import {
  type BlocklistEntryView,
  type BlocklistPage,
  brazilianVariants,
  type CreateBlocklistEntryInput,
  type ListBlocklistQuery,
} from '@conversa/shared';
import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import { NotFoundError } from '../../common/errors.ts';
import { audit, inTenant, requireContext } from '../../common/tenancy.ts';
import { DATABASE } from '../../common/tokens.ts';
import { toBlocklistView } from './contacts.dto.ts';
import { BlocklistExistsError } from './contacts.errors.ts';
import { phoneOrFail } from './contacts.service.ts';

/** Numbers and taxpayer ids (CPF/CNPJ) nobody in the tenant may message (API.md "Contacts"). */
@Injectable()
export class BlocklistService {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async list(q: ListBlocklistQuery): Promise<BlocklistPage> {
    const where: SQL[] = [];
    const digits = q.q?.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
    if (digits) {
      where.push(
        or(
          sql`${blocklistEntries.phoneE164} like ${`%${digits}%`}`,
          sql`${blocklistEntries.cpfCnpj} like ${`%${digits}%`}`,
        ) as SQL,
      );
    }
    if (q.cursor) where.push(lt(blocklistEntries.id, q.cursor));
    const rows = await inTenant(this.database, (tx) =>
      tx
        .select()
        .from(blocklistEntries)
        .where(and(...where))
        .orderBy(desc(blocklistEntries.id))
        .limit(q.limit + 1),
    );
    const page = rows.slice(0, q.limit);
    return {
      items: page.map(toBlocklistView),
      nextCursor: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
    };
  }

  #match(target: { phone?: string; cpfCnpj?: string }): SQL {
    return target.phone
      ? inArray(blocklistEntries.phoneE164, brazilianVariants(target.phone))
      : eq(blocklistEntries.cpfCnpj, target.cpfCnpj as string);
  }

  async create(input: CreateBlocklistEntryInput): Promise<BlocklistEntryView> {
    const ctx = requireContext();
    const phone = input.phone !== undefined ? phoneOrFail(input.phone) : undefined;
    const target = phone ? { phone } : { cpfCnpj: input.cpfCnpj as string };
    return inTenant(this.database, async (tx) => {
      // Serialise adds of the same value in this tenant so two clicks make one entry (no unique index here).
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtext(${`blocklist:${ctx.tenantId}:${phone ?? input.cpfCnpj}`}))`,
      );
      const [existing] = await tx
        .select({ id: blocklistEntries.id })
        .from(blocklistEntries)
        .where(this.#match(target));
      if (existing) throw new BlocklistExistsError(existing.id, phone ? 'phone' : 'cpfCnpj');
      const [row] = await tx
        .insert(blocklistEntries)
        .values({
          tenantId: ctx.tenantId,
          phoneE164: phone ?? null,
          cpfCnpj: phone ? null : (input.cpfCnpj ?? null),
          reason: input.reason ?? null,
          createdBy: ctx.userId ?? null,
        })
        .returning();
      const entry = row as typeof blocklistEntries.$inferSelect;
      await audit(tx, {
        action: 'blocklist.added',
        targetType: 'blocklist_entry',
        targetId: entry.id,
        metadata: { kind: phone ? 'phone' : 'cpfCnpj' },
      });
      return toBlocklistView(entry);
    });
  }

  async remove(by: { id?: string; phone?: string; cpfCnpj?: string }): Promise<void> {
    const phone = by.phone !== undefined ? phoneOrFail(by.phone) : undefined;
    const where = by.id
      ? eq(blocklistEntries.id, by.id)
      : this.#match(phone ? { phone } : { cpfCnpj: by.cpfCnpj as string });
    await inTenant(this.database, async (tx) => {
      const gone = await tx.delete(blocklistEntries).where(where).returning({ id: blocklistEntries.id });
      if (gone.length === 0) throw new NotFoundError('Not on the blocklist');
      for (const g of gone)
        await audit(tx, { action: 'blocklist.removed', targetType: 'blocklist_entry', targetId: g.id });
    });
  }
}
