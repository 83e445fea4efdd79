import { createTestDatabase } from '@conversa/testkit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from './database.ts';
import * as s from './schema/index.ts';
import { uuidv7 } from './uuidv7.ts';

/** One row in every tenant-owned table for a tenant; a new table must get a line here (the test says so). */
async function seedTenant(tx: Tx, name: string): Promise<{ tenantId: string; rows: Record<string, string> }> {
  const [tenant] = await tx.insert(s.tenants).values({ name, slug: name }).returning();
  const tenantId = tenant!.id;
  const [user] = await tx
    .insert(s.users)
    .values({ email: `${name}@example.com`, passwordHash: 'x' })
    .returning();
  const one = async <T extends { id: string }>(q: Promise<T[]>) => (await q)[0]!.id;
  const rows: Record<string, string> = {};
  rows.memberships = await one(
    tx.insert(s.memberships).values({ tenantId, userId: user!.id, role: 'OWNER' }).returning(),
  );
  rows.sessions = await one(
    tx
      .insert(s.sessions)
      .values({ tenantId, userId: user!.id, tokenHash: uuidv7(), expiresAt: new Date(Date.now() + 3600_000) })
      .returning(),
  );
  rows.api_keys = await one(
    tx.insert(s.apiKeys).values({ tenantId, name: 'k', prefix: name, secretHash: 'h' }).returning(),
  );
  rows.audit_logs = await one(
    tx
      .insert(s.auditLogs)
      .values({ tenantId, actorType: 'system', action: 'x', targetType: 'x' })
      .returning(),
  );
  rows.channels = await one(
    tx
      .insert(s.channels)
      .values({ tenantId, kind: 'sandbox', name, credentials: 'c', webhookSecret: 'w' })
      .returning(),
  );
  rows.contacts = await one(
    tx.insert(s.contacts).values({ tenantId, phoneE164: '+5511987654321' }).returning(),
  );
  rows.consent_events = await one(
    tx
      .insert(s.consentEvents)
      .values({ tenantId, contactId: rows.contacts, state: 'opted_in', source: 'test' })
      .returning(),
  );
  rows.blocklist_entries = await one(
    tx.insert(s.blocklistEntries).values({ tenantId, phoneE164: '+5511911111111' }).returning(),
  );
  rows.departments = await one(tx.insert(s.departments).values({ tenantId, name: 'Sales' }).returning());
  rows.department_members = await one(
    tx
      .insert(s.departmentMembers)
      .values({ tenantId, departmentId: rows.departments, userId: user!.id })
      .returning(),
  );
  rows.conversations = await one(
    tx
      .insert(s.conversations)
      .values({ tenantId, contactId: rows.contacts, channelId: rows.channels })
      .returning(),
  );
  rows.tickets = await one(
    tx.insert(s.tickets).values({ tenantId, conversationId: rows.conversations }).returning(),
  );
  rows.messages = await one(
    tx
      .insert(s.messages)
      .values({
        tenantId,
        conversationId: rows.conversations,
        channelId: rows.channels,
        direction: 'inbound',
        senderType: 'contact',
        type: 'text',
        text: 'oi',
        status: 'received',
      })
      .returning(),
  );
  rows.orphan_statuses = await one(
    tx
      .insert(s.orphanStatuses)
      .values({
        tenantId,
        channelId: rows.channels,
        providerMessageId: `wamid.${name}`,
        status: 'sent',
        occurredAt: new Date(),
      })
      .returning(),
  );
  rows.message_counts = await one(
    tx
      .insert(s.messageCounts)
      .values({ tenantId, slot: new Date('2026-01-01T00:00:00Z'), inbound: 1 })
      .returning(),
  );
  rows.ticket_day_stats = await one(
    tx
      .insert(s.ticketDayStats)
      .values({
        tenantId,
        timezone: 'America/Sao_Paulo',
        day: '2026-01-01',
        startsAt: new Date('2026-01-01T03:00:00Z'),
        endsAt: new Date('2026-01-02T03:00:00Z'),
        totals: { opened: 1, resolved: 0, outcomes: {}, waits: {}, agents: {} },
      })
      .returning(),
  );
  rows.notes = await one(
    tx.insert(s.notes).values({ tenantId, conversationId: rows.conversations, text: 'n' }).returning(),
  );
  rows.handoffs = await one(
    tx.insert(s.handoffs).values({ tenantId, ticketId: rows.tickets, reason: 'r' }).returning(),
  );
  rows.webhook_events = await one(
    tx
      .insert(s.webhookEvents)
      .values({
        tenantId,
        channelId: rows.channels,
        provider: 'sandbox',
        dedupeKey: name,
        body: Buffer.from('{}'),
      })
      .returning(),
  );
  rows.templates = await one(
    tx
      .insert(s.templates)
      .values({
        tenantId,
        channelId: rows.channels,
        name: 'welcome',
        language: 'pt_BR',
        category: 'UTILITY',
        components: [],
      })
      .returning(),
  );
  rows.template_events = await one(
    tx.insert(s.templateEvents).values({ tenantId, templateId: rows.templates, status: 'DRAFT' }).returning(),
  );
  rows.notifications = await one(
    tx
      .insert(s.notifications)
      .values({ tenantId, userId: user!.id, kind: 'template.paused', severity: 'warning' })
      .returning(),
  );
  return { tenantId, rows };
}

const errorCode = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'no error';
  } catch (e) {
    const err = e as { code?: string; cause?: { code?: string } };
    return err.cause?.code ?? err.code ?? String(e);
  }
};

