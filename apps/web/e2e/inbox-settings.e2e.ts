import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  brazilNationalHolidays,
  departmentViewSchema,
  inboxSettingsViewSchema,
  localDate,
} from '@conversa/shared';
import type { Locator, Page } from 'playwright-core';
import { baseUrl, message, run, signIn, test } from './harness.ts';

/** Page content only (see channels.e2e.ts: a streamed page can hold an element twice for a moment). */
const main = (page: Page) => page.locator('#main');
const suffix = Date.now().toString(36).slice(-5);
const pt = (key: string) => message('pt-BR', key);

// Always kept (unlike failure shots): the screen's look is part of what this file checks.
const screenshotDir = process.env.E2E_SCREENSHOTS ?? process.env.E2E_ARTIFACTS ?? 'test-results';
async function screenshot(target: Page | Locator, page: Page, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.mouse.move(0, 0);
  await page.waitForTimeout(350);
  await target.screenshot({
    path: join(screenshotDir, `inbox-settings-${name}.png`),
    animations: 'disabled',
    // Toasts of earlier steps would cover the corner.
    style: '[data-sonner-toaster] { display: none !important; }',
  });
}

type Settings = {
  autoAssign: boolean;
  maxOpenPerAgent: number;
  businessHours: Record<string, [string, string][]>;
  awayMessage: string | null;
  timezone: string;
  holidays: { date: string; name: string }[];
  openNow: boolean;
  closedReason?: 'hours' | 'holiday' | null;
  holidayToday?: { date: string; name: string } | null;
};
type Department = {
  id: string;
  name: string;
  members: { id: string; name: string; email: string }[];
  businessHours: Record<string, [string, string][]>;
  quickReplies: { shortcut: string; text: string }[];
  maxOpenPerAgent: number | null;
  hoursFrom: string;
  channelIds: string[];
};

