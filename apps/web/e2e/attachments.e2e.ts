/**
 * Attachments in the inbox composer, like WhatsApp Web: pasting and dropping files open one preview dialog
 * that checks them against WhatsApp's rules before uploading, then sends the good ones in order.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { JSHandle, Page } from 'playwright-core';
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

const suffix = Date.now().toString(36).slice(-5);
const seed = String(Date.now()).slice(-4);
const uniquePhone = (n: number) => `+55 11 9${seed}-${String(2000 + n).slice(-4)}`;
const pt = (key: string) => message('pt-BR', key);

// Always kept: how the dialog and the overlay look is part of what this file checks.
const screenshotDir = process.env.E2E_SCREENSHOTS ?? process.env.E2E_ARTIFACTS ?? 'test-results';
async function screenshot(page: Page, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.waitForTimeout(300);
  await page.screenshot({
    path: join(screenshotDir, `attachments-${name}.png`),
    animations: 'disabled',
    style: '[data-sonner-toaster] { display: none !important; }',
  });
}

type FakeGraphApi = {
  url: string;
  wabaId: string;
  phoneNumberId: string;
  accessToken: string;
  appSecret: string;
  webhookUrl: string | undefined;
  sendInbound(message: Record<string, unknown>): Promise<{ status: number; messageId: string }>;
  close(): Promise<void>;
};
// By URL, not a static import: the testkit type-checks with the server's settings (see templates.e2e.ts).
const testkit = new URL('../../../packages/testkit/src/fake-graph-api.ts', import.meta.url).href;
const { startFakeGraphApi } = (await import(testkit)) as { startFakeGraphApi: () => Promise<FakeGraphApi> };
const fake = await startFakeGraphApi();

/** A sandbox customer who just wrote, with their conversation open. */
async function openConversation(page: Page, n: number, name: string) {
  await signIn(page);
  const channelId = await sandboxChannelId(page);
  await simulate(page, channelId, uniquePhone(n), name, 'Oi, tudo bem?');
  const id = await conversationOf(page, name);
  await page.goto(`${baseUrl}/inbox/${id}`);
  await main(page).getByTestId('chat-contact-name').filter({ hasText: name }).waitFor();
  await main(page).getByTestId('composer-input').waitFor();
}

type FileSpec = { name: string; type: string; bytes?: number; png?: boolean };

/**
 * A DataTransfer built in the page with these files: a real PNG drawn on a canvas, or `bytes` of filler.
 * Arrow functions only: tsx would wrap named ones in a `__name` helper the page does not have.
 */
function dataTransfer(page: Page, files: FileSpec[]): Promise<JSHandle<DataTransfer>> {
  return page.evaluateHandle(async (specs) => {
    const dt = new DataTransfer();
    for (const spec of specs) {
      let blob: Blob;
      if (spec.png) {
        const canvas = document.createElement('canvas');
        canvas.width = 480;
        canvas.height = 300;
        const ctx = canvas.getContext('2d')!;
        const gradient = ctx.createLinearGradient(0, 0, 480, 300);
        gradient.addColorStop(0, '#00a884');
        gradient.addColorStop(1, '#1f2c34');
        ctx.fillStyle = gradient;
        ctx.fillRect(0, 0, 480, 300);
        ctx.fillStyle = '#fff';
        ctx.font = 'bold 36px sans-serif';
        ctx.fillText('Pedido #4521', 40, 160);
        blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
      } else if (spec.type === 'application/pdf') {
        blob = new Blob(['%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'], {
          type: spec.type,
        });
      } else {
        blob = new Blob([new Uint8Array(spec.bytes ?? 1024)], { type: spec.type });
      }
      dt.items.add(new File([blob], spec.name, { type: spec.type }));
    }
    return dt;
  }, files);
}

/** Pastes what `dt` holds on the element; answers whether the page took the paste over. */
function paste(page: Page, selector: string, dt: JSHandle<DataTransfer>) {
  return page.evaluate(
    ([sel, data]) => {
      const target = document.querySelector(sel) ?? document.body;
      const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
      target.dispatchEvent(event);
      return event.defaultPrevented;
    },
    [selector, dt] as const,
  );
}

const chatSelector = '#main [data-testid=chat-messages]';
const overlaySelector = '#main [data-testid=drop-overlay]';

