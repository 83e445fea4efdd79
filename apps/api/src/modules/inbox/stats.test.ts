import { readFileSync } from 'node:fs';
import {
  contacts,
  conversations,
  messageCounts,
  messages,
  ticketDayStats,
  tickets,
  uuidv7,
} from '@conversa/db';
import type { ConversationView, InboxStats } from '@conversa/shared';
import { and, asc, count, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/harness.ts';

type Method = 'GET' | 'POST' | 'PUT';
const TZ = 'America/Sao_Paulo';
const DAY = 86_400_000;

/** The local date (`YYYY-MM-DD`) of an instant in the tenant's time zone, computed apart from the SQL. */
const localDate = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
/** PostgreSQL's percentile_cont over numbers, rounded to whole seconds like the API. */
const percentile = (xs: number[], p: number) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const pos = p * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return Math.round(s[lo]! + (s[hi]! - s[lo]!) * (pos - lo));
};

describe('inbox stats (GET /inbox/stats)', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let sandboxId: string;
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const conv: Record<string, ConversationView> = {};
  let phoneSeq = 0;
  let apiKey = '';

  const call = (who: string, method: Method, url: string, payload?: object) =>
    t.inject({
      method,
      url,
      payload,
      headers: who === 'key' ? { authorization: `Bearer ${apiKey}` } : { cookie: cookies[who]! },
    });
  const ok = async (who: string, method: Method, url: string, payload?: object) => {
    const res = await call(who, method, url, payload);
    if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const stats = (who: string, days?: 7 | 30): Promise<InboxStats> =>
    ok(who, 'GET', `/api/v1/inbox/stats${days ? `?days=${days}` : ''}`);
  const db = <T>(fn: Parameters<typeof t.database.tenant<T>>[1]) => t.database.tenant(t.firstTenantId, fn);

  const customerWrites = async (text: string): Promise<ConversationView> => {
    const from = `+55219${String(++phoneSeq).padStart(8, '0')}`;
    const res = await call('admin', 'POST', `/api/v1/channels/${sandboxId}/simulate`, { from, text });
    expect(res.statusCode).toBe(202);
    return t.until(async () => {
      const items: ConversationView[] = (
        await ok('admin', 'GET', `/api/v1/conversations?channelId=${sandboxId}&q=${from.slice(1)}`)
      ).items;
      const c = items.find((i) => i.contact.phone === from);
      return c && c.lastMessage?.text === text ? c : undefined;
    }, `conversation of ${from}`);
  };
  const answer = (who: string, c: ConversationView, text: string) =>
    ok(who, 'POST', `/api/v1/conversations/${c.id}/messages`, { type: 'text', text });
  /** Moves a ticket's opening back, as if the customer had written `seconds` ago. */
  const openedAgo = (c: ConversationView, seconds: number) =>
    db((tx) =>
      tx
        .update(tickets)
        .set({ openedAt: sql`${tickets.openedAt} - make_interval(secs => ${seconds})` })
        .where(eq(tickets.id, c.ticket!.id)),
    );

  /** The numbers the API should give, computed in JS from the rows themselves. */
  const expected = async (days: 7 | 30) => {
    const today = localDate(new Date());
    const dates = Array.from({ length: days }, (_, i) =>
      new Date(Date.parse(`${today}T12:00:00Z`) - (days - 1 - i) * DAY).toISOString().slice(0, 10),
    );
    const from = dates[0]!;
    const prevFrom = new Date(Date.parse(`${from}T12:00:00Z`) - days * DAY).toISOString().slice(0, 10);
    const allTickets = await db((tx) => tx.select().from(tickets));
    const allMessages = await db((tx) =>
      tx.select({ id: messages.id, direction: messages.direction }).from(messages),
    );
    const perDay = dates.map((date) => ({ date, opened: 0, resolved: 0, inbound: 0, outbound: 0 }));
    const at = (d: string) => perDay.find((x) => x.date === d);
    const outcomes = { sale: 0, 'lost-price': 0, 'lost-timing': 0, 'no-response': 0, other: 0, none: 0 };
    for (const tk of allTickets) {
      const o = at(localDate(tk.openedAt));
      if (o) o.opened++;
      if (tk.resolvedAt) {
        const r = at(localDate(tk.resolvedAt));
        if (r) {
          r.resolved++;
          outcomes[tk.outcome ?? 'none']++;
        }
      }
    }
    for (const m of allMessages) {
      // The id's first 48 bits are its creation time.
      const ms = Number.parseInt(m.id.replace(/-/g, '').slice(0, 12), 16);
      const d = at(localDate(new Date(ms)));
      if (d) d[m.direction]++;
    }
    // Whole seconds under an hour, minutes under a day, ten minutes beyond (as the API keeps them).
    const wait = (tk: (typeof allTickets)[number]) => {
      const w = Math.max(0, (tk.firstResponseAt!.getTime() - tk.openedAt.getTime()) / 1000);
      return w < 3600 ? Math.round(w) : w < 86_400 ? Math.round(w / 60) * 60 : Math.round(w / 600) * 600;
    };
    const answered = allTickets.filter((tk) => tk.firstResponseAt);
    const inPeriod = answered.filter((tk) => localDate(tk.openedAt) >= from);
    const previous = answered.filter(
      (tk) => localDate(tk.openedAt) < from && localDate(tk.openedAt) >= prevFrom,
    );
    return {
      dates,
      perDay,
      outcomes,
      firstResponse: {
        median: percentile(inPeriod.map(wait), 0.5),
        p90: percentile(inPeriod.map(wait), 0.9),
        answered: inPeriod.length,
        previousMedian: percentile(previous.map(wait), 0.5),
      },
      todayMedian: percentile(inPeriod.filter((tk) => localDate(tk.openedAt) === today).map(wait), 0.5),
      inPeriod,
      wait,
    };
  };

  beforeAll(async () => {
    t = await createTestApp();
    cookies.admin = await t.login();
    sandboxId = (await ok('admin', 'GET', '/api/v1/channels')).items.find(
      (c: { kind: string }) => c.kind === 'sandbox',
    ).id;
    for (const [who, role] of [
      ['manager', 'MANAGER'],
      ['a1', 'AGENT'],
      ['viewer', 'VIEWER'],
    ] as const) {
      const m = await ok('admin', 'POST', '/api/v1/users', {
        email: `${who}@stats.test`,
        name: who === 'a1' ? 'Ana Agente' : who === 'manager' ? 'Marta Gerente' : 'Vera Leitora',
        role,
        password: `${who}-password`,
      });
      ids[who] = m.id;
      cookies[who] = await t.login(`${who}@stats.test`, `${who}-password`);
    }
    ids.admin = (await ok('admin', 'GET', '/api/v1/auth/me')).user.id;
    apiKey = (await ok('admin', 'POST', '/api/v1/api-keys', { name: 'CRM', role: 'AGENT' })).secret;
    // Nobody takes conversations automatically: who has what is set by hand below.
    await ok('admin', 'PUT', '/api/v1/inbox/settings', {
      autoAssign: false,
      timezone: TZ,
      businessHours: {},
    });
    await ok('admin', 'PUT', '/api/v1/users/me/availability', { available: false });
    await ok('manager', 'PUT', '/api/v1/users/me/availability', { available: false });

    // Earlier days, written straight to the tables (as if from before): a conversation with resolved tickets.
    const now = Date.now();
    await db(async (tx) => {
      const [contact] = await tx
        .insert(contacts)
        .values({ tenantId: t.firstTenantId, phoneE164: '+5521999990000', name: 'Cliente Antigo' })
        .returning();
      const [c] = await tx
        .insert(conversations)
        .values({ tenantId: t.firstTenantId, contactId: contact!.id, channelId: sandboxId })
        .returning();
      const ticket = (openedDaysAgo: number, values: Partial<typeof tickets.$inferInsert>) => ({
        tenantId: t.firstTenantId,
        conversationId: c!.id,
        status: 'RESOLVED' as const,
        queue: 'human' as const,
        openedAt: new Date(now - openedDaysAgo * DAY),
        ...values,
      });
      await tx.insert(tickets).values([
        // Answered after an hour two days ago, resolved the next day without reply from the customer.
        ticket(2, {
          firstResponseAt: new Date(now - 2 * DAY + 3600_000),
          resolvedAt: new Date(now - DAY),
          outcome: 'no-response',
        }),
        // Resolved three days ago with no outcome at all (older data, or a repair).
        ticket(3, { resolvedAt: new Date(now - 3 * DAY + 60_000), outcome: null }),
        // Ten days ago: outside the 7-day period, inside the one before it and inside 30 days.
        ticket(10, {
          firstResponseAt: new Date(now - 10 * DAY + 120_000),
          resolvedAt: new Date(now - 10 * DAY + 600_000),
          outcome: 'sale',
        }),
      ]);
      // 02:30 UTC two days ago is still the evening before in São Paulo (UTC-3).
      const lateEvening = new Date(`${new Date(now - 2 * DAY).toISOString().slice(0, 10)}T02:30:00Z`);
      const message = (atMs: number, direction: 'inbound' | 'outbound') => ({
        id: uuidv7(atMs),
        tenantId: t.firstTenantId,
        conversationId: c!.id,
        channelId: sandboxId,
        direction,
        senderType: direction === 'inbound' ? ('contact' as const) : ('agent' as const),
        type: 'text' as const,
        text: 'antigo',
        status: direction === 'inbound' ? ('received' as const) : ('read' as const),
        createdAt: new Date(atMs),
      });
      await tx
        .insert(messages)
        .values([
          message(lateEvening.getTime(), 'inbound'),
          message(lateEvening.getTime() + 1000, 'inbound'),
          message(lateEvening.getTime() + 2000, 'outbound'),
          message(now - 10 * DAY, 'outbound'),
        ]);
      ids.lateEvening = lateEvening.toISOString();
    });

    // Today, through the product: four customers write.
    for (const k of ['c1', 'c2', 'c3', 'c4'] as const) conv[k] = await customerWrites(`oi, aqui é ${k}`);
    for (const k of ['c1', 'c2', 'c4'] as const) {
      await ok('manager', 'POST', `/api/v1/conversations/${conv[k]!.id}/assign`, { userId: ids.a1 });
    }
    await openedAgo(conv.c1!, 150);
    await openedAgo(conv.c2!, 600);
    await answer('a1', conv.c1!, 'Olá! Já vejo isso.');
    await answer('a1', conv.c1!, 'Um segundo envio não muda a primeira resposta.');
    await answer('manager', conv.c2!, 'Bom dia, posso ajudar?');
    // An integration's message (API key) is not someone answering.
    await ok('key', 'POST', `/api/v1/conversations/${conv.c3!.id}/messages`, {
      type: 'text',
      text: 'Recebemos!',
    });
    await ok('a1', 'POST', `/api/v1/conversations/${conv.c1!.id}/resolve`, { outcome: 'sale' });
    await ok('a1', 'POST', `/api/v1/conversations/${conv.c2!.id}/resolve`, { outcome: 'lost-price' });
  });
  afterAll(() => t?.close());

  it('sets the first response from the first answer by a person, never from an integration', async () => {
    const rows = await db((tx) =>
      tx
        .select()
        .from(tickets)
        .where(
          inArray(
            tickets.id,
            ['c1', 'c2', 'c3', 'c4'].map((k) => conv[k]!.ticket!.id),
          ),
        ),
    );
    const byConv = (k: string) => rows.find((r) => r.id === conv[k]!.ticket!.id)!;
    const firstAnswer = async (k: string) => {
      const [m] = await db((tx) =>
        tx
          .select()
          .from(messages)
          .where(and(eq(messages.conversationId, conv[k]!.id), eq(messages.direction, 'outbound')))
          .orderBy(asc(messages.createdAt), asc(messages.id))
          .limit(1),
      );
      return m!;
    };
    expect(byConv('c1').firstResponseAt).toEqual((await firstAnswer('c1')).createdAt);
    expect(byConv('c1').firstResponseBy).toBe(ids.a1);
    expect(byConv('c2').firstResponseAt).toEqual((await firstAnswer('c2')).createdAt);
    expect(byConv('c2').firstResponseBy).toBe(ids.manager);
    expect((await firstAnswer('c3')).senderType).toBe('bot');
    expect(byConv('c3').firstResponseAt).toBeNull();
    expect(byConv('c4').firstResponseAt).toBeNull();
    // Waited about 150 s and 600 s (the openings were moved back by that much).
    expect(
      Math.floor((byConv('c1').firstResponseAt!.getTime() - byConv('c1').openedAt.getTime()) / 1000),
    ).toBe(150);
  });

  it('counts the period per local day, outcomes and first response exactly (7 days, the default)', async () => {
    const s = await stats('manager');
    const e = await expected(7);
    expect(s.period).toEqual({ days: 7, from: e.dates[0], to: e.dates[6], timezone: TZ });
    expect(s.days).toEqual(e.perDay);
    // Hand-counted, so the JS reference above cannot hide a shared mistake.
    const sum = (k: 'opened' | 'resolved' | 'inbound' | 'outbound') => s.days.reduce((n, d) => n + d[k], 0);
    expect(sum('opened')).toBe(6); // c1–c4 today, two older ones (the 10-day one is outside)
    expect(sum('resolved')).toBe(4); // c1, c2 today; the no-response and no-outcome ones
    expect(sum('inbound')).toBe(6); // four customers today, two late in the evening two days ago
    expect(sum('outbound')).toBe(5); // a1 twice, the manager, the integration; one two days ago
    const evening = s.days.find((d) => d.date === localDate(new Date(ids.lateEvening!)))!;
    expect(ids.lateEvening!.slice(0, 10) > evening.date).toBe(true); // the UTC date is already the next one
    expect(evening).toMatchObject({ inbound: 2, outbound: 1 });
    expect(s.outcomes).toEqual({
      sale: 1,
      'lost-price': 1,
      'lost-timing': 0,
      'no-response': 1,
      other: 0,
      none: 1,
    });
    expect(s.outcomes).toEqual(e.outcomes);
    expect(s.firstResponse).toEqual(e.firstResponse);
    expect(s.firstResponse.answered).toBe(3); // c1, c2, the one answered after an hour
    expect(s.firstResponse.previousMedian).toBe(120); // the ten-day-old ticket
    expect(s.today).toEqual({
      opened: e.perDay[6]!.opened,
      resolved: e.perDay[6]!.resolved,
      firstResponseMedian: e.todayMedian,
    });
    // Waits of about 150 s, 600 s and an hour: the median is the middle one, p90 = 600 + 0.8 × 3000.
    expect(s.firstResponse.median).toBeGreaterThanOrEqual(600);
    expect(s.firstResponse.median).toBeLessThan(630);
    expect(s.firstResponse.p90).toBeGreaterThanOrEqual(3000);
    expect(s.firstResponse.p90).toBeLessThan(3030);
    // Open now: c3 (unassigned, waiting) and c4 (a1's, unread); nobody read c4, the integration's send read c3.
    expect(s.now).toEqual({ open: 2, waiting: 1, unread: 1, agentsAvailable: 1 });
  });

  it('gives managers each agent: open now, resolved and median first response', async () => {
    const s = await stats('manager');
    const e = await expected(7);
    const medianOf = (userId: string) =>
      percentile(e.inPeriod.filter((tk) => tk.firstResponseBy === userId).map(e.wait), 0.5);
    const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(byId(s.agents!)).toEqual(
      byId([
        {
          id: ids.admin!,
          name: expect.any(String),
          available: false,
          open: 0,
          resolved: 0,
          firstResponseMedian: null,
        },
        {
          id: ids.a1!,
          name: 'Ana Agente',
          available: true,
          open: 1,
          resolved: 2,
          firstResponseMedian: medianOf(ids.a1!),
        },
        {
          id: ids.manager!,
          name: 'Marta Gerente',
          available: false,
          open: 0,
          resolved: 0,
          firstResponseMedian: medianOf(ids.manager!),
        },
      ]),
    );
    // In name order, as the table shows them.
    expect(s.agents!.map((a) => a.name).indexOf('Ana Agente')).toBeLessThan(
      s.agents!.map((a) => a.name).indexOf('Marta Gerente'),
    );
    expect(s.agents!.find((a) => a.id === ids.a1)!.firstResponseMedian).toBeGreaterThanOrEqual(150);
    expect(s.agents!.find((a) => a.id === ids.manager)!.firstResponseMedian).toBeGreaterThanOrEqual(600);
    expect(s.agents!.some((a) => a.id === ids.viewer)).toBe(false);
  });

  it('reads 30 days the same way, and keeps counting live after the slots are stored', async () => {
    const s = await stats('admin', 30);
    const e = await expected(30);
    expect(s.days).toHaveLength(30);
    expect(s.days).toEqual(e.perDay);
    expect(s.days.reduce((n, d) => n + d.outbound, 0)).toBe(6); // plus the ten-day-old one
    expect(s.outcomes.sale).toBe(2);
    expect(s.firstResponse).toEqual(e.firstResponse);
    // Settled 15-minute slots are stored, zeros included, from the first day on.
    const [stored] = await db((tx) => tx.select({ n: count() }).from(messageCounts));
    expect(Number(stored!.n)).toBeGreaterThan(28 * 96);
    // A new customer message shows up at once (the current slots are counted live).
    conv.c5 = await customerWrites('mais uma');
    const after = await stats('admin', 30);
    expect(after.days[29]!.inbound).toBe(s.days[29]!.inbound + 1);
    expect(after.days[29]!.opened).toBe(s.days[29]!.opened + 1);
    expect(after.now.waiting).toBe(s.now.waiting + 1);
    expect(after.days).toEqual((await expected(30)).perDay);
  });

  it('stores finished days once, and counts a day again when one of its tickets changes', async () => {
    await stats('manager');
    const stored = await db((tx) => tx.select().from(ticketDayStats).where(eq(ticketDayStats.timezone, TZ)));
    // The 7-day period and the 7 days before it, today excepted (counted live), for 7 and 30 days.
    expect(stored.length).toBe(59);
    const [old] = await db((tx) =>
      tx
        .select()
        .from(tickets)
        .where(and(eq(tickets.outcome, 'no-response'), isNotNull(tickets.resolvedAt))),
    );
    const dayOf = (at: Date) => stored.find((d) => d.startsAt <= at && at < d.endsAt)!;
    const before = dayOf(old!.resolvedAt!);
    expect(before.totals.outcomes).toEqual({ 'no-response': 1 });
    // A manager corrects the outcome of yesterday's ticket: yesterday is forgotten and counted again.
    await db((tx) => tx.update(tickets).set({ outcome: 'sale' }).where(eq(tickets.id, old!.id)));
    expect(
      (await db((tx) => tx.select().from(ticketDayStats).where(eq(ticketDayStats.id, before.id)))).length,
    ).toBe(0);
    const s = await stats('manager');
    expect(s.outcomes).toMatchObject({ sale: 2, 'no-response': 0 });
    expect(s.outcomes).toEqual((await expected(7)).outcomes);
    // A late first response for a ticket opened three days ago moves that day's waits, and the median.
    const [unanswered] = await db((tx) =>
      tx
        .select()
        .from(tickets)
        .where(and(isNull(tickets.outcome), isNotNull(tickets.resolvedAt))),
    );
    await db((tx) =>
      tx
        .update(tickets)
        .set({ firstResponseAt: new Date(unanswered!.openedAt.getTime() + 90_000), firstResponseBy: ids.a1 })
        .where(eq(tickets.id, unanswered!.id)),
    );
    const after = await stats('manager');
    const e = await expected(7);
    expect(after.firstResponse).toEqual(e.firstResponse);
    expect(after.firstResponse.answered).toBe(s.firstResponse.answered + 1);
    expect(after.agents!.find((a) => a.id === ids.a1)!.firstResponseMedian).toBe(
      percentile(e.inPeriod.filter((tk) => tk.firstResponseBy === ids.a1).map(e.wait), 0.5),
    );
    // Today's tickets are not stored: nothing to forget when they change.
    expect(stored.some((d) => d.day === localDate(new Date()))).toBe(false);
  });

  it('shows agents and viewers the same numbers without the per-agent table; 422 for other periods', async () => {
    const manager = await stats('manager');
    for (const who of ['a1', 'viewer']) {
      const s = await stats(who);
      expect(s).not.toHaveProperty('agents');
      expect(s.days).toEqual(manager.days);
      expect(s.now).toEqual(manager.now);
    }
    for (const bad of ['5', '0', 'abc', '7.5']) {
      const res = await call('manager', 'GET', `/api/v1/inbox/stats?days=${bad}`);
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'validation-failed' });
    }
    expect((await t.inject({ method: 'GET', url: '/api/v1/inbox/stats' })).statusCode).toBe(401);
  });

  it("shows another tenant nothing of this one's", async () => {
    await ok('admin', 'POST', '/api/v1/tenants', {
      name: 'Outra Loja',
      owner: { email: 'owner@outra-stats.test', password: 'outra-password' },
    });
    cookies.other = await t.login('owner@outra-stats.test', 'outra-password');
    for (const days of [7, 30] as const) {
      const s = await stats('other', days);
      expect(s.now).toEqual({ open: 0, waiting: 0, unread: 0, agentsAvailable: 1 });
      expect(s.days.every((d) => d.opened + d.resolved + d.inbound + d.outbound === 0)).toBe(true);
      expect(Object.values(s.outcomes).every((n) => n === 0)).toBe(true);
      expect(s.firstResponse).toEqual({ median: null, p90: null, answered: 0, previousMedian: null });
      expect(s.agents).toEqual([
        expect.objectContaining({ open: 0, resolved: 0, firstResponseMedian: null }),
      ]);
    }
  });

  it("the migration's backfill finds the same first responses", async () => {
    const sqlFile = readFileSync(
      new URL('../../../../../packages/db/migrations/0012_ticket_first_response.sql', import.meta.url),
      'utf8',
    );
    const backfill = sqlFile.split('--> statement-breakpoint').find((x) => x.includes('UPDATE "tickets"'))!;
    expect(backfill).toMatch(/UPDATE "tickets"/);
    const before = await db((tx) =>
      tx
        .select({ id: tickets.id, at: tickets.firstResponseAt, by: tickets.firstResponseBy })
        .from(tickets)
        .where(
          inArray(
            tickets.conversationId,
            ['c1', 'c2', 'c3', 'c4'].map((k) => conv[k]!.id),
          ),
        ),
    );
    await db((tx) => tx.update(tickets).set({ firstResponseAt: null, firstResponseBy: null }));
    await t.database.system((tx) => tx.execute(sql.raw(backfill)));
    const after = await db((tx) =>
      tx
        .select({ id: tickets.id, at: tickets.firstResponseAt, by: tickets.firstResponseBy })
        .from(tickets)
        .where(
          inArray(
            tickets.id,
            before.map((r) => r.id),
          ),
        ),
    );
    const sort = (rows: typeof before) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(sort(after)).toEqual(sort(before));
  });
});
