import {
  contacts,
  conversations,
  departmentMembers,
  departments,
  memberships,
  type Tx,
  tenants,
  tickets,
  users,
} from '@conversa/db';
import { type BusinessHours, type Holiday, holidayOn, localDate, weekdays } from '@conversa/shared';
import { Injectable } from '@nestjs/common';
import { and, eq, isNotNull, isNull, ne, notInArray, or, sql } from 'drizzle-orm';
import { audit } from '../../common/tenancy.ts';
import type { RealtimeEvent } from '../../drivers/realtime/realtime.port.ts';
import { insertUserNotifications } from '../notifications/notifications.service.ts';

type TicketRow = typeof tickets.$inferSelect;

const hasHours = (hours: BusinessHours | null | undefined) =>
  Boolean(hours && Object.values(hours).some((v) => v && v.length > 0));

/** The hours with days Monday to Sunday (jsonb keeps object keys in its own order), empty days left out. */
export function orderedHours(
  hours: BusinessHours | Record<string, unknown> | null | undefined,
): BusinessHours {
  const h = (hours ?? {}) as BusinessHours;
  return Object.fromEntries(weekdays.filter((d) => h[d]?.length).map((d) => [d, h[d]!])) as BusinessHours;
}

/** The stored holidays by date (the column is written sorted; this keeps old or hand-edited rows in order). */
export const sortedHolidays = (holidays: readonly Holiday[] | null | undefined): Holiday[] =>
  [...(holidays ?? [])].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

/** Whether `now` falls inside the weekly hours, read in `timeZone` (no hours: always open). */
export function openNow(hours: BusinessHours, timeZone: string, now = new Date()): boolean {
  if (!hasHours(hours)) return true;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const day = get('weekday').slice(0, 3).toLowerCase() as (typeof weekdays)[number];
  const hhmm = `${get('hour')}:${get('minute')}`;
  return (hours[day] ?? []).some(([from, to]) => hhmm >= from && hhmm < to);
}

/** The hours that apply to a department's tickets: its own, else the workspace's, else none. */
export interface EffectiveHours {
  open: boolean;
  from: 'department' | 'workspace' | 'always';
  /** The department's away message, else the workspace's. */
  awayMessage: string | null;
  /** Today's workspace holiday (tenant time zone), which closes every department all day; else null. */
  holiday: Holiday | null;
}

export function effectiveHours(
  workspace: {
    businessHours: BusinessHours;
    awayMessage: string | null;
    timezone: string;
    holidays?: readonly Holiday[];
  },
  department: { businessHours: BusinessHours; awayMessage: string | null } | null,
  now = new Date(),
): EffectiveHours {
  const awayMessage = department?.awayMessage || workspace.awayMessage || null;
  const from =
    department && hasHours(department.businessHours)
      ? 'department'
      : hasHours(workspace.businessHours)
        ? 'workspace'
        : 'always';
  // A holiday closes the whole day, even a workspace without hours (ADR 0007).
  const holiday = holidayOn(workspace.holidays, localDate(now, workspace.timezone));
  if (holiday) return { open: false, from, awayMessage, holiday };
  if (department && hasHours(department.businessHours))
    return {
      open: openNow(department.businessHours, workspace.timezone, now),
      from: 'department',
      awayMessage,
      holiday: null,
    };
  if (hasHours(workspace.businessHours))
    return {
      open: openNow(workspace.businessHours, workspace.timezone, now),
      from: 'workspace',
      awayMessage,
      holiday: null,
    };
  return { open: true, from: 'always', awayMessage, holiday: null };
}

/** An away message is sent at most once per ticket in this long (one per night, not one per message). */
export const AWAY_REPEAT_MS = 12 * 60 * 60 * 1000;

export interface AssignOptions {
  /** Set by automatic assignment (round robin); manual ones name the actor in the audit entry. */
  auto?: boolean;
  /** Who acted; never notified about their own action. */
  actorUserId?: string | null;
  /** Also move the ticket to this department (null: out of any department). */
  departmentId?: string | null;
}

/** Roles that answer conversations (VIEWER only reads). */
const ANSWERING_ROLES = sql`('OWNER', 'ADMIN', 'MANAGER', 'AGENT')`;

/**
 * Capacity-aware round robin (issue 5 item 4). Works inside the caller's tenant transaction so the
 * assignment commits with the change that caused it; events go to `outbox`, published after commit.
 *
 * Exactness under concurrency: the chosen agent's membership row is locked (`for update skip locked`),
 * so two transactions never both give the last free slot of one agent; a locked agent is skipped.
 */
