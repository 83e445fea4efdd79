import assert from 'node:assert/strict';
import { baseUrl, message, run, signIn, test } from './harness.ts';

test('an API key is shown once after creation and can be revoked', async ({ page }) => {
  await signIn(page);
  await page.goto(`${baseUrl}/settings/api-keys`);
  await page.locator('[data-testid=create-api-key]:visible').click();
  await page.fill('input[name=name]', 'e2e integration');
  await page.getByTestId('create-api-key-submit').click();
  const secret = (await page.getByTestId('api-key-secret').textContent())?.trim() ?? '';
  assert.ok(secret.length > 20, `secret looks too short: ${secret}`);
  await page.keyboard.press('Escape');
  await page.getByTestId('api-key-secret').waitFor({ state: 'detached' });

  const row = page.getByTestId('api-key-row').filter({ hasText: 'e2e integration' });
  await row.waitFor();
  assert.ok(!(await page.content()).includes(secret), 'the secret must not stay on the page');
  await row.getByRole('button').click();
  await page
    .getByRole('alertdialog')
    .getByRole('button', { name: message('pt-BR', 'settings.apiKeys.revoke') })
    .click();
  await row.getByText(message('pt-BR', 'settings.apiKeys.statusRevoked')).waitFor();
});

test('adding a member lists them, and a taken e-mail is explained under the field', async ({ page }) => {
  await signIn(page);
  await page.goto(`${baseUrl}/settings/users`);
  for (const attempt of [1, 2]) {
    // While the streamed page swaps its loading state for the content the button exists twice for a
    // moment (one copy hidden): take the visible one.
    await page.locator('[data-testid=invite-user]:visible').click();
    await page.fill('input[name=name]', 'Maria E2E');
    await page.fill('input[name=email]', 'maria.e2e@example.com');
    await page.fill('input[name=password]', 'a-long-first-password');
    await page.getByTestId('invite-submit').click();
    if (attempt === 1) {
      await page.getByTestId('user-row').filter({ hasText: 'maria.e2e@example.com' }).waitFor();
      // The dialog closes with an animation; a click during it lands on the overlay, not the button.
      await page.getByRole('dialog').waitFor({ state: 'detached' });
    } else {
      await page.getByText(message('pt-BR', 'errors.email-taken')).waitFor();
    }
  }
});

test('empty required fields get translated messages, not zod English', async ({ page }) => {
  await page.goto(`${baseUrl}/login`);
  await page.click('button[type=submit]');
  await page.getByText(message('pt-BR', 'validation.email')).waitFor();
  await page.getByText(message('pt-BR', 'validation.required')).waitFor();
});

test('the language switch renders the app in English and sets <html lang>', async ({ page }) => {
  await signIn(page);
  await page.getByTestId('user-menu').click();
  await page.getByTestId('language-menu').hover();
  await page.getByTestId('language-en').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.getByTestId('nav-settings').getByText(message('en', 'shell.nav.settings')).waitFor();
});

test('keyboard: g then s opens Settings, [ collapses the sidebar', async ({ page }) => {
  await signIn(page);
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  await page.waitForURL('**/settings/**');
  await page.keyboard.press('[');
  await page.locator('aside[data-collapsed=true]').waitFor();
});

await run();
