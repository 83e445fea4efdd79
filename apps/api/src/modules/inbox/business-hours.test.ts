import { auditLogs, channels, messages, tenants, tickets } from '@conversa/db';
import { type ConversationView, localDate, type MessageView } from '@conversa/shared';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/harness.ts';
import { effectiveHours, openNow } from './assignment.service.ts';
import { InboxBacklogJob } from './backlog.job.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const TZ = 'America/Sao_Paulo';
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Hours that exclude the current minute in São Paulo, every day of the week. */
function closedNow() {
  const hhmm = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit' }).format(
    new Date(),
  );
  const interval: [string, string] = hhmm < '12:00' ? ['23:00', '23:59'] : ['00:00', '00:30'];
  return Object.fromEntries(weekdays.map((d) => [d, [interval]]));
}

describe('openNow / effectiveHours', () => {
  // Monday 2026-11-23 14:30 in São Paulo (UTC-3).
  const monday1430 = new Date('2026-11-23T17:30:00Z');

  it('reads the weekly hours in the tenant time zone, end exclusive', () => {
    const hours = { mon: [['08:00', '12:00'] as [string, string], ['13:00', '18:00'] as [string, string]] };
    expect(openNow(hours, TZ, monday1430)).toBe(true);
    expect(openNow(hours, TZ, new Date('2026-11-23T15:30:00Z'))).toBe(false); // 12:30, lunch
    expect(openNow(hours, TZ, new Date('2026-11-23T21:00:00Z'))).toBe(false); // 18:00 sharp
    expect(openNow(hours, TZ, new Date('2026-11-24T17:30:00Z'))).toBe(false); // Tuesday
    expect(openNow(hours, 'UTC', monday1430)).toBe(true); // 17:30 UTC
    expect(openNow({}, TZ, monday1430)).toBe(true);
  });

  it("uses the department's hours, else the workspace's, else always open", () => {
    const workspace = {
      businessHours: { mon: [['08:00', '09:00'] as [string, string]] },
      awayMessage: 'ws',
      timezone: TZ,
    };
    expect(effectiveHours(workspace, null, monday1430)).toEqual({
      open: false,
      from: 'workspace',
      awayMessage: 'ws',
      holiday: null,
    });
    expect(
      effectiveHours(
        workspace,
        { businessHours: { mon: [['14:00', '15:00']] }, awayMessage: null },
        monday1430,
      ),
    ).toEqual({ open: true, from: 'department', awayMessage: 'ws', holiday: null });
    expect(effectiveHours(workspace, { businessHours: {}, awayMessage: 'dep' }, monday1430)).toEqual({
      open: false,
      from: 'workspace',
      awayMessage: 'dep',
      holiday: null,
    });
    expect(effectiveHours({ ...workspace, businessHours: {} }, null, monday1430).from).toBe('always');
  });

  it('closes the workspace and every department all day on a holiday, read in the tenant time zone', () => {
    const allDay = Object.fromEntries(weekdays.map((d) => [d, [['00:00', '23:59'] as [string, string]]]));
    const workspace = {
      businessHours: {},
      awayMessage: 'Feriado',
      timezone: TZ,
      holidays: [{ date: '2026-11-23', name: 'Feriado municipal' }],
    };
    const holiday = { date: '2026-11-23', name: 'Feriado municipal' };
    // No hours at all (otherwise always open) and a department open around the clock: both closed.
    expect(effectiveHours(workspace, null, monday1430)).toEqual({
      open: false,
      from: 'always',
      awayMessage: 'Feriado',
      holiday,
    });
    expect(effectiveHours(workspace, { businessHours: allDay, awayMessage: null }, monday1430)).toMatchObject(
      { open: false, from: 'department', holiday },
    );
    // 00:00 to 23:59 in São Paulo; the night before and the day after are open.
    expect(effectiveHours(workspace, null, new Date('2026-11-23T03:00:00Z')).open).toBe(false);
    expect(effectiveHours(workspace, null, new Date('2026-11-24T02:59:00Z')).open).toBe(false);
    expect(effectiveHours(workspace, null, new Date('2026-11-23T02:59:00Z'))).toMatchObject({
      open: true,
      holiday: null,
    });
    expect(effectiveHours(workspace, null, new Date('2026-11-24T03:00:00Z')).open).toBe(true);
    // The same instant is already the 24th in UTC.
    expect(
      effectiveHours({ ...workspace, timezone: 'UTC' }, null, new Date('2026-11-24T02:00:00Z')).open,
    ).toBe(true);
  });
});

