import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { baseUrl, conversationOf, main, run, sandboxChannelId, signIn, simulate, test } from './harness.ts';

const seed = String(Date.now()).slice(-4);

type Shown = { title: string; body?: string; tag?: string };
type AlertWindow = Window & {
  __notifications: Shown[];
  __lastNotification?: { onclick: (() => void) | null };
  __chimes: number;
};

/**
 * The browser's notification and audio APIs, recorded: a headless browser shows nothing a test could read.
 * Everything else (the realtime stream, the API, our decisions) is the real product.
 */
async function recordAlerts(page: Page) {
  // A string, not a function: tsx would wrap named classes in a helper the page does not have.
  await page.addInitScript(`
    window.__notifications = [];
    window.__chimes = 0;
    // The browser remembers a site's answer across pages, as this does for the tab.
    class RecordedNotification {
      static get permission() {
        return sessionStorage.getItem('__notificationPermission') || 'default';
      }
      static async requestPermission() {
        sessionStorage.setItem('__notificationPermission', 'granted');
        return 'granted';
      }
      constructor(title, options) {
        this.onclick = null;
        window.__notifications.push({ title, body: options && options.body, tag: options && options.tag });
        window.__lastNotification = this;
      }
      close() {}
    }
    Object.defineProperty(window, 'Notification', { value: RecordedNotification, configurable: true, writable: true });
    const RealAudio = window.AudioContext;
    Object.defineProperty(window, 'AudioContext', {
      configurable: true,
      writable: true,
      value: class extends RealAudio {
        createOscillator() {
          window.__chimes++;
          return super.createOscillator();
        }
      },
    });
  `);
}

test('a message in my conversation: a desktop notification while the app is behind, the tab counts it, a click opens it', async ({
  page,
}) => {
  await recordAlerts(page);
  await signIn(page);
  const me = (
    (await (await page.request.get(`${baseUrl}/api/v1/auth/me`)).json()) as { user: { id: string } }
  ).user;
  const channelId = await sandboxChannelId(page);
  const name = `Paula Alerta ${seed}`;
  const phone = `+55 11 9${seed}-7001`;
  await simulate(page, channelId, phone, name, 'Oi, primeira mensagem');
  const conversationId = await conversationOf(page, name);
  const assigned = await page.request.post(`${baseUrl}/api/v1/conversations/${conversationId}/assign`, {
    data: { userId: me.id },
  });
  assert.ok(assigned.ok(), `assign answered ${assigned.status()}`);

  // Turn desktop notifications on (the browser asks once; this one says yes).
  await page.goto(`${baseUrl}/settings/profile`);
  const card = main(page).getByTestId('alerts-card');
  await card.getByTestId('alerts-desktop').click();
  await card.locator('[data-testid=alerts-desktop][data-state=checked]').waitFor();
  await card.locator('[data-testid=alerts-sound][data-state=checked]').waitFor();

  // Another page, and the window behind others.
  await page.goto(`${baseUrl}/contacts`);
  await main(page).waitFor();
  await page.evaluate(() => {
    document.hasFocus = () => false;
  });
  await simulate(page, channelId, phone, name, 'Vocês abrem no sábado?');
  await page.waitForFunction(() =>
    (window as unknown as AlertWindow).__notifications.some((n) => n.body === 'Vocês abrem no sábado?'),
  );
  const shown = await page.evaluate(() => (window as unknown as AlertWindow).__notifications);
  assert.deepEqual(
    shown.filter((n) => n.body === 'Vocês abrem no sábado?'),
    [{ title: name, body: 'Vocês abrem no sábado?', tag: `conversa:${conversationId}` }],
  );
  assert.ok((await page.evaluate(() => (window as unknown as AlertWindow).__chimes)) > 0, 'it chimed');
  // The tab's title counts what waits on this person.
  await page.waitForFunction(() => /^\(\d+\+?\) /.test(document.title));

  // A click on the notification opens the conversation.
  await page.evaluate(() => (window as unknown as AlertWindow).__lastNotification?.onclick?.());
  await page.waitForURL(`${baseUrl}/inbox/${conversationId}`);
  await main(page)
    .locator('[data-testid=chat-message][data-direction=inbound]')
    .filter({ hasText: 'Vocês abrem no sábado?' })
    .waitFor();

  // In front, on that conversation: the next message only appears, no alert.
  await page.evaluate(() => {
    document.hasFocus = () => true;
  });
  const before = await page.evaluate(() => (window as unknown as AlertWindow).__notifications.length);
  await simulate(page, channelId, phone, name, 'Ah, e no domingo?');
  await main(page)
    .locator('[data-testid=chat-message][data-direction=inbound]')
    .filter({ hasText: 'e no domingo' })
    .waitFor();
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => (window as unknown as AlertWindow).__notifications.length), before);
});

test('a message in a teammate’s conversation alerts no one else', async ({ page }) => {
  await recordAlerts(page);
  await signIn(page);
  const channelId = await sandboxChannelId(page);
  const colleague = await page.request.post(`${baseUrl}/api/v1/users`, {
    data: {
      email: `colega.${seed}.${Date.now()}@example.com`,
      name: `Colega ${seed}`,
      role: 'AGENT',
      password: 'uma senha bem longa 123',
    },
  });
  assert.ok(colleague.ok(), `adding a teammate answered ${colleague.status()}: ${await colleague.text()}`);
  const colleagueId = ((await colleague.json()) as { id: string }).id;
  try {
    const name = `Rui Colega ${seed}`;
    const phone = `+55 11 9${seed}-7002`;
    await simulate(page, channelId, phone, name, 'Oi');
    const conversationId = await conversationOf(page, name);
    const assigned = await page.request.post(`${baseUrl}/api/v1/conversations/${conversationId}/assign`, {
      data: { userId: colleagueId },
    });
    assert.ok(assigned.ok(), `assign answered ${assigned.status()}: ${await assigned.text()}`);

    await page.goto(`${baseUrl}/settings/profile`);
    await main(page).getByTestId('alerts-desktop').click();
    await main(page).locator('[data-testid=alerts-desktop][data-state=checked]').waitFor();
    await page.evaluate(() => {
      document.hasFocus = () => false;
    });
    const chimesBefore = await page.evaluate(() => (window as unknown as AlertWindow).__chimes);
    await simulate(page, channelId, phone, name, 'Só para o Rui');
    // Proof the event arrived and was weighed: a later message in my own conversation does alert.
    const mine = `Ana Minha ${seed}`;
    await simulate(page, channelId, `+55 11 9${seed}-7003`, mine, 'primeira');
    const mineId = await conversationOf(page, mine);
    const me = (
      (await (await page.request.get(`${baseUrl}/api/v1/auth/me`)).json()) as { user: { id: string } }
    ).user;
    await page.request.post(`${baseUrl}/api/v1/conversations/${mineId}/assign`, { data: { userId: me.id } });
    await simulate(page, channelId, `+55 11 9${seed}-7003`, mine, 'Essa é minha');
    await page.waitForFunction(() =>
      (window as unknown as AlertWindow).__notifications.some((n) => n.body === 'Essa é minha'),
    );
    const shown = await page.evaluate(() => (window as unknown as AlertWindow).__notifications);
    assert.equal(shown.filter((n) => n.body === 'Só para o Rui').length, 0);
    assert.ok((await page.evaluate(() => (window as unknown as AlertWindow).__chimes)) > chimesBefore);
  } finally {
    // Disabled, round robin hands them nothing in the browser tests that follow.
    await page.request.patch(`${baseUrl}/api/v1/users/${colleagueId}`, { data: { disabled: true } });
  }
});

await run();
