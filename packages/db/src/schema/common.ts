import { sql } from 'drizzle-orm';
import { pgPolicy, pgRole, timestamp, uuid } from 'drizzle-orm/pg-core';
import { uuidv7 } from '../uuidv7.ts';

/** The role every tenant-scoped transaction switches to (`set local role app_user`); it has no BYPASSRLS. */
export const appUser = pgRole('app_user').existing();

/** The tenant of the current transaction, or NULL when none is set (then no row matches). */
export const currentTenant = sql`nullif(current_setting('app.tenant_id', true), '')::uuid`;

/** Row-level security for a table with a `tenant_id` column (ADR 0003). */
export const tenantIsolation = (table: string) =>
  pgPolicy(`${table}_tenant_isolation`, {
    as: 'permissive',
    for: 'all',
    to: appUser,
    using: sql`tenant_id = ${currentTenant}`,
    withCheck: sql`tenant_id = ${currentTenant}`,
  });

export const id = () =>
  uuid()
    .primaryKey()
    .$defaultFn(() => uuidv7());
export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
