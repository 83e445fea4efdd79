import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { baseUrl, message, run, signIn, test } from './harness.ts';

/** Page content only (see channels.e2e.ts: a streamed page can hold an element twice for a moment). */
const main = (page: Page) => page.locator('#main');
const noReload = (page: Page) =>
  page.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
  });
const stillSamePage = (page: Page) =>
  page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload === true);

// `E2E_SCREENSHOTS=docs/screenshots npm run test:browser templates` refreshes the README's pictures.
const screenshotDir = process.env.E2E_SCREENSHOTS;
async function screenshot(page: Page, name: string) {
  if (!screenshotDir) return;
  mkdirSync(screenshotDir, { recursive: true });
  await page.evaluate(() => {
    for (const el of document.querySelectorAll('*')) if (el.scrollTop > 0) el.scrollTop = 0;
  });
  await page.mouse.move(0, 0);
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(screenshotDir, `${name}-dark-pt-BR.png`) });
}

/** The part of the testkit's fake Graph API this file uses. */
type FakeGraphApi = {
  url: string;
  wabaId: string;
  phoneNumberId: string;
  accessToken: string;
  appSecret: string;
  webhookUrl: string | undefined;
  templates: { name: string; language: string; category: string }[];
  setTemplateStatus(
    ref: { name: string; language: string },
    status: string,
    reason?: string,
  ): Promise<unknown>;
  close(): Promise<void>;
};
// Loaded by URL, not by a static import: the testkit type-checks with the server's settings, not the web app's
// DOM ones (tsc -p apps/web would follow a static import into it).
const testkit = new URL('../../../packages/testkit/src/fake-graph-api.ts', import.meta.url).href;
const { startFakeGraphApi } = (await import(testkit)) as { startFakeGraphApi: () => Promise<FakeGraphApi> };

// Meta, played by the testkit's fake Graph API: it takes the submission and later posts the verdict as a
// signed `message_template_status_update` webhook to the channel, as Meta does.
const fake = await startFakeGraphApi();
const channelName = `Loja Templates ${Date.now().toString(36)}`;
let channelId = '';

/** A Cloud channel pointed at the fake (once per file), created through the API as an admin would. */
async function ensureChannel(page: Page) {
  if (channelId) return;
  const res = await page.request.post(`${baseUrl}/api/v1/channels`, {
    data: {
      kind: 'cloud',
      name: channelName,
      credentials: {
        wabaId: fake.wabaId,
        phoneNumberId: fake.phoneNumberId,
        accessToken: fake.accessToken,
        appSecret: fake.appSecret,
        graphApiBaseUrl: fake.url,
      },
    },
  });
  assert.ok(res.ok(), `creating the channel answered ${res.status()}: ${await res.text()}`);
  const channel = (await res.json()) as { id: string; webhookUrl: string };
  channelId = channel.id;
  fake.webhookUrl = channel.webhookUrl;
}

