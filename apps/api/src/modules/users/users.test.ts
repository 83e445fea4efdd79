import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/harness.ts';

describe('users, tenants, API keys and the audit log', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let admin: string;
  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    cookie: string,
    payload?: object,
  ) =>
    t.inject({
      method,
      url,
      headers: cookie.startsWith('cvk_') ? { authorization: `Bearer ${cookie}` } : { cookie },
      payload,
    });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login();
  });
  afterAll(() => t?.close());

  it('adds a member with a role, lists them, and refuses a duplicate', async () => {
    const created = await call('POST', '/api/v1/users', admin, {
      email: 'Agent@Example.com',
      name: 'Ana',
      role: 'AGENT',
      password: 'agent-password',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      email: 'agent@example.com',
      role: 'AGENT',
      available: true,
      disabled: false,
    });
    const dup = await call('POST', '/api/v1/users', admin, {
      email: 'agent@example.com',
      name: 'Ana',
      role: 'AGENT',
    });
    expect(dup.json()).toMatchObject({ status: 409, code: 'email-taken', errors: [{ path: 'email' }] });
    const noPassword = await call('POST', '/api/v1/users', admin, {
      email: 'new@example.com',
      name: 'N',
      role: 'VIEWER',
    });
    expect(noPassword.json()).toMatchObject({ status: 422, errors: [{ path: 'password' }] });
    const list = await call('GET', '/api/v1/users?limit=1', admin);
    expect(list.json().items).toHaveLength(1);
    const rest = await call('GET', `/api/v1/users?limit=50&cursor=${list.json().nextCursor}`, admin);
    expect(
      [...list.json().items, ...rest.json().items].map((u: { email: string }) => u.email).sort(),
    ).toEqual(['admin@gmail.com', 'agent@example.com']);
    expect((await call('GET', '/api/v1/users?cursor=garbage', admin)).statusCode).toBe(422);
  });

  it('enforces roles: an agent may read and set availability but not manage users or keys', async () => {
    const agent = await t.login('agent@example.com', 'agent-password');
    expect((await call('GET', '/api/v1/users', agent)).statusCode).toBe(200);
    expect((await call('PUT', '/api/v1/users/me/availability', agent, { available: false })).json()).toEqual({
      available: false,
    });
    const forbidden = await call('POST', '/api/v1/users', agent, {
      email: 'x@example.com',
      name: 'X',
      role: 'ADMIN',
      password: 'whatever1',
    });
    expect(forbidden.json()).toMatchObject({ status: 403, code: 'forbidden' });
    expect((await call('GET', '/api/v1/api-keys', agent)).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/tenants', agent)).statusCode).toBe(403);
  });

  it('keeps the last owner: demoting or disabling them is refused', async () => {
    const me = (await call('GET', '/api/v1/auth/me', admin)).json();
    const demote = await call('PATCH', `/api/v1/users/${me.user.id}`, admin, { role: 'ADMIN' });
    expect(demote.json()).toMatchObject({ status: 409, code: 'last-owner' });
    expect((await call('PATCH', `/api/v1/users/${me.user.id}`, admin, {})).statusCode).toBe(422);
  });

  it('isolates tenants: another tenant’s users answer 404 and are not listed', async () => {
    const tenant = await call('POST', '/api/v1/tenants', admin, {
      name: 'Loja da Maria',
      owner: { email: 'maria@loja.com', password: 'maria-password', name: 'Maria' },
    });
    expect(tenant.statusCode).toBe(201);
    expect(tenant.json()).toMatchObject({
      name: 'Loja da Maria',
      slug: 'loja-da-maria',
      timezone: 'America/Sao_Paulo',
      members: 1,
    });
    const maria = await t.login('maria@loja.com', 'maria-password');
    const theirs = (await call('GET', '/api/v1/users', maria)).json().items;
    expect(theirs.map((u: { email: string }) => u.email)).toEqual(['maria@loja.com']);
    const adminId = (await call('GET', '/api/v1/auth/me', admin)).json().user.id;
    expect((await call('GET', `/api/v1/users/${adminId}`, maria)).json()).toMatchObject({ status: 404 });
    expect((await call('PATCH', `/api/v1/users/${adminId}`, maria, { name: 'hacked' })).statusCode).toBe(404);
    const list = (await call('GET', '/api/v1/tenants', admin)).json().items;
    expect(list.map((x: { name: string }) => x.name).sort()).toEqual(['Conversa', 'Loja da Maria']);
    const badTz = await call('POST', '/api/v1/tenants', admin, {
      name: 'Xyz',
      timezone: 'Mars/Olympus',
      owner: { email: 'x@x.com', password: 'password1' },
    });
    expect(badTz.json()).toMatchObject({ status: 422, errors: [{ path: 'timezone' }] });
  });

  it('issues an API key once, authenticates with it, and refuses it after revocation', async () => {
    const created = await call('POST', '/api/v1/api-keys', admin, { name: 'CRM', role: 'MANAGER' });
    expect(created.statusCode).toBe(201);
    const { id, secret, prefix } = created.json();
    expect(secret).toMatch(/^cvk_[0-9a-f]{32}_/);
    const listed = (await call('GET', '/api/v1/api-keys', admin)).json().items;
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(listed[0]).toMatchObject({ id, prefix, role: 'MANAGER', revokedAt: null });
    expect((await call('GET', '/api/v1/users', secret)).statusCode).toBe(200);
    // A MANAGER key cannot manage users.
    expect(
      (
        await call('POST', '/api/v1/users', secret, {
          email: 'k@k.com',
          name: 'K',
          role: 'VIEWER',
          password: 'password1',
        })
      ).statusCode,
    ).toBe(403);
    expect((await call('DELETE', `/api/v1/api-keys/${id}`, admin)).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/users', secret)).json()).toMatchObject({
      status: 401,
      code: 'api-key-invalid',
    });
    const tampered = `${secret.slice(0, -4)}AAAA`;
    expect((await call('GET', '/api/v1/users', tampered)).json()).toMatchObject({ code: 'api-key-invalid' });
    const unknownTenant = `cvk_${'0'.repeat(32)}_${'a'.repeat(43)}`;
    expect((await call('GET', '/api/v1/users', unknownTenant)).json()).toMatchObject({
      status: 401,
      code: 'api-key-unknown-tenant',
    });
    const garbage = await t.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: { authorization: 'Bearer garbage' },
    });
    expect(garbage.json()).toMatchObject({ status: 401, code: 'api-key-invalid' });
  });

  it('disables a member in this tenant only: their session ends, other tenants keep them', async () => {
    const both = await call('POST', '/api/v1/users', admin, {
      email: 'both@example.com',
      name: 'Bo',
      role: 'AGENT',
      password: 'both-password',
    });
    const bothId = both.json().id;
    const maria = await t.login('maria@loja.com', 'maria-password');
    expect(
      (await call('POST', '/api/v1/users', maria, { email: 'both@example.com', name: 'Bo', role: 'AGENT' }))
        .statusCode,
    ).toBe(201);
    const session = await t.login('both@example.com', 'both-password');
    expect((await call('GET', '/api/v1/auth/me', session)).json().tenants).toHaveLength(2);
    const tenantOfSession = (await call('GET', '/api/v1/auth/me', session)).json().tenant.name;
    const disabler = tenantOfSession === 'Conversa' ? admin : maria;
    expect(
      (await call('PATCH', `/api/v1/users/${bothId}`, disabler, { disabled: true })).json(),
    ).toMatchObject({ disabled: true });
    expect((await call('GET', '/api/v1/auth/me', session)).statusCode).toBe(401);
    const again = await t.login('both@example.com', 'both-password');
    const me = (await call('GET', '/api/v1/auth/me', again)).json();
    expect(me.tenants).toHaveLength(1);
    expect(me.tenant.name).not.toBe(tenantOfSession);
  });

  it('writes an audit entry for every change, with who did it', async () => {
    const logs = (await call('GET', '/api/v1/audit-logs?limit=200', admin)).json().items as {
      action: string;
      actorName: string | null;
    }[];
    const actions = new Set(logs.map((l) => l.action));
    for (const a of ['auth.login', 'user.added', 'user.availability', 'api-key.created', 'api-key.revoked'])
      expect(actions).toContain(a);
    expect(logs.find((l) => l.action === 'api-key.created')?.actorName).toBe('Admin');
  });

  it('serves health, Prometheus metrics and the OpenAPI document', async () => {
    expect((await t.inject({ method: 'GET', url: '/api/health' })).json()).toMatchObject({
      status: 'ok',
      database: 'ok',
    });
    const metrics = await t.inject({ method: 'GET', url: '/api/metrics' });
    expect(metrics.body).toContain('http_request_duration_seconds_bucket');
    const doc = (await t.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(
      doc.paths['/api/v1/auth/login'].post.requestBody.content['application/json'].schema.required,
    ).toEqual(['email', 'password']);
    expect(doc.paths['/api/v1/realtime'].get.responses).toHaveProperty('101');
    expect(doc.paths['/webhooks/{kind}/{channelId}'].post).toBeDefined();
    expect((await t.inject({ method: 'GET', url: '/api/v1/nope' })).json()).toMatchObject({
      status: 404,
      code: 'route-not-found',
    });
  });
});
