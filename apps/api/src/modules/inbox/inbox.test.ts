import {
  auditLogs,
  contacts,
  conversations,
  handoffs,
  memberships,
  messages,
  notifications,
  tickets,
} from '@conversa/db';
import type { ConversationView } from '@conversa/shared';
import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveredRealtimeEvent } from '../../drivers/realtime/realtime.port.ts';
import { createTestApp } from '../../test/harness.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

describe('inbox: list, tickets, assignment, departments', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let sandboxId: string;
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const events: DeliveredRealtimeEvent[] = [];
  let phoneSeq = 0;

  const call = (who: string, method: Method, url: string, payload?: object) =>
    t.inject({ method, url, payload, headers: { cookie: cookies[who]! } });
  const ok = async (who: string, method: Method, url: string, payload?: object) => {
    const res = await call(who, method, url, payload);
    if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const db = <T>(fn: Parameters<typeof t.database.tenant<T>>[1]) => t.database.tenant(t.firstTenantId, fn);

  /** A new customer writes to the sandbox number; resolves once the conversation is listed. */
  const customerWrites = async (text: string, phone?: string, name?: string): Promise<ConversationView> => {
    const from = phone ?? `+55119${String(++phoneSeq).padStart(8, '0')}`;
    const res = await call('admin', 'POST', `/api/v1/channels/${sandboxId}/simulate`, { from, name, text });
    expect(res.statusCode).toBe(202);
    const digits = from.replace(/\D/g, '');
    return t.until(async () => {
      const items: ConversationView[] = (
        await ok('admin', 'GET', `/api/v1/conversations?channelId=${sandboxId}&q=${digits}`)
      ).items;
      const c = items.find((i) => i.contact.phone === from);
      return c && c.lastMessage?.text === text ? c : undefined;
    }, `conversation of ${from}`);
  };
  const view = (id: string): Promise<ConversationView> => ok('admin', 'GET', `/api/v1/conversations/${id}`);
  const available = (who: string, v: boolean) =>
    ok(who, 'PUT', '/api/v1/users/me/availability', { available: v });
  const settings = (body: object) => ok('admin', 'PUT', '/api/v1/inbox/settings', body);
  const auditOf = (action: string, targetId: string) =>
    db((tx) =>
      tx
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.action, action), eq(auditLogs.targetId, targetId))),
    );

  beforeAll(async () => {
    t = await createTestApp();
    cookies.admin = await t.login();
    sandboxId = (await ok('admin', 'GET', '/api/v1/channels')).items.find(
      (c: { kind: string }) => c.kind === 'sandbox',
    ).id;
    for (const [who, role] of [
      ['manager', 'MANAGER'],
      ['a1', 'AGENT'],
      ['a2', 'AGENT'],
      ['a3', 'AGENT'],
      ['viewer', 'VIEWER'],
    ] as const) {
      const m = await ok('admin', 'POST', '/api/v1/users', {
        email: `${who}@inbox.test`,
        name: who.toUpperCase(),
        role,
        password: `${who}-password`,
      });
      ids[who] = m.id;
      cookies[who] = await t.login(`${who}@inbox.test`, `${who}-password`);
    }
    ids.admin = (await ok('admin', 'GET', '/api/v1/auth/me')).user.id;
    // Only the three agents take conversations automatically; a3 starts away.
    await available('admin', false);
    await available('manager', false);
    await available('a3', false);
    t.realtime.subscribe(t.firstTenantId, (e) => events.push(e));
  });
  afterAll(() => t?.close());

  it('round robin skips unavailable agents and respects capacity; the backlog drains oldest first', async () => {
    await settings({ autoAssign: true, maxOpenPerAgent: 1 });
    const c1 = await customerWrites('primeira');
    const c2 = await customerWrites('segunda');
    const c3 = await customerWrites('terceira');
    const c4 = await customerWrites('quarta');
    const assignees = [c1, c2].map((c) => c.assignee?.id).sort();
    expect(assignees).toEqual([ids.a1, ids.a2].sort());
    expect([c1.queue, c2.queue]).toEqual(['human', 'human']);
    // Both have one open ticket (capacity 1) and a3 is away: c3 and c4 wait, unassigned.
    expect(c3.assignee).toBeNull();
    expect(c4.assignee).toBeNull();
    expect(c3.queue).toBe('pending');
    expect((await auditOf('ticket.assigned', c1.ticket!.id))[0]?.metadata).toMatchObject({ auto: true });

    // a3 comes back: takes the oldest waiting ticket (c3), not c4.
    await available('a3', true);
    expect((await view(c3.id)).assignee?.id).toBe(ids.a3);
    expect((await view(c4.id)).assignee).toBeNull();

    // c1's agent resolves it: the freed slot takes c4.
    const c1Agent = c1.assignee!.id === ids.a1 ? 'a1' : 'a2';
    const resolved = await ok(c1Agent, 'POST', `/api/v1/conversations/${c1.id}/resolve`, { outcome: 'sale' });
    expect(resolved).toMatchObject({ status: 'RESOLVED', ticket: { status: 'RESOLVED', outcome: 'sale' } });
    expect((await view(c4.id)).assignee?.id).toBe(ids[c1Agent]);
    // Everyone is full again: settings back to roomy for the next tests.
    await settings({ maxOpenPerAgent: 50 });
  });

  it('counts the views and filters by assignee, queue, status, department and tag', async () => {
    const counts = await ok('a1', 'GET', '/api/v1/conversations/counts');
    const mineA1 = (await ok('a1', 'GET', '/api/v1/conversations?assignee=me&status=active')).items;
    expect(counts.mine.open).toBe(mineA1.length);
    expect(mineA1.every((c: ConversationView) => c.assignee?.id === ids.a1)).toBe(true);
    const all = (await ok('a1', 'GET', '/api/v1/conversations?status=active&limit=200')).items;
    expect(counts.all.open).toBe(all.length);
    expect(counts.all.unread).toBe(all.filter((c: ConversationView) => c.unreadCount > 0).length);
    const perAgent = (await ok('manager', 'GET', `/api/v1/conversations?assignee=${ids.a3}`)).items;
    expect(perAgent.length).toBeGreaterThan(0);
    expect(perAgent.every((c: ConversationView) => c.assignee?.id === ids.a3)).toBe(true);
    const resolved = (await ok('a1', 'GET', '/api/v1/conversations?status=RESOLVED')).items;
    expect(resolved.length).toBeGreaterThan(0);
    expect(resolved.every((c: ConversationView) => c.status === 'RESOLVED')).toBe(true);
    expect((await ok('a1', 'GET', '/api/v1/conversations?queue=ai')).items).toEqual([]);

    const tagged = await customerWrites('quero um orçamento');
    await db((tx) =>
      tx
        .update(contacts)
        .set({ tags: ['vip', 'sp'] })
        .where(eq(contacts.id, tagged.contact.id)),
    );
    const byTag = (await ok('a1', 'GET', '/api/v1/conversations?tag=vip')).items;
    expect(byTag.map((c: ConversationView) => c.id)).toEqual([tagged.id]);
    expect(byTag[0].tags).toEqual(['vip', 'sp']);

    const bad = await call('a1', 'GET', '/api/v1/conversations?queue=robots&cursor=zzz');
    expect(bad.statusCode).toBe(422);
  });

  it('searches name, number in any format and message text', async () => {
    const c = await customerWrites('Tem o modelo XPTO-4471 em estoque?', '+5521987650011', 'Joana Prado');
    await customerWrites('outra coisa', '+5521987650022', 'Pedro');
    const search = async (q: string) =>
      (await ok('a1', 'GET', `/api/v1/conversations?q=${encodeURIComponent(q)}`)).items.map(
        (i: ConversationView) => i.id,
      );
    expect(await search('joana')).toEqual([c.id]);
    expect(await search('(21) 98765-0011')).toEqual([c.id]);
    expect(await search('xpto-4471')).toEqual([c.id]);
    expect(await search('estoque')).toContain(c.id);
    expect(await search('100%_nada')).toEqual([]);
  });

  it("names who wrote the last message in the list: the agent's reply, nobody for the customer", async () => {
    const c = await customerWrites('vocês têm o tamanho 42?');
    expect(c.lastMessage).toMatchObject({ direction: 'inbound', sender: null });
    const agent = Object.keys(ids).find((k) => ids[k] === c.assignee?.id) ?? 'admin';
    const before = events.length;
    const sent = await ok(agent, 'POST', `/api/v1/conversations/${c.id}/messages`, {
      type: 'text',
      text: 'Temos sim, no preto e no azul',
    });
    const listed = async () =>
      (
        (await ok('viewer', 'GET', `/api/v1/conversations?channelId=${sandboxId}&limit=200`))
          .items as ConversationView[]
      ).find((i) => i.id === c.id);
    const sender = { id: ids[agent], name: agent.toUpperCase() };
    expect((await listed())?.lastMessage).toMatchObject({ id: sent.id, direction: 'outbound', sender });
    expect((await view(c.id)).lastMessage).toMatchObject({ id: sent.id, sender });
    // The realtime message carries it too, so a live list item has it without a refetch.
    expect(
      events
        .slice(before)
        .some(
          (e) =>
            e.type === 'message.created' &&
            (e.data as { message: { id: string; sender?: unknown } }).message.id === sent.id &&
            (e.data as { message: { sender?: unknown } }).message.sender !== undefined,
        ),
    ).toBe(true);

    // The customer answers: the last message is theirs again, with no sender.
    await customerWrites('ótimo, vou querer o azul', c.contact.phone);
    expect((await listed())?.lastMessage).toMatchObject({
      text: 'ótimo, vou querer o azul',
      direction: 'inbound',
      sender: null,
    });
  });

  it('pages with a keyset cursor, newest activity first, without gaps or repeats (equal times too)', async () => {
    // Many conversations on one channel, several sharing the same microsecond.
    const channel = (await ok('admin', 'POST', '/api/v1/channels', { kind: 'sandbox', name: 'Paging' })).id;
    const base = Date.UTC(2024, 0, 1);
    await db(async (tx) => {
      for (let i = 0; i < 23; i++) {
        const [ct] = await tx
          .insert(contacts)
          .values({ tenantId: t.firstTenantId, phoneE164: `+55319${String(i).padStart(8, '0')}` })
          .returning();
        const at = sql`(${new Date(base + Math.floor(i / 3) * 60_000).toISOString()}::timestamptz + interval '123 microseconds')`;
        await tx.insert(conversations).values({
          tenantId: t.firstTenantId,
          contactId: ct!.id,
          channelId: channel,
          lastMessageAt: at as unknown as Date,
        });
      }
    });
    const seen: ConversationView[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: ConversationView[]; nextCursor: string | null } = await ok(
        'a1',
        'GET',
        `/api/v1/conversations?channelId=${channel}&limit=5${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(5);
    expect(seen).toHaveLength(23);
    expect(new Set(seen.map((s) => s.id)).size).toBe(23);
    const keys = seen.map((s) => `${s.lastMessageAt}|${s.id}`);
    expect([...keys].sort().reverse()).toEqual(keys);
    expect(seen.every((s) => s.status === null && s.ticket === null)).toBe(true);
  });

  it('assign, handoff, follow-up, resolve and reopen: audited, published, notified to the department only', async () => {
    const sales = await ok('manager', 'POST', '/api/v1/departments', {
      name: 'Vendas',
      memberIds: [ids.a1, ids.a2],
      businessHours: { mon: [['08:00', '18:00']] },
      quickReplies: [{ shortcut: 'preco', text: 'Nossos preços…' }],
    });
    expect(sales.members.map((m: { id: string }) => m.id).sort()).toEqual([ids.a1, ids.a2].sort());
    const c = await customerWrites('preciso de ajuda');
    // Manual assignment by a manager to a3, then a3 hands off to Vendas with nobody taking it automatically.
    const assigned = await ok('manager', 'POST', `/api/v1/conversations/${c.id}/assign`, { userId: ids.a3 });
    expect(assigned.assignee).toEqual({ id: ids.a3, name: 'A3' });
    await settings({ autoAssign: false });
    const before = events.length;
    const handed = await ok('a3', 'POST', `/api/v1/conversations/${c.id}/handoff`, {
      reason: 'Cliente quer negociar preço',
      toDepartmentId: sales.id,
      note: 'Já enviei o catálogo',
    });
    await settings({ autoAssign: true });
    expect(handed).toMatchObject({
      queue: 'human',
      assignee: null,
      department: { id: sales.id, name: 'Vendas' },
    });
    const [h] = await db((tx) => tx.select().from(handoffs).where(eq(handoffs.ticketId, c.ticket!.id)));
    expect(h).toMatchObject({
      reason: 'Cliente quer negociar preço',
      fromUserId: ids.a3,
      toDepartmentId: sales.id,
    });
    const notified = await db((tx) =>
      tx
        .select({ userId: notifications.userId })
        .from(notifications)
        .where(and(eq(notifications.kind, 'ticket.handoff'), eq(notifications.link, `/inbox/${c.id}`))),
    );
    expect(notified.map((n) => n.userId).sort()).toEqual([ids.a1, ids.a2].sort());
    const published = events.slice(before).filter((e) => e.type === 'conversation.updated');
    expect(published.at(-1)?.data).toMatchObject({ id: c.id, department: { id: sales.id } });

    // An agent of the department takes it (self-assign), follows up, the customer answers, it is resolved.
    await ok('a1', 'POST', `/api/v1/conversations/${c.id}/assign`, { userId: ids.a1 });
    const fu = await ok('a1', 'POST', `/api/v1/tickets/${c.ticket!.id}/follow-up`, {});
    expect(fu.status).toBe('FOLLOW_UP');
    expect((await call('a1', 'POST', `/api/v1/tickets/${c.ticket!.id}/follow-up`, {})).json().code).toBe(
      'ticket-status-invalid',
    );
    const back = await customerWrites('voltei', c.contact.phone);
    expect(back).toMatchObject({ status: 'OPEN', ticket: { id: c.ticket!.id } });
    const done = await ok('a1', 'POST', `/api/v1/conversations/${c.id}/resolve`, { outcome: 'lost-price' });
    expect(done.ticket).toMatchObject({ status: 'RESOLVED', outcome: 'lost-price' });
    expect(
      (await call('a1', 'POST', `/api/v1/conversations/${c.id}/resolve`, { outcome: 'sale' })).statusCode,
    ).toBe(409);
    const reopened = await ok('a1', 'POST', `/api/v1/conversations/${c.id}/reopen`, {});
    expect(reopened).toMatchObject({
      status: 'OPEN',
      ticket: { id: c.ticket!.id, outcome: null },
      assignee: { id: ids.a1 },
    });
    expect((await call('a1', 'POST', `/api/v1/conversations/${c.id}/reopen`, {})).json().code).toBe(
      'ticket-open-exists',
    );
    for (const action of [
      'ticket.assigned',
      'ticket.handoff',
      'ticket.follow-up',
      'ticket.resolved',
      'ticket.reopened',
    ]) {
      expect((await auditOf(action, c.ticket!.id)).length, action).toBeGreaterThan(0);
    }
    const note = await call('a2', 'POST', `/api/v1/conversations/${c.id}/notes`, {
      text: 'cliente recorrente',
    });
    expect(note.statusCode).toBe(201);
    expect(note.json()).toMatchObject({ text: 'cliente recorrente', author: { id: ids.a2, name: 'A2' } });
    const notes = (await ok('viewer', 'GET', `/api/v1/conversations/${c.id}/notes`)).items;
    expect(notes.map((n: { text: string }) => n.text)).toEqual([
      'cliente recorrente',
      'Já enviei o catálogo',
    ]);
  });

  it('a message after resolution opens a new ticket; one timeline, and the journey lists both', async () => {
    const c = await customerWrites('oi de novo');
    const agent = c.assignee!.id === ids.a1 ? 'a1' : c.assignee!.id === ids.a2 ? 'a2' : 'a3';
    await ok(agent, 'POST', `/api/v1/conversations/${c.id}/resolve`, {
      outcome: 'lost-timing',
      note: 'volta em março',
    });
    const again = await customerWrites('agora quero comprar', c.contact.phone);
    expect(again.id).toBe(c.id);
    expect(again.ticket!.id).not.toBe(c.ticket!.id);
    expect(again).toMatchObject({ status: 'OPEN', ticket: { outcome: null } });
    const timeline = (await ok('a1', 'GET', `/api/v1/conversations/${c.id}/messages`)).items;
    expect(timeline.map((m: { text: string }) => m.text)).toEqual(['oi de novo', 'agora quero comprar']);
    const journey = await ok('a1', 'GET', `/api/v1/contacts/${c.contact.id}/journey`);
    expect(
      journey.tickets.map((x: { id: string; status: string; outcome: string | null; source: string }) => [
        x.id,
        x.status,
        x.outcome,
        x.source,
      ]),
    ).toEqual([
      [again.ticket!.id, 'OPEN', null, 'organic'],
      [c.ticket!.id, 'RESOLVED', 'lost-timing', 'organic'],
    ]);
    expect(journey.tickets[1].messageCount).toBe(1);
    expect(journey.notes.map((n: { text: string }) => n.text)).toEqual(['volta em março']);
    // One open ticket per contact and channel: the database refuses a second.
    await expect(
      db((tx) => tx.insert(tickets).values({ tenantId: t.firstTenantId, conversationId: c.id })),
    ).rejects.toThrow();
  });

  it('enforces roles: viewer reads only, agent own or unassigned, manager anyone', async () => {
    const c = await customerWrites('papel');
    const owner = c.assignee!.id;
    const ownerKey = Object.keys(ids).find((k) => ids[k] === owner)!;
    const other = ['a1', 'a2', 'a3'].find((k) => ids[k] !== owner)!;
    expect((await call('viewer', 'POST', `/api/v1/conversations/${c.id}/assign`, {})).statusCode).toBe(403);
    expect(
      (await call('viewer', 'POST', `/api/v1/conversations/${c.id}/notes`, { text: 'x' })).statusCode,
    ).toBe(403);
    expect((await call('viewer', 'GET', `/api/v1/conversations/${c.id}`)).statusCode).toBe(200);
    const notYours = await call(other, 'POST', `/api/v1/conversations/${c.id}/resolve`, { outcome: 'other' });
    expect(notYours.statusCode).toBe(403);
    expect(notYours.json().code).toBe('ticket-not-yours');
    const steal = await call(ownerKey, 'POST', `/api/v1/conversations/${c.id}/assign`, {
      userId: ids[other],
    });
    expect(steal.statusCode).toBe(403);
    const moved = await ok('manager', 'POST', `/api/v1/conversations/${c.id}/assign`, { userId: ids[other] });
    expect(moved.assignee.id).toBe(ids[other]);
    expect(
      (await call('manager', 'POST', `/api/v1/conversations/${c.id}/assign`, { userId: ids.viewer })).json()
        .code,
    ).toBe('assignee-ineligible');
    // Unassigned (round robin off, else the backlog drain takes it at once): any agent may take it.
    await settings({ autoAssign: false });
    const released = await ok('manager', 'POST', `/api/v1/conversations/${c.id}/assign`, { userId: null });
    expect(released).toMatchObject({ assignee: null, queue: 'human' });
    expect(
      (await ok(ownerKey, 'POST', `/api/v1/conversations/${c.id}/assign`, { userId: owner })).assignee.id,
    ).toBe(owner);
    await settings({ autoAssign: true });
    expect((await call('a1', 'POST', `/api/v1/tickets/${c.ticket!.id}/repair`)).statusCode).toBe(403);
    expect((await call('viewer', 'POST', '/api/v1/departments', { name: 'X' })).statusCode).toBe(403);
  });

  it('departments: members must be people of this tenant; capacity per department; quick replies validated', async () => {
    const bad = await call('manager', 'POST', '/api/v1/departments', {
      name: 'Suporte',
      memberIds: ['0190a000-0000-7000-8000-000000000000'],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].path).toBe('memberIds.0');
    const dup = await call('manager', 'POST', '/api/v1/departments', {
      name: 'Suporte',
      quickReplies: [
        { shortcut: 'oi', text: 'a' },
        { shortcut: 'OI', text: 'b' },
      ],
    });
    expect(dup.statusCode).toBe(422);
    const d = await ok('manager', 'POST', '/api/v1/departments', { name: 'Suporte', memberIds: [ids.a3] });
    const patched = await ok('manager', 'PATCH', `/api/v1/departments/${d.id}`, {
      memberIds: [ids.a2],
      maxOpenPerAgent: 3,
      businessHours: { sat: [['09:00', '12:00']] },
    });
    expect(patched).toMatchObject({ maxOpenPerAgent: 3, members: [{ id: ids.a2, name: 'A2' }] });
    expect(
      (await ok('viewer', 'GET', '/api/v1/departments')).items.map((x: { name: string }) => x.name),
    ).toContain('Suporte');
    const agents = (await ok('viewer', 'GET', '/api/v1/inbox/agents')).items;
    expect(agents.find((a: { id: string }) => a.id === ids.a2)).toMatchObject({
      available: true,
      departmentIds: expect.arrayContaining([d.id]),
    });
  });

  it('repairs a stuck ticket without deleting anything', async () => {
    const c = await customerWrites('travado');
    const ticketId = c.ticket!.id;
    const assignee = c.assignee!.id;
    const totals = () =>
      db(async (tx) => ({
        tickets: Number((await tx.select({ n: count() }).from(tickets))[0]!.n),
        messages: Number((await tx.select({ n: count() }).from(messages))[0]!.n),
      }));
    // Stuck: a second open ticket (the constraint was missing), messages off the ticket, a disabled assignee.
    await t.database.system(async (tx) => {
      await tx.execute(sql`drop index tickets_one_open_key`);
      await tx.insert(tickets).values({ tenantId: t.firstTenantId, conversationId: c.id });
      await tx.update(messages).set({ ticketId: null }).where(eq(messages.conversationId, c.id));
      await tx
        .update(memberships)
        .set({ disabledAt: new Date() })
        .where(and(eq(memberships.userId, assignee), eq(memberships.tenantId, t.firstTenantId)));
    });
    const before = await totals();
    const r = await ok('admin', 'POST', `/api/v1/tickets/${ticketId}/repair`);
    await t.database.system(async (tx) => {
      await tx
        .update(memberships)
        .set({ disabledAt: null })
        .where(and(eq(memberships.userId, assignee), eq(memberships.tenantId, t.firstTenantId)));
      await tx.execute(
        sql`create unique index tickets_one_open_key on tickets (conversation_id) where status <> 'RESOLVED'`,
      );
    });
    expect(r.actions).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^closed-duplicate-open:/),
        'attached-messages:1',
        'released-ineligible-assignee',
      ]),
    );
    expect(r.conversation).toMatchObject({ status: 'OPEN', ticket: { id: ticketId } });
    expect(r.conversation.assignee?.id).not.toBe(assignee);
    expect(await totals()).toEqual(before);
    expect((await auditOf('ticket.repaired', ticketId)).length).toBe(1);
  });

  it('isolates tenants: another tenant sees none of it and gets 404s', async () => {
    const c = (await ok('admin', 'GET', `/api/v1/conversations?channelId=${sandboxId}&limit=1`)).items[0];
    await ok('admin', 'POST', '/api/v1/tenants', {
      name: 'Outra Loja',
      owner: { email: 'owner@outra.test', password: 'outra-password' },
    });
    cookies.other = await t.login('owner@outra.test', 'outra-password');
    expect((await ok('other', 'GET', '/api/v1/conversations')).items).toEqual([]);
    expect((await ok('other', 'GET', '/api/v1/departments')).items).toEqual([]);
    expect((await ok('other', 'GET', '/api/v1/conversations/counts')).all.open).toBe(0);
    for (const [method, url, body] of [
      ['GET', `/api/v1/conversations/${c.id}`, undefined],
      ['POST', `/api/v1/conversations/${c.id}/assign`, {}],
      ['POST', `/api/v1/conversations/${c.id}/resolve`, { outcome: 'sale' }],
      ['POST', `/api/v1/conversations/${c.id}/notes`, { text: 'x' }],
      ['POST', `/api/v1/tickets/${c.ticket.id}/repair`, undefined],
      ['GET', `/api/v1/contacts/${c.contact.id}/journey`, undefined],
    ] as const) {
      expect((await call('other', method, url, body)).statusCode, url).toBe(404);
    }
    const sameMember = await call('other', 'POST', '/api/v1/departments', { name: 'X', memberIds: [ids.a1] });
    expect(sameMember.statusCode).toBe(422);
  });
});
