import { type FakeGraphApi, startFakeGraphApi } from '@conversa/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/harness.ts';

describe('connection.update events move the channel (fake Graph API)', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let meta: FakeGraphApi;
  let cookie: string;
  let channelId: string;
  const seen: { type: string; data: Record<string, unknown> }[] = [];
  const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
    t.inject({ method, url, payload, headers: { cookie } });
  const channel = async () => (await api('GET', `/api/v1/channels/${channelId}`)).json();
  /** Meta's WABA-level webhook (`account_update`, `phone_number_quality_update`). */
  const wabaEvent = (field: string, value: Record<string, unknown>) =>
    meta.deliverWebhook({
      object: 'whatsapp_business_account',
      entry: [{ id: meta.wabaId, time: Math.floor(Date.now() / 1000), changes: [{ field, value }] }],
    });

  beforeAll(async () => {
    t = await createTestApp();
    meta = await startFakeGraphApi();
    const base = await t.listen();
    cookie = await t.login();
    const res = await api('POST', '/api/v1/channels', {
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
    channelId = res.json().id;
    meta.webhookUrl = `${base}/webhooks/cloud/${channelId}`;
    t.realtime.subscribe(t.firstTenantId, (e) => seen.push(e as (typeof seen)[number]));
  });
  afterAll(async () => {
    await t?.close();
    await meta?.close();
  });

  it('a restriction makes the channel unhealthy with the reason, and says so live', async () => {
    expect((await channel()).status).toBe('pending');
    const delivered = await wabaEvent('account_update', {
      phone_number: meta.phone.display_phone_number.replace(/\D/g, ''),
      event: 'ACCOUNT_RESTRICTION',
    });
    expect(delivered.status).toBe(200);
    const c = await t.until(async () => {
      const x = await channel();
      return x.status === 'unhealthy' ? x : null;
    }, 'unhealthy');
    expect(c.lastError).toMatchObject({ code: 'restricted', reason: 'channels.errors.policyBlocked' });
    await t.until(
      async () =>
        seen.find(
          (e) => e.type === 'channel.status' && e.data.id === channelId && e.data.status === 'unhealthy',
        ),
      'channel.status event',
    );
  });

  it('a quality flag and a new messaging limit land in the channel health', async () => {
    await wabaEvent('phone_number_quality_update', {
      display_phone_number: '5511400012340',
      event: 'FLAGGED',
      current_limit: 'TIER_1K',
    });
    await wabaEvent('phone_number_quality_update', {
      display_phone_number: '5511400012340',
      event: 'UPGRADE',
      current_limit: 'TIER_10K',
    });
    const c = await t.until(async () => {
      const x = await channel();
      return x.health?.messagingTier === 10000 ? x : null;
    }, 'tier upgrade');
    expect(c.health.qualityRating).toBe('low');
    expect(c.status).toBe('unhealthy'); // a limit change alone does not clear the restriction
  });

  it('a reconnection clears the error; a repeated event changes and publishes nothing', async () => {
    await wabaEvent('account_update', { event: 'ACCOUNT_RECONNECTED' });
    const c = await t.until(async () => {
      const x = await channel();
      return x.status === 'connected' ? x : null;
    }, 'connected');
    expect(c.lastError).toBeNull();
    const before = seen.filter((e) => e.type === 'channel.status').length;
    await wabaEvent('account_update', { event: 'ACCOUNT_RECONNECTED' });
    await wabaEvent('account_update', { event: 'DISABLED_UPDATE' });
    const banned = await t.until(async () => {
      const x = await channel();
      return x.status === 'disconnected' ? x : null;
    }, 'disconnected');
    expect(banned.lastError).toMatchObject({ code: 'banned', reason: 'channels.errors.accountLocked' });
    // Only the ban published: the repeated reconnection was a no-op.
    expect(seen.filter((e) => e.type === 'channel.status').length).toBe(before + 1);
  });
});
