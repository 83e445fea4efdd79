import { auditLogs, type Database, users } from '@conversa/db';
import { pageQuerySchema } from '@conversa/shared';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { desc, eq, lt } from 'drizzle-orm';
import type { z } from 'zod';
import { MinRole } from '../../common/auth.decorators.ts';
import { inTenant } from '../../common/tenancy.ts';
import { DATABASE } from '../../common/tokens.ts';

@Controller('api/v1/audit-logs')
@MinRole('ADMIN')
export class AuditController {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** Newest first; ids are UUIDv7, so the id is the cursor. */
  @Get()
  async list(@Query({ schema: pageQuerySchema }) q: z.infer<typeof pageQuerySchema>) {
    const rows = await inTenant(this.database, (tx) =>
      tx
        .select({ log: auditLogs, actorName: users.name, actorEmail: users.email })
        .from(auditLogs)
        .leftJoin(users, eq(users.id, auditLogs.actorId))
        .where(q.cursor ? lt(auditLogs.id, q.cursor) : undefined)
        .orderBy(desc(auditLogs.id))
        .limit(q.limit + 1),
    );
    const page = rows.slice(0, q.limit);
    return {
      items: page.map(({ log, actorName, actorEmail }) => ({
        id: log.id,
        actorType: log.actorType,
        actorId: log.actorId,
        actorName: actorName || actorEmail || null,
        action: log.action,
        targetType: log.targetType,
        targetId: log.targetId,
        metadata: log.metadata,
        createdAt: log.createdAt.toISOString(),
      })),
      nextCursor: rows.length > q.limit ? page.at(-1)!.log.id : null,
    };
  }
}