async function getJson<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(`${baseUrl}/api/v1${path}`);
  assert.ok(res.ok(), `GET ${path} answered ${res.status()}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** The API's answers are checked against the shared contract the screen is built on. */
async function settingsNow(page: Page): Promise<Settings> {
  return inboxSettingsViewSchema.parse(await getJson(page, '/inbox/settings')) as Settings;
}

async function departmentNamed(page: Page, name: string) {
  const { items } = await getJson<{ items: unknown[] }>(page, '/departments');
  return (departmentViewSchema.array().parse(items) as Department[]).find((d) => d.name === name);
}

/** Waits until the API shows what the screen saved (the toast may come a moment before a refetch). */
async function eventually(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 40; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`never became true: ${what}`);
}

const weekdayHours = {
  mon: [['08:00', '18:00']],
  tue: [['08:00', '18:00']],
  wed: [['08:00', '18:00']],
  thu: [['08:00', '18:00']],
  fri: [['08:00', '18:00']],
};

test('an admin sets assignment and workspace hours, then creates and edits a department', async ({
  page,
}) => {
  // Tall enough that each card fits in one screenshot.
  await page.setViewportSize({ width: 1440, height: 1600 });
  // Uncaught errors and React warnings (hydration, keys) fail the test.
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /hydrat|Warning:|key prop|Maximum update/i.test(msg.text()))
      problems.push(`console: ${msg.text().slice(0, 300)}`);
  });
  await signIn(page);
  const me = await getJson<{ user: { id: string; name: string; email: string } }>(page, '/auth/me');
  const adminLabel = me.user.name || me.user.email;
  // Holidays of an earlier, interrupted run would close the inbox for everything below.
  await putSettings(page, { holidays: [] });

  // Settings → Inbox from the settings navigation.
  await page.goto(`${baseUrl}/settings/profile`);
  await main(page).getByTestId('settings-nav-inbox').click();
  await page.waitForURL('**/settings/inbox');
  const assignment = main(page).getByTestId('assignment-card');
  await assignment.waitFor();
  await screenshot(page, page, 'overview');

  // ------------------------------------------------ automatic assignment: off, saved; on, saved
  const autoSwitch = assignment.getByTestId('auto-assign-switch');
  const save = assignment.getByTestId('assignment-save');
  assert.equal(await save.isDisabled(), true, 'nothing to save before a change');
  if ((await autoSwitch.getAttribute('data-state')) !== 'checked') {
    await autoSwitch.click();
    await save.click();
    await page.getByText(pt('inboxSettings.assignment.savedOn')).first().waitFor();
  }
  await autoSwitch.click();
  await assignment.getByText(pt('inboxSettings.assignment.offHint')).waitFor();
  await save.click();
  await page.getByText(pt('inboxSettings.assignment.savedOff')).first().waitFor();
  await eventually(async () => !(await settingsNow(page)).autoAssign, 'autoAssign off');
  await autoSwitch.click();
  await save.click();
  await page.getByText(pt('inboxSettings.assignment.savedOn')).first().waitFor();
  await eventually(async () => (await settingsNow(page)).autoAssign, 'autoAssign on');

  // A capacity out of range is explained under the field and cannot be saved.
  const capacity = assignment.getByTestId('capacity-input');
  await capacity.fill('0');
  await assignment.getByTestId('capacity-error').waitFor();
  await capacity.fill('8');
  await assignment.getByTestId('capacity-error').waitFor({ state: 'detached' });
  await save.click();
  await eventually(async () => (await settingsNow(page)).maxOpenPerAgent === 8, 'capacity 8');

  // ------------------------------------------------ workspace hours: Mon–Fri 08:00–18:00 and an away message
  const hoursCard = main(page).getByTestId('workspace-hours-card');
  await hoursCard.getByTestId('workspace-hours-mode-custom').click();
  await hoursCard.getByTestId('workspace-hours-presets').click();
  await page.getByTestId('workspace-hours-preset-weekdays').click();
  for (const day of ['mon', 'tue', 'wed', 'thu', 'fri'])
    assert.equal(await hoursCard.getByTestId(`workspace-hours-day-${day}`).getAttribute('data-open'), 'true');
  for (const day of ['sat', 'sun'])
    assert.equal(
      await hoursCard.getByTestId(`workspace-hours-day-${day}`).getAttribute('data-open'),
      'false',
    );
  // Typed loosely, read as 24-hour time on leaving the field.
  const mondayEnd = hoursCard.getByTestId('workspace-hours-mon-0-end');
  await mondayEnd.fill('1730');
  await mondayEnd.press('Tab');
  assert.equal(await mondayEnd.inputValue(), '17:30');
  await hoursCard.getByTestId('workspace-hours-copy-monday').click();
  assert.equal(await hoursCard.getByTestId('workspace-hours-fri-0-end').inputValue(), '17:30');
  await mondayEnd.fill('18:00');
  await hoursCard.getByTestId('workspace-hours-copy-monday').click();
  await hoursCard
    .getByTestId('away-message')
    .fill('Olá! Atendemos de segunda a sexta, das 8h às 18h. Já já respondemos.');
  await screenshot(hoursCard, page, 'workspace-hours');
  await hoursCard.getByTestId('workspace-hours-save').click();
  await page.getByText(pt('inboxSettings.workspaceHours.saved')).first().waitFor();
  await eventually(async () => {
    const s = await settingsNow(page);
    // Stored as jsonb: the days come back in any order.
    return isDeepStrictEqual(s.businessHours, weekdayHours) && !!s.awayMessage;
  }, 'workspace hours Mon–Fri 08:00–18:00');
  await hoursCard.getByTestId('open-badge').waitFor();

  // ------------------------------------------------ holidays: next year's national ones, one removed, one added
  try {
    await holidaysSteps(page);
  } finally {
    // Never leave a holiday behind (today's would close the inbox for the browser tests that follow).
    await putSettings(page, { holidays: [] });
  }

  // ------------------------------------------------ a department: the admin as member, own hours, /preco
  const empty = main(page).getByTestId('departments-empty');
  if (await empty.isVisible())
    await screenshot(main(page).getByTestId('departments-section'), page, 'departments-empty');
  const name = `Vendas ${suffix}`;
  // Keyboard: `n` opens a new department (when no field has the focus).
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('n');
  const sheet = page.getByTestId('department-sheet');
  await sheet.waitFor();
  await sheet.getByTestId('department-name').fill(name);
  await sheet.getByTestId('member-picker-search').fill(me.user.email);
  await sheet.getByTestId('member-picker-option').filter({ hasText: me.user.email }).click();
  await sheet.getByTestId('member-picker-chip').filter({ hasText: adminLabel }).waitFor();
  // The sandbox number routes here.
  const { items: channels } = await getJson<{ items: { id: string; name: string; kind: string }[] }>(
    page,
    '/channels',
  );
  const sandbox = channels.find((c) => c.kind === 'sandbox');
  assert.ok(sandbox, 'the tenant has a sandbox channel');
  await sheet.getByTestId('channel-picker-option').filter({ hasText: sandbox.name }).click();
  await sheet.getByTestId('department-hours-mode-custom').click();
  await sheet.getByTestId('department-hours-toggle-sat').click();
  await sheet.getByTestId('department-hours-sat-0-end').fill('12:00');
  await sheet.getByTestId('quick-reply-add').click();
  await sheet.getByTestId('quick-reply-shortcut').last().fill('/preco');
  await sheet
    .getByTestId('quick-reply-text')
    .last()
    .fill('Os planos começam em R$ 99 por mês. Quer que eu envie a tabela completa?');
  assert.equal(await sheet.getByTestId('quick-reply-shortcut').last().inputValue(), 'preco');
  await screenshot(sheet, page, 'department-create');
  await sheet.getByTestId('department-save').click();
  await page.getByText(pt('inboxSettings.department.created').replace('{name}', name)).first().waitFor();
  await sheet.waitFor({ state: 'detached' });

  const card = main(page).locator(`[data-testid=department-card][data-name="${name}"]`);
  await card.waitFor();
  await card.getByTestId('department-member').filter({ hasText: adminLabel }).waitFor();
  await card.getByTestId('department-quick-replies').getByText('/preco').waitFor();
  await card.getByTestId('department-channels').getByText(sandbox.name).waitFor();
  await card.getByText(pt('inboxSettings.card.hoursFrom.department')).waitFor();
  const created = await departmentNamed(page, name);
  assert.ok(created, 'the department exists');
  assert.deepEqual(
    created.members.map((m) => m.id),
    [me.user.id],
  );
  assert.deepEqual(created.channelIds, [sandbox.id]);
  assert.deepEqual(created.businessHours, { ...weekdayHours, sat: [['08:00', '12:00']] });
  assert.deepEqual(
    created.quickReplies.map((q) => q.shortcut),
    ['preco'],
  );
  await card.scrollIntoViewIfNeeded();
  await screenshot(main(page).getByTestId('departments-section'), page, 'departments');

  // ------------------------------------------------ edit: an invalid interval is caught before saving
  await card.getByTestId('department-edit').click();
  await sheet.waitFor();
  const renamed = `${name} SP`;
  await sheet.getByTestId('department-name').fill(renamed);
  await sheet.getByTestId('department-capacity').fill('5');
  await sheet.getByTestId('department-hours-mon-0-end').fill('07:00');
  const mondayError = sheet.getByTestId('department-hours-error-mon');
  await mondayError.getByText(pt('inboxSettings.errors.intervalOrder')).waitFor();
  assert.equal(await sheet.getByTestId('department-hours-mon-0-end').getAttribute('aria-invalid'), 'true');
  // A second reply with the same shortcut (any case) is flagged on its row.
  await sheet.getByTestId('quick-reply-add').click();
  await sheet.getByTestId('quick-reply-shortcut').last().fill('PRECO');
  await sheet.getByTestId('quick-reply-text').last().fill('Repetida');
  await sheet
    .getByTestId('quick-reply-shortcut-error')
    .first()
    .getByText(pt('inboxSettings.errors.shortcutDuplicate'))
    .waitFor();
  await screenshot(sheet, page, 'invalid-interval');
  await sheet.getByTestId('department-save').click();
  await sheet.getByTestId('department-form-problems').waitFor();
  assert.equal(await sheet.isVisible(), true, 'the sheet stays open');
  assert.equal((await departmentNamed(page, name))?.id, created.id, 'nothing was saved');

  // Escape with unsaved changes asks before throwing them away.
  await page.keyboard.press('Escape');
  const confirm = page.getByRole('alertdialog');
  await confirm.waitFor();
  await confirm.getByRole('button', { name: pt('inboxSettings.department.keepEditing') }).click();
  await confirm.waitFor({ state: 'detached' });
  assert.equal(await sheet.isVisible(), true, 'keep editing keeps the sheet');

  // Fixed: end after start, the repeated reply removed → saved.
  await sheet.getByTestId('department-hours-mon-0-end').fill('18:00');
  await mondayError.waitFor({ state: 'detached' });
  await sheet.getByTestId('quick-reply-row').last().getByRole('button').click();
  await sheet.getByTestId('department-save').click();
  await page.getByText(pt('inboxSettings.department.updated').replace('{name}', renamed)).first().waitFor();
  await sheet.waitFor({ state: 'detached' });
  await main(page).locator(`[data-testid=department-card][data-name="${renamed}"]`).waitFor();
  const edited = await departmentNamed(page, renamed);
  assert.ok(edited, 'the department was renamed');
  assert.equal(edited.id, created.id);
  assert.equal(edited.maxOpenPerAgent, 5);
  assert.deepEqual(
    edited.quickReplies.map((q) => q.shortcut),
    ['preco'],
  );
  assert.deepEqual(edited.businessHours.mon, [['08:00', '18:00']]);

  // Deleting it (after a confirmation) removes the card; its number is routed nowhere again.
  await main(page)
    .locator(`[data-testid=department-card][data-name="${renamed}"]`)
    .getByTestId('department-edit')
    .click();
  await sheet.waitFor();
  await sheet.getByTestId('department-delete').click();
  await page.getByTestId('department-delete-confirm').click();
  await sheet.waitFor({ state: 'detached' });
  await main(page)
    .locator(`[data-testid=department-card][data-name="${renamed}"]`)
    .waitFor({ state: 'detached' });
  assert.equal(await departmentNamed(page, renamed), undefined, 'the department is gone');
  assert.deepEqual(problems, []);

  // Leave the server as found: later test files expect an inbox that is always open.
  const reset = await page.request.put(`${baseUrl}/api/v1/inbox/settings`, {
    data: { businessHours: {}, awayMessage: null },
  });
  assert.equal(reset.status(), 200);
});

async function putSettings(page: Page, data: object) {
  const res = await page.request.put(`${baseUrl}/api/v1/inbox/settings`, { data });
  assert.equal(res.status(), 200, `PUT /inbox/settings answered ${res.status()}: ${await res.text()}`);
}

/** Settings → Inbox → Feriados, on the page already open (run inside the admin test). */
async function holidaysSteps(page: Page) {
  const card = main(page).getByTestId('holidays-card');
  const row = (date: string) => card.locator(`[data-testid=holiday-row][data-date="${date}"]`);
  const { timezone } = await settingsNow(page);
  const today = localDate(new Date(), timezone);
  const nextYear = Number(today.slice(0, 4)) + 1;
  const national = brazilNationalHolidays(nextYear);
  // Taller: the list of a year's holidays fits in one screenshot, under the sticky top bar.
  await page.setViewportSize({ width: 1440, height: 2400 });
  await card.getByTestId('holidays-empty').waitFor();

  // Next year's national holidays in one click: all 13, named in the UI's language; a second click adds nothing.
  const addNational = card.getByTestId(`holidays-national-${nextYear}`);
  await addNational.click();
  for (const h of national) await row(h.date).waitFor();
  assert.equal(
    await row(`${nextYear}-12-25`).getByTestId('holiday-name').inputValue(),
    pt('inboxSettings.holidays.national.names.christmas'),
  );
  assert.equal(await addNational.getAttribute('data-done'), 'true');
  assert.equal(await addNational.isDisabled(), true);

  // Remove Carnaval's Tuesday (a bridge day some businesses work).
  const carnivalTuesday = national.find((h) => h.key === 'carnivalTuesday')!.date;
  await row(carnivalTuesday).getByTestId('holiday-remove').click();
  await row(carnivalTuesday).waitFor({ state: 'detached' });
  assert.equal(await addNational.isDisabled(), false, 'a missing date can be added again');

  // Another date: a repeated date and an empty name are explained before anything is added.
  const newDate = card.getByTestId('holiday-new-date');
  const newName = card.getByTestId('holiday-new-name');
  await newDate.fill(`${nextYear}-12-25`);
  await card
    .getByTestId('holiday-new-date-error')
    .getByText(pt('inboxSettings.errors.holidayDuplicate'))
    .waitFor();
  await newDate.fill(`${nextYear}-01-20`);
  await card.getByTestId('holiday-new-date-error').waitFor({ state: 'detached' });
  await card.getByTestId('holiday-add').click();
  await card.getByTestId('holiday-new-name-error').getByText(pt('validation.required')).waitFor();
  await newName.fill('Dia de São Sebastião');
  await newName.press('Enter');
  await row(`${nextYear}-01-20`).waitFor();
  assert.equal(await newName.inputValue(), '', 'the row is cleared for the next date');

  // A name emptied in the list is flagged on its row as one types.
  const christmasName = row(`${nextYear}-12-25`).getByTestId('holiday-name');
  await christmasName.fill(' ');
  await row(`${nextYear}-12-25`)
    .getByTestId('holiday-row-error')
    .getByText(pt('validation.required'))
    .waitFor();
  await christmasName.fill('Natal (loja fechada)');
  await row(`${nextYear}-12-25`).getByTestId('holiday-row-error').waitFor({ state: 'detached' });

  // A past date goes under "Já passaram", greyed; the toggle folds it away and back.
  const lastWeek = localDate(new Date(Date.now() - 7 * 86_400_000), timezone);
  await newDate.fill(lastWeek);
  await newName.fill('Recesso');
  await card.getByTestId('holiday-add').click();
  assert.equal(await row(lastWeek).getAttribute('data-past'), 'true');
  const togglePast = card.getByTestId('holidays-show-past');
  await togglePast.click();
  await row(lastWeek).waitFor({ state: 'detached' });
  await togglePast.click();
  await row(lastWeek).waitFor();

  await card.getByTestId('holiday-row').first().scrollIntoViewIfNeeded();
  await screenshot(card, page, 'holidays');
  await card.getByTestId('holidays-save').click();
  await page.getByText(pt('inboxSettings.holidays.saved')).first().waitFor();
  const expected = [
    ...national.filter((h) => h.date !== carnivalTuesday).map((h) => h.date),
    `${nextYear}-01-20`,
    lastWeek,
  ].sort();
  await eventually(async () => {
    const s = await settingsNow(page);
    return (
      isDeepStrictEqual(
        s.holidays.map((h) => h.date),
        expected,
      ) && s.holidays.some((h) => h.name === 'Natal (loja fechada)')
    );
  }, 'holidays saved');

  // Today as a holiday: the workspace is closed all day and both badges say why.
  const todayName = `Feriado de teste ${suffix}`;
  await newDate.fill(today);
  await newName.fill(todayName);
  await card.getByTestId('holiday-add').click();
  await row(today).getByText(pt('inboxSettings.holidays.today')).waitFor();
  await card.getByTestId('holidays-save').click();
  const closedToday = pt('inboxSettings.status.closedHoliday').replace('{name}', todayName);
  const hoursBadge = main(page).getByTestId('workspace-hours-card').getByTestId('open-badge');
  await hoursBadge.getByText(closedToday).waitFor();
  assert.equal(await hoursBadge.getAttribute('data-reason'), 'holiday');
  const today_ = await settingsNow(page);
  assert.equal(today_.openNow, false);
  assert.equal(today_.closedReason, 'holiday');
  assert.equal(today_.holidayToday?.name, todayName);
  await screenshot(card, page, 'holidays-closed-today');
  await screenshot(main(page).getByTestId('workspace-hours-card'), page, 'hours-closed-holiday');

  // Removed again: no longer closed for a holiday (the weekly hours may still close it at this hour).
  await row(today).getByTestId('holiday-remove').click();
  await card.getByTestId('holidays-save').click();
  await eventually(async () => (await settingsNow(page)).holidayToday === null, 'no holiday today');
  await main(page)
    .getByTestId('workspace-hours-card')
    .locator('[data-testid=open-badge]:not([data-reason=holiday])')
    .waitFor();
  await page.setViewportSize({ width: 1440, height: 1600 });
}

test('an agent sees the inbox settings read-only', async ({ page, browser }) => {
  await signIn(page);
  const email = `agente.${suffix}@example.com`;
  const password = 'a-long-agent-password';
  const res = await page.request.post(`${baseUrl}/api/v1/users`, {
    data: { email, name: `Agente ${suffix}`, role: 'AGENT', password },
  });
  assert.ok(res.ok(), `creating the agent answered ${res.status()}: ${await res.text()}`);

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: baseUrl });
  try {
    const agent = await context.newPage();
    await signIn(agent, email, password);
    await agent.goto(`${baseUrl}/settings/inbox`);
    const assignment = main(agent).getByTestId('assignment-card');
    await assignment.waitFor();
    assert.equal(await assignment.getByTestId('auto-assign-switch').isDisabled(), true);
    assert.equal(await main(agent).getByTestId('assignment-save').count(), 0);
    assert.equal(await main(agent).getByTestId('workspace-hours-save').count(), 0);
    await main(agent).getByTestId('holidays-card').waitFor();
    assert.equal(await main(agent).getByTestId('holidays-save').count(), 0);
    assert.equal(await main(agent).getByTestId('holiday-add').count(), 0);
    assert.equal(await main(agent).getByTestId('holiday-remove').count(), 0);
    await main(agent).getByTestId('departments-section').waitFor();
    assert.equal(await main(agent).getByTestId('department-create').count(), 0);
    assert.equal(await main(agent).getByTestId('department-edit').count(), 0);
    await agent.keyboard.press('n');
    await agent.waitForTimeout(300);
    assert.equal(await agent.getByTestId('department-sheet').count(), 0, 'n opens nothing for an agent');
    await screenshot(agent, agent, 'agent-read-only');
    await agent.setViewportSize({ width: 1440, height: 1400 });
    await screenshot(main(agent).getByTestId('departments-section'), agent, 'agent-departments');
  } finally {
    await context.close();
  }
});

await run();
