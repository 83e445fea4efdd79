import assert from 'node:assert/strict';
import { admin, baseUrl, message, run, signIn, test } from './harness.ts';

test('a wrong password shows the translated error and keeps the person on /login', async ({ page }) => {
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name=email]', admin.email);
  await page.fill('input[name=password]', 'not-the-password');
  await page.click('button[type=submit]');
  const error = page.getByTestId('login-error');
  await error.waitFor();
  assert.equal((await error.textContent())?.trim(), message('pt-BR', 'errors.invalid-credentials'));
  assert.equal(new URL(page.url()).pathname, '/login');
});

test('admin signs in, sees the default-password banner, finds themself in Settings → Users, signs out', async ({
  page,
}) => {
  await signIn(page);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal(await page.getAttribute('html', 'lang'), 'pt-BR');
  await page.getByTestId('default-password-banner').waitFor();
  await page.getByTestId('dashboard-greeting').waitFor();

  await page.getByTestId('nav-settings').click();
  await page.waitForURL('**/settings/profile');
  await page.getByTestId('settings-nav-users').click();
  await page.waitForURL('**/settings/users');
  const table = page.getByTestId('users-table');
  await table.waitFor();
  assert.match((await table.textContent()) ?? '', new RegExp(admin.email.replace('.', '\\.')));

  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out').click();
  // Sign-out ends the session's realtime stream at once too, and the stream's `session.ended` may send
  // the page to /login?next=… first: either is the sign-in page.
  await page.waitForURL((url) => url.pathname === '/login');
  // The session is gone: a protected page sends the person back to sign in.
  await page.goto(`${baseUrl}/settings/users`);
  assert.equal(new URL(page.url()).pathname, '/login');
  assert.equal(new URL(page.url()).searchParams.get('next'), '/settings/users');
});

test('signing in from a deep link returns to that page', async ({ page }) => {
  await page.goto(`${baseUrl}/settings/audit-log`);
  assert.equal(new URL(page.url()).pathname, '/login');
  await page.fill('input[name=email]', admin.email);
  await page.fill('input[name=password]', admin.password);
  await page.click('button[type=submit]');
  await page.waitForURL('**/settings/audit-log');
  await page.getByTestId('audit-log-table').waitFor();
});

await run();
