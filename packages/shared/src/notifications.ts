// HTTP contract of in-app notifications for a tenant's admins (API.md "Notifications"). Browser-safe.
// Texts are i18n keys `notifications.<kind>.title` / `.body`, filled with `params`.

import { z } from 'zod';

export const notificationKinds = [
  'template.paused',
  'template.disabled',
  'template.rejected',
  'channel.unhealthy',
  'ticket.assigned',
  'ticket.handoff',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const notificationSeverities = ['info', 'warning', 'critical'] as const;
export type NotificationSeverity = (typeof notificationSeverities)[number];

export const notificationViewSchema = z.object({
  id: z.string(),
  kind: z.enum(notificationKinds),
  severity: z.enum(notificationSeverities),
  /** Values for the i18n message (`{ name, language, reason }`, `{ channel, reason }`). */
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  /** Dashboard path to open (`/templates/<id>`, `/channels/<id>`), or null. */
  link: z.string().nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type NotificationView = z.infer<typeof notificationViewSchema>;

/** `GET /notifications?unread=true&cursor=&limit=`: mine, newest first. */
export const listNotificationsQuerySchema = z.object({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const notificationPageSchema = z.object({
  items: z.array(notificationViewSchema),
  nextCursor: z.string().nullable(),
  /** My unread notifications in total (for the bell badge). */
  unread: z.number().int(),
});
export type NotificationPage = z.infer<typeof notificationPageSchema>;

/** `POST /notifications/read`: `{ ids }` or `{ all: true }` → `{ updated, unread }`. */
export const markNotificationsReadSchema = z.union([
  z.object({ ids: z.array(z.uuid()).min(1).max(200) }),
  z.object({ all: z.literal(true) }),
]);
export type MarkNotificationsReadInput = z.infer<typeof markNotificationsReadSchema>;

/** Realtime `notification.created` event data (delivered to the tenant; clients keep those for their user). */
export type NotificationCreatedRealtime = NotificationView & { userId: string };