@Injectable()
export class AssignmentService {
  /** The tenant's switches: automatic assignment on/off, default capacity, hours, holidays and away message. */
  async settings(tx: Tx, tenantId: string) {
    const [t] = await tx
      .select({
        autoAssign: tenants.inboxAutoAssign,
        maxOpenPerAgent: tenants.inboxMaxOpenPerAgent,
        businessHours: tenants.inboxBusinessHours,
        awayMessage: tenants.inboxAwayMessage,
        timezone: tenants.timezone,
        holidays: tenants.inboxHolidays,
      })
      .from(tenants)
      .where(eq(tenants.id, tenantId));
    return {
      autoAssign: t?.autoAssign ?? true,
      maxOpenPerAgent: t?.maxOpenPerAgent ?? 10,
      businessHours: orderedHours(t?.businessHours),
      awayMessage: t?.awayMessage ?? null,
      timezone: t?.timezone ?? 'America/Sao_Paulo',
      holidays: sortedHolidays(t?.holidays),
    };
  }

  /** Whether a department's tickets (null: outside any department) are inside business hours now. */
  async hours(
    tx: Tx,
    tenantId: string,
    departmentId: string | null,
    now = new Date(),
  ): Promise<EffectiveHours> {
    const workspace = await this.settings(tx, tenantId);
    let department: { businessHours: BusinessHours; awayMessage: string | null } | null = null;
    if (departmentId) {
      const [d] = await tx
        .select({ businessHours: departments.businessHours, awayMessage: departments.awayMessage })
        .from(departments)
        .where(eq(departments.id, departmentId));
      if (d) department = { businessHours: d.businessHours as BusinessHours, awayMessage: d.awayMessage };
    }
    return effectiveHours(workspace, department, now);
  }

  private async capacity(tx: Tx, tenantId: string, departmentId: string | null) {
    if (departmentId) {
      const [d] = await tx
        .select({ max: departments.maxOpenPerAgent })
        .from(departments)
        .where(eq(departments.id, departmentId));
      if (d?.max) return d.max;
    }
    return (await this.settings(tx, tenantId)).maxOpenPerAgent;
  }

  /**
   * The next agent for a ticket of `departmentId` (its members; no department: any answering member):
   * available, active, under capacity, the one assigned longest ago first. Locks their membership row.
   */
  async pickAgent(tx: Tx, tenantId: string, departmentId: string | null): Promise<string | null> {
    const cap = await this.capacity(tx, tenantId, departmentId);
    const r = await tx.execute(sql`
      select m.user_id
        from memberships m
        join users u on u.id = m.user_id
       where m.tenant_id = ${tenantId}
         and m.available and m.disabled_at is null and u.disabled_at is null
         and m.role in ${ANSWERING_ROLES}
         and (${departmentId}::uuid is null or exists (
               select 1 from department_members dm
                where dm.department_id = ${departmentId}::uuid and dm.user_id = m.user_id))
         and (select count(*) from tickets t
               where t.tenant_id = ${tenantId} and t.assignee_id = m.user_id and t.status <> 'RESOLVED') < ${cap}
       order by m.last_assigned_at asc nulls first, m.user_id
       limit 1
       for update of m skip locked`);
    return (r.rows[0]?.user_id as string | undefined) ?? null;
  }

  /** Whether a user may be given conversations here (active member with an answering role). */
  async eligible(tx: Tx, tenantId: string, userId: string): Promise<boolean> {
    const r = await tx.execute(sql`
      select 1 from memberships m join users u on u.id = m.user_id
       where m.tenant_id = ${tenantId} and m.user_id = ${userId}
         and m.disabled_at is null and u.disabled_at is null and m.role in ${ANSWERING_ROLES}`);
    return r.rows.length > 0;
  }

  /** Puts the ticket with `userId` (null: unassigned), in the human queue; audits and notifies. */
  async assign(
    tx: Tx,
    tenantId: string,
    ticket: TicketRow,
    userId: string | null,
    outbox: RealtimeEvent[],
    opts: AssignOptions = {},
  ): Promise<TicketRow> {
    const departmentId = opts.departmentId === undefined ? ticket.departmentId : opts.departmentId;
    const [updated] = await tx
      .update(tickets)
      .set({
        assigneeId: userId,
        departmentId,
        // With a person it is the human queue; an unassigned ticket waits in the backlog (pending),
        // unless it was already routed to humans (a handoff keeps it there).
        queue: userId ? 'human' : ticket.queue === 'ai' ? 'pending' : ticket.queue,
      })
      .where(eq(tickets.id, ticket.id))
      .returning();
    if (userId) {
      await tx
        .update(memberships)
        .set({ lastAssignedAt: new Date() })
        .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
    }
    await audit(tx, {
      tenantId,
      action: userId ? 'ticket.assigned' : 'ticket.unassigned',
      targetType: 'ticket',
      targetId: ticket.id,
      metadata: {
        conversationId: ticket.conversationId,
        from: ticket.assigneeId,
        to: userId,
        departmentId,
        ...(opts.auto ? { auto: true } : {}),
      },
    });
    if (userId && userId !== opts.actorUserId && userId !== ticket.assigneeId) {
      await this.notify(tx, tenantId, updated!, [userId], 'ticket.assigned', {}, outbox);
    }
    return updated!;
  }

