#!/usr/bin/env node
// `npm start`: builds the web app when its sources changed since the last build, then runs the
// API (ROLE=all by default), which also serves the dashboard on the same port.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const web = join(root, 'apps/web');
const stamp = join(web, '.next/conversa-source-hash');

function hashTree(dirs) {
  const h = createHash('sha256');
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      // Skip what the build itself writes, or a fresh clone would rebuild on its second start.
      if (['node_modules', '.next', 'e2e', 'next-env.d.ts'].includes(name) || name.endsWith('.tsbuildinfo'))
        continue;
      const p = join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else h.update(p).update(readFileSync(p));
    }
  };
  for (const d of dirs) if (existsSync(d)) walk(d);
  return h.digest('hex');
}

const roleServesWeb = (process.env.ROLE ?? 'all') !== 'worker' && process.env.SERVE_WEB !== 'false';
if (roleServesWeb) {
  const hash = hashTree([web, join(root, 'packages/shared/src'), join(root, 'packages/db/src/schema')]);
  const built =
    existsSync(join(web, '.next/BUILD_ID')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash;
  if (!built) {
    console.log('[start] building the web app (first start or sources changed)…');
    const r = spawnSync(process.execPath, [join(root, 'node_modules/next/dist/bin/next'), 'build'], {
      cwd: web,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    });
    if (r.status !== 0) process.exit(r.status ?? 1);
    writeFileSync(stamp, hash);
  }
}

if (process.argv.includes('--build-only')) process.exit(0);

const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'apps/api/src/main.ts')], {
  stdio: 'inherit',
  env: { NODE_ENV: 'production', ...process.env },
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
