/**
 * A few lines of test runner for browser checks: plain playwright-core and node:assert, run with
 * `node --import tsx <file>.e2e.ts`. scripts/browser-test.mjs starts the product and reads the
 * `##e2e {"passed":N,"failed":N}` line each file prints last.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const baseUrl = (process.env.BASE_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
export const admin = {
  email: process.env.ADMIN_EMAIL ?? 'admin@gmail.com',
  password: process.env.ADMIN_PASSWORD ?? 'Jesus',
};

type Messages = { [key: string]: string | Messages };
const messagesDir = new URL('../../../packages/shared/src/i18n/', import.meta.url);

/** A UI string from the shared message files, so tests follow copy changes instead of hard-coding them. */
export function message(locale: 'pt-BR' | 'en', key: string): string {
  const all = JSON.parse(readFileSync(new URL(`${locale}.json`, messagesDir), 'utf8')) as Messages;
  const value = key
    .split('.')
    .reduce<string | Messages | undefined>(
      (node, part) => (typeof node === 'object' ? node[part] : undefined),
      all,
    );
  if (typeof value !== 'string') throw new Error(`no message ${locale}:${key}`);
  return value;
}

export type TestContext = { page: Page; context: BrowserContext; browser: Browser };
const tests: { name: string; fn: (t: TestContext) => Promise<void> }[] = [];

export function test(name: string, fn: (t: TestContext) => Promise<void>) {
  tests.push({ name, fn });
}

export async function signIn(page: Page, email = admin.email, password = admin.password) {
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
}

export async function run() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const artifacts = process.env.E2E_ARTIFACTS ?? 'test-results';
  let passed = 0;
  let failed = 0;
  // E2E_GREP=<text> runs only the tests whose name contains it (to repeat one while chasing a flake).
  const grep = process.env.E2E_GREP;
  for (const { name, fn } of tests.filter((t) => !grep || t.name.includes(grep))) {
    // A fresh context per test: no cookies, pt-BR (the default locale), dark (the default theme).
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: baseUrl });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const started = Date.now();
    try {
      await fn({ page, context, browser });
      passed++;
      console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed++;
      console.log(
        `  ✗ ${name}\n    ${String(error instanceof Error ? (error.stack ?? error.message) : error).replaceAll('\n', '\n    ')}`,
      );
      mkdirSync(artifacts, { recursive: true });
      const file = join(artifacts, `${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => {});
      console.log(`    screenshot: ${file}`);
    } finally {
      await context.close();
    }
  }
  await browser.close();
  console.log(`##e2e ${JSON.stringify({ passed, failed })}`);
  process.exitCode = failed > 0 ? 1 : 0;
}

// Shared by the inbox-side browser tests: the sandbox number, a customer writing to it, their conversation.

/**
 * Page content, not the whole document: while a streamed page swaps its loading state for the content,
 * the same element can exist twice for a moment (once still hidden).
 */
export const main = (page: Page) => page.locator('#main');

export async function sandboxChannelId(page: Page) {
  const res = await page.request.get(`${baseUrl}/api/v1/channels`);
  assert.ok(res.ok(), `listing channels answered ${res.status()}`);
  const { items } = (await res.json()) as { items: { id: string; kind: string }[] };
  const sandbox = items.find((c) => c.kind === 'sandbox');
  assert.ok(sandbox, 'the tenant has a sandbox channel');
  return sandbox.id;
}

/** A customer writes to the sandbox number, as the simulator does. */
export async function simulate(page: Page, channelId: string, from: string, name: string, text: string) {
  const res = await page.request.post(`${baseUrl}/api/v1/channels/${channelId}/simulate`, {
    data: { from, name, text },
  });
  assert.ok(res.ok(), `simulate answered ${res.status()}: ${await res.text()}`);
}

/** The conversation of a customer, once the background job made it. */
export async function conversationOf(page: Page, name: string) {
  for (let i = 0; i < 60; i++) {
    const res = await page.request.get(
      `${baseUrl}/api/v1/conversations?status=all&q=${encodeURIComponent(name)}`,
    );
    if (res.ok()) {
      const { items } = (await res.json()) as { items: { id: string; contact: { name: string | null } }[] };
      const found = items.find((c) => c.contact.name === name);
      if (found) return found.id;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no conversation for ${name}`);
}
