import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  baseUrl,
  conversationOf,
  main,
  message,
  run,
  sandboxChannelId,
  signIn,
  simulate,
  test,
} from './harness.ts';

/** Page content only (see channels.e2e.ts: a streamed page can hold an element twice for a moment). */
const suffix = Date.now().toString(36).slice(-5);
const seed = String(Date.now()).slice(-4);
/** One number per customer of this run (the same `n` is the same person). */
const uniquePhone = (n: number) => `+55 11 9${seed}-${String(1000 + n).slice(-4)}`;

type FakeGraphApi = {
  url: string;
  wabaId: string;
  phoneNumberId: string;
  accessToken: string;
  appSecret: string;
  webhookUrl: string | undefined;
  sendInbound(message: Record<string, unknown>): Promise<{ status: number; messageId: string }>;
  setTemplateStatus(ref: { name: string; language: string }, status: string): Promise<unknown>;
  settle(): Promise<void>;
  close(): Promise<void>;
};
// By URL, not a static import: the testkit type-checks with the server's settings (see templates.e2e.ts).
const testkit = new URL('../../../packages/testkit/src/fake-graph-api.ts', import.meta.url).href;
const { startFakeGraphApi } = (await import(testkit)) as { startFakeGraphApi: () => Promise<FakeGraphApi> };
const fake = await startFakeGraphApi();

const row = (page: Page, name: string) =>
  main(page).locator('[data-testid=conversation-row]').filter({ hasText: name });

test('the sandbox conversation: open it, reply, and the ticks advance to read', async ({ page }) => {
  await signIn(page);
  const channelId = await sandboxChannelId(page);
  const name = `Maria Inbox ${suffix}`;
  await simulate(page, channelId, uniquePhone(1), name, 'Oi! Vocês entregam em Campinas?');
  await conversationOf(page, name);

  await page.goto(`${baseUrl}/inbox`);
  await main(page).getByTestId('conversation-list').waitFor();
  await row(page, name).first().click();
  await page.waitForURL(/\/inbox\/[0-9a-f-]{36}$/);
  await main(page).getByTestId('chat-contact-name').filter({ hasText: name }).waitFor();
  await main(page)
    .locator('[data-testid=chat-message][data-direction=inbound]')
    .filter({ hasText: 'Vocês entregam em Campinas' })
    .waitFor();
  // Opening the conversation marks it read: no unread badge on its row.
  await row(page, name).first().locator('[data-testid=unread-badge]').waitFor({ state: 'detached' });

  await main(page).getByTestId('composer-input').fill('Entregamos sim! Em até 2 dias úteis.');
  await page.keyboard.press('Enter');
  const reply = main(page)
    .locator('[data-testid=chat-message][data-direction=outbound]')
    .filter({ hasText: 'Entregamos sim!' });
  await reply.waitFor();
  // The sandbox plays back WhatsApp's receipts: sent, delivered, read (blue ticks).
  await reply.and(page.locator('[data-status=read]')).waitFor({ timeout: 30_000 });
  assert.equal(await reply.getByRole('img', { name: message('pt-BR', 'sandbox.status.read') }).count(), 1);
  // The list shows the reply as the last message, with its ticks, and who wrote it: "Você: …".
  const preview = row(page, name).first().getByTestId('conversation-preview');
  await preview.filter({ hasText: 'Entregamos sim!' }).waitFor();
  assert.equal(
    await preview.textContent(),
    `${message('pt-BR', 'inbox.list.you')}: Entregamos sim! Em até 2 dias úteis.`,
  );
  // The customer writes again: their own message has no name in front.
  await simulate(page, channelId, uniquePhone(1), name, 'Perfeito, obrigada');
  await preview.filter({ hasText: 'Perfeito, obrigada' }).waitFor();
  assert.equal(await preview.textContent(), 'Perfeito, obrigada');
});

