import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { baseUrl, run, signIn, test } from './harness.ts';

/** Page content only (see channels.e2e.ts: a streamed page can hold an element twice for a moment). */
const main = (page: Page) => page.locator('#main');
const seed = Date.now().toString().slice(-7);
// Always kept (unlike failure shots): the overview's look is part of what this file checks.
const screenshotDir = process.env.E2E_SCREENSHOTS ?? process.env.E2E_ARTIFACTS ?? 'test-results';

async function api<T>(page: Page, method: 'GET' | 'POST' | 'PUT', path: string, data?: object): Promise<T> {
  const res = await page.request.fetch(`${baseUrl}/api/v1${path}`, { method, data });
  assert.ok(res.ok(), `${method} ${path} answered ${res.status()}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** Reloads the overview until the conversations card shows at least one open and one waiting. */
async function untilWaiting(page: Page) {
  const card = main(page).getByTestId('overview-conversations');
  for (let i = 0; i < 20; i++) {
    await page.goto(`${baseUrl}/`);
    await card.waitFor();
    if (Number(await card.getAttribute('data-waiting')) >= 1) return card;
    await page.waitForTimeout(1000);
  }
  throw new Error('the overview never showed a waiting conversation');
}

test('the overview shows the inbox: open and waiting, charts per day, the 30-day switch, the agents', async ({
  page,
}) => {
  await signIn(page);
  // New conversations wait unassigned while automatic assignment is off (put back as it was at the end).
  const settings = await api<{ autoAssign: boolean }>(page, 'GET', '/inbox/settings');
  await api(page, 'PUT', '/inbox/settings', { autoAssign: false });
  try {
    const channels = await api<{ items: { id: string; kind: string }[] }>(page, 'GET', '/channels');
    const sandbox = channels.items.find((c) => c.kind === 'sandbox');
    assert.ok(sandbox, 'the sandbox channel exists');
    for (const [i, text] of ['Oi, vocês entregam hoje?', 'Qual o preço do plano anual?'].entries()) {
      await api(page, 'POST', `/channels/${sandbox.id}/simulate`, {
        from: `+55 11 9${seed.slice(-4)}-${1000 + i}`,
        name: `Cliente Painel ${i}`,
        text,
      });
    }

    const card = await untilWaiting(page);
    assert.ok(Number(await card.getAttribute('data-open')) >= 1);
    assert.equal(await card.getAttribute('data-alarm'), 'true');
    assert.ok(Number(await card.getByTestId('overview-waiting-count').textContent()) >= 1);

    // The section: tiles, a bar chart of conversations per day (bars drawn), messages, outcomes.
    const section = main(page).locator('[data-testid=service-stats][data-days="7"]');
    await section.waitFor();
    assert.ok(
      Number(await section.getByTestId('kpi-opened').locator('.tabular-nums').first().textContent()) >= 1,
    );
    const bars = section.locator('[data-testid=chart-volume] svg .recharts-bar-rectangle path');
    await bars.first().waitFor();
    assert.ok((await bars.count()) >= 1);
    await section.locator('[data-testid=chart-messages] svg .recharts-area-area').first().waitFor();
    // The owner is a manager: the agents table is there, with themself in it.
    await section.getByTestId('stats-agents').getByTestId('stats-agent-row').first().waitFor();

    // 30 days: the switch answers at once (previous numbers stay while loading) and then shows the month.
    await section.getByTestId('stats-period-30').click();
    const month = main(page).locator('[data-testid=service-stats][data-days="30"]');
    await month.waitFor();
    await month.locator('[data-testid=chart-volume] svg .recharts-bar-rectangle path').first().waitFor();
    assert.equal(await main(page).getByTestId('stats-period-30').getAttribute('data-state'), 'checked');
    await main(page).getByTestId('stats-period-7').click();
    await main(page).locator('[data-testid=service-stats][data-days="7"]').waitFor();

    // Screens of the overview with data at 1440×900, top and the service section: dark pt-BR (the
    // default), then light English with a tooltip open.
    mkdirSync(screenshotDir, { recursive: true });
    const shoot = async (name: string) => {
      await page.mouse.move(0, 0);
      await page.waitForTimeout(800);
      await page.screenshot({ path: join(screenshotDir, `dashboard-${name}-top.png`) });
      await main(page).getByTestId('chart-volume').scrollIntoViewIfNeeded();
      await main(page)
        .getByTestId('kpi-opened')
        .evaluate((el) => el.scrollIntoView({ block: 'start' }));
      const bar = main(page).locator('[data-testid=chart-volume] svg .recharts-bar-rectangle').last();
      await bar.hover();
      await page.waitForTimeout(600);
      await page.screenshot({ path: join(screenshotDir, `dashboard-${name}-service.png`) });
    };
    await shoot('dark-pt-BR');
    await main(page).getByTestId('stats-period-30').click();
    await main(page).locator('[data-testid=service-stats][data-days="30"]').waitFor();
    await page.mouse.move(0, 0);
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(screenshotDir, 'dashboard-dark-pt-BR-30-days.png') });
    await page.context().addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: baseUrl }]);
    await page.evaluate(() => localStorage.setItem('theme', 'light'));
    await page.goto(`${baseUrl}/`);
    await main(page).locator('[data-testid=chart-volume] svg .recharts-bar-rectangle path').first().waitFor();
    await shoot('light-en');
    await page.evaluate(() => localStorage.setItem('theme', 'dark'));
  } finally {
    await api(page, 'PUT', '/inbox/settings', { autoAssign: settings.autoAssign });
  }
});

test('an agent sees the same numbers without the agents table', async ({ page }) => {
  await signIn(page);
  const email = `agente.painel.${seed}@example.com`;
  await api(page, 'POST', '/users', {
    name: 'Agente Painel',
    email,
    password: 'a-long-agent-password',
    role: 'AGENT',
  });
  await page.context().clearCookies();
  await signIn(page, email, 'a-long-agent-password');
  await page.goto(`${baseUrl}/`);
  const section = main(page).locator('[data-testid=service-stats][data-days="7"]');
  await section.waitFor();
  await section.locator('[data-testid=chart-volume] svg .recharts-bar-rectangle path').first().waitFor();
  assert.ok(Number(await main(page).getByTestId('overview-conversations').getAttribute('data-open')) >= 1);
  assert.equal(await section.getByTestId('stats-agents').count(), 0);
  await section.getByTestId('stats-period-30').click();
  await main(page).locator('[data-testid=service-stats][data-days="30"]').waitFor();
  assert.equal(await main(page).getByTestId('stats-agents').count(), 0);
});

await run();
