// Applies Meta's template verdicts (webhooks `message_template_status_update` / `_quality_update`, and
// the periodic sync) to our Template rows. Runs inside the caller's tenant transaction; realtime
// events go to `outbox` and are published after commit (ARCHITECTURE §8).

import type {
  TemplateStatus as ProviderStatus,
  TemplateQualityEvent,
  TemplateStatusEvent,
} from '@conversa/channels';
import { type channels, type Tx, templateEvents, templates } from '@conversa/db';
import type { NotificationKind, TemplateStatusRealtime } from '@conversa/shared';
import { and, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { RealtimeEvent } from '../../drivers/realtime/realtime.port.ts';
import { insertAdminNotifications } from '../notifications/notifications.service.ts';

export type TemplateRow = typeof templates.$inferSelect;
export type TemplateStatus = TemplateRow['status'];
type ChannelRef = Pick<typeof channels.$inferSelect, 'id' | 'tenantId'>;

/**
 * Meta's status words → ours. PENDING/IN_APPEAL are under review; REINSTATED/UNLOCKED/UNARCHIVED give the
 * template back; deletion and archiving retire it. FLAGGED (quality warning before a pause),
 * LIMIT_EXCEEDED and UNKNOWN do not change what may be sent: they are recorded, not applied.
 */
export const fromProviderStatus: Record<ProviderStatus, TemplateStatus | null> = {
  PENDING: 'SUBMITTED',
  IN_APPEAL: 'SUBMITTED',
  APPROVED: 'APPROVED',
  REINSTATED: 'APPROVED',
  UNLOCKED: 'APPROVED',
  UNARCHIVED: 'APPROVED',
  REJECTED: 'REJECTED',
  PAUSED: 'PAUSED',
  DISABLED: 'DISABLED',
  LOCKED: 'DISABLED',
  PENDING_DELETION: 'DEPRECATED',
  DELETED: 'DEPRECATED',
  ARCHIVED: 'DEPRECATED',
  FLAGGED: null,
  LIMIT_EXCEEDED: null,
  UNKNOWN: null,
};

const noticeFor: Partial<
  Record<TemplateStatus, { kind: NotificationKind; severity: 'warning' | 'critical' }>
> = {
  PAUSED: { kind: 'template.paused', severity: 'warning' },
  DISABLED: { kind: 'template.disabled', severity: 'critical' },
  REJECTED: { kind: 'template.rejected', severity: 'warning' },
};

/** Meta says `NONE` when there is no reason. */
const cleanReason = (reason: string | undefined | null) => (reason && reason !== 'NONE' ? reason : null);

export function statusRealtime(row: TemplateRow, previousStatus: TemplateStatus): RealtimeEvent {
  const data: TemplateStatusRealtime = {
    templateId: row.id,
    channelId: row.channelId,
    name: row.name,
    language: row.language,
    version: row.version,
    status: row.status,
    previousStatus,
    reason: row.rejectionReason,
    qualityScore: (row.qualityScore as TemplateStatusRealtime['qualityScore']) ?? null,
  };
  return { type: 'template.status', data };
}

/** The row a provider template id currently stands for: the one in review first, else the newest version. */
export async function findByProviderId(tx: Tx, channelId: string, providerTemplateId: string) {
  const [row] = await tx
    .select()
    .from(templates)
    .where(
      and(
        eq(templates.channelId, channelId),
        eq(templates.providerTemplateId, providerTemplateId),
        isNull(templates.deletedAt),
        ne(templates.status, 'DRAFT'),
      ),
    )
    .orderBy(sql`(${templates.status} = 'SUBMITTED') desc`, desc(templates.version))
    .limit(1);
  return row;
}

export interface StatusChange {
  status: TemplateStatus;
  reason?: string | null;
  source: 'webhook' | 'sync' | 'submit' | 'sandbox';
  providerStatus?: string;
  at?: Date;
}

/**
 * Moves one template to `change.status`, with history, realtime and admin notices. A repeated verdict
 * only refreshes the reason. When a version becomes APPROVED, the older active versions of the same
 * name + language are superseded (DEPRECATED): one version is in force at a time.
 */
export async function applyStatusChange(
  tx: Tx,
  row: TemplateRow,
  change: StatusChange,
  outbox: RealtimeEvent[],
): Promise<TemplateRow> {
  const reason = cleanReason(change.reason);
  const rejectionReason =
    change.status === 'REJECTED' || change.status === 'PAUSED' || change.status === 'DISABLED'
      ? reason
      : change.status === 'APPROVED' || change.status === 'SUBMITTED'
        ? null
        : row.rejectionReason;
  if (row.status === change.status && row.rejectionReason === rejectionReason) return row;
  const reviewed = change.status !== 'SUBMITTED' && change.status !== 'DRAFT';
  const [next] = await tx
    .update(templates)
    .set({
      status: change.status,
      rejectionReason,
      ...(reviewed ? { reviewedAt: change.at ?? new Date() } : {}),
    })
    .where(eq(templates.id, row.id))
    .returning();
  await tx.insert(templateEvents).values({
    tenantId: row.tenantId,
    templateId: row.id,
    kind: 'status',
    status: change.status,
    reason,
    payload: {
      source: change.source,
      ...(change.providerStatus ? { providerStatus: change.providerStatus } : {}),
    },
  });
  outbox.push(statusRealtime(next!, row.status));

  if (change.status === 'APPROVED') await supersedeOthers(tx, next!, outbox);
  const notice = noticeFor[change.status];
  if (notice && row.status !== change.status) {
    await insertAdminNotifications(
      tx,
      row.tenantId,
      {
        ...notice,
        params: { name: row.name, language: row.language, version: row.version, reason: reason ?? '' },
        link: `/templates/${row.id}`,
      },
      outbox,
    );
  }
  return next!;
}

/** Older versions still in force (approved, paused, disabled) step aside for `active`. */
export async function supersedeOthers(tx: Tx, active: TemplateRow, outbox: RealtimeEvent[]) {
  const others = await tx
    .update(templates)
    .set({ status: 'DEPRECATED' })
    .where(
      and(
        eq(templates.channelId, active.channelId),
        eq(templates.name, active.name),
        eq(templates.language, active.language),
        ne(templates.id, active.id),
        isNull(templates.deletedAt),
        inArray(templates.status, ['APPROVED', 'PAUSED', 'DISABLED']),
      ),
    )
    .returning();
  for (const o of others) {
    await tx.insert(templateEvents).values({
      tenantId: o.tenantId,
      templateId: o.id,
      kind: 'superseded',
      status: 'DEPRECATED',
      reason: null,
      payload: { byVersion: active.version, byId: active.id },
    });
    outbox.push({
      ...statusRealtime(o, 'APPROVED'),
    });
  }
}

/** `InboundService.apply` delegates `template.status` / `template.quality` events here. */
export async function applyTemplateEvent(
  tx: Tx,
  channel: ChannelRef,
  event: TemplateStatusEvent | TemplateQualityEvent,
  outbox: RealtimeEvent[],
): Promise<void> {
  const row = await findByProviderId(tx, channel.id, event.providerTemplateId);
  // Unknown here (made in Meta's manager, or deleted locally): the next sync imports it.
  if (!row) return;
  if (event.kind === 'template.quality') {
    if (row.qualityScore === event.score) return;
    const [next] = await tx
      .update(templates)
      .set({ qualityScore: event.score })
      .where(eq(templates.id, row.id))
      .returning();
    await tx.insert(templateEvents).values({
      tenantId: row.tenantId,
      templateId: row.id,
      kind: 'quality',
      status: row.status,
      payload: { qualityScore: event.score, previousScore: event.previousScore ?? row.qualityScore ?? null },
    });
    outbox.push(statusRealtime(next!, row.status));
    return;
  }
  const status = fromProviderStatus[event.status];
  if (!status) {
    // Recorded for the timeline (e.g. FLAGGED: quality is low, a pause may follow), status unchanged.
    await tx.insert(templateEvents).values({
      tenantId: row.tenantId,
      templateId: row.id,
      kind: 'status',
      status: row.status,
      reason: cleanReason(event.reason),
      payload: { source: 'webhook', providerStatus: event.status },
    });
    return;
  }
  // A verdict older than the last review (webhooks may arrive late) does not undo it.
  if (row.reviewedAt && event.timestamp < row.reviewedAt && status === 'SUBMITTED') return;
  await applyStatusChange(
    tx,
    row,
    {
      status,
      reason: event.reason ?? null,
      source: 'webhook',
      providerStatus: event.status,
      at: event.timestamp,
    },
    outbox,
  );
}
