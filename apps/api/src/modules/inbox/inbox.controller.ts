import {
  assignTicketSchema,
  createDepartmentSchema,
  createNoteSchema,
  followUpTicketSchema,
  handoffTicketSchema,
  inboxStatsQuerySchema,
  reopenTicketSchema,
  resolveTicketSchema,
  updateDepartmentSchema,
  updateInboxSettingsSchema,
} from '@conversa/shared';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { z } from 'zod';
import { MinRole } from '../../common/auth.decorators.ts';
import { DepartmentsService } from './departments.service.ts';
import { InboxStatsService } from './stats.service.ts';
import { TicketsService } from './tickets.service.ts';

const idParam = z.uuid();
const settingsBody = updateInboxSettingsSchema.refine((v) => Object.values(v).some((x) => x !== undefined), {
  message: 'Nothing to change',
});

/**
 * The ticket workflow on a conversation's current ticket (API.md "Inbox"). Each answers the new
 * ConversationView, also published as realtime `conversation.updated`. AGENT acts on own or
 * unassigned tickets; MANAGER and up on any.
 */
@Controller('api/v1/conversations')
export class ConversationTicketsController {
  constructor(@Inject(TicketsService) private readonly tickets: TicketsService) {}

  @Post(':id/assign')
  @MinRole('AGENT')
  @HttpCode(200)
  assign(
    @Param('id', { schema: idParam }) id: string,
    @Body({ schema: assignTicketSchema }) body: z.infer<typeof assignTicketSchema>,
  ) {
    return this.tickets.assign(id, body);
  }

  @Post(':id/handoff')
  @MinRole('AGENT')
  @HttpCode(200)
  handoff(
    @Param('id', { schema: idParam }) id: string,
    @Body({ schema: handoffTicketSchema }) body: z.infer<typeof handoffTicketSchema>,
  ) {
    return this.tickets.handoff(id, body);
  }

  @Post(':id/resolve')
  @MinRole('AGENT')
  @HttpCode(200)
  resolve(
    @Param('id', { schema: idParam }) id: string,
    @Body({ schema: resolveTicketSchema }) body: z.infer<typeof resolveTicketSchema>,
  ) {
    return this.tickets.resolve(id, body);
  }

  @Post(':id/reopen')
  @MinRole('AGENT')
  @HttpCode(200)
  reopen(
    @Param('id', { schema: idParam }) id: string,
    @Body({ schema: reopenTicketSchema.optional() }) body: z.infer<typeof reopenTicketSchema> | undefined,
  ) {
    return this.tickets.reopen(id, body ?? {});
  }

  /** Same as `POST /tickets/:id/follow-up` on the conversation's open ticket. */
  @Post(':id/follow-up')
  @MinRole('AGENT')
  @HttpCode(200)
  followUp(
    @Param('id', { schema: idParam }) id: string,
    @Body({ schema: followUpTicketSchema.optional() }) body: z.infer<typeof followUpTicketSchema> | undefined,
  ) {
    return this.tickets.followUp(id, body ?? {});
  }

  @Get(':id/notes')
  notes(@Param('id', { schema: idParam }) id: string) {
    return this.tickets.conversationNotes(id);
  }

  @Post(':id/notes')
  @MinRole('AGENT')
  addNote(
    @Param('id', { schema: idParam }) id: string,
    @Body({ schema: createNoteSchema }) body: z.infer<typeof createNoteSchema>,
  ) {
    return this.tickets.addConversationNote(id, body.text);
  }
}

@Controller('api/v1/tickets')
export class TicketsController {
  constructor(@Inject(TicketsService) private readonly tickets: TicketsService) {}

  /** OPEN → FOLLOW_UP; the customer's next message moves it back to OPEN. */
  @Post(':id/follow-up')
  @MinRole('AGENT')
  @HttpCode(200)
  followUp(
    @Param('id', { schema: idParam }) id: string,
    @Body({ schema: followUpTicketSchema.optional() }) body: z.infer<typeof followUpTicketSchema> | undefined,
  ) {
    return this.tickets.followUpTicket(id, body ?? {});
  }

  /** Fixes a stuck ticket (two open, messages off the ticket, a gone assignee…) without deleting anything. */
  @Post(':id/repair')
  @MinRole('ADMIN')
  @HttpCode(200)
  repair(@Param('id', { schema: idParam }) id: string) {
    return this.tickets.repair(id);
  }
}

@Controller('api/v1/departments')
export class DepartmentsController {
  constructor(@Inject(DepartmentsService) private readonly departments: DepartmentsService) {}

  @Get()
  list() {
    return this.departments.list();
  }

  @Post()
  @MinRole('MANAGER')
  create(@Body({ schema: createDepartmentSchema }) body: z.infer<typeof createDepartmentSchema>) {
    return this.departments.create(body);
  }

  @Get(':id')
  get(@Param('id', { schema: idParam }) id: string) {
    return this.departments.get(id);
  }

  @Patch(':id')
  @MinRole('MANAGER')
  update(
    @Param('id', { schema: idParam }) id: string,
    @Body({ schema: updateDepartmentSchema }) body: z.infer<typeof updateDepartmentSchema>,
  ) {
    return this.departments.update(id, body);
  }

  /** Its tickets and numbers stay, outside any department; its members stay in the workspace. */
  @Delete(':id')
  @MinRole('MANAGER')
  @HttpCode(204)
  async remove(@Param('id', { schema: idParam }) id: string) {
    await this.departments.remove(id);
  }
}

@Controller('api/v1')
export class InboxController {
  constructor(
    @Inject(TicketsService) private readonly tickets: TicketsService,
    @Inject(InboxStatsService) private readonly statsService: InboxStatsService,
  ) {}

  /**
   * The overview's numbers for the last 7 or 30 days in the tenant's time zone. Readable by every role,
   * like the conversations themselves; the per-agent table only for MANAGER and up.
   */
  @Get('inbox/stats')
  stats(@Query({ schema: inboxStatsQuerySchema }) q: z.infer<typeof inboxStatsQuerySchema>) {
    return this.statsService.stats(q.days);
  }

  /** The contact's journey: every ticket with source and outcome, first touch, notes. */
  @Get('contacts/:id/journey')
  journey(@Param('id', { schema: idParam }) id: string) {
    return this.tickets.journey(id);
  }

  /** People who answer conversations, their availability and open tickets (per-agent view). */
  @Get('inbox/agents')
  agents() {
    return this.tickets.agents();
  }

  @Get('inbox/settings')
  settings() {
    return this.tickets.inboxSettings();
  }

  @Put('inbox/settings')
  @MinRole('ADMIN')
  updateSettings(@Body({ schema: settingsBody }) body: z.infer<typeof settingsBody>) {
    return this.tickets.updateInboxSettings(body);
  }
}
