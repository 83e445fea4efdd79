import {
  consentChangeSchema,
  createBlocklistEntrySchema,
  createContactSchema,
  deleteBlocklistQuerySchema,
  exportContactsQuerySchema,
  listBlocklistQuerySchema,
  listContactsQuerySchema,
  updateContactSchema,
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
  Query,
  Res,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { MinRole } from '../../common/auth.decorators.ts';
import { BlocklistService } from './blocklist.service.ts';
import { ContactsService } from './contacts.service.ts';

const idParam = z.uuid();

/**
 * API.md "Contacts". VIEWER reads; AGENT creates, edits and records consent; MANAGER exports (one
 * contact's data, the CSV list); ADMIN erases (LGPD, irreversible).
 */
@Controller('api/v1/contacts')
export class ContactsController {
  constructor(@Inject(ContactsService) private readonly contacts: ContactsService) {}

  @Get()
  list(@Query({ schema: listContactsQuerySchema }) q: z.infer<typeof listContactsQuerySchema>) {
    return this.contacts.list(q);
  }

  @Post()
  @MinRole('AGENT')
  create(@Body({ schema: createContactSchema }) body: z.infer<typeof createContactSchema>) {
    return this.contacts.create(body);
  }

  // Before ':id' so that "export.csv" is not read as an id.
  @Get('export.csv')
  @MinRole('MANAGER')
  exportCsv(
    @Query({ schema: exportContactsQuerySchema }) q: z.infer<typeof exportContactsQuerySchema>,
    @Res() reply: FastifyReply,
  ) {
    const stamp = new Date().toISOString().slice(0, 10);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="contacts-${stamp}.csv"`)
      .header('cache-control', 'no-store')
      .send(this.contacts.exportCsv(q));
  }

  @Get(':id')
  get(@Param('id', { schema: idParam }) id: string) {
    return this.contacts.get(id);
  }

  @Patch(':id')
  @MinRole('AGENT')
  update(
    @Param('id', { schema: idParam }) id: string,
    @Body({ schema: updateContactSchema }) body: z.infer<typeof updateContactSchema>,
  ) {
    return this.contacts.update(id, body);
  }

  @Delete(':id')
  @MinRole('ADMIN')
  @HttpCode(200)
  erase(@Param('id', { schema: idParam }) id: string) {
    return this.contacts.erase(id);
  }

  @Post(':id/opt-in')
  @MinRole('AGENT')
  @HttpCode(200)
  optIn(
    @Param('id', { schema: idParam }) id: string,
    @Body({ schema: consentChangeSchema }) body: z.infer<typeof consentChangeSchema>,
  ) {
    return this.contacts.setConsent(id, 'opted_in', body);
  }

  @Post(':id/opt-out')
  @MinRole('AGENT')
  @HttpCode(200)
  optOut(
    @Param('id', { schema: idParam }) id: string,
    @Body({ schema: consentChangeSchema }) body: z.infer<typeof consentChangeSchema>,
  ) {
    return this.contacts.setConsent(id, 'opted_out', body);
  }

  @Get(':id/export')
  @MinRole('MANAGER')
  exportOne(@Param('id', { schema: idParam }) id: string) {
    return this.contacts.exportOne(id);
  }
}

/** API.md "Contacts" blocklist: AGENT reads and adds (an abusive sender), MANAGER removes. */
@Controller('api/v1/blocklist')
export class BlocklistController {
  constructor(@Inject(BlocklistService) private readonly blocklist: BlocklistService) {}

  @Get()
  @MinRole('AGENT')
  list(@Query({ schema: listBlocklistQuerySchema }) q: z.infer<typeof listBlocklistQuerySchema>) {
    return this.blocklist.list(q);
  }

  @Post()
  @MinRole('AGENT')
  create(@Body({ schema: createBlocklistEntrySchema }) body: z.infer<typeof createBlocklistEntrySchema>) {
    return this.blocklist.create(body);
  }

  @Delete()
  @MinRole('MANAGER')
  @HttpCode(204)
  async removeBy(
    @Query({ schema: deleteBlocklistQuerySchema }) q: z.infer<typeof deleteBlocklistQuerySchema>,
  ) {
    await this.blocklist.remove(q);
  }

  @Delete(':id')
  @MinRole('MANAGER')
  @HttpCode(204)
  async remove(@Param('id', { schema: idParam }) id: string) {
    await this.blocklist.remove({ id });
  }
}
