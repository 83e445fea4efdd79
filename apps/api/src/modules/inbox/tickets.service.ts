import {
  contacts,
  conversations,
  type Database,
  departments,
  handoffs,
  memberships,
  messages,
  notes,
  type Tx,
  tenants,
  tickets,
  users,
} from '@conversa/db';
import {
  type AssignTicketInput,
  type ContactJourney,
  type ConversationView,
  type HandoffTicketInput,
  type InboxSettingsView,
  type NoteView,
  type ResolveTicketInput,
  roleAtLeast,
  type TicketRepairResult,
  type UpdateInboxSettingsInput,
} from '@conversa/shared';
import { Inject, Injectable } from '@nestjs/common';
import { and, count, desc, eq, gte, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { ForbiddenError, NotFoundError, ValidationFailedError } from '../../common/errors.ts';
import { audit, inTenant, requireContext } from '../../common/tenancy.ts';
import { DATABASE, REALTIME } from '../../common/tokens.ts';
import type { RealtimeEvent, RealtimePort } from '../../drivers/realtime/realtime.port.ts';
import { conversationViews } from '../conversations/conversations.repository.ts';
import { AssignmentService, effectiveHours } from './assignment.service.ts';
import {
  AssigneeIneligibleError,
  TicketNotYoursError,
  TicketOpenExistsError,
  TicketResolvedError,
  TicketStatusInvalidError,
} from './inbox.errors.ts';

type TicketRow = typeof tickets.$inferSelect;
type ConversationRow = typeof conversations.$inferSelect;

interface ActionScope {
  tx: Tx;
  tenantId: string;
  userId: string | null;
  conversation: ConversationRow;
  outbox: RealtimeEvent[];
  /** Conversations whose view changed besides this one (backlog drained to others). */
  touched: Set<string>;
}

const isUniqueViolation = (err: unknown) => {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return true;
  }
  return false;
};

