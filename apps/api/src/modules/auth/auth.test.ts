import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/harness.ts';

describe('auth', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  const login = (payload: unknown, headers: Record<string, string> = {}) =>
    t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: payload as object, headers });

  it('signs the default admin in with an httpOnly SameSite=Lax cookie and reports the default password', async () => {
    const res = await login({ email: ' Admin@Gmail.com ', password: 'Jesus' });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'conversa_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const me = await t.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: `conversa_session=${cookie!.value}` },
    });
    expect(me.json()).toMatchObject({
      user: { email: 'admin@gmail.com', isSuperAdmin: true, mfaEnabled: false },
      tenant: { name: 'Conversa', timezone: 'America/Sao_Paulo' },
      role: 'OWNER',
      defaultPasswordInUse: true,
    });
  });

  it('answers a wrong password with 401 problem+json in the caller’s language', async () => {
    const res = await login(
      { email: 'admin@gmail.com', password: 'nope' },
      { 'accept-language': 'en-US,en;q=0.9', 'x-forwarded-for': '1.1.1.1' },
    );
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      status: 401,
      code: 'invalid-credentials',
      type: '/problems/invalid-credentials',
      title: 'Wrong e-mail or password.',
    });
    expect(res.json().requestId).toBe(res.headers['x-request-id']);
  });

  it('answers the 11th bad attempt within a minute with 429 and Retry-After', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) {
      const r = await login(
        { email: 'victim@example.com', password: `wrong${i}` },
        { 'x-request-id': `rl-${i}` },
      );
      codes.push(r.statusCode);
    }
    expect(codes.slice(0, 10)).toEqual(Array(10).fill(401));
    const eleventh = await login({ email: 'victim@example.com', password: 'x' });
    expect(codes[10]).toBe(429);
    expect(eleventh.statusCode).toBe(429);
    expect(Number(eleventh.headers['retry-after'])).toBeGreaterThan(0);
    expect(eleventh.json()).toMatchObject({ code: 'rate-limited', status: 429 });
    // Another account from the same address is not locked out by this one.
    expect((await login({ email: 'admin@gmail.com', password: 'Jesus' })).statusCode).toBe(200);
  });

  it('rejects malformed JSON, missing fields, wrong types and a 5 MB body with clear problems and no stack', async () => {
    const bad = await t.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'malformed-json' });

    const missing = await login({});
    expect(missing.statusCode).toBe(422);
    expect(
      missing
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['email', 'password']);

    const wrongEmail = await login({ email: 'not-an-email', password: 'x' });
    expect(wrongEmail.statusCode).toBe(422);
    expect(wrongEmail.json().errors[0]).toMatchObject({ path: 'email' });

    const huge = await t.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(5 * 1024 * 1024) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ code: 'body-too-large' });
    for (const r of [bad, missing, huge]) expect(r.body).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('refuses protected routes without a session, and with a forged or revoked one', async () => {
    expect((await t.inject({ method: 'GET', url: '/api/v1/auth/me' })).json()).toMatchObject({
      status: 401,
      code: 'unauthenticated',
    });
    const forged = await t.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: 'conversa_session=forged' },
    });
    expect(forged.json()).toMatchObject({ status: 401, code: 'session-expired' });
    const cookie = await t.login();
    expect(
      (await t.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } })).statusCode,
    ).toBe(204);
    expect((await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(
      401,
    );
  });

  it('enrols TOTP, then asks for a code at login, accepts a valid one and a recovery code once', async () => {
    const cookie = await t.login();
    const setup = await t.inject({ method: 'POST', url: '/api/v1/auth/mfa/setup', headers: { cookie } });
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUri, qrDataUrl } = setup.json();
    expect(otpauthUri).toContain('otpauth://totp/');
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);

    const wrong = await t.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/enable',
      headers: { cookie },
      payload: { code: '000000' },
    });
    expect(wrong.json()).toMatchObject({ code: 'mfa-invalid' });
    const enabled = await t.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/enable',
      headers: { cookie },
      payload: { code: await generate({ secret }) },
    });
    expect(enabled.statusCode).toBe(200);
    const { recoveryCodes } = enabled.json() as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);

    const first = await login({ email: 'admin@gmail.com', password: 'Jesus' });
    expect(first.json()).toEqual({ mfaRequired: true });
    expect(first.cookies.find((c) => c.name === 'conversa_session')).toBeUndefined();
    expect(
      (await login({ email: 'admin@gmail.com', password: 'Jesus', totp: '123456' })).json(),
    ).toMatchObject({ code: 'mfa-invalid' });
    expect(
      (await login({ email: 'admin@gmail.com', password: 'Jesus', totp: await generate({ secret }) }))
        .statusCode,
    ).toBe(200);

    const withRecovery = await login({ email: 'admin@gmail.com', password: 'Jesus', totp: recoveryCodes[0] });
    expect(withRecovery.statusCode).toBe(200);
    expect(
      (await login({ email: 'admin@gmail.com', password: 'Jesus', totp: recoveryCodes[0] })).statusCode,
    ).toBe(401);

    const session = `conversa_session=${withRecovery.cookies.find((c) => c.name === 'conversa_session')!.value}`;
    const off = await t.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/disable',
      headers: { cookie: session },
      payload: { code: await generate({ secret }) },
    });
    expect(off.statusCode).toBe(204);
    expect((await login({ email: 'admin@gmail.com', password: 'Jesus' })).json()).toMatchObject({
      mfaRequired: false,
    });
  });

  it('changes the password: the default flag clears and other sessions end', async () => {
    const other = await t.login();
    const mine = await t.login();
    const weak = await t.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie: mine },
      payload: { currentPassword: 'Jesus', newPassword: 'short' },
    });
    expect(weak.statusCode).toBe(422);
    const res = await t.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie: mine },
      payload: { currentPassword: 'Jesus', newPassword: 'a much better passphrase' },
    });
    expect(res.statusCode).toBe(204);
    expect(
      (await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: other } })).statusCode,
    ).toBe(401);
    expect(
      (await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: mine } })).json(),
    ).toMatchObject({ defaultPasswordInUse: false });
    expect((await login({ email: 'admin@gmail.com', password: 'Jesus' })).statusCode).toBe(401);
    await t.login('admin@gmail.com', 'a much better passphrase');
  });
});