test('a pasted screenshot opens the preview, takes the draft as caption, and is sent as an image', async ({
  page,
}) => {
  const name = `Paula Print ${suffix}`;
  await openConversation(page, 1, name);
  const composer = main(page).getByTestId('composer-input');

  // Plain text pastes as before: nothing takes the event over. Neither do Excel cells (text + a picture of them).
  const text = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.setData('text/plain', 'CEP 13010-000');
    return dt;
  });
  assert.equal(await paste(page, '#main [data-testid=composer-input]', text), false);
  const cells = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.setData('text/plain', 'A1\tB1');
    dt.setData('text/html', '<table><tr><td>A1</td><td>B1</td></tr></table>');
    dt.items.add(new File([new Uint8Array(64)], 'image.png', { type: 'image/png' }));
    return dt;
  });
  assert.equal(await paste(page, '#main [data-testid=composer-input]', cells), false);
  assert.equal(await page.getByTestId('attachment-preview').count(), 0);

  await composer.fill('Segue o print');
  const png = await dataTransfer(page, [{ name: 'image.png', type: 'image/png', png: true }]);
  assert.equal(await paste(page, '#main [data-testid=composer-input]', png), true);

  const dialog = page.getByRole('dialog', {
    name: pt('inbox.composer.attach.preview.title').replace('{name}', name),
  });
  await dialog.waitFor();
  await dialog.getByTestId('attachment-position').filter({ hasText: '1 de 1' }).waitFor();
  const preview = dialog.getByTestId('attachment-image');
  await preview.waitFor();
  await page.waitForFunction(
    () =>
      (document.querySelector('[data-testid=attachment-image]') as HTMLImageElement | null)?.naturalWidth ===
      480,
  );
  assert.equal(await dialog.getByTestId('attachment-thumb').count(), 1);
  // The composer's text became the caption, and the caption box has the focus.
  const caption = dialog.getByTestId('attachment-caption');
  assert.equal(await caption.inputValue(), 'Segue o print');
  assert.equal(await caption.evaluate((el) => el === document.activeElement), true);
  await caption.press('End');
  await caption.pressSequentially(' do pedido');
  await screenshot(page, 'preview-image-dark-pt-BR');
  const objectUrl = await preview.getAttribute('src');
  assert.match(objectUrl ?? '', /^blob:/);
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });

  // The object URL of the preview is let go once the dialog closes.
  const revoked = await page.evaluate(
    (url) =>
      fetch(url).then(
        () => false,
        () => true,
      ),
    objectUrl!,
  );
  assert.equal(revoked, true, 'the preview object URL is revoked');

  const bubble = main(page)
    .locator('[data-testid=chat-message][data-direction=outbound][data-type=image]')
    .filter({ hasText: 'Segue o print do pedido' });
  await bubble.waitFor();
  // The server's copy of the upload shows in the bubble once the message is saved.
  await bubble.locator('img[src^="/api/v1/messages/"]').waitFor();
  await page.waitForFunction(
    () =>
      [
        ...document.querySelectorAll<HTMLImageElement>(
          '#main [data-type=image] img[src^="/api/v1/messages/"]',
        ),
      ].some((img) => img.naturalWidth === 480),
    undefined,
    { timeout: 15_000 },
  );
  // The draft went with the image.
  assert.equal(await composer.inputValue(), '');
});

