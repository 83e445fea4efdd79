import { type FakeGraphApi, startFakeGraphApi } from '@conversa/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveredRealtimeEvent } from '../../drivers/realtime/realtime.port.ts';
import { createTestApp } from '../../test/harness.ts';
import { NotificationsService } from './notifications.service.ts';

describe('admin notifications', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let meta: FakeGraphApi;
  let owner: string;
  let agent: string;
  const events: DeliveredRealtimeEvent[] = [];
  const call = (method: 'GET' | 'POST', url: string, cookie: string, payload?: object) =>
    t.inject({ method, url, payload, headers: { cookie } });

  beforeAll(async () => {
    t = await createTestApp();
    meta = await startFakeGraphApi();
    owner = await t.login();
    const u = await call('POST', '/api/v1/users', owner, {
      email: 'agent@example.com',
      name: 'Ana',
      role: 'AGENT',
      password: 'password-123',
    });
    expect(u.statusCode).toBe(201);
    agent = await t.login('agent@example.com', 'password-123');
    t.realtime.subscribe(t.firstTenantId, (e) => events.push(e));
  });
  afterAll(async () => {
    await t?.close();
    await meta?.close();
  });

  it('tells the admins (not agents) once when a channel’s token stops working', async () => {
    const res = await call('POST', '/api/v1/channels', owner, {
      kind: 'cloud',
      name: 'Loja',
      credentials: {
        wabaId: meta.wabaId,
        phoneNumberId: meta.phoneNumberId,
        accessToken: meta.accessToken,
        appSecret: meta.appSecret,
        graphApiBaseUrl: meta.url,
      },
    });
    const channel = res.json();
    expect(channel.health.ok).toBe(true);
    expect((await call('GET', '/api/v1/notifications', owner)).json()).toEqual({
      items: [],
      nextCursor: null,
      unread: 0,
    });
    meta.expireToken();
    const checked = await call('POST', `/api/v1/channels/${channel.id}/validate`, owner);
    expect(checked.json().status).toBe('unhealthy');
    const page = (await call('GET', '/api/v1/notifications', owner)).json();
    expect(page).toMatchObject({
      unread: 1,
      items: [
        {
          kind: 'channel.unhealthy',
          severity: 'critical',
          params: { channel: 'Loja', reasonKey: expect.stringMatching(/^channels\./) },
          link: `/channels/${channel.id}`,
          readAt: null,
        },
      ],
    });
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'notification.created',
        data: expect.objectContaining({ kind: 'channel.unhealthy', id: page.items[0].id }),
      }),
    );
    // Still unhealthy on the next check: no second notice.
    await call('POST', `/api/v1/channels/${channel.id}/validate`, owner);
    expect((await call('GET', '/api/v1/notifications', owner)).json().unread).toBe(1);
    expect((await call('GET', '/api/v1/notifications', agent)).json()).toMatchObject({
      items: [],
      unread: 0,
    });
  });

  it('notifyAdmins works from jobs, skips a repeat of an unread notice, and pages; read marks', async () => {
    const service = t.app.get(NotificationsService);
    const notice = {
      kind: 'template.paused' as const,
      severity: 'warning' as const,
      params: { name: 'promo', language: 'pt_BR', reason: 'LOW_QUALITY' },
      link: '/templates/x',
    };
    expect(await service.notifyAdmins(t.firstTenantId, notice)).toBe(1);
    expect(await service.notifyAdmins(t.firstTenantId, notice)).toBe(0);
    expect(await service.notifyAdmins(t.firstTenantId, { ...notice, link: '/templates/y' })).toBe(1);
    const first = (await call('GET', '/api/v1/notifications?limit=2', owner)).json();
    expect(first.items.map((n: { link: string }) => n.link)).toEqual(['/templates/y', '/templates/x']);
    expect(first.unread).toBe(3);
    const rest = (
      await call('GET', `/api/v1/notifications?limit=2&cursor=${first.nextCursor}`, owner)
    ).json();
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
    const read = await call('POST', '/api/v1/notifications/read', owner, { ids: [first.items[1].id] });
    expect(read.json()).toEqual({ updated: 1, unread: 2 });
    // Once read, the same notice may come again.
    expect(await service.notifyAdmins(t.firstTenantId, notice)).toBe(1);
    expect((await call('GET', '/api/v1/notifications?unread=true', owner)).json().items).toHaveLength(3);
    expect((await call('POST', '/api/v1/notifications/read', owner, { all: true })).json()).toEqual({
      updated: 3,
      unread: 0,
    });
    expect((await call('POST', '/api/v1/notifications/read', owner, {})).statusCode).toBe(422);
    expect((await call('POST', '/api/v1/notifications/read', owner, { ids: ['nope'] })).statusCode).toBe(422);
  });
});
