import { type FakeGraphApi, startFakeGraphApi } from '@conversa/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/harness.ts';

describe('channel settings behind a proxy', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let meta: FakeGraphApi;
  let cookie: string;
  let id: string;

  beforeAll(async () => {
    // No PUBLIC_URL: the webhook URL shown to admins comes from the request, as a proxy forwards it.
    t = await createTestApp({ TRUST_PROXY: 'true', SEND_RATE_PER_CHANNEL: '80' });
    meta = await startFakeGraphApi({ statusPlan: 'none' });
    cookie = await t.login();
    const res = await t.inject({
      method: 'POST',
      url: '/api/v1/channels',
      headers: { cookie },
      payload: {
        kind: 'cloud',
        name: 'Loja',
        credentials: {
          wabaId: meta.wabaId,
          phoneNumberId: meta.phoneNumberId,
          accessToken: meta.accessToken,
          appSecret: meta.appSecret,
          graphApiBaseUrl: meta.url,
        },
      },
    });
    expect(res.statusCode).toBe(201);
    id = res.json().id;
  });
  afterAll(async () => {
    await t?.close();
    await meta?.close();
  });

  it('shows the public webhook URL from X-Forwarded-Proto and X-Forwarded-Host', async () => {
    const res = await t.inject({
      method: 'GET',
      url: `/api/v1/channels/${id}`,
      headers: { cookie, 'x-forwarded-proto': 'https', 'x-forwarded-host': 'atendimento.loja.com.br' },
    });
    expect(res.json().webhookUrl).toBe(`https://atendimento.loja.com.br/webhooks/cloud/${id}`);
  });

  it('sets, shows and clears a number’s own send rate; refuses one Meta would not allow', async () => {
    const patch = (payload: object) =>
      t.inject({ method: 'PATCH', url: `/api/v1/channels/${id}`, headers: { cookie }, payload });
    const set = await patch({ sendRatePerSecond: 250 });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ sendRatePerSecond: 250, sendRateDefault: 80 });

    const tooFast = await patch({ sendRatePerSecond: 5000 });
    expect(tooFast.statusCode).toBe(422);
    expect(tooFast.json().errors).toContainEqual(
      expect.objectContaining({ path: 'sendRatePerSecond', maximum: 1000 }),
    );

    const cleared = await patch({ sendRatePerSecond: null });
    expect(cleared.json()).toMatchObject({ sendRatePerSecond: null, sendRateDefault: 80 });
  });
});
