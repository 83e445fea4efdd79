import { createDatabase } from './database.ts';

// `npm run db:migrate`: applies migrations to DATABASE_URL (or the embedded ./.data/pglite).
const db = await createDatabase({
  url: process.env.DATABASE_URL,
  dataDir: process.env.DATABASE_URL ? undefined : '.data/pglite',
});
const started = Date.now();
await db.migrate();
console.log(`migrations applied in ${Date.now() - started} ms (${db.kind})`);
await db.close();
