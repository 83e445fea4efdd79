import { availabilitySchema, createUserSchema, pageQuerySchema, updateUserSchema } from '@conversa/shared';
import { Body, Controller, Get, Inject, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { z } from 'zod';
import { MinRole } from '../../common/auth.decorators.ts';
import { TicketsService } from '../inbox/tickets.service.ts';
import { UsersService } from './users.service.ts';

const idParam = z.uuid();

@Controller('api/v1/users')
export class UsersController {
  constructor(
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(TicketsService) private readonly inbox: TicketsService,
  ) {}

  @Get()
  list(@Query({ schema: pageQuerySchema }) q: z.infer<typeof pageQuerySchema>) {
    return this.users.list(q.cursor, q.limit);
  }

  @Post()
  @MinRole('ADMIN')
  create(@Body({ schema: createUserSchema }) body: z.infer<typeof createUserSchema>) {
    return this.users.create(body);
  }

  /** Automatic assignment skips unavailable agents; becoming available drains the backlog (inbox module). */
  @Put('me/availability')
  @MinRole('AGENT')
  availability(@Body({ schema: availabilitySchema }) body: z.infer<typeof availabilitySchema>) {
    return this.inbox.setAvailability(body.available);
  }

  @Get(':id')
  get(@Param('id', { schema: idParam }) id: string) {
    return this.users.get(id);
  }

  @Patch(':id')
  @MinRole('ADMIN')
  update(
    @Param('id', { schema: idParam }) id: string,
    @Body({ schema: updateUserSchema }) body: z.infer<typeof updateUserSchema>,
  ) {
    return this.users.update(id, body);
  }
}