  /** Notifies people about a ticket: only the given users (the assignee or the department's members). */
  async notify(
    tx: Tx,
    tenantId: string,
    ticket: TicketRow,
    userIds: string[],
    kind: 'ticket.assigned' | 'ticket.handoff',
    params: Record<string, string>,
    outbox: RealtimeEvent[],
  ) {
    if (userIds.length === 0) return 0;
    const [c] = await tx
      .select({ name: contacts.name, phone: contacts.phoneE164 })
      .from(conversations)
      .innerJoin(contacts, eq(contacts.id, conversations.contactId))
      .where(eq(conversations.id, ticket.conversationId));
    return insertUserNotifications(
      tx,
      tenantId,
      userIds,
      {
        kind,
        severity: 'info',
        params: { contact: c?.name || c?.phone || '', ...params },
        link: `/inbox/${ticket.conversationId}`,
      },
      outbox,
    );
  }

  /** Active members of a department (for handoff notices). */
  async departmentMemberIds(tx: Tx, departmentId: string): Promise<string[]> {
    const rows = await tx
      .select({ userId: departmentMembers.userId })
      .from(departmentMembers)
      .innerJoin(users, eq(users.id, departmentMembers.userId))
      .innerJoin(
        memberships,
        and(
          eq(memberships.userId, departmentMembers.userId),
          eq(memberships.tenantId, departmentMembers.tenantId),
        ),
      )
      .where(
        and(
          eq(departmentMembers.departmentId, departmentId),
          isNull(memberships.disabledAt),
          isNull(users.disabledAt),
        ),
      );
    return rows.map((r) => r.userId);
  }

  /**
   * Round robin for one ticket when the tenant assigns automatically and the ticket waits for a person
   * (open, unassigned, not with the assistant). Returns the assignee, or null (it stays in the backlog).
   */
  async autoAssign(
    tx: Tx,
    tenantId: string,
    ticket: TicketRow,
    outbox: RealtimeEvent[],
    opts: { force?: boolean; actorUserId?: string | null } = {},
  ): Promise<string | null> {
    if (ticket.status === 'RESOLVED' || ticket.assigneeId || ticket.queue === 'ai') return null;
    if (!opts.force) {
      if (!(await this.settings(tx, tenantId)).autoAssign) return null;
      // Outside business hours the ticket waits in the backlog; the minute sweep drains it at opening.
      if (!(await this.hours(tx, tenantId, ticket.departmentId)).open) return null;
    }
    const userId = await this.pickAgent(tx, tenantId, ticket.departmentId);
    if (!userId) return null;
    await this.assign(tx, tenantId, ticket, userId, outbox, { auto: true, actorUserId: opts.actorUserId });
    return userId;
  }

  /**
   * Drains the unassigned backlog oldest first while agents have room (after an agent becomes
   * available, a ticket is resolved or moved away). Returns the conversations that changed.
   */
  async drain(
    tx: Tx,
    tenantId: string,
    outbox: RealtimeEvent[],
    limit = 100,
    now = new Date(),
  ): Promise<string[]> {
    const workspace = await this.settings(tx, tenantId);
    if (!workspace.autoAssign) return [];
    // A holiday closes the workspace and every department: nothing to hand out today.
    if (effectiveHours(workspace, null, now).holiday) return [];
    // Closed departments (and, when the workspace is closed, tickets outside any department) wait:
    // they are left out of the query so they do not hold back the backlog of open ones.
    const closed = (
      await tx
        .select({
          id: departments.id,
          businessHours: departments.businessHours,
          awayMessage: departments.awayMessage,
        })
        .from(departments)
    )
      .filter(
        (d) =>
          !effectiveHours(workspace, { ...d, businessHours: d.businessHours as BusinessHours }, now).open,
      )
      .map((d) => d.id);
    const noDepartmentOpen = effectiveHours(workspace, null, now).open;
    const backlog = await tx
      .select()
      .from(tickets)
      .where(
        and(
          ne(tickets.status, 'RESOLVED'),
          isNull(tickets.assigneeId),
          ne(tickets.queue, 'ai'),
          closed.length
            ? or(isNull(tickets.departmentId), notInArray(tickets.departmentId, closed))
            : undefined,
          noDepartmentOpen ? undefined : isNotNull(tickets.departmentId),
        ),
      )
      .orderBy(tickets.openedAt, tickets.id)
      .limit(limit)
      .for('update', { skipLocked: true });
    const full = new Set<string>(); // departments (or '' for none) with nobody free
    const changed: string[] = [];
    for (const t of backlog) {
      const key = t.departmentId ?? '';
      if (full.has(key)) continue;
      const userId = await this.pickAgent(tx, tenantId, t.departmentId);
      if (!userId) {
        full.add(key);
        continue;
      }
      await this.assign(tx, tenantId, t, userId, outbox, { auto: true });
      changed.push(t.conversationId);
    }
    return changed;
  }
}