test('a customer message appears live in the open conversation and list, without a reload', async ({
  page,
}) => {
  await signIn(page);
  const channelId = await sandboxChannelId(page);
  const name = `João Live ${suffix}`;
  const phone = uniquePhone(2);
  await simulate(page, channelId, phone, name, 'Bom dia');
  const id = await conversationOf(page, name);
  await page.goto(`${baseUrl}/inbox/${id}`);
  await main(page).getByTestId('chat-contact-name').filter({ hasText: name }).waitFor();
  await main(page).getByTestId('live-indicator').and(page.locator('[data-status=open]')).waitFor();
  await page.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
  });

  await simulate(page, channelId, phone, name, 'Qual o prazo de entrega para o CEP 13010-000?');
  await main(page)
    .locator('[data-testid=chat-message][data-direction=inbound]')
    .filter({ hasText: 'CEP 13010-000' })
    .waitFor({ timeout: 15_000 });
  await row(page, name)
    .first()
    .getByTestId('conversation-preview')
    .filter({ hasText: 'CEP 13010-000' })
    .waitFor();

  // Another customer writes: a new row appears at the top of the list, with an unread badge.
  const other = `Ana Nova ${suffix}`;
  await simulate(page, channelId, uniquePhone(3), other, 'Olá, tudo bem?');
  const otherRow = row(page, other).first();
  await otherRow.waitFor({ timeout: 15_000 });
  await otherRow.getByTestId('unread-badge').waitFor();
  assert.equal(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload), true);
});

test('outside the 24-hour window the composer offers templates only, and a template goes out', async ({
  page,
}) => {
  await signIn(page);
  // A Cloud channel pointed at the fake Graph API, with a template Meta approved.
  const created = await page.request.post(`${baseUrl}/api/v1/channels`, {
    data: {
      kind: 'cloud',
      name: `Loja Inbox ${suffix}`,
      credentials: {
        wabaId: fake.wabaId,
        phoneNumberId: fake.phoneNumberId,
        accessToken: fake.accessToken,
        appSecret: fake.appSecret,
        graphApiBaseUrl: fake.url,
      },
    },
  });
  assert.ok(created.ok(), `creating the channel answered ${created.status()}: ${await created.text()}`);
  const channel = (await created.json()) as { id: string; webhookUrl: string };
  fake.webhookUrl = channel.webhookUrl;
  const templateName = `retomada_${suffix}`;
  const template = await page.request.post(`${baseUrl}/api/v1/templates`, {
    data: {
      channelId: channel.id,
      name: templateName,
      language: 'pt_BR',
      category: 'UTILITY',
      components: [
        {
          type: 'BODY',
          text: 'Olá {{1}}, seu pedido {{2}} está pronto para retirada.',
          example: { body_text: [['Maria', '#123']] },
        },
      ],
    },
  });
  assert.ok(template.ok(), `creating the template answered ${template.status()}: ${await template.text()}`);
  const templateId = ((await template.json()) as { id: string }).id;
  const submitted = await page.request.post(`${baseUrl}/api/v1/templates/${templateId}/submit`, { data: {} });
  assert.ok(submitted.ok(), `submitting answered ${submitted.status()}: ${await submitted.text()}`);
  await fake.setTemplateStatus({ name: templateName, language: 'pt_BR' }, 'APPROVED');

  // The customer last wrote 25 hours ago.
  const name = `Carla Antiga ${suffix}`;
  const sent = await fake.sendInbound({
    type: 'text',
    text: 'Vou pensar e te aviso',
    from: `5511977${String(Date.now()).slice(-6)}`,
    profileName: name,
    timestamp: Math.floor(Date.now() / 1000) - 25 * 3600,
  });
  assert.equal(sent.status, 200);
  const id = await conversationOf(page, name);

  await page.goto(`${baseUrl}/inbox/${id}`);
  await main(page).getByTestId('chat-contact-name').filter({ hasText: name }).waitFor();
  const closed = main(page).getByTestId('window-closed-composer');
  await closed.waitFor();
  // No text box: the agent cannot type what WhatsApp would refuse.
  assert.equal(await main(page).getByTestId('composer-input').count(), 0);
  await closed.getByTestId('open-templates').click();
  const picker = page.getByTestId('template-picker');
  await picker.locator(`[data-testid=template-option][data-name="${templateName}"]`).click();
  const variables = picker.getByTestId('template-variable');
  assert.equal(await variables.count(), 2);
  await variables.nth(0).fill('Carla');
  await variables.nth(1).fill('#4521');
  await picker
    .getByTestId('template-preview-text')
    .filter({ hasText: 'Olá Carla, seu pedido #4521 está pronto para retirada.' })
    .waitFor();
  await picker.getByTestId('template-send').click();
  await main(page)
    .locator('[data-testid=chat-message][data-direction=outbound][data-type=template]')
    .filter({ hasText: 'seu pedido #4521' })
    .waitFor();
});

