import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgPolicy,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { appUser, createdAt, currentTenant, id, tenantIsolation, updatedAt } from './common.ts';
import { actorTypes, roles } from './enums.ts';

export const tenants = pgTable(
  'tenants',
  {
    id: id(),
    name: text().notNull(),
    slug: text().notNull(),
    timezone: text().notNull().default('America/Sao_Paulo'),
    locale: text().notNull().default('pt-BR'),
    /** Inbox: new and handed-off tickets are assigned by round robin. */
    inboxAutoAssign: boolean().notNull().default(true),
    /** Inbox: default capacity per agent (open tickets); a department may override it. */
    inboxMaxOpenPerAgent: integer().notNull().default(10),
    /** Inbox: weekly hours (tenant time zone) for tickets outside a department with its own; {} → always open. */
    inboxBusinessHours: jsonb().$type<Record<string, [string, string][]>>().notNull().default({}),
    /** Inbox: automatic answer to a customer who writes outside business hours; null → none. */
    inboxAwayMessage: text(),
    /** Inbox: dates (YYYY-MM-DD, tenant time zone) when the workspace and every department are closed all day. */
    inboxHolidays: jsonb().$type<{ date: string; name: string }[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  () => [
    uniqueIndex('tenants_slug_key').on(sql`lower(slug)`),
    pgPolicy('tenants_self', {
      for: 'all',
      to: appUser,
      using: sql`id = ${currentTenant}`,
      withCheck: sql`id = ${currentTenant}`,
    }),
  ],
);

/** People are global (one login, many tenants); a tenant sees only users who are its members. */
export const users = pgTable(
  'users',
  {
    id: id(),
    email: text().notNull(),
    name: text().notNull().default(''),
    passwordHash: text().notNull(),
    isSuperAdmin: boolean().notNull().default(false),
    /** Still the built-in default admin password: the app warns at boot and shows a banner. */
    passwordIsDefault: boolean().notNull().default(false),
    /** TOTP secret, AES-256-GCM encrypted; set while enrolling, active once mfaEnabledAt is set. */
    mfaSecret: text(),
    mfaEnabledAt: timestamp({ withTimezone: true }),
    /** sha256 of each unused recovery code. */
    recoveryCodes: jsonb().$type<string[]>().notNull().default([]),
    locale: text(),
    disabledAt: timestamp({ withTimezone: true }),
    lastLoginAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  () => [
    uniqueIndex('users_email_key').on(sql`lower(email)`),
    // memberships is itself filtered by tenant for app_user, so this shows only the tenant's members.
    pgPolicy('users_members_select', {
      for: 'select',
      to: appUser,
      using: sql`exists (select 1 from memberships m where m.user_id = users.id)`,
    }),
    pgPolicy('users_members_update', {
      for: 'update',
      to: appUser,
      using: sql`exists (select 1 from memberships m where m.user_id = users.id)`,
    }),
  ],
);

export const memberships = pgTable(
  'memberships',
  {
    id: id(),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text({ enum: roles }).notNull(),
    /** Automatic assignment skips agents who are not available. */
    available: boolean().notNull().default(true),
    /** Round robin: the agent assigned longest ago goes next. */
    lastAssignedAt: timestamp({ withTimezone: true }),
    /** Disabled here only: the same person may still work in other tenants. */
    disabledAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('memberships_tenant_user_key').on(t.tenantId, t.userId),
    index('memberships_user_idx').on(t.userId),
    tenantIsolation('memberships'),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    /** sha256 of the cookie token; the token itself is never stored. */
    tokenHash: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    ip: text(),
    userAgent: text(),
    createdAt: createdAt(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('sessions_token_hash_key').on(t.tokenHash),
    index('sessions_user_idx').on(t.userId),
    tenantIsolation('sessions'),
  ],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    /** First characters of the secret, shown in lists so people can tell keys apart. */
    prefix: text().notNull(),
    /** sha256 of the secret (it is 32 random bytes: a slow hash adds nothing). */
    secretHash: text().notNull(),
    role: text({ enum: roles }).notNull().default('ADMIN'),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('api_keys_prefix_key').on(t.tenantId, t.prefix), tenantIsolation('api_keys')],
);

export const auditLogs = pgTable(
  'audit_logs',
  {
    id: id(),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    actorType: text({ enum: actorTypes }).notNull(),
    actorId: uuid(),
    action: text().notNull(),
    targetType: text().notNull(),
    targetId: text(),
    metadata: jsonb().$type<Record<string, unknown>>(),
    requestId: text(),
    ip: text(),
    createdAt: createdAt(),
  },
  (t) => [index('audit_logs_tenant_created_idx').on(t.tenantId, t.createdAt), tenantIsolation('audit_logs')],
);

/** Failed sign-ins, counted per e-mail+IP and per IP for the login rate limit (shared by every API process). */
export const authFailures = pgTable(
  'auth_failures',
  {
    id: id(),
    key: text().notNull(),
    ip: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('auth_failures_key_idx').on(t.key, t.createdAt),
    index('auth_failures_ip_idx').on(t.ip, t.createdAt),
  ],
);
