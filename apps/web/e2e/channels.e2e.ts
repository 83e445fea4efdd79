import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { baseUrl, message, run, signIn, test } from './harness.ts';

/**
 * Page content, not the whole document: while a streamed page swaps its loading state for the content,
 * the same element can exist twice for a moment (once still hidden), and strict locators would trip on it.
 */
const main = (page: Page) => page.locator('#main');

/** Message text without its rich-text tags (`<b>…</b>`), as the screen shows it. */
const plain = (key: string) => message('pt-BR', key).replace(/<\/?[a-z]+>/g, '');

test('the sandbox: a customer writes, the agent sees it live, replies, and the ticks reach read', async ({
  page,
}) => {
  await signIn(page);
  await page.goto(`${baseUrl}/channels`);
  const card = main(page).locator('[data-testid=channel-card][data-kind=sandbox]');
  await card.waitFor();
  await card.getByTestId('open-simulator').click();
  await main(page).getByTestId('sandbox-simulator').waitFor();
  assert.equal(await main(page).getByTestId('customer-name').inputValue(), 'Maria');
  assert.equal(await main(page).getByTestId('customer-phone-number').inputValue(), '+55 11 98765-4321');
  await main(page).getByTestId('live-indicator').and(page.locator('[data-status=open]')).waitFor();

  // A marker on window: if anything reloaded the page, it would be gone.
  await page.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
  });

  // Counted, not just found: on an instance that already ran this, older copies of the texts exist.
  const question = main(page)
    .locator('[data-testid=agent-message][data-direction=inbound]')
    .filter({ hasText: 'Olá, quero saber o preço' });
  const answer = main(page)
    .locator('[data-testid=agent-message][data-direction=outbound]')
    .filter({ hasText: 'Oi Maria! Custa R$ 99' });
  const answerRead = answer.and(page.locator('[data-status=read]'));
  const answerOnPhone = main(page)
    .locator('[data-testid=phone-message][data-mine=false]')
    .filter({ hasText: 'Oi Maria! Custa R$ 99' });
  const [questions, answersRead, answersOnPhone] = await Promise.all([
    question.count(),
    answerRead.count(),
    answerOnPhone.count(),
  ]);

  await main(page).getByTestId('customer-composer').fill('Olá, quero saber o preço');
  await main(page).getByTestId('customer-send').click();
  await question.nth(questions).waitFor();
  assert.equal((await main(page).getByTestId('agent-contact-name').textContent())?.trim(), 'Maria');
  await main(page).getByTestId('window-state').and(page.locator('[data-open=true]')).waitFor();

  await main(page).getByTestId('agent-composer').fill('Oi Maria! Custa R$ 99');
  await page.keyboard.press('Enter');
  await answer.last().waitFor();
  await answerRead.nth(answersRead).waitFor({ timeout: 30_000 });
  assert.equal(
    await answerRead
      .last()
      .getByRole('img', { name: message('pt-BR', 'sandbox.status.read') })
      .count(),
    1,
  );
  // The customer's phone shows the answer too, once WhatsApp delivered it.
  await answerOnPhone.nth(answersOnPhone).waitFor();
  assert.equal(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload), true);

  // The round trip turns the sandbox checklist green.
  await main(page).locator('[data-testid=check-round-trip][data-state=ok]').waitFor({ timeout: 20_000 });
});