test('assign to me, resolve with an outcome, and reopen', async ({ page }) => {
  await signIn(page);
  const channelId = await sandboxChannelId(page);
  const name = `Pedro Ticket ${suffix}`;
  await simulate(page, channelId, uniquePhone(4), name, 'Quero comprar 3 unidades');
  const id = await conversationOf(page, name);
  await page.goto(`${baseUrl}/inbox/${id}`);
  const chat = main(page).getByTestId('chat');
  await chat.getByTestId('chat-contact-name').filter({ hasText: name }).waitFor();
  await chat.locator('[data-testid=ticket-status][data-status=OPEN]').waitFor();

  const you = message('pt-BR', 'inbox.ticket.you');
  const assign = chat.getByTestId('ticket-assign');
  if (!((await assign.textContent()) ?? '').includes(you)) {
    await assign.click();
    await page.getByTestId('assign-me').click();
  }
  await assign.filter({ hasText: you }).waitFor();

  await page.keyboard.press('e');
  const resolve = page.getByTestId('resolve-dialog');
  await resolve.waitFor();
  await resolve.getByTestId('resolve-outcome-sale').click();
  await resolve.getByTestId('resolve-confirm').click();
  await chat.locator('[data-testid=ticket-status][data-status=RESOLVED]').waitFor();
  // The journey in the contact panel records the outcome.
  await main(page)
    .locator('[data-testid=journey-ticket][data-status=RESOLVED]')
    .filter({ hasText: message('pt-BR', 'inbox.outcome.sale') })
    .waitFor();

  await chat.getByTestId('ticket-reopen').click();
  await chat.locator('[data-testid=ticket-status][data-status=OPEN]').waitFor();

  // Waiting on the customer: follow-up, and the customer's next message opens the ticket again.
  await chat.getByTestId('ticket-follow-up').click();
  await chat.locator('[data-testid=ticket-status][data-status=FOLLOW_UP]').waitFor();
  await simulate(page, channelId, uniquePhone(4), name, 'Pode mandar o boleto?');
  await chat.locator('[data-testid=ticket-status][data-status=OPEN]').waitFor();
});

// `E2E_SCREENSHOTS=docs/screenshots npm run test:browser inbox` refreshes the README's pictures.
const screenshotDir = process.env.E2E_SCREENSHOTS;
if (screenshotDir) {
  test('screenshots of the inbox in pt-BR and en, dark and light', async ({ page, context }) => {
    await signIn(page);
    const channelId = await sandboxChannelId(page);
    const people: [string, string[]][] = [
      ['Fernanda Lima', ['Oi! Vi o anúncio do plano anual', 'Tem desconto no Pix?']],
      ['Rafael Souza', ['Meu pedido #8812 ainda não chegou']],
      ['Juliana Alves', ['Vocês abrem sábado?']],
      ['Marcos Pereira', ['Obrigado pelo atendimento!']],
      ['Beatriz Costa', ['Pode me mandar o catálogo?']],
      ['Lucas Martins', ['Qual o prazo para o CEP 01310-100?']],
    ];
    for (const [i, [name, texts]] of people.entries()) {
      for (const text of texts) await simulate(page, channelId, uniquePhone(10 + i), name, text);
    }
    const id = await conversationOf(page, 'Fernanda Lima');
    await page.goto(`${baseUrl}/inbox/${id}`);
    await main(page).getByTestId('chat-contact-name').filter({ hasText: 'Fernanda Lima' }).waitFor();
    await main(page).getByTestId('composer-input').fill('Olá Fernanda! Tem sim: 10% de desconto no Pix 😊');
    await page.keyboard.press('Enter');
    await main(page)
      .locator('[data-testid=chat-message][data-direction=outbound][data-status=read]')
      .first()
      .waitFor({
        timeout: 30_000,
      });
    await simulate(page, channelId, uniquePhone(10), 'Fernanda Lima', 'Perfeito, vou fechar agora mesmo!');
    await main(page).locator('[data-testid=chat-message]').filter({ hasText: 'vou fechar agora' }).waitFor();
    mkdirSync(screenshotDir, { recursive: true });
    for (const locale of ['pt-BR', 'en'] as const) {
      for (const theme of ['dark', 'light'] as const) {
        await context.addCookies([{ name: 'NEXT_LOCALE', value: locale, url: baseUrl }]);
        await page.evaluate((t) => localStorage.setItem('theme', t), theme);
        await page.goto(`${baseUrl}/inbox/${id}`);
        await main(page).getByTestId('chat-contact-name').filter({ hasText: 'Fernanda Lima' }).waitFor();
        await main(page)
          .locator('[data-testid=chat-message]')
          .filter({ hasText: 'vou fechar agora' })
          .waitFor();
        await main(page).locator('[data-testid=journey-ticket]').first().waitFor();
        await page.mouse.move(0, 0);
        await page.waitForTimeout(600);
        await page.screenshot({ path: join(screenshotDir, `inbox-${theme}-${locale}.png`) });
      }
    }
    await context.addCookies([{ name: 'NEXT_LOCALE', value: 'pt-BR', url: baseUrl }]);
    await page.evaluate(() => localStorage.setItem('theme', 'dark'));
    await page.goto(`${baseUrl}/contacts`);
    await main(page).locator('[data-testid=contact-row]').first().waitFor();
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(screenshotDir, 'contacts-dark-pt-BR.png') });
  });
}

