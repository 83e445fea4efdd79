import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantIsolation, updatedAt } from './common.ts';
import { templateCategories, templateStatuses } from './enums.ts';
import { tenants } from './identity.ts';
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
  },
  (t) => [
    uniqueIndex('templates_name_key').on(t.channelId, t.name, t.language, t.version),
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
    status: text({ enum: templateStatuses }).notNull(),
    reason: text(),
    payload: jsonb().$type<Record<string, unknown>>(),
    actorId: uuid(),
    createdAt: createdAt(),
  },
  (t) => [index('template_events_template_idx').on(t.templateId), tenantIsolation('template_events')],
);
