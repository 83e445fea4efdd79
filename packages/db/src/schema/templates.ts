import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantIsolation, updatedAt } from './common.ts';
import { templateCategories, templateStatuses } from './enums.ts';
import { tenants, users } from './identity.ts';
import { channels } from './messaging.ts';

export const templates = pgTable(
  'templates',
  {
    id: id(),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    language: text().notNull(),
    category: text({ enum: templateCategories }).notNull(),
    /** Exactly as Meta's message_templates API takes them (HEADER/BODY/FOOTER/BUTTONS). */
    components: jsonb().$type<Record<string, unknown>[]>().notNull(),
    /** Meta's `parameter_format`: `{{1}}` (positional) or `{{customer_name}}` (named). */
    parameterFormat: text({ enum: ['positional', 'named'] })
      .notNull()
      .default('positional'),
    status: text({ enum: templateStatuses }).notNull().default('DRAFT'),
    providerTemplateId: text(),
    qualityScore: text(),
    rejectionReason: text(),
    version: integer().notNull().default(1),
    parentId: uuid(),
    submittedAt: timestamp({ withTimezone: true }),
    reviewedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** Soft delete: history and audit keep pointing at the row. */
    deletedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('templates_name_key')
      .on(t.channelId, t.name, t.language, t.version)
      .where(sql`deleted_at is null`),
    index('templates_provider_idx').on(t.channelId, t.providerTemplateId),
    tenantIsolation('templates'),
  ],
);

export const templateEvents = pgTable(
  'template_events',
  {
    id: id(),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    templateId: uuid()
      .notNull()
      .references(() => templates.id, { onDelete: 'cascade' }),
    /** What happened: created, submitted, status, quality, synced, rollback, superseded. */
    kind: text().notNull().default('status'),
    /** The template's status after the event. */
    status: text({ enum: templateStatuses }).notNull(),
    reason: text(),
    payload: jsonb().$type<Record<string, unknown>>(),
    actorId: uuid(),
    createdAt: createdAt(),
  },
  (t) => [index('template_events_template_idx').on(t.templateId), tenantIsolation('template_events')],
);

/** In-app notices, one row per recipient (admins of the tenant); texts are i18n keys by `kind`. */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** `template.paused`, `channel.unhealthy`… (see @conversa/shared notificationKinds). */
    kind: text().notNull(),
    severity: text({ enum: ['info', 'warning', 'critical'] }).notNull(),
    params: jsonb().$type<Record<string, string | number>>().notNull().default({}),
    /** Dashboard path to open. */
    link: text(),
    readAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('notifications_user_idx').on(t.tenantId, t.userId, t.id),
    index('notifications_unread_idx').on(t.tenantId, t.userId).where(sql`read_at is null`),
    tenantIsolation('notifications'),
  ],
);