test('a template is written in the editor, previewed, submitted, and turns approved live when Meta says so', async ({
  page,
}) => {
  await signIn(page);
  await ensureChannel(page);
  const name = `pedido_enviado_${Date.now().toString(36)}`;

  await page.goto(`${baseUrl}/templates`);
  await main(page).getByTestId('template-stats').waitFor();
  await main(page).getByTestId('template-new').first().click();
  await page.waitForURL(`${baseUrl}/templates/new`);
  const editor = main(page).getByTestId('template-editor');
  await editor.waitFor();

  // The tenant also has the sandbox (and maybe other numbers): pick ours.
  const channelSelect = editor.getByTestId('template-channel');
  if (await channelSelect.count()) {
    await channelSelect.click();
    await page.getByRole('option', { name: channelName }).click();
  }
  await editor.getByTestId('template-name').fill(name);
  await editor.getByTestId('category-UTILITY').click();

  // Rules run as you type: a body that ends with a variable is refused at the field, in Portuguese.
  const body = editor.getByTestId('template-body');
  await body.fill('Olá {{1}}');
  await editor
    .locator('[data-testid=field-error][data-code=bodyEndsWithParameter]')
    .filter({ hasText: message('pt-BR', 'templates.rules.bodyEndsWithParameter') })
    .waitFor();

  await body.fill('Olá {{1}}, seu pedido {{2}} foi enviado e chega amanhã.');
  await editor
    .locator('[data-testid=field-error][data-code=bodyEndsWithParameter]')
    .waitFor({ state: 'detached' });
  const preview = editor.getByTestId('template-preview');
  // Without examples the preview shows the bare placeholders, marked.
  assert.equal(await preview.getByTestId('preview-missing-example').count(), 2);
  await editor.getByTestId('sample-1').fill('Maria');
  await editor.getByTestId('sample-2').fill('#12345');
  await preview
    .getByTestId('preview-body')
    .filter({ hasText: 'Olá Maria, seu pedido #12345 foi enviado e chega amanhã.' })
    .waitFor();
  assert.equal(await preview.getByTestId('preview-missing-example').count(), 0);

  await editor.getByTestId('header-TEXT').click();
  await editor.getByTestId('template-header-text').fill('Pedido a caminho');
  await preview.getByTestId('preview-header').filter({ hasText: 'Pedido a caminho' }).waitFor();
  await editor.getByTestId('template-footer').fill('Loja Exemplo');
  await preview.getByTestId('preview-footer').filter({ hasText: 'Loja Exemplo' }).waitFor();

  await editor.getByTestId('button-add').click();
  await page.getByTestId('button-add-QUICK_REPLY').click();
  await editor.getByTestId('button-text').fill('Falar com atendente');
  await preview.getByTestId('preview-button').filter({ hasText: 'Falar com atendente' }).waitFor();
  await editor.locator('[data-testid=check-summary][data-errors="0"]').waitFor();
  await screenshot(page, 'templates-editor');

  // Save the draft: the editor moves to the template's own address.
  await editor.getByTestId('template-save').click();
  await page.waitForURL(/\/templates\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await main(page).locator('[data-testid=template-status][data-status=DRAFT]').waitFor();
  await main(page).getByTestId('unsaved').waitFor({ state: 'detached' });

  // Submit, confirming in the dialog.
  await noReload(page);
  await main(page).getByTestId('template-submit').click();
  await page.getByTestId('submit-dialog').waitFor();
  await page.getByTestId('submit-confirm').click();
  await main(page)
    .locator('[data-testid=template-status][data-status=SUBMITTED]')
    .waitFor({ timeout: 30_000 });
  await main(page).getByTestId('template-in-review').waitFor();
  const atMeta = fake.templates.find((t) => t.name === name);
  assert.ok(atMeta, 'the fake Graph API received the template');
  assert.equal(atMeta.language, 'pt_BR');
  assert.equal(atMeta.category, 'UTILITY');

  // Meta approves: the webhook reaches the API and the badge turns green on the open page.
  await fake.setTemplateStatus({ name, language: 'pt_BR' }, 'APPROVED');
  await main(page)
    .locator('[data-testid=template-status][data-status=APPROVED]')
    .waitFor({ timeout: 30_000 });
  await main(page).getByTestId('template-in-review').waitFor({ state: 'detached' });
  await main(page)
    .locator('[data-testid=history-event][data-kind=status][data-status=APPROVED]')
    .waitFor({ timeout: 15_000 });
  assert.equal(await stillSamePage(page), true, 'the page must not reload');

  // The list shows it approved, in its language.
  await page.goto(`${baseUrl}/templates`);
  const row = main(page).locator(`[data-testid=template-row][data-name="${name}"]`);
  await row.waitFor();
  await row.locator('[data-testid=template-language][data-language=pt_BR][data-status=APPROVED]').waitFor();
  await main(page).getByTestId('templates-search').fill(name);
  assert.equal(await main(page).getByTestId('template-row').count(), 1);
});

test('a rejection shows the reason and what to do, and the bell rings, without a reload', async ({
  page,
}) => {
  await signIn(page);
  await ensureChannel(page);
  const name = `promo_rejeitada_${Date.now().toString(36)}`;
  const created = await page.request.post(`${baseUrl}/api/v1/templates`, {
    data: {
      channelId,
      name,
      language: 'pt_BR',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Seu cupom de aniversário já está disponível na loja.' }],
    },
  });
  assert.ok(created.ok(), `creating the template answered ${created.status()}: ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  const submitted = await page.request.post(`${baseUrl}/api/v1/templates/${id}/submit`, { data: {} });
  assert.ok(submitted.ok(), `submitting answered ${submitted.status()}: ${await submitted.text()}`);

  await page.goto(`${baseUrl}/templates/${id}`);
  await main(page).locator('[data-testid=template-status][data-status=SUBMITTED]').waitFor();
  const bell = page.getByTestId('notification-bell');
  // Count what is there once the bell has loaded (other suites leave notifications behind).
  await page.locator('[data-testid=notification-bell][data-ready=true]').waitFor();
  const unreadBefore = Number(await bell.getAttribute('data-unread'));
  await noReload(page);

  await fake.setTemplateStatus({ name, language: 'pt_BR' }, 'REJECTED', 'INCORRECT_CATEGORY');
  const alert = main(page).getByTestId('template-rejection');
  await alert.waitFor({ timeout: 30_000 });
  const text = (await alert.textContent()) ?? '';
  assert.ok(text.includes(message('pt-BR', 'templates.rejection.INCORRECT_CATEGORY.title')), text);
  assert.ok(text.includes(message('pt-BR', 'templates.rejection.INCORRECT_CATEGORY.fix')), text);
  await main(page).locator('[data-testid=template-status][data-status=REJECTED]').waitFor();
  // Rejected templates can be fixed and sent again.
  await main(page).getByTestId('template-submit').waitFor();

  // Admins get a notification, live.
  await page
    .locator(`[data-testid=notification-bell][data-unread="${unreadBefore + 1}"]`)
    .waitFor({ timeout: 15_000 });
  await bell.click();
  const item = page.getByTestId('notification-item').filter({ hasText: name }).first();
  await item.waitFor();
  assert.equal(await item.getAttribute('data-read'), 'false');
  assert.equal(await stillSamePage(page), true, 'the page must not reload');

  await page.keyboard.press('Escape');
  await screenshot(page, 'templates-rejected');
  await page.goto(`${baseUrl}/templates`);
  await main(page)
    .getByTestId('stat-rejections')
    .filter({
      hasText: message('pt-BR', 'templates.rejection.INCORRECT_CATEGORY.title'),
    })
    .waitFor();
});

test('editing an approved template makes version 2, and version 1 can be put back in use', async ({
  page,
}) => {
  await signIn(page);
  await ensureChannel(page);
  const name = `boas_vindas_${Date.now().toString(36)}`;
  const created = await page.request.post(`${baseUrl}/api/v1/templates`, {
    data: {
      channelId,
      name,
      language: 'pt_BR',
      category: 'MARKETING',
      components: [
        { type: 'BODY', text: 'Boas-vindas à Loja Exemplo! Conte com a gente para o que precisar.' },
      ],
    },
  });
  assert.ok(created.ok(), `creating the template answered ${created.status()}: ${await created.text()}`);
  const { id: v1 } = (await created.json()) as { id: string };
  const submitted = await page.request.post(`${baseUrl}/api/v1/templates/${v1}/submit`, { data: {} });
  assert.ok(submitted.ok(), `submitting answered ${submitted.status()}`);
  await fake.setTemplateStatus({ name, language: 'pt_BR' }, 'APPROVED');

  await page.goto(`${baseUrl}/templates/${v1}`);
  await main(page)
    .locator('[data-testid=template-status][data-status=APPROVED]')
    .waitFor({ timeout: 20_000 });
  await main(page).getByTestId('new-version-note').waitFor();
  await main(page)
    .getByTestId('template-body')
    .fill('Boas-vindas à Loja Exemplo! Responda esta mensagem para falar com a gente.');
  await main(page).getByTestId('template-save').click();
  await page.waitForURL((url) => url.pathname.startsWith('/templates/') && !url.pathname.endsWith(v1), {
    timeout: 30_000,
  });
  const v2 = new URL(page.url()).pathname.split('/').pop() as string;
  await main(page).locator('[data-testid=template-status][data-status=DRAFT]').waitFor();
  await main(page).locator('[data-testid=version-row][data-version="1"][data-status=APPROVED]').waitFor();

  await main(page).getByTestId('template-submit').click();
  await page.getByTestId('submit-confirm').click();
  await main(page)
    .locator('[data-testid=template-status][data-status=SUBMITTED]')
    .waitFor({ timeout: 30_000 });
  await fake.setTemplateStatus({ name, language: 'pt_BR' }, 'APPROVED');
  await main(page)
    .locator('[data-testid=template-status][data-status=APPROVED]')
    .waitFor({ timeout: 30_000 });
  const v1Row = main(page).locator('[data-testid=version-row][data-version="1"][data-status=DEPRECATED]');
  await v1Row.waitFor({ timeout: 15_000 });

  // Roll back: version 1 goes to Meta again and version 2 steps aside.
  await v1Row.getByTestId('version-rollback').click();
  await page.getByTestId('rollback-dialog').waitFor();
  await page.getByTestId('rollback-confirm').click();
  await page.waitForURL(`${baseUrl}/templates/${v1}`, { timeout: 30_000 });
  await main(page)
    .locator('[data-testid=template-status][data-status=SUBMITTED]')
    .waitFor({ timeout: 20_000 });
  await main(page)
    .locator(`[data-testid=version-row][data-version="2"][data-status=DEPRECATED]`)
    .waitFor({ timeout: 15_000 });
  await fake.setTemplateStatus({ name, language: 'pt_BR' }, 'APPROVED');
  await main(page)
    .locator('[data-testid=template-status][data-status=APPROVED]')
    .waitFor({ timeout: 30_000 });
  await main(page).locator('[data-testid=history-event][data-kind=rollback]').waitFor();
  assert.ok(v2 !== v1);

  // The list shows the version in use (v1), not the newest one that stepped aside.
  await page.goto(`${baseUrl}/templates`);
  const chip = main(page).locator(
    `[data-testid=template-row][data-name="${name}"] [data-testid=template-language]`,
  );
  await chip.and(page.locator('[data-status=APPROVED]')).waitFor();
  assert.equal(await chip.getAttribute('href'), `/templates/${v1}`);
});

test('an agent reads templates but is offered no way to create or submit them', async ({ page }) => {
  await signIn(page);
  const email = `agent.templates.${Date.now()}@example.com`;
  const created = await page.request.post(`${baseUrl}/api/v1/users`, {
    data: { name: 'Agente Templates', email, password: 'a-long-agent-password', role: 'AGENT' },
  });
  assert.ok(created.ok(), `creating the agent answered ${created.status()}`);
  await page.context().clearCookies();
  await signIn(page, email, 'a-long-agent-password');
  await page.goto(`${baseUrl}/templates`);
  await main(page).getByTestId('template-stats').waitFor();
  assert.equal(await main(page).getByTestId('template-new').count(), 0);
  assert.equal(await main(page).getByTestId('templates-sync').count(), 0);
  const first = main(page).locator('[data-testid=template-row] a[data-row-link]').first();
  if (await first.count()) {
    await first.click();
    await main(page).getByTestId('read-only-note').waitFor();
    assert.equal(await main(page).getByTestId('template-save').count(), 0);
    assert.equal(await main(page).getByTestId('template-submit').count(), 0);
  }
});

if (screenshotDir) {
  test('the list, with templates in several languages and states, for the README', async ({ page }) => {
    await signIn(page);
    await ensureChannel(page);
    const suffix = Date.now().toString(36).slice(-4);
    const body = (text: string, examples: string[]) => ({
      type: 'BODY',
      text,
      ...(examples.length ? { example: { body_text: [examples] } } : {}),
    });
    const make = async (name: string, language: string, category: string, components: unknown[]) => {
      const res = await page.request.post(`${baseUrl}/api/v1/templates`, {
        data: { channelId, name, language, category, components },
      });
      assert.ok(res.ok(), `creating ${name} answered ${res.status()}: ${await res.text()}`);
      return ((await res.json()) as { id: string }).id;
    };
    const submit = async (id: string) => {
      const res = await page.request.post(`${baseUrl}/api/v1/templates/${id}/submit`, { data: {} });
      assert.ok(res.ok(), `submitting answered ${res.status()}: ${await res.text()}`);
    };
    const confirmation = `confirmacao_agendamento_${suffix}`;
    for (const [language, text] of [
      ['pt_BR', 'Olá {{1}}, sua consulta está confirmada para {{2}}. Responda se precisar remarcar.'],
      ['en_US', 'Hi {{1}}, your appointment is confirmed for {{2}}. Reply if you need to reschedule.'],
      ['es', 'Hola {{1}}, tu cita está confirmada para el {{2}}. Responde si necesitas cambiarla.'],
    ] as const) {
      const id = await make(confirmation, language, 'UTILITY', [body(text, ['Maria', '12/03 às 14h'])]);
      await submit(id);
      if (language !== 'es') await fake.setTemplateStatus({ name: confirmation, language }, 'APPROVED');
    }
    const promo = `black_friday_${suffix}`;
    await make(promo, 'pt_BR', 'MARKETING', [
      body('Oi {{1}}! A Black Friday começou: até 40% de desconto em toda a loja até domingo.', ['Ana']),
      { type: 'FOOTER', text: 'Responda SAIR para não receber ofertas' },
    ]);
    const reminder = `lembrete_pagamento_${suffix}`;
    await submit(
      await make(reminder, 'pt_BR', 'UTILITY', [
        body('Olá {{1}}, o boleto do pedido {{2}} vence amanhã. Precisa de ajuda?', ['João', '#4521']),
      ]),
    );
    await fake.setTemplateStatus({ name: reminder, language: 'pt_BR' }, 'APPROVED');
    await fake.setTemplateStatus({ name: reminder, language: 'pt_BR' }, 'PAUSED', 'LOW_QUALITY');
    await page.goto(`${baseUrl}/templates`);
    await main(page)
      .locator(`[data-testid=template-row][data-name="${reminder}"] [data-status=PAUSED]`)
      .waitFor();
    await main(page)
      .locator(
        `[data-testid=template-row][data-name="${confirmation}"] [data-language=en_US][data-status=APPROVED]`,
      )
      .waitFor();
    await screenshot(page, 'templates-list');
  });
}

await run();
await fake.close();