/** The ticket workflow of the inbox (issue 5 item 3): assign, handoff, follow-up, resolve, reopen, notes, repair. */
@Injectable()
export class TicketsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(REALTIME) private readonly realtime: RealtimePort,
    @Inject(AssignmentService) private readonly assignment: AssignmentService,
  ) {}

  // ------------------------------------------------------------------ plumbing

  /**
   * Runs an action on a conversation in one tenant transaction, then publishes `conversation.updated`
   * (the new view) for it and for every conversation the action touched, plus the notifications.
   */
  private async act(
    conversationId: string,
    fn: (s: ActionScope) => Promise<void>,
  ): Promise<ConversationView> {
    const ctx = requireContext();
    const outbox: RealtimeEvent[] = [];
    const view = await inTenant(this.database, async (tx) => {
      const [conversation] = await tx
        .select()
        .from(conversations)
        .where(eq(conversations.id, conversationId))
        .for('update');
      if (!conversation) throw new NotFoundError('No such conversation');
      const touched = new Set<string>();
      await fn({ tx, tenantId: ctx.tenantId, userId: ctx.userId ?? null, conversation, outbox, touched });
      touched.delete(conversationId);
      const views = await conversationViews(tx, [conversationId, ...touched]);
      for (const v of views) outbox.push({ type: 'conversation.updated', data: v });
      return views.find((v) => v.id === conversationId)!;
    });
    await this.publish(ctx.tenantId, outbox);
    return view;
  }

  private async publish(tenantId: string, outbox: RealtimeEvent[]) {
    for (const e of outbox) {
      const conversationId = e.type === 'conversation.updated' ? (e.data as { id: string }).id : undefined;
      await this.realtime.publish(tenantId, e, conversationId ? { conversationId } : undefined);
    }
  }

  private async openTicket(tx: Tx, conversationId: string): Promise<TicketRow> {
    const [t] = await tx
      .select()
      .from(tickets)
      .where(and(eq(tickets.conversationId, conversationId), ne(tickets.status, 'RESOLVED')))
      .orderBy(desc(tickets.openedAt))
      .limit(1);
    if (!t) throw new TicketResolvedError('This conversation has no open ticket');
    return t;
  }

  private async latestTicket(tx: Tx, conversationId: string): Promise<TicketRow | undefined> {
    const [t] = await tx
      .select()
      .from(tickets)
      .where(eq(tickets.conversationId, conversationId))
      .orderBy(desc(tickets.openedAt), desc(tickets.id))
      .limit(1);
    return t;
  }

  /** AGENT acts on own or unassigned tickets only; MANAGER and up on any (API.md "Roles"). */
  private guardOwn(ticket: TicketRow) {
    const ctx = requireContext();
    if (roleAtLeast(ctx.role, 'MANAGER')) return;
    if (ticket.assigneeId && ticket.assigneeId !== ctx.userId) {
      throw new TicketNotYoursError('This conversation is assigned to someone else');
    }
  }

  private async requireDepartment(tx: Tx, id: string, path: string) {
    const [d] = await tx.select({ id: departments.id }).from(departments).where(eq(departments.id, id));
    if (!d) {
      throw new ValidationFailedError('No such department', [
        { path, message: 'No such department', code: 'not-found' },
      ]);
    }
  }

  private async requireEligible(tx: Tx, tenantId: string, userId: string, path: string) {
    if (!(await this.assignment.eligible(tx, tenantId, userId))) {
      throw new AssigneeIneligibleError('That person cannot take conversations here', [
        { path, message: 'Not an active agent of this workspace', code: 'assignee-ineligible' },
      ]);
    }
  }

  private async drainInto(s: ActionScope) {
    for (const id of await this.assignment.drain(s.tx, s.tenantId, s.outbox)) s.touched.add(id);
  }

  private async addNote(s: ActionScope, text: string): Promise<typeof notes.$inferSelect> {
    const [n] = await s.tx
      .insert(notes)
      .values({
        tenantId: s.tenantId,
        conversationId: s.conversation.id,
        contactId: s.conversation.contactId,
        authorId: s.userId,
        text,
      })
      .returning();
    return n!;
  }

  // ------------------------------------------------------------------ actions

  /** `{}` automatic; `{ userId }` that person (AGENT: only themself); `{ userId: null }` unassign; `departmentId` moves. */
  assign(conversationId: string, input: AssignTicketInput): Promise<ConversationView> {
    const ctx = requireContext();
    return this.act(conversationId, async (s) => {
      const ticket = await this.openTicket(s.tx, conversationId);
      this.guardOwn(ticket);
      if (
        !roleAtLeast(ctx.role, 'MANAGER') &&
        input.userId !== undefined &&
        input.userId !== null &&
        input.userId !== ctx.userId
      ) {
        throw new ForbiddenError('Agents assign conversations to themselves only; a manager assigns others');
      }
      if (input.departmentId) await this.requireDepartment(s.tx, input.departmentId, 'departmentId');
      const moved =
        input.departmentId !== undefined && input.departmentId !== ticket.departmentId
          ? { departmentId: input.departmentId }
          : {};
      if (input.userId) {
        await this.requireEligible(s.tx, s.tenantId, input.userId, 'userId');
        await this.assignment.assign(s.tx, s.tenantId, ticket, input.userId, s.outbox, {
          actorUserId: s.userId,
          ...moved,
        });
      } else if (input.userId === null) {
        await this.assignment.assign(s.tx, s.tenantId, ticket, null, s.outbox, {
          actorUserId: s.userId,
          ...moved,
        });
        await this.drainInto(s);
      } else {
        // Automatic: release the current assignee (if any), then round robin inside the (new) department.
        const released =
          ticket.assigneeId || 'departmentId' in moved
            ? await this.assignment.assign(s.tx, s.tenantId, ticket, null, s.outbox, {
                actorUserId: s.userId,
                ...moved,
              })
            : ticket;
        const userId = await this.assignment.autoAssign(s.tx, s.tenantId, released, s.outbox, {
          force: true,
          actorUserId: s.userId,
        });
        if (!userId && released.departmentId) {
          const members = await this.assignment.departmentMemberIds(s.tx, released.departmentId);
          await this.assignment.notify(
            s.tx,
            s.tenantId,
            released,
            members.filter((m) => m !== s.userId),
            'ticket.handoff',
            { reason: '' },
            s.outbox,
          );
        }
        if (ticket.assigneeId) await this.drainInto(s);
      }
    });
  }

  /** To the human queue with a reason (a `handoffs` row); to a person, a department, or round robin. */
  handoff(conversationId: string, input: HandoffTicketInput): Promise<ConversationView> {
    return this.act(conversationId, async (s) => {
      const ticket = await this.openTicket(s.tx, conversationId);
      this.guardOwn(ticket);
      if (input.toDepartmentId) await this.requireDepartment(s.tx, input.toDepartmentId, 'toDepartmentId');
      if (input.toUserId) await this.requireEligible(s.tx, s.tenantId, input.toUserId, 'toUserId');
      const departmentId = input.toDepartmentId ?? ticket.departmentId;
      await s.tx.insert(handoffs).values({
        tenantId: s.tenantId,
        ticketId: ticket.id,
        reason: input.reason,
        note: input.note ?? null,
        fromUserId: ticket.assigneeId ?? s.userId,
        toUserId: input.toUserId ?? null,
        toDepartmentId: input.toDepartmentId ?? null,
      });
      if (input.note) await this.addNote(s, input.note);
      // Into the human queue, released from whoever had it.
      const [human] = await s.tx
        .update(tickets)
        .set({ queue: 'human', assigneeId: null, departmentId })
        .where(eq(tickets.id, ticket.id))
        .returning();
      await audit(s.tx, {
        action: 'ticket.handoff',
        targetType: 'ticket',
        targetId: ticket.id,
        metadata: {
          conversationId,
          reason: input.reason,
          from: ticket.assigneeId,
          toUserId: input.toUserId ?? null,
          toDepartmentId: input.toDepartmentId ?? null,
        },
      });
      let assignee: string | null = null;
      if (input.toUserId) {
        await this.assignment.assign(s.tx, s.tenantId, human!, input.toUserId, s.outbox, {
          actorUserId: s.userId,
        });
        assignee = input.toUserId;
      } else {
        assignee = await this.assignment.autoAssign(s.tx, s.tenantId, human!, s.outbox, {
          actorUserId: s.userId,
        });
      }
      // The department hears of it (only its members), unless one of them already has it.
      if (!assignee && departmentId) {
        const members = await this.assignment.departmentMemberIds(s.tx, departmentId);
        await this.assignment.notify(
          s.tx,
          s.tenantId,
          human!,
          members.filter((m) => m !== s.userId),
          'ticket.handoff',
          { reason: input.reason },
          s.outbox,
        );
      }
      if (ticket.assigneeId) await this.drainInto(s);
    });
  }

  /** OPEN/FOLLOW_UP → RESOLVED with an outcome; frees the agent's slot (the backlog drains into it). */
  resolve(conversationId: string, input: ResolveTicketInput): Promise<ConversationView> {
    return this.act(conversationId, async (s) => {
      const ticket = await this.openTicket(s.tx, conversationId);
      this.guardOwn(ticket);
      await s.tx
        .update(tickets)
        .set({ status: 'RESOLVED', outcome: input.outcome, resolvedAt: new Date() })
        .where(eq(tickets.id, ticket.id));
      if (input.note) await this.addNote(s, input.note);
      await audit(s.tx, {
        action: 'ticket.resolved',
        targetType: 'ticket',
        targetId: ticket.id,
        metadata: { conversationId, outcome: input.outcome, from: ticket.status },
      });
      if (ticket.assigneeId) await this.drainInto(s);
    });
  }

  /** The latest ticket back to OPEN (from RESOLVED or FOLLOW_UP). */
  reopen(conversationId: string, input: { note?: string | undefined }): Promise<ConversationView> {
    return this.act(conversationId, async (s) => {
      const ticket = await this.latestTicket(s.tx, conversationId);
      if (!ticket) throw new TicketResolvedError('This conversation has no ticket to reopen');
      this.guardOwn(ticket);
      if (ticket.status === 'OPEN') throw new TicketOpenExistsError('The ticket is already open');
      let reopened: TicketRow;
      try {
        [reopened] = (await s.tx.transaction((sp) =>
          sp
            .update(tickets)
            .set({ status: 'OPEN', outcome: null, resolvedAt: null })
            .where(eq(tickets.id, ticket.id))
            .returning(),
        )) as [TicketRow];
      } catch (err) {
        if (isUniqueViolation(err))
          throw new TicketOpenExistsError('Another ticket of this conversation is open');
        throw err;
      }
      if (input.note) await this.addNote(s, input.note);
      await audit(s.tx, {
        action: 'ticket.reopened',
        targetType: 'ticket',
        targetId: ticket.id,
        metadata: { conversationId, from: ticket.status, outcome: ticket.outcome },
      });
      // Back to the same person if they can still take it; else round robin.
      if (reopened.assigneeId && !(await this.assignment.eligible(s.tx, s.tenantId, reopened.assigneeId))) {
        reopened = await this.assignment.assign(s.tx, s.tenantId, reopened, null, s.outbox, {
          actorUserId: s.userId,
        });
      }
      if (!reopened.assigneeId) {
        await this.assignment.autoAssign(s.tx, s.tenantId, reopened, s.outbox, { actorUserId: s.userId });
      }
    });
  }

  /** OPEN → FOLLOW_UP (waiting on the customer; their reply moves it back to OPEN). By ticket id. */
  async followUpTicket(ticketId: string, input: { note?: string | undefined }): Promise<ConversationView> {
    const [t] = await inTenant(this.database, (tx) =>
      tx.select({ conversationId: tickets.conversationId }).from(tickets).where(eq(tickets.id, ticketId)),
    );
    if (!t) throw new NotFoundError('No such ticket');
    return this.act(t.conversationId, async (s) => {
      const [ticket] = await s.tx.select().from(tickets).where(eq(tickets.id, ticketId));
      if (!ticket) throw new NotFoundError('No such ticket');
      this.guardOwn(ticket);
      if (ticket.status !== 'OPEN') {
        throw new TicketStatusInvalidError(
          `Only an OPEN ticket moves to FOLLOW_UP (this one is ${ticket.status})`,
        );
      }
      await s.tx.update(tickets).set({ status: 'FOLLOW_UP' }).where(eq(tickets.id, ticket.id));
      if (input.note) await this.addNote(s, input.note);
      await audit(s.tx, {
        action: 'ticket.follow-up',
        targetType: 'ticket',
        targetId: ticket.id,
        metadata: { conversationId: ticket.conversationId },
      });
    });
  }

  /** The conversation's open ticket to FOLLOW_UP (same as `POST /tickets/:id/follow-up`). */
  async followUp(conversationId: string, input: { note?: string | undefined }) {
    const ticket = await inTenant(this.database, (tx) => this.openTicket(tx, conversationId)).catch(
      (err: unknown) => {
        if (err instanceof TicketResolvedError) return null;
        throw err;
      },
    );
    if (!ticket) {
      // 404 for another tenant's id, 409 for a conversation without an open ticket.
      await this.act(conversationId, async () => {});
      throw new TicketResolvedError('This conversation has no open ticket');
    }
    return this.followUpTicket(ticket.id, input);
  }

  // ------------------------------------------------------------------ notes

  private async noteViews(tx: Tx, where: ReturnType<typeof eq>): Promise<NoteView[]> {
    const rows = await tx
      .select({ note: notes, authorName: users.name })
      .from(notes)
      .leftJoin(users, eq(users.id, notes.authorId))
      .where(where)
      .orderBy(desc(notes.createdAt), desc(notes.id));
    return rows.map(({ note: n, authorName }) => ({
      id: n.id,
      conversationId: n.conversationId,
      contactId: n.contactId,
      author: n.authorId ? { id: n.authorId, name: authorName ?? '' } : null,
      text: n.text,
      createdAt: n.createdAt.toISOString(),
    }));
  }

  /** An internal note on the conversation (and its contact's journey); any AGENT may add one. */
  async addConversationNote(conversationId: string, text: string): Promise<NoteView> {
    const ctx = requireContext();
    const outbox: RealtimeEvent[] = [];
    const view = await inTenant(this.database, async (tx) => {
      const [conversation] = await tx
        .select()
        .from(conversations)
        .where(eq(conversations.id, conversationId));
      if (!conversation) throw new NotFoundError('No such conversation');
      const n = await this.addNote(
        {
          tx,
          tenantId: ctx.tenantId,
          userId: ctx.userId ?? null,
          conversation,
          outbox,
          touched: new Set(),
        },
        text,
      );
      await audit(tx, {
        action: 'note.created',
        targetType: 'note',
        targetId: n.id,
        metadata: { conversationId },
      });
      const [v] = await this.noteViews(tx, eq(notes.id, n.id));
      outbox.push({ type: 'note.created', data: v });
      return v!;
    });
    await this.realtime.publish(ctx.tenantId, outbox[0]!, { conversationId });
    return view;
  }

  async conversationNotes(conversationId: string): Promise<{ items: NoteView[] }> {
    return inTenant(this.database, async (tx) => {
      const [c] = await tx
        .select({ id: conversations.id, contactId: conversations.contactId })
        .from(conversations)
        .where(eq(conversations.id, conversationId));
      if (!c) throw new NotFoundError('No such conversation');
      return { items: await this.noteViews(tx, eq(notes.conversationId, conversationId)) };
    });
  }

  // ------------------------------------------------------------------ journey

  /** The contact's journey: first touch, every ticket (all channels, newest first) with source and outcome, notes. */
  async journey(contactId: string): Promise<ContactJourney> {
    return inTenant(this.database, async (tx) => {
      const [c] = await tx.select().from(contacts).where(eq(contacts.id, contactId));
      if (!c) throw new NotFoundError('No such contact');
      const rows = await tx
        .select({
          ticket: tickets,
          channelId: conversations.channelId,
          assigneeName: users.name,
          departmentName: departments.name,
          messageCount: sql<number>`(select count(*)::int from messages m where m.ticket_id = ${tickets.id})`,
        })
        .from(tickets)
        .innerJoin(conversations, eq(conversations.id, tickets.conversationId))
        .leftJoin(users, eq(users.id, tickets.assigneeId))
        .leftJoin(departments, eq(departments.id, tickets.departmentId))
        .where(eq(conversations.contactId, contactId))
        .orderBy(desc(tickets.openedAt), desc(tickets.id));
      const contactNotes = await this.noteViews(
        tx,
        or(
          eq(notes.contactId, contactId),
          inArray(
            notes.conversationId,
            tx
              .select({ id: conversations.id })
              .from(conversations)
              .where(eq(conversations.contactId, contactId)),
          ),
        ) as ReturnType<typeof eq>,
      );
      return {
        contact: {
          id: c.id,
          name: c.name,
          phone: c.phoneE164,
          tags: c.tags,
          consent: c.consent,
          firstTouch: c.firstTouch ?? null,
          customFields: c.customFields,
        },
        tickets: rows.map((r) => ({
          id: r.ticket.id,
          conversationId: r.ticket.conversationId,
          channelId: r.channelId,
          status: r.ticket.status,
          queue: r.ticket.queue,
          outcome: r.ticket.outcome ?? null,
          attribution: r.ticket.attribution ?? null,
          source: r.ticket.attribution?.source ?? 'organic',
          assignee: r.ticket.assigneeId ? { id: r.ticket.assigneeId, name: r.assigneeName ?? '' } : null,
          department: r.ticket.departmentId
            ? { id: r.ticket.departmentId, name: r.departmentName ?? '' }
            : null,
          openedAt: r.ticket.openedAt.toISOString(),
          resolvedAt: r.ticket.resolvedAt?.toISOString() ?? null,
          messageCount: Number(r.messageCount),
        })),
        notes: contactNotes,
      };
    });
  }

  // ------------------------------------------------------------------ repair

  /**
   * Fixes a stuck ticket without deleting anything (ADMIN): other open tickets of the conversation are
   * resolved (outcome `other`), the conversation's messages since it opened are attached to it, an
   * assignee who can no longer answer is released (round robin again), an open ticket with no message
   * at all is resolved as `no-response`, and the conversation's copy of the ticket is resynchronised.
   */
  async repair(ticketId: string): Promise<TicketRepairResult> {
    const [t] = await inTenant(this.database, (tx) =>
      tx.select({ conversationId: tickets.conversationId }).from(tickets).where(eq(tickets.id, ticketId)),
    );
    if (!t) throw new NotFoundError('No such ticket');
    const actions: string[] = [];
    const conversation = await this.act(t.conversationId, async (s) => {
      const [ticket] = await s.tx.select().from(tickets).where(eq(tickets.id, ticketId));
      if (!ticket) throw new NotFoundError('No such ticket');
      let current = ticket;
      if (current.status !== 'RESOLVED') {
        const others = await s.tx
          .select()
          .from(tickets)
          .where(
            and(
              eq(tickets.conversationId, current.conversationId),
              ne(tickets.status, 'RESOLVED'),
              ne(tickets.id, current.id),
            ),
          );
        for (const o of others) {
          await s.tx
            .update(tickets)
            .set({ status: 'RESOLVED', outcome: o.outcome ?? 'other', resolvedAt: new Date() })
            .where(eq(tickets.id, o.id));
          actions.push(`closed-duplicate-open:${o.id}`);
        }
        const attached = await s.tx
          .update(messages)
          .set({ ticketId: current.id })
          .where(
            and(
              eq(messages.conversationId, current.conversationId),
              isNull(messages.ticketId),
              gte(messages.createdAt, current.openedAt),
            ),
          )
          .returning({ id: messages.id });
        if (attached.length) actions.push(`attached-messages:${attached.length}`);
        if (current.assigneeId && !(await this.assignment.eligible(s.tx, s.tenantId, current.assigneeId))) {
          current = await this.assignment.assign(s.tx, s.tenantId, current, null, s.outbox, {
            actorUserId: s.userId,
          });
          actions.push('released-ineligible-assignee');
        }
        const [m] = await s.tx.select({ n: count() }).from(messages).where(eq(messages.ticketId, current.id));
        if (Number(m?.n ?? 0) === 0 && current.openedAt.getTime() < Date.now() - 60_000) {
          [current] = (await s.tx
            .update(tickets)
            .set({ status: 'RESOLVED', outcome: 'no-response', resolvedAt: new Date() })
            .where(eq(tickets.id, current.id))
            .returning()) as [TicketRow];
          actions.push('resolved-without-activity');
        } else if (!current.assigneeId) {
          const who = await this.assignment.autoAssign(s.tx, s.tenantId, current, s.outbox, {
            actorUserId: s.userId,
          });
          if (who) actions.push(`assigned:${who}`);
        }
      }
      // The conversation points at the open ticket, else the latest one.
      const [fresh] = await s.tx
        .select()
        .from(tickets)
        .where(eq(tickets.conversationId, current.conversationId))
        .orderBy(sql`(${tickets.status} <> 'RESOLVED') desc`, desc(tickets.openedAt), desc(tickets.id))
        .limit(1);
      if (
        fresh &&
        (s.conversation.ticketId !== fresh.id ||
          s.conversation.ticketStatus !== fresh.status ||
          s.conversation.assigneeId !== fresh.assigneeId ||
          s.conversation.queue !== fresh.queue ||
          s.conversation.departmentId !== fresh.departmentId)
      ) {
        await s.tx
          .update(conversations)
          .set({
            ticketId: fresh.id,
            ticketStatus: fresh.status,
            queue: fresh.queue,
            assigneeId: fresh.assigneeId,
            departmentId: fresh.departmentId,
          })
          .where(eq(conversations.id, current.conversationId));
        if (!actions.length) actions.push('resynced-conversation');
      }
      await audit(s.tx, {
        action: 'ticket.repaired',
        targetType: 'ticket',
        targetId: ticketId,
        metadata: { conversationId: current.conversationId, actions },
      });
      if (
        actions.some((a) => a.startsWith('closed-') || a.startsWith('released-') || a.startsWith('resolved-'))
      ) {
        await this.drainInto(s);
      }
    });
    return { ticketId, actions, conversation };
  }

  // ------------------------------------------------------------------ agents

  /** Availability on/off for the signed-in person; becoming available drains the backlog to them and others. */
  async setAvailability(available: boolean): Promise<{ available: boolean }> {
    const ctx = requireContext();
    if (!ctx.userId) throw new ForbiddenError('Only people have availability');
    const userId = ctx.userId;
    const outbox: RealtimeEvent[] = [];
    await inTenant(this.database, async (tx) => {
      await tx
        .update(memberships)
        .set({ available })
        .where(and(eq(memberships.tenantId, ctx.tenantId), eq(memberships.userId, userId)));
      await audit(tx, {
        action: 'user.availability',
        targetType: 'user',
        targetId: userId,
        metadata: { available },
      });
      if (available) {
        const changed = await this.assignment.drain(tx, ctx.tenantId, outbox);
        for (const v of await conversationViews(tx, changed)) {
          outbox.push({ type: 'conversation.updated', data: v });
        }
      }
      outbox.push({ type: 'agent.availability', data: { userId, available } });
    });
    await this.publish(ctx.tenantId, outbox);
    return { available };
  }

  /** Tenant-wide: who answers, whether available, their open tickets and departments. */
  async agents() {
    return inTenant(this.database, async (tx) => {
      const rows = await tx.execute(sql`
        select m.user_id as id, u.name, m.role, m.available,
               (select count(*)::int from tickets t where t.assignee_id = m.user_id and t.status <> 'RESOLVED') as open_tickets,
               coalesce((select array_agg(dm.department_id::text) from department_members dm where dm.user_id = m.user_id), '{}') as department_ids
          from memberships m join users u on u.id = m.user_id
         where m.disabled_at is null and u.disabled_at is null and m.role <> 'VIEWER'
         order by u.name, m.user_id`);
      return {
        items: rows.rows.map((r) => ({
          id: String(r.id),
          name: String(r.name ?? ''),
          role: String(r.role),
          available: Boolean(r.available),
          openTickets: Number(r.open_tickets),
          departmentIds: (r.department_ids as string[]) ?? [],
        })),
      };
    });
  }

  /** Tenant settings of automatic assignment; turning it on or raising capacity drains the backlog. */
  /** The workspace's assignment switches, hours and holidays, and whether (and why not) it is open now. */
  private async settingsView(tx: Tx, tenantId: string): Promise<InboxSettingsView> {
    const settings = await this.assignment.settings(tx, tenantId);
    const hours = effectiveHours(settings, null);
    return {
      ...settings,
      openNow: hours.open,
      closedReason: hours.open ? null : hours.holiday ? 'holiday' : 'hours',
      holidayToday: hours.holiday,
    };
  }

  async inboxSettings(): Promise<InboxSettingsView> {
    const ctx = requireContext();
    return inTenant(this.database, (tx) => this.settingsView(tx, ctx.tenantId));
  }

  async updateInboxSettings(input: UpdateInboxSettingsInput): Promise<InboxSettingsView> {
    const ctx = requireContext();
    const outbox: RealtimeEvent[] = [];
    const result = await inTenant(this.database, async (tx) => {
      await tx
        .update(tenants)
        .set({
          ...(input.autoAssign !== undefined ? { inboxAutoAssign: input.autoAssign } : {}),
          ...(input.maxOpenPerAgent !== undefined ? { inboxMaxOpenPerAgent: input.maxOpenPerAgent } : {}),
          ...(input.businessHours !== undefined
            ? { inboxBusinessHours: input.businessHours as Record<string, [string, string][]> }
            : {}),
          ...(input.awayMessage !== undefined ? { inboxAwayMessage: input.awayMessage } : {}),
          ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
          ...(input.holidays !== undefined ? { inboxHolidays: input.holidays } : {}),
        })
        .where(eq(tenants.id, ctx.tenantId));
      await audit(tx, {
        action: 'inbox.settings.updated',
        targetType: 'tenant',
        targetId: ctx.tenantId,
        // Field names only for free text (the away message may be long); values for the switches.
        metadata: {
          ...(input.autoAssign !== undefined ? { autoAssign: input.autoAssign } : {}),
          ...(input.maxOpenPerAgent !== undefined ? { maxOpenPerAgent: input.maxOpenPerAgent } : {}),
          ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
          ...(input.holidays !== undefined ? { holidays: input.holidays.length } : {}),
          fields: Object.keys(input).filter((k) => input[k as keyof UpdateInboxSettingsInput] !== undefined),
        },
      });
      const changed = await this.assignment.drain(tx, ctx.tenantId, outbox);
      for (const v of await conversationViews(tx, changed))
        outbox.push({ type: 'conversation.updated', data: v });
      return this.settingsView(tx, ctx.tenantId);
    });
    await this.publish(ctx.tenantId, outbox);
    return result;
  }
}