describe('inbox: business hours, away message and routing by number', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let sandboxId: string;
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let phoneSeq = 0;

  const call = (who: string, method: Method, url: string, payload?: object) =>
    t.inject({ method, url, payload, headers: { cookie: cookies[who]! } });
  const ok = async (who: string, method: Method, url: string, payload?: object) => {
    const res = await call(who, method, url, payload);
    if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const db = <T>(fn: Parameters<typeof t.database.tenant<T>>[1]) => t.database.tenant(t.firstTenantId, fn);
  const customerWrites = async (text: string, phone?: string): Promise<ConversationView> => {
    const from = phone ?? `+55219${String(++phoneSeq).padStart(8, '0')}`;
    expect(
      (await call('admin', 'POST', `/api/v1/channels/${sandboxId}/simulate`, { from, text })).statusCode,
    ).toBe(202);
    return t.until(async () => {
      const items: ConversationView[] = (
        await ok('admin', 'GET', `/api/v1/conversations?q=${from.replace(/\D/g, '')}`)
      ).items;
      const c = items.find((i) => i.contact.phone === from);
      if (!c) return undefined;
      // The away message may already be the last one: look for the customer's text in the chat.
      const msgs: MessageView[] = (await ok('admin', 'GET', `/api/v1/conversations/${c.id}/messages`)).items;
      return msgs.some((m) => m.direction === 'inbound' && m.text === text) ? c : undefined;
    }, `conversation of ${from}`);
  };
  const botMessages = async (conversationId: string) =>
    (
      (await ok('admin', 'GET', `/api/v1/conversations/${conversationId}/messages`)).items as MessageView[]
    ).filter((m) => m.senderType === 'bot');

  beforeAll(async () => {
    t = await createTestApp();
    cookies.admin = await t.login();
    sandboxId = (await ok('admin', 'GET', '/api/v1/channels')).items.find(
      (c: { kind: string }) => c.kind === 'sandbox',
    ).id;
    const agent = await ok('admin', 'POST', '/api/v1/users', {
      email: 'night@hours.test',
      name: 'Night',
      role: 'AGENT',
      password: 'night-password',
    });
    ids.agent = agent.id;
    cookies.agent = await t.login('night@hours.test', 'night-password');
    await ok('admin', 'PUT', '/api/v1/users/me/availability', { available: false });
  });
  afterAll(() => t?.close());

  it('outside the hours: no assignment, one away message per ticket; the sweep assigns at opening', async () => {
    const saved = await ok('admin', 'PUT', '/api/v1/inbox/settings', {
      autoAssign: true,
      businessHours: closedNow(),
      awayMessage: '  Estamos fora do horário. Respondemos a partir das 8h.  ',
    });
    expect(saved).toMatchObject({
      openNow: false,
      awayMessage: 'Estamos fora do horário. Respondemos a partir das 8h.',
    });

    const c = await customerWrites('oi, alguém aí?');
    expect(c.assignee).toBeNull();
    expect(c.queue).toBe('pending');
    const away = await t.until(async () => {
      const bot = await botMessages(c.id);
      return bot.length === 1 && bot[0]!.status !== 'queued' ? bot : undefined;
    }, 'away message sent');
    expect(away[0]).toMatchObject({
      direction: 'outbound',
      text: 'Estamos fora do horário. Respondemos a partir das 8h.',
    });
    expect(['sent', 'delivered', 'read']).toContain(away[0]!.status);

    // The customer writes again the same night: no second away message.
    await customerWrites('?', c.contact.phone);
    expect(await botMessages(c.id)).toHaveLength(1);

    // Changing the hours to open drains the backlog at once.
    await ok('admin', 'PUT', '/api/v1/inbox/settings', { businessHours: {} });
    const assignedNow = (await ok('admin', 'GET', `/api/v1/conversations/${c.id}`)) as ConversationView;
    expect(assignedNow.assignee?.id).toBe(ids.agent);
    // Closed again: a new ticket waits until the clock reaches the hours — the minute sweep's job.
    await ok('admin', 'PUT', '/api/v1/inbox/settings', { businessHours: closedNow() });
    const waiting = await customerWrites('boa noite');
    expect(waiting.assignee).toBeNull();
    const job = t.app.get(InboxBacklogJob);
    // Still closed: the sweep leaves it waiting.
    expect(await job.run()).toBe(0);
    // The hours open (written directly, as the passing clock would: no settings call, no drain).
    await db((tx) =>
      tx.update(tenants).set({ inboxBusinessHours: {} }).where(eq(tenants.id, t.firstTenantId)),
    );
    expect(await job.run()).toBe(1);
    expect(
      ((await ok('admin', 'GET', `/api/v1/conversations/${waiting.id}`)) as ConversationView).assignee?.id,
    ).toBe(ids.agent);
    const auto = await db((tx) =>
      tx
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.action, 'ticket.assigned'), eq(auditLogs.targetId, waiting.ticket!.id))),
    );
    expect(auto[0]?.metadata).toMatchObject({ auto: true });
  });

  it('no away message while a person has the ticket, or when none is set', async () => {
    await ok('admin', 'PUT', '/api/v1/inbox/settings', { businessHours: closedNow(), awayMessage: null });
    const c = await customerWrites('sem mensagem automática');
    const [ticket] = await db((tx) => tx.select().from(tickets).where(eq(tickets.id, c.ticket!.id)));
    expect(ticket?.awaySentAt).toBeNull();
    await ok('admin', 'PUT', '/api/v1/inbox/settings', { awayMessage: 'Fechados' });
    await ok('admin', 'POST', `/api/v1/conversations/${c.id}/assign`, { userId: ids.agent });
    await customerWrites('e agora?', c.contact.phone);
    expect(await botMessages(c.id)).toHaveLength(0);
    await ok('admin', 'PUT', '/api/v1/inbox/settings', { businessHours: {}, awayMessage: null });
  });

  it("a number routed to a department starts its conversations there, under the department's own hours", async () => {
    await ok('admin', 'PUT', '/api/v1/inbox/settings', {
      businessHours: closedNow(),
      awayMessage: 'Workspace fechado',
    });
    const dep = await ok('admin', 'POST', '/api/v1/departments', {
      name: 'Plantão',
      memberIds: [ids.agent],
      businessHours: {},
      channelIds: [sandboxId],
    });
    expect(dep).toMatchObject({ channelIds: [sandboxId], openNow: false, hoursFrom: 'workspace' });
    // Own hours (open all day, every day) beat the closed workspace.
    const open = Object.fromEntries(weekdays.map((d) => [d, [['00:00', '23:59']]]));
    const patched = await ok('admin', 'PATCH', `/api/v1/departments/${dep.id}`, { businessHours: open });
    expect(patched).toMatchObject({ hoursFrom: 'department' });
    const c = await customerWrites('plantão?');
    expect(c.department?.id).toBe(dep.id);
    if (patched.openNow) {
      expect(c.assignee?.id).toBe(ids.agent);
      expect(await botMessages(c.id)).toHaveLength(0);
    }
    // Unrouting the number: new conversations are outside any department again.
    const unrouted = await ok('admin', 'PATCH', `/api/v1/departments/${dep.id}`, { channelIds: [] });
    expect(unrouted.channelIds).toEqual([]);
    await ok('admin', 'PUT', '/api/v1/inbox/settings', { businessHours: {}, awayMessage: null });
  });

  it('deleting a department keeps its tickets and numbers, outside any department', async () => {
    const dep = await ok('admin', 'POST', '/api/v1/departments', {
      name: 'Temporário',
      memberIds: [ids.agent],
      channelIds: [sandboxId],
    });
    const c = await customerWrites('vou para o temporário');
    expect(c.department?.id).toBe(dep.id);
    expect((await call('agent', 'DELETE', `/api/v1/departments/${dep.id}`)).statusCode).toBe(403);
    expect((await call('admin', 'DELETE', `/api/v1/departments/${dep.id}`)).statusCode).toBe(204);
    expect((await call('admin', 'DELETE', `/api/v1/departments/${dep.id}`)).statusCode).toBe(404);
    const after = (await ok('admin', 'GET', `/api/v1/conversations/${c.id}`)) as ConversationView;
    expect(after.department).toBeNull();
    expect(after.ticket?.id).toBe(c.ticket!.id);
    const listed = await ok('admin', 'GET', `/api/v1/conversations?departmentId=${dep.id}`);
    expect(listed.items).toHaveLength(0);
    const channel = await db((tx) => tx.select().from(channels).where(eq(channels.id, sandboxId)));
    expect(channel[0]?.departmentId).toBeNull();
    const deleted = await db((tx) =>
      tx
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.action, 'department.deleted'), eq(auditLogs.targetId, dep.id))),
    );
    expect(deleted[0]?.metadata).toMatchObject({ name: 'Temporário', openTickets: 1 });
  });

  it('on a holiday: no assignment, one away message, the sweep waits; the next day opens', async () => {
    const now = new Date();
    const today = localDate(now, TZ);
    // Tomorrow too, so a run that crosses midnight stays on a holiday; the day after is a normal day.
    const tomorrow = localDate(new Date(now.getTime() + 86_400_000), TZ);
    const dayAfter = new Date(now.getTime() + 2 * 86_400_000);
    const saved = await ok('admin', 'PUT', '/api/v1/inbox/settings', {
      autoAssign: true,
      businessHours: {},
      awayMessage: 'Hoje é feriado: respondemos no próximo dia útil.',
      holidays: [
        { date: tomorrow, name: 'Emenda' },
        { date: today, name: '  Natal  ' },
      ],
    });
    expect(saved).toMatchObject({
      openNow: false,
      closedReason: 'holiday',
      holidayToday: { date: today, name: 'Natal' },
      holidays: [
        { date: today, name: 'Natal' },
        { date: tomorrow, name: 'Emenda' },
      ],
    });
    // A department open around the clock inherits the workspace's holiday.
    const open = Object.fromEntries(weekdays.map((d) => [d, [['00:00', '23:59']]]));
    const dep = await ok('admin', 'POST', '/api/v1/departments', {
      name: 'Plantão de feriado',
      memberIds: [ids.agent],
      businessHours: open,
      channelIds: [sandboxId],
    });
    expect(dep).toMatchObject({ openNow: false, closedReason: 'holiday', hoursFrom: 'department' });

    const c = await customerWrites('vocês abrem hoje?');
    expect(c.department?.id).toBe(dep.id);
    expect(c.assignee).toBeNull();
    expect(c.queue).toBe('pending');
    const away = await t.until(async () => {
      const bot = await botMessages(c.id);
      return bot.length === 1 && bot[0]!.status !== 'queued' ? bot : undefined;
    }, 'away message sent on the holiday');
    expect(away[0]!.text).toBe('Hoje é feriado: respondemos no próximo dia útil.');
    await customerWrites('alô?', c.contact.phone);
    expect(await botMessages(c.id)).toHaveLength(1);

    // The minute sweep assigns nothing on the holiday, in or outside departments.
    const job = t.app.get(InboxBacklogJob);
    expect(await job.run()).toBe(0);
    expect(
      ((await ok('admin', 'GET', `/api/v1/conversations/${c.id}`)) as ConversationView).assignee,
    ).toBeNull();
    // The next normal day the department opens and the sweep hands the ticket out.
    expect(await job.run(dayAfter)).toBeGreaterThanOrEqual(1);
    expect(
      ((await ok('admin', 'GET', `/api/v1/conversations/${c.id}`)) as ConversationView).assignee?.id,
    ).toBe(ids.agent);

    expect((await call('admin', 'DELETE', `/api/v1/departments/${dep.id}`)).statusCode).toBe(204);
    const cleared = await ok('admin', 'PUT', '/api/v1/inbox/settings', { holidays: [], awayMessage: null });
    expect(cleared).toMatchObject({ holidays: [], openNow: true, closedReason: null, holidayToday: null });
  });

  it('refuses bad holidays with field errors and changes nothing; stores them by date', async () => {
    const before = await ok('admin', 'GET', '/api/v1/inbox/settings');
    const bad = await call('admin', 'PUT', '/api/v1/inbox/settings', {
      autoAssign: !before.autoAssign,
      holidays: [
        { date: '2026-02-30', name: 'Não existe' },
        { date: '2026-12-25', name: '   ' },
        { date: '2026-12-24', name: 'x'.repeat(81) },
        { date: '2026-12-25', name: 'Natal' },
        { date: '25/12/2026', name: 'Natal' },
      ],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const errors = bad.json().errors as { path: string; code: string }[];
    expect(errors.map((e) => [e.path, e.code])).toEqual(
      expect.arrayContaining([
        ['holidays.0.date', 'invalid_format'],
        ['holidays.1.name', 'too_small'],
        ['holidays.2.name', 'too_big'],
        ['holidays.3.date', 'custom'],
        ['holidays.4.date', 'invalid_format'],
      ]),
    );
    const tooMany = await call('admin', 'PUT', '/api/v1/inbox/settings', {
      holidays: Array.from({ length: 101 }, (_, i) => ({
        date: localDate(new Date(Date.UTC(2030, 0, 1 + i)), 'UTC'),
        name: `Dia ${i + 1}`,
      })),
    });
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json().errors[0]).toMatchObject({ path: 'holidays', code: 'too_big', maximum: 100 });
    expect(await ok('admin', 'GET', '/api/v1/inbox/settings')).toEqual(before);

    const agentTry = await call('agent', 'PUT', '/api/v1/inbox/settings', {
      holidays: [{ date: '2030-01-01', name: 'x' }],
    });
    expect(agentTry.statusCode).toBe(403);

    const list = [
      { date: '2030-12-25', name: 'Natal' },
      { date: '2030-01-01', name: 'Confraternização Universal' },
      { date: '2030-04-23', name: 'São Jorge (RJ)' },
    ];
    const saved = await ok('admin', 'PUT', '/api/v1/inbox/settings', { holidays: list });
    const sorted = [list[1], list[2], list[0]];
    expect(saved).toMatchObject({ holidays: sorted, openNow: true, closedReason: null, holidayToday: null });
    expect(await ok('agent', 'GET', '/api/v1/inbox/settings')).toMatchObject({ holidays: sorted });
    const [row] = await db((tx) => tx.select().from(tenants).where(eq(tenants.id, t.firstTenantId)));
    expect(row?.inboxHolidays).toEqual(sorted);
    // Other settings leave the holidays alone; an empty list clears them.
    expect(await ok('admin', 'PUT', '/api/v1/inbox/settings', { maxOpenPerAgent: 10 })).toMatchObject({
      holidays: sorted,
    });
    expect((await ok('admin', 'PUT', '/api/v1/inbox/settings', { holidays: [] })).holidays).toEqual([]);
  });

  it('refuses bad hours, zones and numbers with field errors, and changes nothing', async () => {
    const before = await ok('admin', 'GET', '/api/v1/inbox/settings');
    const bad = await call('admin', 'PUT', '/api/v1/inbox/settings', {
      businessHours: { mon: [['18:00', '08:00']], xyz: [['08:00', '09:00']] },
      timezone: 'Mars/Olympus',
    });
    expect(bad.statusCode).toBe(422);
    const paths = (bad.json().errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['businessHours.mon.0', 'timezone']));
    expect(await ok('admin', 'GET', '/api/v1/inbox/settings')).toEqual(before);
    // Days come back Monday to Sunday, whatever order they were stored in.
    const saved = await ok('admin', 'PUT', '/api/v1/inbox/settings', {
      businessHours: {
        sun: [['09:00', '13:00']],
        fri: [['08:00', '18:00']],
        mon: [['08:00', '18:00']],
        tue: [],
      },
    });
    expect(Object.keys(saved.businessHours)).toEqual(['mon', 'fri', 'sun']);
    await ok('admin', 'PUT', '/api/v1/inbox/settings', { businessHours: {} });

    const agentTry = await call('agent', 'PUT', '/api/v1/inbox/settings', { awayMessage: 'x' });
    expect(agentTry.statusCode).toBe(403);

    const unknown = await call('admin', 'POST', '/api/v1/departments', {
      name: 'Fantasma',
      channelIds: ['0190a0a0-0000-7000-8000-000000000000'],
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0]).toMatchObject({ path: 'channelIds.0', code: 'not-found' });
    const names = (await ok('admin', 'GET', '/api/v1/departments')).items.map(
      (d: { name: string }) => d.name,
    );
    expect(names).not.toContain('Fantasma');
    const stored = await db((tx) => tx.select().from(messages).where(eq(messages.senderType, 'bot')));
    expect(stored.every((m) => m.direction === 'outbound')).toBe(true);
  });
});