test('a reply WhatsApp refuses says why under the bubble; "Enviar de novo" sends it again as a new message', async ({
  page,
}) => {
  await signIn(page);
  await page.goto(`${baseUrl}/channels`);
  await main(page)
    .locator('[data-testid=channel-card][data-kind=sandbox]')
    .getByTestId('open-simulator')
    .click();
  await main(page).getByTestId('sandbox-simulator').waitFor();
  // The simulator's "try a failure" customer: replies to that number are not delivered.
  await main(page).getByTestId('customer-failing').click();
  assert.equal(await main(page).getByTestId('customer-phone-number').inputValue(), '+55 11 90000-0404');
  await main(page).getByTestId('live-indicator').and(page.locator('[data-status=open]')).waitFor();
  const stamp = Date.now().toString(36);
  await main(page).getByTestId('customer-composer').fill(`Alguém aí? ${stamp}`);
  await main(page).getByTestId('customer-send').click();
  await main(page)
    .locator('[data-testid=agent-message][data-direction=inbound]')
    .filter({ hasText: stamp })
    .waitFor();
  const conversationId = await page.evaluate(async (text) => {
    const list = await (await fetch('/api/v1/conversations?limit=50')).json();
    return (list.items as { id: string; lastMessage?: { text?: string } }[]).find((c) =>
      c.lastMessage?.text?.includes(text),
    )?.id;
  }, stamp);
  assert.ok(conversationId, 'the conversation of the failing number exists');

  await page.goto(`${baseUrl}/inbox/${conversationId}`);
  await main(page).getByTestId('composer-input').fill(`Não vai chegar ${stamp}`);
  await page.keyboard.press('Enter');
  const failed = main(page)
    .locator('[data-testid=chat-message][data-direction=outbound][data-status=failed]')
    .filter({ hasText: `Não vai chegar ${stamp}` });
  await failed.first().waitFor({ timeout: 20_000 });
  const reason = message('pt-BR', 'channels.errors.undeliverable');
  await failed.first().getByTestId('failure-reason').filter({ hasText: reason }).waitFor();
  if (process.env.E2E_SCREENSHOTS)
    await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/inbox-failed-send-dark-pt-BR.png` });

  // Sending again makes a new message (the failed one stays, as in WhatsApp); this number fails it again.
  await failed.first().getByTestId('message-retry').click();
  await failed.nth(1).waitFor({ timeout: 20_000 });
  assert.equal(await failed.count(), 2);
  assert.equal(await failed.nth(1).getByTestId('failure-reason').textContent(), reason);
});

test('a Cloud channel with dummy credentials: failing steps with their fixes, live webhook step, rename, delete', async ({
  page,
}) => {
  await signIn(page);
  await page.goto(`${baseUrl}/channels`);
  await main(page).getByTestId('add-channel').first().click();
  await page.getByTestId('channel-kind-cloud').click();
  await page.getByTestId('add-channel-next').click();
  await page.fill('input[name=name]', 'Loja E2E');
  await page.fill('input[name="credentials.wabaId"]', '102290129340398');
  await page.fill('input[name="credentials.phoneNumberId"]', '106540352242922');
  await page.fill('input[name="credentials.accessToken"]', 'EAAGe2eDummyAccessToken0123456789');
  await page.fill('input[name="credentials.appSecret"]', '0123456789abcdef0123456789abcdef');
  assert.equal(await page.getAttribute('input[name="credentials.accessToken"]', 'type'), 'password');
  await page.getByTestId('add-channel-submit').click();
  await page.waitForURL(/\/channels\/[0-9a-f-]{36}/, { timeout: 60_000 });

  // Meta is unreachable from here: the credentials step fails with that reason and the fix for it, fast.
  const credentials = main(page).locator('[data-testid=check-credentials][data-state=failed]');
  await credentials.waitFor({ timeout: 60_000 });
  const reason = (await credentials.getByTestId('check-reason').textContent())?.trim();
  assert.ok(
    [message('pt-BR', 'channels.errors.unavailable'), message('pt-BR', 'channels.errors.timeout')].includes(
      reason ?? '',
    ),
    `unexpected reason: ${reason}`,
  );
  assert.match(
    (await credentials.getByTestId('check-fix').textContent()) ?? '',
    new RegExp(plain('channels.checklist.steps.credentials.fixUnreachable').slice(0, 40)),
  );
  // Every step that is not green says how to fix it.
  const steps = await main(page).locator('[data-testid^=check-][data-state]').count();
  assert.equal(steps, 5);
  assert.equal(
    await page
      .locator('[data-testid^=check-][data-state]:not([data-state=ok]) [data-testid=check-fix]')
      .count(),
    5,
  );
  // The secrets never come back to the page.
  const html = await page.content();
  assert.ok(!html.includes('EAAGe2eDummyAccessToken0123456789'), 'the access token must not be on the page');
  assert.ok(!html.includes('0123456789abcdef0123456789abcdef'), 'the app secret must not be on the page');

  // The webhook fix names the exact values to paste into Meta.
  const webhookUrl = (await main(page).getByTestId('webhook-url').textContent())?.trim() ?? '';
  const verifyToken = (await main(page).getByTestId('verify-token').textContent())?.trim() ?? '';
  assert.match(webhookUrl, /\/webhooks\/cloud\/[0-9a-f-]{36}$/);
  assert.ok(verifyToken.length >= 16, `verify token looks too short: ${verifyToken}`);
  const webhookStep = main(page).getByTestId('check-webhook-verified');
  assert.equal((await webhookStep.getByTestId('fix-webhook-url').textContent())?.trim(), webhookUrl);
  assert.equal((await webhookStep.getByTestId('fix-verify-token').textContent())?.trim(), verifyToken);

  // Re-check runs and ends (no endless spinner).
  await main(page).getByTestId('recheck').click();
  await main(page).getByTestId('recheck').and(page.locator(':not([disabled])')).waitFor({ timeout: 60_000 });
  await credentials.waitFor();

  // Meta's handshake, as Meta would do it: the step turns green on the open page, without a reload.
  const challenge = `e2e-${Date.now()}`;
  const handshake = await page.request.get(
    `${baseUrl}${new URL(webhookUrl).pathname}?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(verifyToken)}&hub.challenge=${challenge}`,
  );
  assert.equal(handshake.status(), 200);
  assert.equal(await handshake.text(), challenge);
  await main(page)
    .locator('[data-testid=check-webhook-verified][data-state=ok]')
    .waitFor({ timeout: 20_000 });

  // Rename, then delete with confirmation.
  await main(page).getByTestId('channel-menu').click();
  await page.getByTestId('channel-rename').click();
  await page.getByTestId('rename-input').fill('Loja E2E renomeada');
  await page.getByTestId('rename-submit').click();
  await main(page).getByTestId('channel-name').filter({ hasText: 'Loja E2E renomeada' }).waitFor();
  await main(page).getByTestId('channel-menu').click();
  await page.getByTestId('channel-delete').click();
  await page.getByTestId('channel-delete-confirm').click();
  await page.waitForURL(`${baseUrl}/channels`);
  await main(page).getByTestId('channels-list').waitFor();
  await main(page).getByTestId('channel-card').filter({ hasText: 'Loja E2E' }).waitFor({ state: 'detached' });
});

test('the dashboard counts the real channels and links to the simulator', async ({ page }) => {
  await signIn(page);
  const card = main(page).getByTestId('overview-channels');
  await card.waitFor();
  assert.ok(Number(await card.getAttribute('data-count')) >= 1);
  await card.getByTestId('overview-open-simulator').click();
  await main(page).getByTestId('sandbox-simulator').waitFor();
});

test('a reader without admin rights sees no way to add channels', async ({ page }) => {
  await signIn(page);
  // An agent account created through the API, as an admin would.
  const email = `agent.${Date.now()}@example.com`;
  const created = await page.request.post(`${baseUrl}/api/v1/users`, {
    data: { name: 'Agente E2E', email, password: 'a-long-agent-password', role: 'AGENT' },
  });
  assert.ok(created.ok(), `creating the agent answered ${created.status()}`);
  await page.context().clearCookies();
  await signIn(page, email, 'a-long-agent-password');
  await page.goto(`${baseUrl}/channels`);
  await main(page).getByTestId('channels-list').waitFor();
  assert.equal(await main(page).getByTestId('add-channel').count(), 0);
});

await run();
