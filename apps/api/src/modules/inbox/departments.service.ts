import {
  channels,
  type Database,
  departmentMembers,
  departments,
  memberships,
  type Tx,
  tickets,
  users,
} from '@conversa/db';
import {
  type BusinessHours,
  type CreateDepartmentInput,
  type DepartmentView,
  type UpdateDepartmentInput,
} from '@conversa/shared';
import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, isNull, ne, notInArray, sql } from 'drizzle-orm';
import { NotFoundError, ValidationFailedError } from '../../common/errors.ts';
import { audit, inTenant, requireContext } from '../../common/tenancy.ts';
import { DATABASE, REALTIME } from '../../common/tokens.ts';
import type { RealtimeEvent, RealtimePort } from '../../drivers/realtime/realtime.port.ts';
import { conversationViews } from '../conversations/conversations.repository.ts';
import { AssignmentService, effectiveHours, orderedHours } from './assignment.service.ts';

type DepartmentRow = typeof departments.$inferSelect;

/** Departments (setores): members, business hours, quick replies and their own capacity. */
@Injectable()
export class DepartmentsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(REALTIME) private readonly realtime: RealtimePort,
    @Inject(AssignmentService) private readonly assignment: AssignmentService,
  ) {}

  private async views(tx: Tx, rows: DepartmentRow[]): Promise<DepartmentView[]> {
    if (rows.length === 0) return [];
    const ctx = requireContext();
    const workspace = await this.assignment.settings(tx, ctx.tenantId);
    const ids = rows.map((r) => r.id);
    const routed = await tx
      .select({ id: channels.id, departmentId: channels.departmentId })
      .from(channels)
      .where(and(inArray(channels.departmentId, ids), isNull(channels.deletedAt)))
      .orderBy(asc(channels.createdAt));
    const members = await tx
      .select({
        departmentId: departmentMembers.departmentId,
        id: users.id,
        name: users.name,
        email: users.email,
        available: memberships.available,
        openTickets: sql<number>`(select count(*)::int from tickets t where t.assignee_id = ${users.id} and t.status <> 'RESOLVED')`,
      })
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
        inArray(
          departmentMembers.departmentId,
          rows.map((r) => r.id),
        ),
      )
      .orderBy(asc(users.name), asc(users.id));
    return rows.map((d) => {
      const hours = effectiveHours(workspace, {
        businessHours: d.businessHours as BusinessHours,
        awayMessage: d.awayMessage,
      });
      return {
        id: d.id,
        name: d.name,
        members: members
          .filter((m) => m.departmentId === d.id)
          .map(({ departmentId: _d, ...m }) => ({ ...m, openTickets: Number(m.openTickets) })),
        businessHours: orderedHours(d.businessHours),
        quickReplies: d.quickReplies,
        maxOpenPerAgent: d.maxOpenPerAgent ?? null,
        awayMessage: d.awayMessage,
        channelIds: routed.filter((c) => c.departmentId === d.id).map((c) => c.id),
        openNow: hours.open,
        closedReason: hours.open ? null : hours.holiday ? 'holiday' : 'hours',
        hoursFrom: hours.from,
        createdAt: d.createdAt.toISOString(),
        updatedAt: d.updatedAt.toISOString(),
      };
    });
  }

  /**
   * Routes these numbers' new conversations to the department (a number routes to one department, so
   * taking a number moves it from another). Unknown or other tenants' ids are field errors.
   */
  private async setChannels(tx: Tx, departmentId: string, channelIds: string[]) {
    const wanted = [...new Set(channelIds)];
    if (wanted.length) {
      const found = await tx
        .select({ id: channels.id })
        .from(channels)
        .where(and(inArray(channels.id, wanted), isNull(channels.deletedAt)));
      const known = new Set(found.map((f) => f.id));
      const problems = channelIds
        .map((id, i) => ({ id, i }))
        .filter(({ id }) => !known.has(id))
        .map(({ i }) => ({ path: `channelIds.${i}`, message: 'No such number', code: 'not-found' }));
      if (problems.length) throw new ValidationFailedError('Some numbers do not exist', problems);
    }
    await tx
      .update(channels)
      .set({ departmentId: null })
      .where(
        and(
          eq(channels.departmentId, departmentId),
          wanted.length ? notInArray(channels.id, wanted) : undefined,
        ),
      );
    if (wanted.length) await tx.update(channels).set({ departmentId }).where(inArray(channels.id, wanted));
  }

  async list(): Promise<{ items: DepartmentView[] }> {
    return inTenant(this.database, async (tx) => ({
      items: await this.views(tx, await tx.select().from(departments).orderBy(asc(departments.name))),
    }));
  }

  async get(id: string): Promise<DepartmentView> {
    return inTenant(this.database, async (tx) => {
      const rows = await tx.select().from(departments).where(eq(departments.id, id));
      if (!rows[0]) throw new NotFoundError('No such department');
      return (await this.views(tx, rows))[0]!;
    });
  }

  /** Members must be people of this tenant (another tenant's user ids are refused like unknown ones). */
  private async setMembers(tx: Tx, tenantId: string, departmentId: string, memberIds: string[]) {
    const wanted = [...new Set(memberIds)];
    if (wanted.length) {
      const found = await tx
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(inArray(memberships.userId, wanted));
      const known = new Set(found.map((f) => f.userId));
      const problems = wanted
        .map((id, i) => ({ id, i }))
        .filter(({ id }) => !known.has(id))
        .map(({ i }) => ({
          path: `memberIds.${i}`,
          message: 'Not a member of this workspace',
          code: 'not-found',
        }));
      if (problems.length)
        throw new ValidationFailedError('Some members are not people of this workspace', problems);
    }
    await tx
      .delete(departmentMembers)
      .where(
        and(
          eq(departmentMembers.departmentId, departmentId),
          wanted.length ? notInArray(departmentMembers.userId, wanted) : undefined,
        ),
      );
    if (wanted.length) {
      await tx
        .insert(departmentMembers)
        .values(wanted.map((userId) => ({ tenantId, departmentId, userId })))
        .onConflictDoNothing();
    }
  }

  async create(input: CreateDepartmentInput): Promise<DepartmentView> {
    const ctx = requireContext();
    return inTenant(this.database, async (tx) => {
      const [d] = await tx
        .insert(departments)
        .values({
          tenantId: ctx.tenantId,
          name: input.name,
          businessHours: input.businessHours as Record<string, [string, string][]>,
          quickReplies: input.quickReplies,
          maxOpenPerAgent: input.maxOpenPerAgent,
          awayMessage: input.awayMessage,
        })
        .returning();
      await this.setMembers(tx, ctx.tenantId, d!.id, input.memberIds);
      await this.setChannels(tx, d!.id, input.channelIds);
      await audit(tx, {
        action: 'department.created',
        targetType: 'department',
        targetId: d!.id,
        metadata: { name: input.name, members: input.memberIds.length },
      });
      return (await this.views(tx, [d!]))[0]!;
    });
  }

  /**
   * Deletes a department without losing anything else: its tickets and routed numbers are left outside
   * any department (the foreign keys set null; the list's copy follows through the ticket trigger), its
   * quick replies go with it. Tickets that were waiting for its hours may be assigned at once.
   */
  async remove(id: string): Promise<void> {
    const ctx = requireContext();
    const outbox: RealtimeEvent[] = [];
    await inTenant(this.database, async (tx) => {
      const [d] = await tx.select().from(departments).where(eq(departments.id, id));
      if (!d) throw new NotFoundError('No such department');
      const affected = await tx
        .select({ conversationId: tickets.conversationId })
        .from(tickets)
        .where(and(eq(tickets.departmentId, id), ne(tickets.status, 'RESOLVED')));
      await tx.delete(departments).where(eq(departments.id, id));
      await audit(tx, {
        action: 'department.deleted',
        targetType: 'department',
        targetId: id,
        metadata: { name: d.name, openTickets: affected.length },
      });
      const changed = await this.assignment.drain(tx, ctx.tenantId, outbox);
      const ids = [...new Set([...affected.map((a) => a.conversationId), ...changed])];
      for (const v of await conversationViews(tx, ids))
        outbox.push({ type: 'conversation.updated', data: v });
    });
    for (const e of outbox) await this.realtime.publish(ctx.tenantId, e);
  }

  /** New members or more capacity may take waiting tickets at once: the backlog drains after the change. */
  async update(id: string, input: UpdateDepartmentInput): Promise<DepartmentView> {
    const ctx = requireContext();
    const outbox: RealtimeEvent[] = [];
    const view = await inTenant(this.database, async (tx) => {
      const [current] = await tx.select().from(departments).where(eq(departments.id, id));
      if (!current) throw new NotFoundError('No such department');
      const [d] = await tx
        .update(departments)
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.businessHours !== undefined
            ? { businessHours: input.businessHours as Record<string, [string, string][]> }
            : {}),
          ...(input.quickReplies !== undefined ? { quickReplies: input.quickReplies } : {}),
          ...(input.maxOpenPerAgent !== undefined ? { maxOpenPerAgent: input.maxOpenPerAgent } : {}),
          ...(input.awayMessage !== undefined ? { awayMessage: input.awayMessage } : {}),
          updatedAt: new Date(),
        })
        .where(eq(departments.id, id))
        .returning();
      if (input.memberIds) await this.setMembers(tx, ctx.tenantId, id, input.memberIds);
      if (input.channelIds) await this.setChannels(tx, id, input.channelIds);
      await audit(tx, {
        action: 'department.updated',
        targetType: 'department',
        targetId: id,
        metadata: {
          fields: Object.keys(input).filter((k) => input[k as keyof UpdateDepartmentInput] !== undefined),
        },
      });
      if (input.memberIds || input.maxOpenPerAgent !== undefined || input.businessHours !== undefined) {
        const changed = await this.assignment.drain(tx, ctx.tenantId, outbox);
        for (const v of await conversationViews(tx, changed))
          outbox.push({ type: 'conversation.updated', data: v });
      }
      return (await this.views(tx, [d!]))[0]!;
    });
    for (const e of outbox) await this.realtime.publish(ctx.tenantId, e);
    return view;
  }
}
