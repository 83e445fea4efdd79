import { type Database, memberships, notifications, type Tx, users } from '@conversa/db';
import type {
  MarkNotificationsReadInput,
  NotificationKind,
  NotificationPage,
  NotificationSeverity,
  NotificationView,
} from '@conversa/shared';
import { Inject, Injectable } from '@nestjs/common';
import { and, count, desc, eq, gt, inArray, isNull, lt } from 'drizzle-orm';
import { requireContext } from '../../common/tenancy.ts';
import { DATABASE, REALTIME } from '../../common/tokens.ts';
import type { RealtimeEvent, RealtimePort } from '../../drivers/realtime/realtime.port.ts';

export interface AdminNotice {
  kind: NotificationKind;
  severity: NotificationSeverity;
  /** Values for the i18n texts `notifications.<kind>.title` / `.body`. */
  params?: Record<string, string | number>;
  /** Dashboard path to open, e.g. `/templates/<id>`. */
  link?: string | null;
}

type NotificationRow = typeof notifications.$inferSelect;

// The same unread notice (kind + link) is not repeated to a user within this window: a job that
// fails every minute must not flood the bell.
const REPEAT_WINDOW_MS = 24 * 3600_000;

export const notificationView = (n: NotificationRow): NotificationView => ({
  id: n.id,
  kind: n.kind as NotificationKind,
  severity: n.severity,
  params: n.params,
  link: n.link,
  readAt: n.readAt?.toISOString() ?? null,
  createdAt: n.createdAt.toISOString(),
});

/**
 * Fans a notice out to the tenant's active OWNERs and ADMINs inside the caller's tenant transaction,
 * pushing one `notification.created` per row onto `outbox` (publish it after commit).
 */
export async function insertAdminNotifications(
  tx: Tx,
  tenantId: string,
  notice: AdminNotice,
  outbox: RealtimeEvent[],
): Promise<number> {
  const admins = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.tenantId, tenantId),
        inArray(memberships.role, ['OWNER', 'ADMIN']),
        isNull(memberships.disabledAt),
        isNull(users.disabledAt),
      ),
    );
  if (admins.length === 0) return 0;
  const link = notice.link ?? null;
  const recent = await tx
    .select({ userId: notifications.userId })
    .from(notifications)
    .where(
      and(
        eq(notifications.tenantId, tenantId),
        eq(notifications.kind, notice.kind),
        link === null ? isNull(notifications.link) : eq(notifications.link, link),
        isNull(notifications.readAt),
        gt(notifications.createdAt, new Date(Date.now() - REPEAT_WINDOW_MS)),
      ),
    );
  const skip = new Set(recent.map((r) => r.userId));
  const recipients = admins.filter((a) => !skip.has(a.userId));
  if (recipients.length === 0) return 0;
  const rows = await tx
    .insert(notifications)
    .values(
      recipients.map((r) => ({
        tenantId,
        userId: r.userId,
        kind: notice.kind,
        severity: notice.severity,
        params: notice.params ?? {},
        link,
      })),
    )
    .returning();
  for (const n of rows) {
    outbox.push({ type: 'notification.created', data: { ...notificationView(n), userId: n.userId } });
  }
  return rows.length;
}

/**
 * A notice to the named users only (inbox: the assignee, or a department's members), inside the
 * caller's tenant transaction; inactive members are skipped. Pushes `notification.created` onto `outbox`.
 */
export async function insertUserNotifications(
  tx: Tx,
  tenantId: string,
  userIds: string[],
  notice: AdminNotice,
  outbox: RealtimeEvent[],
): Promise<number> {
  const wanted = [...new Set(userIds)];
  if (wanted.length === 0) return 0;
  const active = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.tenantId, tenantId),
        inArray(memberships.userId, wanted),
        isNull(memberships.disabledAt),
        isNull(users.disabledAt),
      ),
    );
  if (active.length === 0) return 0;
  const rows = await tx
    .insert(notifications)
    .values(
      active.map((r) => ({
        tenantId,
        userId: r.userId,
        kind: notice.kind,
        severity: notice.severity,
        params: notice.params ?? {},
        link: notice.link ?? null,
      })),
    )
    .returning();
  for (const n of rows) {
    outbox.push({ type: 'notification.created', data: { ...notificationView(n), userId: n.userId } });
  }
  return rows.length;
}

/** In-app notifications (issue 3: an expired token "tells the admins"; issue 4: paused templates). */
@Injectable()
export class NotificationsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(REALTIME) private readonly realtime: RealtimePort,
  ) {}

  /** Usable from jobs (no request context needed). Returns how many rows were created. */
  async notifyAdmins(tenantId: string, notice: AdminNotice): Promise<number> {
    const outbox: RealtimeEvent[] = [];
    const n = await this.database.tenant(tenantId, (tx) =>
      insertAdminNotifications(tx, tenantId, notice, outbox),
    );
    for (const e of outbox) await this.realtime.publish(tenantId, e);
    return n;
  }

  private async unread(tx: Tx, userId: string) {
    const [row] = await tx
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
    return Number(row?.n ?? 0);
  }

  /** The signed-in user's notifications, newest first; API keys have none. */
  async list(query: { unread?: boolean; cursor?: string; limit: number }): Promise<NotificationPage> {
    const ctx = requireContext();
    if (!ctx.userId) return { items: [], nextCursor: null, unread: 0 };
    const userId = ctx.userId;
    return this.database.tenant(ctx.tenantId, async (tx) => {
      const rows = await tx
        .select()
        .from(notifications)
        .where(
          and(
            eq(notifications.userId, userId),
            query.unread ? isNull(notifications.readAt) : undefined,
            query.cursor ? lt(notifications.id, query.cursor) : undefined,
          ),
        )
        .orderBy(desc(notifications.id))
        .limit(query.limit + 1);
      const page = rows.slice(0, query.limit);
      return {
        items: page.map(notificationView),
        nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null,
        unread: await this.unread(tx, userId),
      };
    });
  }

  async markRead(input: MarkNotificationsReadInput): Promise<{ updated: number; unread: number }> {
    const ctx = requireContext();
    if (!ctx.userId) return { updated: 0, unread: 0 };
    const userId = ctx.userId;
    return this.database.tenant(ctx.tenantId, async (tx) => {
      const updated = await tx
        .update(notifications)
        .set({ readAt: new Date() })
        .where(
          and(
            eq(notifications.userId, userId),
            isNull(notifications.readAt),
            'ids' in input ? inArray(notifications.id, input.ids) : undefined,
          ),
        )
        .returning({ id: notifications.id });
      return { updated: updated.length, unread: await this.unread(tx, userId) };
    });
  }
}