test('dropping files shows the overlay, checks each file, and sends only what WhatsApp takes', async ({
  page,
}) => {
  const name = `Diego Drop ${suffix}`;
  await openConversation(page, 2, name);
  const files = await dataTransfer(page, [
    { name: 'proposta-2025.pdf', type: 'application/pdf' },
    { name: 'foto-grande.png', type: 'image/png', bytes: 6 * 1024 * 1024 },
    { name: 'fotos.zip', type: 'application/zip', bytes: 2048 },
  ]);

  // A drag that carries no files (a selection of text) is not ours.
  const textDrag = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.setData('text/plain', 'oi');
    return dt;
  });
  await page.dispatchEvent(chatSelector, 'dragenter', { dataTransfer: textDrag });
  await page.waitForTimeout(200);
  assert.equal(await page.locator(overlaySelector).count(), 0);

  // Dragging out of the column again takes the overlay away.
  const overlay = page.locator(overlaySelector);
  await page.dispatchEvent(chatSelector, 'dragenter', { dataTransfer: files });
  await overlay.waitFor();
  await page.dispatchEvent(overlaySelector, 'dragleave', { dataTransfer: files });
  await overlay.waitFor({ state: 'detached' });

  await page.dispatchEvent(chatSelector, 'dragenter', { dataTransfer: files });
  await overlay.waitFor();
  await page.dispatchEvent(overlaySelector, 'dragover', { dataTransfer: files });
  await overlay.getByText(pt('inbox.composer.attach.drop.title').replace('{name}', name)).waitFor();
  assert.equal(await overlay.getAttribute('data-can-send'), 'true');
  await screenshot(page, 'drop-overlay-dark-pt-BR');
  await page.dispatchEvent(overlaySelector, 'drop', { dataTransfer: files });
  await overlay.waitFor({ state: 'detached' });

  const dialog = page.getByTestId('attachment-preview');
  await dialog.waitFor();
  await dialog.getByTestId('attachment-position').filter({ hasText: '1 de 3' }).waitFor();
  const thumbs = dialog.getByTestId('attachment-thumb');
  assert.deepEqual(await thumbs.evaluateAll((els) => els.map((el) => el.getAttribute('data-state'))), [
    'ready',
    'invalid',
    'invalid',
  ]);
  await dialog.getByTestId('attachment-name').filter({ hasText: 'proposta-2025.pdf' }).waitFor();
  assert.equal(await dialog.getByTestId('attachment-skipped').textContent(), '2 arquivos não serão enviados');
  assert.equal(await dialog.getByTestId('attachment-send').getAttribute('aria-label'), 'Enviar 1 arquivo');

  // The too-big photo and the zip say why, at once, before anything is uploaded.
  await dialog.getByRole('button', { name: 'Ver foto-grande.png', exact: true }).click();
  await dialog.getByTestId('attachment-position').filter({ hasText: '2 de 3' }).waitFor();
  await dialog
    .getByTestId('attachment-problem')
    .filter({ hasText: 'Fotos podem ter até 5 MB; esta tem 6 MB.' })
    .waitFor();
  await screenshot(page, 'preview-several-dark-pt-BR');
  await dialog.getByRole('button', { name: 'Ver fotos.zip', exact: true }).click();
  await dialog
    .getByTestId('attachment-problem')
    .filter({ hasText: 'O WhatsApp não aceita arquivos ZIP.' })
    .waitFor();

  // One can go: remove the zip by its labelled button.
  await dialog.getByRole('button', { name: 'Remover fotos.zip', exact: true }).click();
  await dialog.getByTestId('attachment-position').filter({ hasText: '2 de 2' }).waitFor();
  assert.equal(await thumbs.count(), 2);

  await dialog.getByRole('button', { name: 'Ver proposta-2025.pdf', exact: true }).click();
  const caption = dialog.getByTestId('attachment-caption');
  await caption.fill('Proposta atualizada');
  await screenshot(page, 'preview-document-dark-pt-BR');
  await caption.press('Enter');
  // Only invalid files were left: the dialog closes.
  await dialog.waitFor({ state: 'detached' });

  const doc = main(page)
    .locator('[data-testid=chat-message][data-direction=outbound][data-type=document]')
    .filter({ hasText: 'proposta-2025.pdf' });
  await doc.waitFor();
  await doc.filter({ hasText: 'Proposta atualizada' }).waitFor();
  await page.waitForTimeout(500);
  assert.equal(
    await main(page).locator('[data-testid=chat-message][data-direction=outbound]').count(),
    1,
    'only the PDF was sent',
  );
});

test('the paperclip opens the same preview for several files; Escape cancels and keeps the draft', async ({
  page,
}) => {
  const name = `Clara Clipe ${suffix}`;
  await openConversation(page, 4, name);
  const composer = main(page).getByTestId('composer-input');
  await composer.fill('Rascunho');
  await main(page).getByTestId('attach-open').click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('menuitem', { name: pt('inbox.composer.attach.file') }).click();
  await (await chooser).setFiles([
    { name: 'nota.txt', mimeType: 'text/plain', buffer: Buffer.from('Pedido 4521: 2 caixas') },
    { name: 'audio.mp3', mimeType: 'audio/mpeg', buffer: Buffer.alloc(4096, 1) },
  ]);
  const dialog = page.getByTestId('attachment-preview');
  await dialog.getByTestId('attachment-position').filter({ hasText: '1 de 2' }).waitFor();
  assert.equal(await dialog.getByTestId('attachment-caption').inputValue(), 'Rascunho');
  assert.equal(await dialog.getByTestId('attachment-send').getAttribute('aria-label'), 'Enviar 2 arquivos');
  // Audio goes without a caption, as on WhatsApp.
  await dialog.getByRole('button', { name: 'Ver audio.mp3', exact: true }).click();
  await dialog.getByText('Áudios são enviados sem legenda no WhatsApp.').waitFor();
  assert.equal(await dialog.getByTestId('attachment-caption').count(), 0);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await page.waitForTimeout(500);
  assert.equal(await main(page).locator('[data-testid=chat-message][data-direction=outbound]').count(), 0);
  assert.equal(await composer.inputValue(), 'Rascunho');
});

