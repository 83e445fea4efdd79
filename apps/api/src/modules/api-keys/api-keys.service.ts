import { apiKeys, type Database } from '@conversa/db';
import type { Role } from '@conversa/shared';
import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { randomToken, sha256 } from '../../common/crypto.ts';
import { ForbiddenError, NotFoundError } from '../../common/errors.ts';
import { audit, inTenant, requireContext } from '../../common/tenancy.ts';
import { DATABASE, REALTIME } from '../../common/tokens.ts';
import type { RealtimePort } from '../../drivers/realtime/realtime.port.ts';
import { SessionsService } from '../auth/sessions.service.ts';
import { recheckStreams } from '../realtime/realtime.protocol.ts';

const view = (k: typeof apiKeys.$inferSelect) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  role: k.role,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

@Injectable()
export class ApiKeysService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(REALTIME) private readonly realtime: RealtimePort,
  ) {}

  async list() {
    const rows = await inTenant(this.database, (tx) =>
      tx.select().from(apiKeys).orderBy(desc(apiKeys.createdAt)),
    );
    return { items: rows.map(view), nextCursor: null };
  }

  /** The secret is returned this once; only its sha256 is kept. */
  async create(input: { name: string; role: Exclude<Role, 'OWNER'> }) {
    const ctx = requireContext();
    if (input.role === 'ADMIN' && ctx.role !== 'OWNER' && ctx.role !== 'ADMIN')
      throw new ForbiddenError('Cannot grant more than your role');
    const random = randomToken(32);
    const secret = SessionsService.formatApiKey(ctx.tenantId, random);
    const prefix = random.slice(0, 8);
    const row = await inTenant(this.database, async (tx) => {
      const [k] = await tx
        .insert(apiKeys)
        .values({
          tenantId: ctx.tenantId,
          name: input.name,
          role: input.role,
          prefix,
          secretHash: sha256(secret),
          createdBy: ctx.userId ?? null,
        })
        .returning();
      await audit(tx, {
        action: 'api-key.created',
        targetType: 'api_key',
        targetId: k!.id,
        metadata: { name: input.name, role: input.role },
      });
      return k!;
    });
    return { ...view(row), secret };
  }

  async revoke(id: string) {
    await inTenant(this.database, async (tx) => {
      const done = await tx
        .update(apiKeys)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
        .returning({ id: apiKeys.id });
      if (done.length === 0) throw new NotFoundError('No such active API key');
      await audit(tx, { action: 'api-key.revoked', targetType: 'api_key', targetId: id });
    });
    await recheckStreams(this.realtime, requireContext().tenantId, { apiKeyId: id });
  }
}
