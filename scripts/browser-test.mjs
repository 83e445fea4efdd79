#!/usr/bin/env node
// `npm run test:browser`: starts the product (scripts/start.mjs, which builds the web app when needed) on a
// free port with a fresh data directory, waits for /api/health, runs every apps/web/e2e/*.e2e.ts in headless
// Chromium, stops the server and prints the one summary line CI reads: "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const e2eDir = join(root, 'apps/web/e2e');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The first start builds the web app; on a slow machine that takes minutes.
const bootTimeoutMs = Number(process.env.E2E_BOOT_TIMEOUT_MS ?? 15 * 60_000);

let passed = 0;
let failed = 0;
const finish = (code) => {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code ?? (failed > 0 ? 1 : 0));
};

const filter = process.argv.slice(2);
const files = existsSync(e2eDir)
  ? readdirSync(e2eDir)
      .filter((f) => f.endsWith('.e2e.ts') && (filter.length === 0 || filter.some((x) => f.includes(x))))
      .sort()
  : [];
if (files.length === 0) {
  console.error('[browser-test] no apps/web/e2e/*.e2e.ts files');
  failed = 1;
  finish();
}
if (!existsSync(chromium)) {
  console.error(`[browser-test] Chromium not found at ${chromium} (set CHROMIUM_PATH)`);
  failed = files.length;
  finish();
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const port = Number(process.env.PORT_E2E ?? (await freePort()));
const dataDir = mkdtempSync(join(tmpdir(), 'conversa-e2e-'));
const logFile = join(dataDir, 'server.log');
const log = createWriteStream(logFile);
const baseUrl = `http://127.0.0.1:${port}`;
console.log(`[browser-test] starting the product on ${baseUrl} (data in ${dataDir}, log in ${logFile})`);

// Own process group, so that stopping it also stops the API child that start.mjs spawns.
const server = spawn(process.execPath, [join(root, 'scripts/start.mjs')], {
  cwd: root,
  detached: true,
  stdio: ['ignore', 'pipe', 'pipe'],
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    NEXT_TELEMETRY_DISABLED: '1',
  },
});
server.stdout.pipe(log);
server.stderr.pipe(log);
let exited = false;
server.on('exit', () => {
  exited = true;
});

async function stopServer() {
  if (exited) return;
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {}
  for (let i = 0; i < 50 && !exited; i++) await new Promise((r) => setTimeout(r, 200));
  if (!exited) {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {}
  }
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    await stopServer();
    finish(1);
  });
}

function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

const started = Date.now();
let healthy = false;
while (!exited && Date.now() - started < bootTimeoutMs) {
  try {
    const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
    if (res.ok) {
      healthy = true;
      break;
    }
  } catch {}
  await new Promise((r) => setTimeout(r, 500));
}
if (!healthy) {
  console.error(
    `[browser-test] the server ${exited ? 'exited' : 'did not answer /api/health'} — last lines of ${logFile}:\n${tail(logFile)}`,
  );
  await stopServer();
  failed = files.length;
  finish();
}
console.log(`[browser-test] up after ${Math.round((Date.now() - started) / 1000)} s`);

for (const file of files) {
  console.log(`\n${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(e2eDir, file)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    env: { ...process.env, BASE_URL: baseUrl, CHROMIUM_PATH: chromium },
    timeout: 10 * 60_000,
  });
  const out = run.stdout ?? '';
  process.stdout.write(`${out.replace(/^##e2e .*$/m, '').trimEnd()}\n`);
  const summary = out.match(/^##e2e (\{.*\})$/m);
  if (summary) {
    const r = JSON.parse(summary[1]);
    passed += r.passed;
    failed += r.failed;
  } else {
    // The file crashed before reporting (syntax error, browser did not start): count it as one failure.
    console.log(`  ✗ ${file} ended without a result (exit ${run.status ?? run.signal})`);
    failed += 1;
  }
}

await stopServer();
if (failed > 0) console.log(`\n[browser-test] server log kept at ${logFile}`);
else rmSync(dataDir, { recursive: true, force: true });
finish();
