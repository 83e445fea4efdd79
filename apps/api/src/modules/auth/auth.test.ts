import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/harness.ts';

describe('auth', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('signs the default admin in and answers /auth/me with the default-password flag', async () => {
    const cookie = await t.login();
    const me = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { email: 'admin@gmail.com', isSuperAdmin: true }, role: 'OWNER', defaultPasswordInUse: true });
  });

  it('answers a wrong password with 401 problem+json', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'admin@gmail.com', password: 'nope' } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 401, code: 'invalid-credentials', type: '/problems/invalid-credentials' });
  });
});