describe('row-level security (through the app role)', () => {
  let database: Database;
  let a: Awaited<ReturnType<typeof seedTenant>>;
  let b: Awaited<ReturnType<typeof seedTenant>>;
  let tables: string[];

  beforeAll(async () => {
    database = await createTestDatabase();
    a = await database.system((tx) => seedTenant(tx, 'alpha'));
    b = await database.system((tx) => seedTenant(tx, 'beta'));
    const r = await database.execute(
      `select c.table_name as t from information_schema.columns c join information_schema.tables t
         on t.table_schema = c.table_schema and t.table_name = c.table_name
       where c.table_schema = 'public' and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE' order by 1`,
      [],
    );
    tables = r.rows.map((x) => String(x.t));
  });
  afterAll(() => database?.close());

  it('finds the tenant-owned tables, and each has a fixture row', () => {
    expect(tables.length).toBeGreaterThanOrEqual(18);
    const missing = tables.filter((t) => !(t in a.rows));
    expect(missing, `add these tables to seedTenant() in rls.test.ts: ${missing.join(', ')}`).toEqual([]);
  });

  it('has row-level security enabled on every one of them', async () => {
    const r = await database.execute(
      `select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' and relrowsecurity`,
      [],
    );
    const enabled = new Set(r.rows.map((x) => String(x.relname)));
    expect(tables.filter((t) => !enabled.has(t))).toEqual([]);
  });

  it('lets a tenant read and change its own rows (a dropped policy breaks this)', async () => {
    for (const t of tables) {
      const mine = await database.tenant(a.tenantId, (tx) =>
        tx.execute(sql`select count(*)::int as n from ${sql.identifier(t)} where id = ${a.rows[t]}`),
      );
      expect(mine.rows[0], `${t}: own row must be visible`).toEqual({ n: 1 });
      const updated = await database.tenant(a.tenantId, (tx) =>
        tx.execute(
          sql`update ${sql.identifier(t)} set tenant_id = tenant_id where id = ${a.rows[t]} returning id`,
        ),
      );
      expect(updated.rows.length, `${t}: own row must be updatable`).toBe(1);
    }
  });

  it("hides another tenant's rows from reads, updates and deletes", async () => {
    for (const t of tables) {
      const seen = await database.tenant(a.tenantId, (tx) =>
        tx.execute(sql`select count(*)::int as n from ${sql.identifier(t)} where tenant_id = ${b.tenantId}`),
      );
      expect(seen.rows[0], `${t}: other tenant's rows must be invisible`).toEqual({ n: 0 });
      const upd = await database.tenant(a.tenantId, (tx) =>
        tx.execute(
          sql`update ${sql.identifier(t)} set tenant_id = tenant_id where id = ${b.rows[t]} returning id`,
        ),
      );
      expect(upd.rows.length, `${t}: other tenant's row must not be updatable`).toBe(0);
      const del = await database.tenant(a.tenantId, (tx) =>
        tx.execute(sql`delete from ${sql.identifier(t)} where id = ${b.rows[t]} returning id`),
      );
      expect(del.rows.length, `${t}: other tenant's row must not be deletable`).toBe(0);
    }
    // Still there: nothing above touched them.
    for (const t of tables) {
      const r = await database.system((tx) =>
        tx.execute(sql`select count(*)::int as n from ${sql.identifier(t)} where id = ${b.rows[t]}`),
      );
      expect(r.rows[0], t).toEqual({ n: 1 });
    }
  });

  it('refuses writing rows into another tenant (42501)', async () => {
    for (const t of tables) {
      // Move an own row to the other tenant…
      const moved = await errorCode(
        database.tenant(a.tenantId, (tx) =>
          tx.execute(sql`update ${sql.identifier(t)} set tenant_id = ${b.tenantId} where id = ${a.rows[t]}`),
        ),
      );
      expect(moved, `${t}: moving a row to another tenant`).toBe('42501');
      // …or insert a copy of an own row labelled with the other tenant.
      const inserted = await errorCode(
        database.tenant(a.tenantId, (tx) =>
          tx.execute(sql`insert into ${sql.identifier(t)}
            select (json_populate_record(null::${sql.identifier(t)},
              (select to_jsonb(x) || jsonb_build_object('id', ${uuidv7()}::uuid, 'tenant_id', ${b.tenantId}::uuid) from ${sql.identifier(t)} x where id = ${a.rows[t]})::json)).*`),
        ),
      );
      expect(inserted, `${t}: inserting with another tenant's id`).toBe('42501');
    }
  });

  it('shows nothing when no tenant is set', async () => {
    for (const t of tables) {
      const r = await database.system(async (tx) => {
        await tx.execute(sql`set local role app_user`);
        return tx.execute(sql`select count(*)::int as n from ${sql.identifier(t)}`);
      });
      expect(r.rows[0], t).toEqual({ n: 0 });
    }
  });

  it('shows a tenant only its own tenant row and its own members', async () => {
    const r = await database.tenant(a.tenantId, async (tx) => ({
      tenants: await tx.select({ id: s.tenants.id }).from(s.tenants),
      users: await tx.select({ email: s.users.email }).from(s.users),
    }));
    expect(r.tenants).toEqual([{ id: a.tenantId }]);
    expect(r.users).toEqual([{ email: 'alpha@example.com' }]);
  });

  it('keeps system-only tables closed to the app role', async () => {
    const code = await errorCode(
      database.tenant(a.tenantId, (tx) => tx.execute(sql`select count(*) from auth_failures`)),
    );
    expect(code).toBe('42501');
  });
});
