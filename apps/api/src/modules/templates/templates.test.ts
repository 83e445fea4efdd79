import { type FakeGraphApi, startFakeGraphApi } from '@conversa/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveredRealtimeEvent } from '../../drivers/realtime/realtime.port.ts';
import { createTestApp } from '../../test/harness.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

const body = (text: string, example?: string[]) => ({
  type: 'BODY' as const,
  text,
  ...(example ? { example: { body_text: [example] } } : {}),
});
const draft = (channelId: string, name: string, extra: Record<string, unknown> = {}) => ({
  channelId,
  name,
  language: 'pt_BR',
  category: 'UTILITY',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Pedido {{1}}', example: { header_text: ['#123'] } },
    body('Olá {{1}}, seu pedido {{2}} foi enviado hoje.', ['Maria', '#123']),
    { type: 'FOOTER', text: 'Loja Exemplo' },
    {
      type: 'BUTTONS',
      buttons: [
        {
          type: 'URL',
          text: 'Rastrear',
          url: 'https://loja.example/r/{{1}}',
          example: ['https://loja.example/r/abc'],
        },
        { type: 'QUICK_REPLY', text: 'Falar com atendente' },
      ],
    },
  ],
  ...extra,
});

describe('templates against the fake Graph API', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let meta: FakeGraphApi;
  let admin: string;
  let admin2: string;
  let manager: string;
  let agent: string;
  let channelId: string;
  let sandboxId: string;
  const events: DeliveredRealtimeEvent[] = [];
  const call = (method: Method, url: string, cookie: string, payload?: object) =>
    t.inject({ method, url, payload, headers: { cookie } });
  const api = (method: Method, url: string, payload?: object) => call(method, url, admin, payload);
  const get = async (id: string) => (await api('GET', `/api/v1/templates/${id}`)).json();
  const waitStatus = (id: string, status: string) =>
    t.until(async () => {
      const v = await get(id);
      return v.status === status ? v : null;
    }, `template ${id} ${status}`);
  // Meta's template webhooks carry no id: identical bytes within one second are one delivery to us
  // (dedupe by body hash), so a second verdict for the same template waits for the next second.
  const nextSecond = () => new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));
  const createApproved = async (name: string) => {
    const created = await api('POST', '/api/v1/templates', draft(channelId, name));
    expect(created.statusCode).toBe(201);
    const sub = await api('POST', `/api/v1/templates/${created.json().id}/submit`);
    expect(sub.statusCode).toBe(200);
    await meta.setTemplateStatus(sub.json().providerTemplateId, 'APPROVED');
    return waitStatus(created.json().id, 'APPROVED');
  };

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL: 'http://127.0.0.1:1' });
    meta = await startFakeGraphApi({ statusGapMs: 5 });
    const base = await t.listen();
    admin = await t.login();
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
    expect(res.statusCode).toBe(201);
    channelId = res.json().id;
    meta.webhookUrl = `${base}/webhooks/cloud/${channelId}`;
    const channels = (await api('GET', '/api/v1/channels')).json().items;
    sandboxId = channels.find((c: { kind: string }) => c.kind === 'sandbox').id;
    for (const [email, role] of [
      ['admin2@example.com', 'ADMIN'],
      ['manager@example.com', 'MANAGER'],
      ['agent@example.com', 'AGENT'],
    ] as const) {
      const u = await api('POST', '/api/v1/users', { email, name: role, role, password: 'password-123' });
      expect(u.statusCode).toBe(201);
    }
    admin2 = await t.login('admin2@example.com', 'password-123');
    manager = await t.login('manager@example.com', 'password-123');
    agent = await t.login('agent@example.com', 'password-123');
    t.realtime.subscribe(t.firstTenantId, (e) => events.push(e));
  });
  afterAll(async () => {
    await t?.close();
    await meta?.close();
  });

  it('refuses a draft that breaks Meta’s rules with field errors (path + i18n key)', async () => {
    const res = await api('POST', '/api/v1/templates', {
      channelId,
      name: 'Bad Name',
      language: 'pt_BR',
      category: 'UTILITY',
      components: [body('{{1}} e {{3}}')],
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json();
    expect(problem.code).toBe('template-invalid');
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'name',
          code: 'nameInvalid',
          messageKey: 'templates.rules.nameInvalid',
        }),
        expect.objectContaining({ path: 'components.0.text', code: 'parametersNotSequential' }),
        expect.objectContaining({ path: 'components.0.text', code: 'bodyStartsWithParameter' }),
      ]),
    );
    // Structure problems are plain validation errors.
    const shape = await api('POST', '/api/v1/templates', { channelId, name: 'x', language: 'pt_BR' });
    expect(shape.json()).toMatchObject({ status: 422, code: 'validation-failed' });
    expect((await api('GET', '/api/v1/templates')).json().items).toEqual([]);
  });

  it('enforces roles: AGENT reads and previews, MANAGER drafts, only ADMIN submits', async () => {
    expect((await call('POST', '/api/v1/templates', agent, draft(channelId, 'by_agent'))).statusCode).toBe(
      403,
    );
    const created = await call('POST', '/api/v1/templates', manager, draft(channelId, 'order_shipped'));
    expect(created.statusCode).toBe(201);
    const tpl = created.json();
    expect(tpl).toMatchObject({ status: 'DRAFT', version: 1, parentId: null, parameterFormat: 'positional' });
    expect(tpl.events).toEqual([expect.objectContaining({ kind: 'created', status: 'DRAFT' })]);
    expect((await call('POST', `/api/v1/templates/${tpl.id}/submit`, manager)).statusCode).toBe(403);
    expect((await call('DELETE', `/api/v1/templates/${tpl.id}`, manager)).statusCode).toBe(403);
    expect((await call('POST', '/api/v1/templates/sync', manager, {})).statusCode).toBe(403);
    expect((await call('GET', `/api/v1/templates/${tpl.id}`, agent)).statusCode).toBe(200);
    const preview = await call('POST', `/api/v1/templates/${tpl.id}/preview`, agent, {
      variables: { '1': 'Maria', '2': '#777' },
      header: '#777',
      buttons: [{ index: 0, value: 'xyz' }],
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toEqual({
      text: 'Olá Maria, seu pedido #777 foi enviado hoje.',
      header: { format: 'TEXT', text: 'Pedido #777' },
      footer: 'Loja Exemplo',
      buttons: [
        { type: 'URL', text: 'Rastrear', url: 'https://loja.example/r/xyz' },
        { type: 'QUICK_REPLY', text: 'Falar com atendente' },
      ],
    });
    const patched = await call('PATCH', `/api/v1/templates/${tpl.id}`, manager, { category: 'MARKETING' });
    expect(patched.json()).toMatchObject({ id: tpl.id, category: 'MARKETING', status: 'DRAFT' });
    const dup = await call('POST', '/api/v1/templates', manager, draft(channelId, 'order_shipped'));
    expect(dup.json()).toMatchObject({ status: 409, errors: [{ path: 'name' }] });
  });

  it('submits to Meta, and the APPROVED webhook makes it approved', async () => {
    const created = (await api('POST', '/api/v1/templates', draft(channelId, 'welcome_v'))).json();
    const sub = await api('POST', `/api/v1/templates/${created.id}/submit`);
    expect(sub.statusCode).toBe(200);
    expect(sub.json()).toMatchObject({ status: 'SUBMITTED', providerTemplateId: expect.any(String) });
    const atMeta = meta.templates.find((x) => x.name === 'welcome_v');
    expect(atMeta).toMatchObject({ status: 'PENDING', language: 'pt_BR', category: 'UTILITY' });
    expect(atMeta!.id).toBe(sub.json().providerTemplateId);
    expect((await api('POST', `/api/v1/templates/${created.id}/submit`)).json()).toMatchObject({
      status: 409,
      code: 'template-not-submittable',
    });
    expect((await api('PATCH', `/api/v1/templates/${created.id}`, { name: 'other' })).json()).toMatchObject({
      code: 'template-in-review',
    });
    await meta.setTemplateStatus(atMeta!.id, 'APPROVED');
    const approved = await waitStatus(created.id, 'APPROVED');
    expect(approved.reviewedAt).toEqual(expect.any(String));
    expect(approved.events.map((e: { kind: string; status: string }) => `${e.kind}:${e.status}`)).toEqual([
      'created:DRAFT',
      'submitted:SUBMITTED',
      'status:APPROVED',
    ]);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'template.status',
        data: expect.objectContaining({
          templateId: created.id,
          status: 'APPROVED',
          previousStatus: 'SUBMITTED',
        }),
      }),
    );
    const approvedList = (await call('GET', '/api/v1/templates?status=APPROVED', agent)).json().items;
    expect(approvedList.map((x: { id: string }) => x.id)).toContain(created.id);
    // A quality webhook updates the score.
    await meta.setTemplateQuality(atMeta!.id, 'YELLOW');
    await t.until(async () => (await get(created.id)).qualityScore === 'medium', 'quality score');
  });

  it('stores and returns Meta’s rejection reason, and tells the admins', async () => {
    const created = (await api('POST', '/api/v1/templates', draft(channelId, 'promo_rejected'))).json();
    const sub = (await api('POST', `/api/v1/templates/${created.id}/submit`)).json();
    await meta.setTemplateStatus(sub.providerTemplateId, 'REJECTED', 'INCORRECT_CATEGORY');
    const rejected = await waitStatus(created.id, 'REJECTED');
    expect(rejected.rejectionReason).toBe('INCORRECT_CATEGORY');
    expect(rejected.events.at(-1)).toMatchObject({
      kind: 'status',
      status: 'REJECTED',
      reason: 'INCORRECT_CATEGORY',
    });
    const mine = (await api('GET', '/api/v1/notifications')).json();
    expect(mine.items).toContainEqual(
      expect.objectContaining({
        kind: 'template.rejected',
        params: expect.objectContaining({ name: 'promo_rejected', reason: 'INCORRECT_CATEGORY' }),
        link: `/templates/${created.id}`,
      }),
    );
    // A rejected template is edited in place and can be submitted again (Meta's edit of the same id).
    const edited = await api('PATCH', `/api/v1/templates/${created.id}`, { category: 'MARKETING' });
    expect(edited.json()).toMatchObject({ id: created.id, status: 'DRAFT', category: 'MARKETING' });
    const again = await api('POST', `/api/v1/templates/${created.id}/submit`);
    expect(again.json()).toMatchObject({
      status: 'SUBMITTED',
      providerTemplateId: sub.providerTemplateId,
      rejectionReason: null,
    });
    expect(meta.templates.find((x) => x.id === sub.providerTemplateId)).toMatchObject({
      status: 'PENDING',
      category: 'MARKETING',
    });
  });

  it('PAUSED notifies every admin (rows + realtime), not managers', async () => {
    const approved = await createApproved('paused_one');
    const before = events.length;
    await meta.setTemplateStatus(approved.providerTemplateId, 'PAUSED', 'LOW_QUALITY');
    const paused = await waitStatus(approved.id, 'PAUSED');
    expect(paused.rejectionReason).toBe('LOW_QUALITY');
    for (const cookie of [admin, admin2]) {
      const page = (await call('GET', '/api/v1/notifications?unread=true', cookie)).json();
      expect(page.items[0]).toMatchObject({
        kind: 'template.paused',
        severity: 'warning',
        params: { name: 'paused_one', language: 'pt_BR', reason: 'LOW_QUALITY' },
        readAt: null,
      });
      expect(page.unread).toBeGreaterThanOrEqual(1);
    }
    expect((await call('GET', '/api/v1/notifications', manager)).json()).toMatchObject({
      items: [],
      unread: 0,
    });
    const created = await t.until(async () =>
      events
        .slice(before)
        .filter(
          (e) => e.type === 'notification.created' && (e.data as { kind: string }).kind === 'template.paused',
        ),
    );
    expect(created.filter((e) => e.type === 'notification.created').length).toBeGreaterThanOrEqual(2);
    // Reading: by id, then all.
    const page = (await call('GET', '/api/v1/notifications', admin2)).json();
    const one = await call('POST', '/api/v1/notifications/read', admin2, { ids: [page.items[0].id] });
    expect(one.json()).toEqual({ updated: 1, unread: page.unread - 1 });
    const all = await call('POST', '/api/v1/notifications/read', admin2, { all: true });
    expect(all.json()).toMatchObject({ unread: 0 });
    // A duplicate webhook changes nothing and notifies no one again.
    const count = (await api('GET', '/api/v1/notifications')).json().unread;
    await meta.setTemplateStatus(approved.providerTemplateId, 'PAUSED', 'LOW_QUALITY');
    await meta.settle();
    expect((await api('GET', '/api/v1/notifications')).json().unread).toBe(count);
  });

  it('an approved template is usable in the inbox; once Meta pauses it, new sends are refused saying why', async () => {
    const approved = await createApproved('entrega_hoje');
    // The customer's conversation (templates go out inside and outside the 24-hour window).
    await meta.sendInbound({ type: 'text', text: 'cadê meu pedido?', from: '5511987650000' });
    const conv = await t.until(
      async () =>
        (await api('GET', `/api/v1/conversations?channelId=${channelId}`))
          .json()
          .items.find((c: { contact: { phone: string } }) => c.contact.phone === '+5511987650000'),
      'conversation',
    );
    const send = () =>
      api('POST', `/api/v1/conversations/${conv.id}/messages`, {
        type: 'template',
        templateId: approved.id,
        variables: { '1': 'Maria', '2': '#777' },
        header: '#777',
        buttons: [{ index: 0, value: 'rastreio-777' }],
      });
    const ok = await send();
    expect(ok.statusCode).toBe(202);
    expect(ok.json().text).toBe('Olá Maria, seu pedido #777 foi enviado hoje.');
    const atMeta = await t.until(
      async () =>
        meta.sent.find(
          (m) => m.type === 'template' && (m.body.template as { name?: string }).name === 'entrega_hoje',
        ),
      'template send at Meta',
    );
    expect(atMeta.body.template).toMatchObject({ name: 'entrega_hoje', language: { code: 'pt_BR' } });

    await nextSecond();
    await meta.setTemplateStatus(approved.providerTemplateId, 'PAUSED', 'LOW_QUALITY');
    await waitStatus(approved.id, 'PAUSED');
    const refused = await send();
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'template-not-approved' });
    expect(refused.json().detail).toMatch(/paused/i);
  });

  it('sync imports templates made only in Meta’s manager and applies Meta’s status', async () => {
    meta.addTemplate({
      name: 'made_in_manager',
      language: 'en_US',
      category: 'MARKETING',
      components: [{ type: 'BODY', text: 'Hello {{1}}, see our news!', example: { body_text: [['Ann']] } }],
      rejected_reason: undefined,
    });
    meta.addTemplate({
      name: 'in_review_there',
      language: 'pt_BR',
      status: 'PENDING',
      components: [body('Oi tudo bem')],
    });
    const res = await api('POST', '/api/v1/templates/sync', {});
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ channels: 1, created: 2 });
    const list = (await api('GET', `/api/v1/templates?channelId=${channelId}&q=manager`)).json().items;
    expect(list).toEqual([
      expect.objectContaining({
        name: 'made_in_manager',
        status: 'APPROVED',
        category: 'MARKETING',
        version: 1,
      }),
    ]);
    const imported = await get(list[0].id);
    expect(imported.events).toEqual([expect.objectContaining({ kind: 'synced', status: 'APPROVED' })]);
    // Meta changed a status without a webhook reaching us: the sync catches up; a second sync is a no-op.
    const pending = meta.templates.find((x) => x.name === 'in_review_there')!;
    pending.status = 'APPROVED';
    const second = (await api('POST', '/api/v1/templates/sync', { channelId })).json();
    expect(second).toMatchObject({ created: 0, updated: 1 });
    expect((await api('GET', `/api/v1/templates?q=in_review_there`)).json().items[0].status).toBe('APPROVED');
    expect((await api('POST', '/api/v1/templates/sync', {})).json()).toMatchObject({
      created: 0,
      updated: 0,
    });
  });

  it('editing an approved template makes a new version; its approval supersedes the old one; rollback', async () => {
    const v1 = await createApproved('versioned');
    const changed = draft(channelId, 'versioned').components.map((c) =>
      c.type === 'BODY' ? body('Olá {{1}}, o pedido {{2}} saiu para entrega agora.', ['Maria', '#9']) : c,
    );
    const edit = await api('PATCH', `/api/v1/templates/${v1.id}`, { components: changed });
    expect(edit.statusCode).toBe(200);
    const v2 = edit.json();
    expect(v2).toMatchObject({ version: 2, parentId: v1.id, status: 'DRAFT', providerTemplateId: null });
    expect(v2.id).not.toBe(v1.id);
    expect((await get(v1.id)).status).toBe('APPROVED'); // still in force
    expect((await api('PATCH', `/api/v1/templates/${v1.id}`, { name: 'renamed' })).json()).toMatchObject({
      status: 422,
      errors: [{ path: 'name', code: 'locked' }],
    });
    // A second edit of v1 edits the pending draft instead of starting v3.
    const again = (await api('PATCH', `/api/v1/templates/${v1.id}`, { components: changed })).json();
    expect(again.id).toBe(v2.id);
    // The list shows the newest version per name + language unless asked for all.
    const latest = (await api('GET', '/api/v1/templates?q=versioned')).json().items;
    expect(latest.map((x: { version: number }) => x.version)).toEqual([2]);
    expect((await api('GET', '/api/v1/templates?q=versioned&allVersions=true')).json().items).toHaveLength(2);

    // Submitting v2 edits Meta's template (same id), which goes back to review.
    const sub = (await api('POST', `/api/v1/templates/${v2.id}/submit`)).json();
    expect(sub).toMatchObject({ status: 'SUBMITTED', providerTemplateId: v1.providerTemplateId });
    const atMeta = meta.templates.find((x) => x.id === v1.providerTemplateId)!;
    expect(atMeta).toMatchObject({ status: 'PENDING', edits: 1 });
    expect(JSON.stringify(atMeta.components)).toContain('saiu para entrega');
    await nextSecond();
    await meta.setTemplateStatus(atMeta.id, 'APPROVED');
    await waitStatus(v2.id, 'APPROVED');
    const old = await waitStatus(v1.id, 'DEPRECATED');
    expect(old.events.at(-1)).toMatchObject({ kind: 'superseded', status: 'DEPRECATED' });
    expect(
      (await get(v2.id)).versions.map((v: { version: number; status: string }) => `${v.version}:${v.status}`),
    ).toEqual(['2:APPROVED', '1:DEPRECATED']);

    // Only a once-approved, not-active version can be rolled back to.
    expect((await api('POST', `/api/v1/templates/${v2.id}/rollback`, {})).json()).toMatchObject({
      status: 409,
      code: 'template-rollback-invalid',
    });
    const rb = await api('POST', `/api/v1/templates/${v1.id}/rollback`, { reason: 'v2 confused customers' });
    expect(rb.statusCode).toBe(200);
    expect(rb.json()).toMatchObject({ id: v1.id, status: 'SUBMITTED' });
    expect(rb.json().events.at(-1)).toMatchObject({ kind: 'rollback', reason: 'v2 confused customers' });
    expect((await get(v2.id)).status).toBe('DEPRECATED');
    expect(JSON.stringify(atMeta.components)).not.toContain('saiu para entrega');
    await nextSecond();
    await meta.setTemplateStatus(atMeta.id, 'APPROVED');
    await waitStatus(v1.id, 'APPROVED');
  });

  it('answers Meta’s refusal as a clear problem and leaves the draft as it was', async () => {
    meta.addTemplate({ name: 'taken_at_meta', language: 'pt_BR', components: [body('Oi tudo bem')] });
    const created = (await api('POST', '/api/v1/templates', draft(channelId, 'taken_at_meta'))).json();
    const res = await api('POST', `/api/v1/templates/${created.id}/submit`);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'template-provider-rejected',
      detail: expect.stringContaining('2388024'),
      errors: [{ path: 'name', code: 'taken-at-provider' }],
    });
    expect((await get(created.id)).status).toBe('DRAFT');
  });

  it('approves at once on the sandbox, and deletes (soft, and at Meta)', async () => {
    const s = (await api('POST', '/api/v1/templates', draft(sandboxId, 'sandbox_tpl'))).json();
    expect((await api('POST', `/api/v1/templates/${s.id}/submit`)).json()).toMatchObject({
      status: 'APPROVED',
    });
    const c = await createApproved('to_delete');
    expect((await api('DELETE', `/api/v1/templates/${c.id}`)).statusCode).toBe(204);
    expect((await api('GET', `/api/v1/templates/${c.id}`)).statusCode).toBe(404);
    expect(meta.templates.find((x) => x.name === 'to_delete')).toBeUndefined();
    const stats = (await api('GET', '/api/v1/templates/stats')).json();
    expect(stats.approvalRate).toBeGreaterThan(0);
    expect(stats.topRejectionReasons).toContainEqual({ reason: 'INCORRECT_CATEGORY', count: 1 });
  });

  it("isolates tenants: another tenant's template answers 404 and is not listed", async () => {
    const mine = (await api('GET', '/api/v1/templates')).json().items[0];
    const tenant = await api('POST', '/api/v1/tenants', {
      name: 'Outra Loja',
      owner: { email: 'owner@outra.com', password: 'outra-password' },
    });
    expect(tenant.statusCode).toBe(201);
    const other = await t.login('owner@outra.com', 'outra-password');
    expect((await call('GET', `/api/v1/templates/${mine.id}`, other)).statusCode).toBe(404);
    expect(
      (await call('PATCH', `/api/v1/templates/${mine.id}`, other, { category: 'MARKETING' })).statusCode,
    ).toBe(404);
    expect(
      (await call('POST', `/api/v1/templates/${mine.id}/preview`, other, { variables: {} })).statusCode,
    ).toBe(404);
    expect((await call('GET', '/api/v1/templates', other)).json().items).toEqual([]);
    expect((await call('GET', '/api/v1/notifications', other)).json()).toMatchObject({
      items: [],
      unread: 0,
    });
    // Another tenant's channel cannot own my drafts either.
    expect((await call('POST', '/api/v1/templates', other, draft(channelId, 'sneaky'))).json()).toMatchObject(
      {
        status: 422,
        errors: [{ path: 'channelId' }],
      },
    );
  });
});