test('a failed upload stays in the dialog with the reason and goes out on retry', async ({ page }) => {
  const name = `Fábio Falha ${suffix}`;
  await openConversation(page, 3, name);
  // The API refuses the first upload (as a provider outage would); the retry gets through.
  let refused = 0;
  await page.route('**/api/v1/channels/*/media?*', async (route) => {
    if (refused++ > 0) return route.continue();
    await route.fulfill({
      status: 503,
      contentType: 'application/problem+json',
      body: JSON.stringify({
        type: '/problems/provider-unavailable',
        title: 'Provider unavailable',
        status: 503,
        detail: 'WhatsApp did not answer',
        code: 'provider-unavailable',
      }),
    });
  });
  const png = await dataTransfer(page, [{ name: 'comprovante.png', type: 'image/png', png: true }]);
  await paste(page, '#main [data-testid=composer-input]', png);
  const dialog = page.getByTestId('attachment-preview');
  await dialog.getByTestId('attachment-caption').fill('Comprovante');
  await dialog.getByTestId('attachment-send').click();
  const reason = dialog.getByTestId('attachment-error-reason');
  await reason.waitFor();
  assert.equal(await reason.textContent(), pt('errors.provider-unavailable'));
  assert.equal(await dialog.getByTestId('attachment-thumb').getAttribute('data-state'), 'failed');
  await screenshot(page, 'preview-failed-dark-pt-BR');
  await dialog.getByTestId('attachment-retry').click();
  await dialog.waitFor({ state: 'detached' });
  await main(page)
    .locator('[data-testid=chat-message][data-direction=outbound][data-type=image]')
    .filter({ hasText: 'Comprovante' })
    .waitFor();
});

test('outside the 24-hour window a drop or paste explains that only templates can go', async ({ page }) => {
  await signIn(page);
  const created = await page.request.post(`${baseUrl}/api/v1/channels`, {
    data: {
      kind: 'cloud',
      name: `Loja Anexos ${suffix}`,
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
  fake.webhookUrl = ((await created.json()) as { webhookUrl: string }).webhookUrl;
  const name = `Otávio Antigo ${suffix}`;
  const sent = await fake.sendInbound({
    type: 'text',
    text: 'Depois eu vejo',
    from: `5511966${String(Date.now()).slice(-6)}`,
    profileName: name,
    timestamp: Math.floor(Date.now() / 1000) - 25 * 3600,
  });
  assert.equal(sent.status, 200);
  const id = await conversationOf(page, name);
  await page.goto(`${baseUrl}/inbox/${id}`);
  await main(page).getByTestId('window-closed-composer').waitFor();

  const files = await dataTransfer(page, [{ name: 'tabela.pdf', type: 'application/pdf' }]);
  await page.dispatchEvent(chatSelector, 'dragenter', { dataTransfer: files });
  const overlay = page.locator(overlaySelector);
  await overlay.waitFor();
  assert.equal(await overlay.getAttribute('data-can-send'), 'false');
  await overlay.getByText(pt('inbox.composer.window.closedTitle')).waitFor();
  await overlay.getByText(pt('inbox.composer.window.closedHint')).waitFor();
  await screenshot(page, 'drop-overlay-closed-dark-pt-BR');
  await page.dispatchEvent(overlaySelector, 'drop', { dataTransfer: files });
  await overlay.waitFor({ state: 'detached' });
  await page.getByText(pt('inbox.composer.window.closedTitle')).last().waitFor();
  assert.equal(await page.getByTestId('attachment-preview').count(), 0);

  // A paste with nothing focused says the same, and opens nothing.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  assert.equal(await paste(page, 'body', files), true);
  await page.waitForTimeout(300);
  assert.equal(await page.getByTestId('attachment-preview').count(), 0);
});

await run();
await fake.close();
