import { auditLogs, consentEvents, contacts, messages, notes, webhookEvents } from '@conversa/db';
import { contactDetailSchema, contactExportSchema, contactPageSchema } from '@conversa/shared';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/harness.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

describe('contacts and blocklist API', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let admin: string;
  let agent: string;
  let viewer: string;
  let other: string;
  let sandboxId: string;
  const call = (method: Method, url: string, who: string, payload?: object) =>
    t.inject({ method, url, headers: { cookie: who }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login();
    for (const [email, role] of [
      ['agent@c.dev', 'AGENT'],
      ['viewer@c.dev', 'VIEWER'],
    ] as const) {
      const r = await call('POST', '/api/v1/users', admin, {
        email,
        name: role,
        role,
        password: 'password-123',
      });
      expect(r.statusCode).toBe(201);
    }
    agent = await t.login('agent@c.dev', 'password-123');
    viewer = await t.login('viewer@c.dev', 'password-123');
    await call('POST', '/api/v1/tenants', admin, {
      name: 'Outra Loja',
      owner: { email: 'owner@outra.com', password: 'password-123' },
    });
    other = await t.login('owner@outra.com', 'password-123');
    sandboxId = (await call('GET', '/api/v1/channels', admin))
      .json()
      .items.find((c: { kind: string }) => c.kind === 'sandbox')?.id;
  });
  afterAll(() => t?.close());

  it('creates a contact with the phone in E.164, and refuses a duplicate with the existing id', async () => {
    const created = await call('POST', '/api/v1/contacts', agent, {
      phone: '(21) 99876-5432',
      name: 'João Silva',
      email: 'joao@example.com',
      tags: ['vip', 'vip', 'lead'],
      optIn: true,
      customFields: { plano: 'ouro' },
    });
    expect(created.statusCode).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({
      phone: '+5521998765432',
      name: 'João Silva',
      tags: ['vip', 'lead'],
      consent: 'opted_in',
      consentSource: 'manual',
      customFields: { plano: 'ouro' },
      erasedAt: null,
    });
    // Written another way, and without the ninth digit: the same person.
    for (const phone of ['+55 21 99876-5432', '5521998765432', '+55 21 9876-5432']) {
      const dup = await call('POST', '/api/v1/contacts', agent, { phone });
      expect(dup.statusCode).toBe(409);
      expect(dup.json()).toMatchObject({
        code: 'contact-exists',
        errors: [{ path: 'phone', code: 'contact-exists', params: { existingId: c.id } }],
      });
    }
    const events = await t.database.tenant(t.firstTenantId, (tx) =>
      tx.select().from(consentEvents).where(eq(consentEvents.contactId, c.id)),
    );
    expect(events).toMatchObject([{ state: 'opted_in', source: 'manual' }]);
  });

  it('answers 422 with a field error for an unusable phone, e-mail or CPF', async () => {
    const bad = await call('POST', '/api/v1/contacts', agent, { phone: '123' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({
      code: 'validation-failed',
      errors: [{ path: 'phone', code: 'phone-too-short', messageKey: 'validation.phoneTooShort' }],
    });
    const letters = await call('POST', '/api/v1/contacts', agent, { phone: 'abc' });
    expect(letters.json()).toMatchObject({ errors: [{ path: 'phone', code: 'phone-not-a-number' }] });
    const invalid = await call('POST', '/api/v1/contacts', agent, { phone: '+55 00 98765-4321' });
    expect(invalid.json()).toMatchObject({ status: 422, errors: [{ path: 'phone' }] });
    const fields = await call('POST', '/api/v1/contacts', agent, {
      phone: '11 98888-0000',
      email: 'nope',
      cpfCnpj: '111.111.111-11',
    });
    expect(fields.statusCode).toBe(422);
    expect(
      fields
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['cpfCnpj', 'email']);
  });

  it('lists with search, tag and consent filters and cursor pages; reads one; edits it', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await call('POST', '/api/v1/contacts', agent, {
        phone: `+55 11 97000-000${i}`,
        name: i % 2 ? `Ana ${i}` : `Bruno ${i}`,
        tags: i % 2 ? ['list-test', 'odd'] : ['list-test'],
        ...(i === 4 ? { optIn: false, optInSource: 'form' } : {}),
      });
      expect(r.statusCode).toBe(201);
      made.push(r.json().id);
    }
    const byTag = contactPageSchema.parse(
      (await call('GET', '/api/v1/contacts?tag=list-test&limit=2', viewer)).json(),
    );
    expect(byTag.items.map((c) => c.id)).toEqual([made[4], made[3]]);
    const rest = (
      await call('GET', `/api/v1/contacts?tag=list-test&limit=50&cursor=${byTag.nextCursor}`, viewer)
    ).json();
    expect(rest.items.map((c: { id: string }) => c.id)).toEqual([made[2], made[1], made[0]]);
    expect(rest.nextCursor).toBeNull();
    const odd = (await call('GET', '/api/v1/contacts?tag=odd', viewer)).json().items;
    expect(odd.map((c: { name: string }) => c.name).sort()).toEqual(['Ana 1', 'Ana 3']);
    expect((await call('GET', '/api/v1/contacts?q=bruno', viewer)).json().items).toHaveLength(3);
    expect((await call('GET', '/api/v1/contacts?q=970000003', viewer)).json().items).toMatchObject([
      { name: 'Ana 3' },
    ]);
    expect((await call('GET', '/api/v1/contacts?q=an%25_', viewer)).json().items).toEqual([]);
    const out = (await call('GET', '/api/v1/contacts?consent=opted_out&tag=list-test', viewer)).json().items;
    expect(out).toMatchObject([{ id: made[4], consentSource: 'form' }]);

    const detail = contactDetailSchema.parse(
      (await call('GET', `/api/v1/contacts/${made[0]}`, viewer)).json(),
    );
    expect(detail).toMatchObject({
      stats: { conversations: 0, messages: 0 },
      blocked: false,
      consentEvents: [],
    });

    const patched = await call('PATCH', `/api/v1/contacts/${made[0]}`, agent, {
      name: 'Bruno Zero',
      email: null,
      tags: ['x'],
      cpfCnpj: '529.982.247-25',
    });
    expect(patched.json()).toMatchObject({
      name: 'Bruno Zero',
      email: null,
      tags: ['x'],
      cpfCnpj: '52998224725',
    });
    const clash = await call('PATCH', `/api/v1/contacts/${made[0]}`, agent, { phone: '+55 11 97000-0001' });
    expect(clash.json()).toMatchObject({
      status: 409,
      code: 'contact-exists',
      errors: [{ params: { existingId: made[1] } }],
    });
    expect((await call('PATCH', `/api/v1/contacts/${made[0]}`, agent, {})).statusCode).toBe(422);
    expect((await call('GET', '/api/v1/contacts/not-a-uuid', viewer)).statusCode).toBe(422);
  });

  it('records opt-in and opt-out with their source as consent events, and audits them', async () => {
    const c = (await call('POST', '/api/v1/contacts', agent, { phone: '+55 31 98888-1111' })).json();
    expect(c.consent).toBe('unknown');
    const out = await call('POST', `/api/v1/contacts/${c.id}/opt-out`, agent, {
      source: 'whatsapp',
      note: 'replied SAIR',
    });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toMatchObject({ consent: 'opted_out', consentSource: 'whatsapp' });
    const back = await call('POST', `/api/v1/contacts/${c.id}/opt-in`, agent, { source: 'form' });
    expect(back.json()).toMatchObject({
      consent: 'opted_in',
      consentEvents: [
        { state: 'opted_in', source: 'form' },
        { state: 'opted_out', source: 'whatsapp' },
      ],
    });
    expect((await call('POST', `/api/v1/contacts/${c.id}/opt-in`, agent, {})).statusCode).toBe(422);
    expect((await call('POST', `/api/v1/contacts/${c.id}/opt-in`, viewer, { source: 'x' })).statusCode).toBe(
      403,
    );
    const audited = await t.database.tenant(t.firstTenantId, (tx) =>
      tx
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.targetId, c.id), eq(auditLogs.action, 'contact.opted_out'))),
    );
    expect(audited).toMatchObject([
      { metadata: { source: 'whatsapp', note: 'replied SAIR', previous: 'unknown' } },
    ]);
  });

  it('exports one contact with its conversations and messages, then erases it for real', async () => {
    const phone = '+5511987650001';
    const sim = await call('POST', `/api/v1/channels/${sandboxId}/simulate`, admin, {
      from: phone,
      name: 'Carla Souza',
      text: 'Meu CPF é 529.982.247-25, pode anotar?',
    });
    expect(sim.statusCode).toBe(202);
    const contact = await t.until(async () => {
      const items = (await call('GET', '/api/v1/contacts?q=987650001', admin)).json().items;
      const found = items[0];
      if (!found) return null;
      const d = (await call('GET', `/api/v1/contacts/${found.id}`, admin)).json();
      return d.stats.messages > 0 ? d : null;
    }, 'the simulated message');
    expect(contact).toMatchObject({ phone, name: 'Carla Souza', stats: { conversations: 1, messages: 1 } });
    const conversationId = (await call('GET', `/api/v1/conversations?channelId=${sandboxId}`, admin))
      .json()
      .items.find((c: { contact: { id: string } }) => c.contact.id === contact.id)?.id;
    await t.database.tenant(t.firstTenantId, (tx) =>
      tx
        .insert(notes)
        .values({ tenantId: t.firstTenantId, contactId: contact.id, text: 'Carla prefers mornings' }),
    );
    await call('PATCH', `/api/v1/contacts/${contact.id}`, admin, {
      email: 'carla@example.com',
      tags: ['vip'],
    });
    await call('POST', `/api/v1/contacts/${contact.id}/opt-out`, admin, { source: 'whatsapp' });

    expect((await call('GET', `/api/v1/contacts/${contact.id}/export`, agent)).statusCode).toBe(403);
    const exported = contactExportSchema.parse(
      (await call('GET', `/api/v1/contacts/${contact.id}/export`, admin)).json(),
    );
    expect(exported.contact).toMatchObject({ phone, email: 'carla@example.com' });
    expect(exported.conversations).toMatchObject([
      {
        id: conversationId,
        messages: [{ direction: 'inbound', text: 'Meu CPF é 529.982.247-25, pode anotar?' }],
      },
    ]);
    expect(exported.conversations[0]?.tickets).toHaveLength(1);
    expect(exported.notes).toMatchObject([{ text: 'Carla prefers mornings' }]);
    expect(exported.consentEvents).toMatchObject([{ state: 'opted_out', source: 'whatsapp' }]);

    const rawCount = () =>
      t.database.tenant(t.firstTenantId, (tx) =>
        tx
          .select({ n: sql<number>`count(*)::int` })
          .from(webhookEvents)
          .where(sql`position(convert_to('987650001', 'UTF8') in ${webhookEvents.body}) > 0`),
      );
    expect((await rawCount())[0]?.n).toBeGreaterThan(0);
    expect((await call('DELETE', `/api/v1/contacts/${contact.id}`, agent)).statusCode).toBe(403);
    const erased = await call('DELETE', `/api/v1/contacts/${contact.id}`, admin);
    expect(erased.statusCode).toBe(200);
    expect(erased.json()).toMatchObject({
      id: contact.id,
      messagesScrubbed: 1,
      notesDeleted: 1,
      conversationsKept: 1,
    });

    // The rows themselves: nothing personal left, counts and consent kept.
    const [row] = await t.database.tenant(t.firstTenantId, (tx) =>
      tx.select().from(contacts).where(eq(contacts.id, contact.id)),
    );
    expect(row).toMatchObject({
      name: null,
      email: null,
      waId: null,
      cpfCnpj: null,
      tags: [],
      customFields: {},
      firstTouch: null,
      consent: 'opted_out',
    });
    expect(row?.phoneE164).not.toContain('987650001');
    expect(row?.erasedAt).toBeInstanceOf(Date);
    const msgs = await t.database.tenant(t.firstTenantId, (tx) =>
      tx.select().from(messages).where(eq(messages.conversationId, conversationId)),
    );
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({ text: null, payload: null, media: null, direction: 'inbound' });
    const leftNotes = await t.database.tenant(t.firstTenantId, (tx) =>
      tx.select().from(notes).where(eq(notes.contactId, contact.id)),
    );
    expect(leftNotes).toEqual([]);
    const raw = await t.database.tenant(t.firstTenantId, (tx) =>
      tx
        .select({ n: sql<number>`count(*)::int` })
        .from(webhookEvents)
        .where(sql`position(convert_to('987650001', 'UTF8') in ${webhookEvents.body}) > 0`),
    );
    expect(raw[0]?.n).toBe(0);
    const everything = JSON.stringify(
      await call('GET', `/api/v1/contacts/${contact.id}/export`, admin).then((r) => r.json()),
    );
    for (const secret of ['Carla', '987650001', 'carla@example.com', '529.982', 'mornings']) {
      expect(everything).not.toContain(secret);
    }
    const consent = await t.database.tenant(t.firstTenantId, (tx) =>
      tx.select().from(consentEvents).where(eq(consentEvents.contactId, contact.id)),
    );
    expect(consent).toMatchObject([{ state: 'opted_out', source: 'whatsapp' }]);
    const [entry] = await t.database.tenant(t.firstTenantId, (tx) =>
      tx
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.targetId, contact.id), eq(auditLogs.action, 'contact.erased'))),
    );
    expect(entry?.metadata).toMatchObject({ messagesScrubbed: 1, conversationsKept: 1 });
    expect(JSON.stringify(entry?.metadata)).not.toContain('987650001');
    // Erased contacts leave the list, cannot change, and the phone is free again.
    expect((await call('GET', '/api/v1/contacts?q=987650001', admin)).json().items).toEqual([]);
    expect(
      (await call('PATCH', `/api/v1/contacts/${contact.id}`, admin, { name: 'x' })).json(),
    ).toMatchObject({
      status: 409,
      code: 'contact-erased',
    });
    expect((await call('DELETE', `/api/v1/contacts/${contact.id}`, admin)).statusCode).toBe(200);
    expect((await call('POST', '/api/v1/contacts', admin, { phone })).statusCode).toBe(201);
  });

  it('streams the filtered list as CSV with a BOM and a header row', async () => {
    await call('POST', '/api/v1/contacts', agent, {
      phone: '+55 41 99999-0001',
      name: 'Zé, "o Mané"',
      tags: ['csv'],
    });
    await call('POST', '/api/v1/contacts', agent, {
      phone: '+55 41 99999-0002',
      name: '=HYPERLINK("x")',
      tags: ['csv'],
    });
    expect((await call('GET', '/api/v1/contacts/export.csv?tag=csv', agent)).statusCode).toBe(403);
    const res = await call('GET', '/api/v1/contacts/export.csv?tag=csv', admin);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('id,phone,name,email,cpfCnpj,tags,consent,consentSource,consentAt,createdAt');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`+5541999990002,"'=HYPERLINK(""x"")"`);
    expect(lines[2]).toContain(`+5541999990001,"Zé, ""o Mané"""`);
    const semi = await call('GET', '/api/v1/contacts/export.csv?tag=csv&delimiter=semicolon', admin);
    expect(semi.body.split('\r\n')[0]).toBe(
      '\uFEFFid;phone;name;email;cpfCnpj;tags;consent;consentSource;consentAt;createdAt',
    );
    // Larger than one page of the stream.
    for (let i = 0; i < 520; i++) {
      await t.database.tenant(t.firstTenantId, (tx) =>
        tx.insert(contacts).values({
          tenantId: t.firstTenantId,
          phoneE164: `+55419${String(i).padStart(8, '0')}`,
          tags: ['bulk'],
        }),
      );
    }
    const bulk = await call('GET', '/api/v1/contacts/export.csv?tag=bulk', admin);
    expect(bulk.body.trimEnd().split('\r\n')).toHaveLength(521);
  });

  it('blocks by phone or CPF/CNPJ, validating check digits, and unblocks', async () => {
    const byPhone = await call('POST', '/api/v1/blocklist', agent, {
      phone: '(11) 91234-5678',
      reason: 'abuse',
    });
    expect(byPhone.statusCode).toBe(201);
    expect(byPhone.json()).toMatchObject({ phone: '+5511912345678', cpfCnpj: null, reason: 'abuse' });
    const dup = await call('POST', '/api/v1/blocklist', agent, { phone: '5511912345678' });
    expect(dup.json()).toMatchObject({
      status: 409,
      code: 'blocklist-exists',
      errors: [{ params: { existingId: byPhone.json().id } }],
    });
    const cpf = await call('POST', '/api/v1/blocklist', agent, { cpfCnpj: '529.982.247-25' });
    expect(cpf.json()).toMatchObject({ cpfCnpj: '52998224725', phone: null });
    const cnpj = await call('POST', '/api/v1/blocklist', agent, { cpfCnpj: '11.222.333/0001-81' });
    expect(cnpj.statusCode).toBe(201);
    const alnum = await call('POST', '/api/v1/blocklist', agent, { cpfCnpj: '12.ABC.345/01DE-35' });
    expect(alnum.json()).toMatchObject({ cpfCnpj: '12ABC34501DE35' });
    for (const bad of ['529.982.247-24', '11.222.333/0001-82', '111.111.111-11', '123']) {
      const r = await call('POST', '/api/v1/blocklist', agent, { cpfCnpj: bad });
      expect(r.statusCode).toBe(422);
      expect(r.json().errors[0].path).toBe('cpfCnpj');
    }
    expect(
      (await call('POST', '/api/v1/blocklist', agent, { phone: '11912345678', cpfCnpj: '52998224725' }))
        .statusCode,
    ).toBe(422);
    expect((await call('POST', '/api/v1/blocklist', agent, {})).statusCode).toBe(422);
    expect((await call('POST', '/api/v1/blocklist', viewer, { phone: '+5511912340000' })).statusCode).toBe(
      403,
    );

    const listed = (await call('GET', '/api/v1/blocklist?q=52998224725', agent)).json();
    expect(listed.items).toMatchObject([{ cpfCnpj: '52998224725' }]);
    expect((await call('GET', '/api/v1/blocklist', agent)).json().items).toHaveLength(4);
    // A contact with a blocked phone shows as blocked.
    const c = (await call('POST', '/api/v1/contacts', agent, { phone: '+5511912345678' })).json();
    expect((await call('GET', `/api/v1/contacts/${c.id}`, agent)).json().blocked).toBe(true);

    expect((await call('DELETE', '/api/v1/blocklist?cpfCnpj=52998224725', agent)).statusCode).toBe(403);
    expect((await call('DELETE', '/api/v1/blocklist?cpfCnpj=529.982.247-25', admin)).statusCode).toBe(204);
    expect((await call('DELETE', '/api/v1/blocklist?cpfCnpj=529.982.247-25', admin)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/blocklist/${byPhone.json().id}`, admin)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/contacts/${c.id}`, agent)).json().blocked).toBe(false);
  });

  it("keeps tenants apart: another tenant's contacts and entries are invisible and answer 404", async () => {
    const mine = (
      await call('POST', '/api/v1/contacts', admin, { phone: '+55 51 98765-1111', name: 'Only Mine' })
    ).json();
    const entry = (await call('POST', '/api/v1/blocklist', admin, { phone: '+55 51 98765-2222' })).json();
    expect((await call('GET', `/api/v1/contacts/${mine.id}`, other)).statusCode).toBe(404);
    expect((await call('PATCH', `/api/v1/contacts/${mine.id}`, other, { name: 'x' })).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/contacts/${mine.id}`, other)).statusCode).toBe(404);
    expect(
      (await call('POST', `/api/v1/contacts/${mine.id}/opt-out`, other, { source: 'x' })).statusCode,
    ).toBe(404);
    expect((await call('GET', `/api/v1/contacts/${mine.id}/export`, other)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/blocklist/${entry.id}`, other)).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/contacts', other)).json().items).toEqual([]);
    expect((await call('GET', '/api/v1/blocklist', other)).json().items).toEqual([]);
    expect(
      (await call('GET', '/api/v1/contacts/export.csv', other)).body.trimEnd().split('\r\n'),
    ).toHaveLength(1);
    // The same phone is a different contact in the other tenant, not a duplicate.
    expect((await call('POST', '/api/v1/contacts', other, { phone: '+55 51 98765-1111' })).statusCode).toBe(
      201,
    );
    expect((await t.inject({ method: 'GET', url: '/api/v1/contacts' })).statusCode).toBe(401);
  });
});
