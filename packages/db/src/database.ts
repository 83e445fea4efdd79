import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { vector } from '@electric-sql/pglite-pgvector';
import { type ExtractTablesWithRelations, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** Both drivers answer raw queries with `{ rows }`; typing it once keeps `tx.execute()` results usable. */
export interface RowsResultHKT extends PgQueryResultHKT {
  type: { rows: Record<string, unknown>[] };
}
export type Db = PgDatabase<RowsResultHKT, Schema>;
export type Tx = PgTransaction<RowsResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

/** Tables only the system path may touch (no tenant_id, no policy). */
const systemOnlyTables = ['auth_failures'];

/**
 * The database port. Tenant work goes through `tenant()`, which runs as `app_user` with
 * `app.tenant_id` set so row-level security applies; `system()` is the explicit, greppable
 * path for the few cross-tenant reads (login lookup, webhook routing, workers). ADR 0003.
 */
export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  tenant<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  system<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Raw SQL for drivers that bring their own statements (pg-boss). No values → may be a multi-statement script. */
  execute(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… for the server driver; unset for embedded PGlite. */
  url?: string;
  /** PGlite data directory; unset → in memory (tests). */
  dataDir?: string;
  poolSize?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function createDatabase(opts: DatabaseOptions = {}): Promise<Database> {
  if (opts.url) return createPostgres(opts.url, opts.poolSize ?? 10);
  return createPglite(opts.dataDir);
}

function withTenantFactory(db: Db) {
  return <T>(tenantId: string, fn: (tx: Tx) => Promise<T>) => {
    // The id goes into set_config as a parameter, but refuse non-UUIDs early with a clear message.
    if (!UUID.test(tenantId)) throw new Error(`tenant id is not a UUID: ${JSON.stringify(tenantId)}`);
    return db.transaction(async (tx) => {
      // One round trip: set_config('role', …, true) is SET LOCAL ROLE (role is a setting like any other).
      await tx.execute(
        sql`select set_config('role', 'app_user', true), set_config('app.tenant_id', ${tenantId}, true)`,
      );
      return fn(tx as Tx);
    });
  };
}

async function finishMigration(db: Db) {
  await db.execute(sql.raw('grant usage on schema public to app_user'));
  await db.execute(
    sql.raw('grant select, insert, update, delete on all tables in schema public to app_user'),
  );
  await db.execute(sql.raw(`revoke all on ${systemOnlyTables.join(', ')} from app_user`));
}

async function createPglite(dataDir?: string): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({ dataDir, extensions: { vector, pg_trgm } });
  const db = drizzlePglite({ client, schema, casing: 'snake_case' }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    tenant: withTenantFactory(db),
    system: (fn) => db.transaction((tx) => fn(tx as Tx)),
    async execute(text, values) {
      if (values && values.length > 0)
        return client.query(text, values) as Promise<{ rows: Record<string, unknown>[] }>;
      const results = await client.exec(text);
      return (results.at(-1) ?? { rows: [] }) as { rows: Record<string, unknown>[] };
    },
    async migrate() {
      await migratePglite(db as never, { migrationsFolder });
      await finishMigration(db);
    },
    close: () => client.close(),
  };
}

async function createPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = drizzleNodePg({ client: pool, schema, casing: 'snake_case' }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    tenant: withTenantFactory(db),
    system: (fn) => db.transaction((tx) => fn(tx as Tx)),
    async execute(text, values) {
      const r = await pool.query(text, values as unknown[] | undefined);
      const last = Array.isArray(r) ? r.at(-1) : r;
      return { rows: (last?.rows ?? []) as Record<string, unknown>[] };
    },
    async migrate() {
      // One migrator at a time when several processes start together.
      const lock = await pool.connect();
      try {
        await lock.query('select pg_advisory_lock(7246001)');
        await migrateNodePg(db as never, { migrationsFolder });
        await finishMigration(db);
      } finally {
        await lock.query('select pg_advisory_unlock(7246001)').catch(() => {});
        lock.release();
      }
    },
    close: () => pool.end(),
  };
}
