import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { baseUrl, message, run, signIn, test } from './harness.ts';

const main = (page: Page) => page.locator('#main');
const suffix = Date.now().toString(36).slice(-5);
const digits = String(Date.now()).slice(-4);

test('create a contact (the phone is checked), opt it out, export its data and the CSV', async ({ page }) => {
  await signIn(page);
  await page.goto(`${baseUrl}/contacts`);
  await main(page).getByTestId('contact-new').first().click();
  const form = page.getByTestId('contact-form');
  await form.waitFor();

  // An unusable phone is refused before anything is sent.
  await form.locator('input[name=phone]').fill('12');
  await form.getByTestId('contact-save').click();
  await form.getByTestId('error-phone').waitFor();

  const name = `Contato E2E ${suffix}`;
  await form.locator('input[name=phone]').fill(`(11) 9${digits}-5678`);
  await form.locator('input[name=name]').fill(name);
  await form.locator('input[name=tags]').fill('vip, e2e');
  // Custom fields: two with the same name are refused at the field, then fixed.
  const custom = form.getByTestId('contact-custom-fields');
  for (const [key, value] of [
    ['plano', 'ouro'],
    ['Plano', 'prata'],
  ]) {
    await form.getByTestId('contact-custom-add').click();
    await custom
      .getByPlaceholder(message('pt-BR', 'contacts.form.customFieldKeyPlaceholder'))
      .last()
      .fill(key!);
    await custom
      .getByPlaceholder(message('pt-BR', 'contacts.form.customFieldValuePlaceholder'))
      .last()
      .fill(value!);
  }
  await form.getByTestId('contact-save').click();
  await form.getByTestId('error-customFields').waitFor();
  await custom
    .getByPlaceholder(message('pt-BR', 'contacts.form.customFieldKeyPlaceholder'))
    .last()
    .fill('cidade');
  await form.getByTestId('contact-save').click();
  await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop() as string;
  await main(page).getByTestId('contact-name').filter({ hasText: name }).waitFor();
  await main(page).getByText('prata').first().waitFor();

  // Opt-out with a source; the badge and the history follow.
  await main(page).getByTestId('contact-opt-out').click();
  await page.getByTestId('consent-dialog').waitFor();
  await page.getByTestId('consent-confirm').click();
  await main(page).locator('[data-testid=contact-detail][data-consent=opted_out]').waitFor();
  await main(page)
    .getByTestId('consent-history')
    .getByText(message('pt-BR', 'contacts.consent.opted_out'))
    .first()
    .waitFor();

  // LGPD export: everything held about the person, as a JSON download.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    main(page).getByTestId('contact-export').click(),
  ]);
  const file = await download.path();
  const data = JSON.parse(readFileSync(file, 'utf8')) as { contact: { id: string; name: string } };
  assert.equal(data.contact.id, id);
  assert.equal(data.contact.name, name);

  // The list finds it by tag, and the CSV export carries it.
  await page.goto(`${baseUrl}/contacts`);
  await main(page).getByTestId('contacts-search').fill(name);
  await main(page)
    .locator(`[data-testid=contact-row][data-contact-id="${id}"][data-consent=opted_out]`)
    .waitFor();
  const href = await main(page).getByTestId('contacts-export-csv').getAttribute('href');
  assert.ok(href);
  const csv = await page.request.get(`${baseUrl}${href}`);
  assert.equal(csv.status(), 200);
  assert.ok((await csv.text()).includes(name), 'the CSV holds the contact');
});

await run();
