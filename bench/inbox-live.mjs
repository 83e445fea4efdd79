// Inbound webhook → rendered in an open inbox (issue 5: p99 < 200 ms on loopback).
// Start the product first (`npm start`, or with DATABASE_URL/REDIS_URL for the server drivers), then:
//   BASE_URL=http://localhost:3000 node bench/inbox-live.mjs   (needs Debian's chromium)
// Each round, inside the page and on its clock: POST a customer message to the sandbox's simulate
// route (signed, through the real webhook ingest and worker), then wait until the text is in the chat.
import { chromium } from 'playwright-core';

const base = process.env.BASE_URL ?? 'http://localhost:3000';
const rounds = Number(process.env.BENCH_ROUNDS ?? 50);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
const login = await page.request.post(`${base}/api/v1/auth/login`, {
  data: {
    email: process.env.ADMIN_EMAIL ?? 'admin@gmail.com',
    password: process.env.ADMIN_PASSWORD ?? 'Jesus',
  },
});
if (!login.ok()) throw new Error(`login answered ${login.status()}`);
const channels = await (await page.request.get(`${base}/api/v1/channels`)).json();
// The embedded default has a sandbox; on the server drivers make one.
const sandbox =
  channels.items.find((c) => c.kind === 'sandbox') ??
  (await (
    await page.request.post(`${base}/api/v1/channels`, { data: { kind: 'sandbox', name: 'Sandbox' } })
  ).json());
const from = `+55119${String(Date.now()).slice(-8)}`;
await page.request.post(`${base}/api/v1/channels/${sandbox.id}/simulate`, {
  data: { from, name: 'Latência', text: 'primeira' },
});
let conversation;
for (let i = 0; i < 100 && !conversation; i++) {
  const list = await (
    await page.request.get(`${base}/api/v1/conversations?q=${encodeURIComponent(from.slice(-8))}`)
  ).json();
  conversation = list.items[0];
  if (!conversation) await page.waitForTimeout(100);
}
await page.goto(`${base}/inbox/${conversation.id}`);
await page.getByText('primeira').first().waitFor();
await page.waitForTimeout(1000); // the realtime socket is open and caught up
const ms = [];
for (let i = 0; i < rounds; i++) {
  const text = `latência ${i} ${Math.random().toString(36).slice(2, 8)}`;
  ms.push(
    await page.evaluate(
      async ({ url, body, text }) => {
        const chat = document.querySelector('[data-testid="chat-messages"]') ?? document.body;
        const seen = new Promise((resolve) => {
          const check = () => {
            if (!chat.textContent?.includes(text)) return;
            observer.disconnect();
            resolve(performance.now());
          };
          const observer = new MutationObserver(check);
          observer.observe(chat, { childList: true, subtree: true, characterData: true });
        });
        const t0 = performance.now();
        await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        return (await seen) - t0;
      },
      { url: `/api/v1/channels/${sandbox.id}/simulate`, body: JSON.stringify({ from, text }), text },
    ),
  );
}
ms.sort((a, b) => a - b);
const pct = (p) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))];
console.log(
  JSON.stringify({
    bench: 'inbox-live',
    metric: 'webhook_to_rendered_p50',
    value: Math.round(pct(0.5)),
    unit: 'ms',
    rounds,
  }),
);
console.log(
  JSON.stringify({
    bench: 'inbox-live',
    metric: 'webhook_to_rendered_p99',
    value: Math.round(pct(0.99)),
    unit: 'ms',
    rounds,
    target: 200,
  }),
);
await browser.close();