// ---------------------------------------------------------------- teams: who sent it, whose it is, repair
// After the screenshots above: the teammates made here join round robin and would change those pictures.

type Teammate = { id: string; name: string; email: string; password: string };

/** A teammate made through the API (MANAGER unless told), to pick in the agent filter or sign in as. */
async function addTeammate(page: Page, name: string, role = 'MANAGER'): Promise<Teammate> {
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${suffix}@example.com`;
  const password = `senha-forte-${suffix}`;
  const res = await page.request.post(`${baseUrl}/api/v1/users`, { data: { email, name, role, password } });
  assert.ok(res.ok(), `adding ${name} answered ${res.status()}: ${await res.text()}`);
  return { id: ((await res.json()) as { id: string }).id, name, email, password };
}

async function assignTo(page: Page, conversationId: string, userId: string | null) {
  const res = await page.request.post(`${baseUrl}/api/v1/conversations/${conversationId}/assign`, {
    data: { userId },
  });
  assert.ok(res.ok(), `assigning answered ${res.status()}: ${await res.text()}`);
}

/** The teammate switches themself to away (round robin skips them) and gives back what it handed them. */
async function keepFree(page: Page, browser: Browser, who: Teammate, to: string) {
  const context = await browser.newContext({ baseURL: baseUrl });
  try {
    const login = await context.request.post(`${baseUrl}/api/v1/auth/login`, {
      data: { email: who.email, password: who.password },
    });
    assert.ok(login.ok(), `${who.name} signing in answered ${login.status()}`);
    const away = await context.request.put(`${baseUrl}/api/v1/users/me/availability`, {
      data: { available: false },
    });
    assert.ok(away.ok(), `going away answered ${away.status()}: ${await away.text()}`);
  } finally {
    await context.close();
  }
  const res = await page.request.get(`${baseUrl}/api/v1/conversations?status=active&assignee=${who.id}`);
  for (const c of ((await res.json()) as { items: { id: string }[] }).items) await assignTo(page, c.id, to);
}

async function signedInUser(page: Page) {
  const res = await page.request.get(`${baseUrl}/api/v1/auth/me`);
  assert.ok(res.ok(), `/auth/me answered ${res.status()}`);
  return ((await res.json()) as { user: { id: string; name: string } }).user;
}

const shot = async (page: Page, name: string) => {
  if (!screenshotDir) return;
  mkdirSync(screenshotDir, { recursive: true });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
};

test('outbound messages name the person who sent them, "Você" for yourself', async ({ page, browser }) => {
  await signIn(page);
  const admin = await signedInUser(page);
  const channelId = await sandboxChannelId(page);
  const name = `Lia Remetente ${suffix}`;
  await simulate(page, channelId, uniquePhone(20), name, 'Quem vai me atender?');
  const id = await conversationOf(page, name);
  await page.goto(`${baseUrl}/inbox/${id}`);
  await main(page).getByTestId('chat-contact-name').filter({ hasText: name }).waitFor();

  const outbound = (p: Page, text: string) =>
    main(p).locator('[data-testid=chat-message][data-direction=outbound]').filter({ hasText: text });
  for (const text of ['Eu mesma, a Admin!', 'Em que posso ajudar?']) {
    await main(page).getByTestId('composer-input').fill(text);
    await page.keyboard.press('Enter');
    // Accepted by the API (no longer the optimistic copy), so the two bubbles keep their order.
    await outbound(page, text).and(page.locator(':not([id^="m-local:"])')).first().waitFor();
  }
  // The first bubble of the run carries the name ("Você" for the signed-in person); the next does not.
  const you = message('pt-BR', 'inbox.message.you');
  await outbound(page, 'Eu mesma').getByTestId('message-sender').filter({ hasText: you }).waitFor();
  assert.equal(await outbound(page, 'Em que posso ajudar').getByTestId('message-sender').count(), 0);
  await shot(page, 'inbox-sender-dark-pt-BR');

  // A teammate sees the admin's name on the same bubble, and "Você" on their own reply.
  const ana = await addTeammate(page, 'Ana Equipe');
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: baseUrl });
  context.setDefaultTimeout(15_000);
  try {
    const other = await context.newPage();
    await signIn(other, ana.email, ana.password);
    await other.goto(`${baseUrl}/inbox/${id}`);
    await main(other).getByTestId('chat-contact-name').filter({ hasText: name }).waitFor();
    await outbound(other, 'Eu mesma').getByTestId('message-sender').filter({ hasText: admin.name }).waitFor();
    await main(other).getByTestId('composer-input').fill('Oi, aqui é a Ana também');
    await other.keyboard.press('Enter');
    await outbound(other, 'aqui é a Ana').getByTestId('message-sender').filter({ hasText: you }).waitFor();
    // And the admin sees Ana's name on it, live.
    await outbound(page, 'aqui é a Ana')
      .getByTestId('message-sender')
      .filter({ hasText: 'Ana Equipe' })
      .waitFor({ timeout: 15_000 });
    // In the list too, by first name: "Ana: …" for the admin, "Você: …" for Ana.
    const preview = (p: Page) => row(p, name).first().getByTestId('conversation-preview');
    await preview(page).filter({ hasText: 'Ana: Oi, aqui é a Ana também' }).waitFor();
    await preview(other)
      .filter({ hasText: `${message('pt-BR', 'inbox.list.you')}: Oi, aqui é a Ana também` })
      .waitFor();
    await shot(page, 'inbox-preview-sender-dark-pt-BR');
  } finally {
    await context.close();
  }
});

test("a manager sees one agent's conversations: pick the agent, the unassigned view, an empty agent", async ({
  page,
  browser,
}) => {
  await signIn(page);
  const admin = await signedInUser(page);
  const bia = await addTeammate(page, 'Bia Vendas');
  const caio = await addTeammate(page, 'Caio Sem Conversas');
  await keepFree(page, browser, caio, admin.id);
  const channelId = await sandboxChannelId(page);
  const adminsCustomer = `Rita Agente ${suffix}`;
  const biasCustomer = `Sofia Agente ${suffix}`;
  await simulate(page, channelId, uniquePhone(21), adminsCustomer, 'Oi, quero um orçamento');
  await simulate(page, channelId, uniquePhone(22), biasCustomer, 'Olá, e o meu pedido?');
  await assignTo(page, await conversationOf(page, adminsCustomer), admin.id);
  await assignTo(page, await conversationOf(page, biasCustomer), bia.id);

  await page.goto(`${baseUrl}/inbox`);
  const list = main(page).getByTestId('conversation-list');
  await list.waitFor();
  const pick = async (userId: string) => {
    await list.getByTestId('agent-filter').click();
    await page.locator(`[data-testid=agent-option][data-agent-id="${userId}"]`).click();
    // The menu animates out; a press on the trigger before it has gone counts as a press outside the closing
    // menu and opens nothing, so the next pick waits for it to leave (as a person's eye would).
    await page.getByRole('menu').waitFor({ state: 'detached' });
  };

  // The admin picks themself: that is the "Minhas" view.
  await pick(admin.id);
  await list.locator('[data-testid=view-me][aria-selected=true]').waitFor();
  await row(page, adminsCustomer).first().waitFor();
  await row(page, biasCustomer).first().waitFor({ state: 'detached' });

  // Bia's view: her conversation, not the admin's, with a chip that says whose they are.
  await pick(bia.id);
  await list
    .locator(`[data-testid=agent-view][data-agent-id="${bia.id}"]`)
    .filter({ hasText: 'Bia Vendas' })
    .waitFor();
  await row(page, biasCustomer).first().waitFor();
  await row(page, adminsCustomer).first().waitFor({ state: 'detached' });
  assert.equal(await list.locator('[role=tab][aria-selected=true]').count(), 0);
  await shot(page, 'inbox-agent-view-dark-pt-BR');

  // The unassigned view holds neither (both have someone).
  await list.getByTestId('view-unassigned').click();
  await list.getByTestId('agent-view').waitFor({ state: 'detached' });
  await row(page, biasCustomer).first().waitFor({ state: 'detached' });
  await row(page, adminsCustomer).first().waitFor({ state: 'detached' });

  // An agent with nothing: the empty state names them, and the choice survives a reload.
  await pick(caio.id);
  const empty = message('pt-BR', 'inbox.list.emptyAgent').replace('{name}', caio.name);
  await list.getByText(empty).waitFor();
  await page.reload();
  await list.locator(`[data-testid=agent-view][data-agent-id="${caio.id}"]`).waitFor();
  await list.getByText(empty).waitFor();
  await shot(page, 'inbox-agent-empty-dark-pt-BR');
  await list.getByTestId('agent-view-clear').click();
  await list.locator('[data-testid=view-all][aria-selected=true]').waitFor();
  await row(page, biasCustomer).first().waitFor();
});

test('an admin repairs a stuck ticket from the ticket bar; a manager is not offered it', async ({
  page,
  browser,
}) => {
  await signIn(page);
  const channelId = await sandboxChannelId(page);
  const name = `Davi Reparo ${suffix}`;
  await simulate(page, channelId, uniquePhone(23), name, 'Meu atendimento travou?');
  const id = await conversationOf(page, name);
  await page.goto(`${baseUrl}/inbox/${id}`);
  const chat = main(page).getByTestId('chat');
  await chat.getByTestId('chat-contact-name').filter({ hasText: name }).waitFor();
  await chat.locator('[data-testid=ticket-status][data-status=OPEN]').waitFor();

  await chat.getByTestId('ticket-more').click();
  await page.getByTestId('ticket-repair').click();
  const dialog = page.getByTestId('repair-dialog');
  await dialog.waitFor();
  await dialog.getByText(message('pt-BR', 'inbox.repair.safe')).waitFor();
  await shot(page, 'inbox-repair-dialog-dark-pt-BR');
  await dialog.getByTestId('repair-confirm').click();
  await dialog.waitFor({ state: 'detached' });
  // The toast says what was fixed in plain words, or that nothing needed fixing.
  const result = page.getByTestId('repair-result');
  await result.waitFor();
  const fixed = Number(await result.getAttribute('data-actions'));
  if (fixed === 0) await result.getByText(message('pt-BR', 'inbox.repair.nothingHint')).waitFor();
  else assert.equal(await result.locator('li').count(), fixed);
  await shot(page, 'inbox-repair-toast-dark-pt-BR');
  await chat.locator('[data-testid=ticket-status][data-status=OPEN]').waitFor();

  // Below ADMIN the menu is not there at all.
  const manager = await addTeammate(page, 'Edu Gerente');
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: baseUrl });
  context.setDefaultTimeout(15_000);
  try {
    const other = await context.newPage();
    await signIn(other, manager.email, manager.password);
    await other.goto(`${baseUrl}/inbox/${id}`);
    const otherChat = main(other).getByTestId('chat');
    await otherChat.getByTestId('ticket-resolve').waitFor();
    assert.equal(await otherChat.getByTestId('ticket-more').count(), 0);
  } finally {
    await context.close();
  }
});

test('inbox keys: / and Ctrl+K search, a takes the conversation, and typing never triggers them', async ({
  page,
}) => {
  await signIn(page);
  const channelId = await sandboxChannelId(page);
  const name = `Gil Teclado ${suffix}`;
  await simulate(page, channelId, uniquePhone(24), name, 'Oi');
  const id = await conversationOf(page, name);
  // Someone else's (unassigned would not stay so: round robin hands it to an available teammate).
  const hana = await addTeammate(page, 'Hana Teclado');
  await assignTo(page, id, hana.id);
  await page.goto(`${baseUrl}/inbox/${id}`);
  const chat = main(page).getByTestId('chat');
  await chat.getByTestId('chat-contact-name').filter({ hasText: name }).waitFor();
  const assign = chat.getByTestId('ticket-assign');
  const you = message('pt-BR', 'inbox.ticket.you');
  await assign.filter({ hasText: hana.name }).waitFor();

  // Typing "a" in the composer writes an "a"; Esc leaves the composer; then "a" takes the conversation.
  const composer = main(page).getByTestId('composer-input');
  await composer.click();
  await page.keyboard.type('a');
  assert.equal(await composer.inputValue(), 'a');
  await page.waitForTimeout(300);
  assert.ok(!((await assign.textContent()) ?? '').includes(you));
  await page.keyboard.press('Escape');
  await page.keyboard.press('a');
  await assign.filter({ hasText: you }).waitFor();

  const search = main(page).getByTestId('conversation-search');
  await page.keyboard.press('/');
  await page.waitForFunction(
    () => document.activeElement?.getAttribute('data-testid') === 'conversation-search',
  );
  assert.equal(await search.inputValue(), '');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+k');
  await page.waitForFunction(
    () => document.activeElement?.getAttribute('data-testid') === 'conversation-search',
  );
});

test('a long list loads the next page (keyset cursor) when scrolled to the bottom', async ({ page }) => {
  await signIn(page);
  const channelId = await sandboxChannelId(page);
  // More open conversations than one page (50) holds, whatever the tests before left.
  const count = async () => {
    const res = await page.request.get(`${baseUrl}/api/v1/conversations/counts`);
    return ((await res.json()) as { all: { open: number } }).all.open;
  };
  const missing = Math.max(0, 60 - (await count()));
  await Promise.all(
    Array.from({ length: missing }, (_, i) =>
      simulate(page, channelId, uniquePhone(100 + i), `Lote ${i} ${suffix}`, `Mensagem ${i}`),
    ),
  );
  for (let i = 0; i < 80 && (await count()) < 60; i++) await page.waitForTimeout(250);
  assert.ok((await count()) >= 60, 'at least 60 open conversations');

  await page.goto(`${baseUrl}/inbox`);
  const list = main(page).getByTestId('conversation-list');
  await list.locator('[data-testid=view-all][aria-selected=true]').waitFor();
  await list.getByTestId('conversation-row').first().waitFor();
  // The virtual list's height is rows × row height: one page at first, more after scrolling down.
  const rowsInList = () =>
    list
      .getByTestId('conversation-scroller')
      .locator('ul')
      .evaluate((ul) => Math.round(ul.getBoundingClientRect().height / 76));
  assert.equal(await rowsInList(), 50);
  // Only the rows on screen exist in the DOM.
  assert.ok((await list.getByTestId('conversation-row').count()) < 40);
  for (let i = 0; i < 40 && (await rowsInList()) <= 50; i++) {
    await list.getByTestId('conversation-scroller').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await page.waitForTimeout(250);
  }
  assert.ok((await rowsInList()) > 50, 'the second page joined the list');
});

test('scrolled down, rows hold still while a conversation comes to the top; the pill goes back up', async ({
  page,
}) => {
  await signIn(page);
  const channelId = await sandboxChannelId(page);
  // Enough open conversations to scroll well past the first screen, whatever the tests before left.
  const open = async () => {
    const res = await page.request.get(`${baseUrl}/api/v1/conversations/counts`);
    return ((await res.json()) as { all: { open: number } }).all.open;
  };
  const missing = Math.max(0, 40 - (await open()));
  await Promise.all(
    Array.from({ length: missing }, (_, i) =>
      simulate(page, channelId, uniquePhone(200 + i), `Fila ${i} ${suffix}`, `Mensagem ${i}`),
    ),
  );
  for (let i = 0; i < 80 && (await open()) < 40; i++) await page.waitForTimeout(250);
  assert.ok((await open()) >= 40, 'at least 40 open conversations');

  await page.goto(`${baseUrl}/inbox`);
  const list = main(page).getByTestId('conversation-list');
  await list.locator('[data-testid=view-all][aria-selected=true]').waitFor();
  await list.getByTestId('conversation-row').first().waitFor();
  await main(page).getByTestId('live-indicator').and(page.locator('[data-status=open]')).waitFor();
  const scroller = list.getByTestId('conversation-scroller');
  // Ten and a bit rows down: the top row is cut, so the check covers the offset within a row too.
  await scroller.evaluate((el) => el.scrollTo({ top: 76 * 10 + 30 }));
  await page.waitForTimeout(300);
  const rowAt = (dy: number) =>
    scroller.evaluate((el, y) => {
      const box = el.getBoundingClientRect();
      return (
        document
          .elementFromPoint(box.left + 40, box.top + y)
          ?.closest('[data-conversation-id]')
          ?.getAttribute('data-conversation-id') ?? null
      );
    }, dy);
  const topId = await rowAt(4);
  const middleId = await rowAt(200);
  assert.ok(topId && middleId, 'rows on screen');
  const y = async (id: string) =>
    (await list.locator(`[data-conversation-id="${id}"]`).boundingBox())?.y ?? Number.NaN;
  const [topY, middleY] = [await y(topId), await y(middleId)];
  assert.equal(await list.getByTestId('new-activity').count(), 0);

  // A customer further down the list writes: their conversation goes to the top, above the reader.
  const res = await page.request.get(`${baseUrl}/api/v1/conversations?status=active&limit=50`);
  const { items } = (await res.json()) as {
    items: { id: string; contact: { phone: string; name: string | null } }[];
  };
  const target = items[Math.min(items.length - 1, 30)];
  assert.ok(target, 'a conversation below the screen');
  await simulate(page, channelId, target.contact.phone, target.contact.name ?? 'Cliente', `Ainda estão aí?`);
  const pill = list.getByTestId('new-activity');
  await pill.waitFor();
  // pt-BR "1 nova atividade": one conversation came to the top.
  assert.match((await pill.textContent()) ?? '', /^1\s/);
  // Nothing moved under the reader: the same rows at the same place.
  assert.equal(await rowAt(4), topId);
  assert.ok(Math.abs((await y(topId)) - topY) <= 2, `top row moved from ${topY} to ${await y(topId)}`);
  assert.ok(Math.abs((await y(middleId)) - middleY) <= 2, 'the row in the middle moved');
  await shot(page, 'inbox-new-activity-dark-pt-BR');

  // The pill goes back to the top, where that conversation now leads; then it is gone.
  await pill.click();
  await page.waitForFunction(
    () => document.querySelector('#main [data-testid=conversation-scroller]')?.scrollTop === 0,
  );
  await page.waitForTimeout(200);
  assert.equal(await rowAt(4), target.id);
  await list
    .locator(`[data-conversation-id="${target.id}"]`)
    .getByTestId('conversation-preview')
    .filter({ hasText: 'Ainda estão aí?' })
    .waitFor();
  await pill.waitFor({ state: 'detached' });

  // j moves the selection down the list and keeps it on screen.
  await page.mouse.move(0, 0);
  for (let i = 0; i < 14; i++) {
    await page.keyboard.press('j');
    await page.waitForTimeout(60);
  }
  const selected = list.locator('[data-testid=conversation-row][aria-current=true]');
  await selected.waitFor();
  const [box, view] = [await selected.boundingBox(), await scroller.boundingBox()];
  assert.ok(box && view && box.y >= view.y - 1 && box.y + box.height <= view.y + view.height + 1);
  assert.notEqual(await selected.getAttribute('data-conversation-id'), target.id);
});

await run();
await fake.close();
