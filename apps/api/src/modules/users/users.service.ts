import { type Database, memberships, users } from '@conversa/db';
import type { Member, Role } from '@conversa/shared';
import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import {
  EmailTakenError,
  ForbiddenError,
  LastOwnerError,
  NotFoundError,
  ValidationFailedError,
} from '../../common/errors.ts';
import { audit, inTenant, requireContext } from '../../common/tenancy.ts';
import { DATABASE, REALTIME } from '../../common/tokens.ts';
import type { RealtimePort } from '../../drivers/realtime/realtime.port.ts';
import { hashPassword } from '../auth/auth.service.ts';
import { recheckStreams } from '../realtime/realtime.protocol.ts';

const memberColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: memberships.role,
  available: memberships.available,
  mfaEnabledAt: users.mfaEnabledAt,
  disabledAt: memberships.disabledAt,
  lastLoginAt: users.lastLoginAt,
  createdAt: memberships.createdAt,
};

type MemberRow = { [K in keyof typeof memberColumns]: (typeof memberColumns)[K]['_']['data'] | null };

const toMember = (r: MemberRow): Member => ({
  id: r.id!,
  email: r.email!,
  name: r.name ?? '',
  role: r.role as Role,
  available: Boolean(r.available),
  mfaEnabled: Boolean(r.mfaEnabledAt),
  disabled: Boolean(r.disabledAt),
  lastLoginAt: r.lastLoginAt?.toISOString() ?? null,
  createdAt: r.createdAt!.toISOString(),
});

@Injectable()
export class UsersService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(REALTIME) private readonly realtime: RealtimePort,
  ) {}

  /** Members of the current tenant; RLS on memberships (and users through it) keeps other tenants out. */
  async list(cursor: string | undefined, limit: number) {
    const rows = await inTenant(this.database, (tx) =>
      tx
        .select({ ...memberColumns, membershipId: memberships.id })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(cursor ? gt(memberships.id, cursor) : undefined)
        .orderBy(asc(memberships.id))
        .limit(limit + 1),
    );
    const page = rows.slice(0, limit);
    return { items: page.map(toMember), nextCursor: rows.length > limit ? page.at(-1)!.membershipId : null };
  }

  async get(userId: string): Promise<Member> {
    const [row] = await inTenant(this.database, (tx) =>
      tx
        .select(memberColumns)
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.userId, userId)),
    );
    if (!row) throw new NotFoundError('No such user in this workspace');
    return toMember(row);
  }

  /** Adds a person to the tenant, creating their login when they have none yet. */
  async create(input: { email: string; name: string; role: Role; password?: string }): Promise<Member> {
    const ctx = requireContext();
    if (input.role === 'OWNER' && ctx.role !== 'OWNER')
      throw new ForbiddenError('Only an owner can make another owner');
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    // Logins are global rows that app_user may not insert: this one write goes through the system path.
    const userId = await this.database.system(async (tx) => {
      const [existing] = await tx.select().from(users).where(sql`lower(${users.email}) = ${input.email}`);
      let id = existing?.id;
      if (!existing) {
        if (!passwordHash) {
          throw new ValidationFailedError('A new login needs a password', [
            { path: 'password', message: 'Required for a person without a login yet', code: 'required' },
          ]);
        }
        const [created] = await tx
          .insert(users)
          .values({ email: input.email, name: input.name, passwordHash })
          .returning({ id: users.id });
        id = created!.id;
      }
      const inserted = await tx
        .insert(memberships)
        .values({ tenantId: ctx.tenantId, userId: id!, role: input.role })
        .onConflictDoNothing()
        .returning({ id: memberships.id });
      if (inserted.length === 0) {
        throw new EmailTakenError(`${input.email} is already a member`, [
          { path: 'email', message: 'Already a member of this tenant', code: 'email-taken' },
        ]);
      }
      await audit(tx, {
        action: 'user.added',
        targetType: 'user',
        targetId: id!,
        metadata: { email: input.email, role: input.role },
      });
      return id!;
    });
    return this.get(userId);
  }

  async update(userId: string, patch: { name?: string; role?: Role; disabled?: boolean }): Promise<Member> {
    const ctx = requireContext();
    const current = await this.get(userId);
    if (
      (patch.role === 'OWNER' || current.role === 'OWNER') &&
      ctx.role !== 'OWNER' &&
      patch.role !== undefined
    ) {
      throw new ForbiddenError('Only an owner can grant or take away the owner role');
    }
    if (patch.disabled && userId === ctx.userId) throw new ForbiddenError('You cannot disable yourself');
    const losesOwner = current.role === 'OWNER' && ((patch.role && patch.role !== 'OWNER') || patch.disabled);
    await inTenant(this.database, async (tx) => {
      if (losesOwner) {
        const [{ n } = { n: 0 }] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(memberships)
          .innerJoin(users, eq(users.id, memberships.userId))
          .where(and(eq(memberships.role, 'OWNER'), isNull(memberships.disabledAt), ne(users.id, userId)));
        if (n === 0) throw new LastOwnerError('This is the last active owner');
      }
      if (patch.role !== undefined || patch.disabled !== undefined) {
        await tx
          .update(memberships)
          .set({
            ...(patch.role ? { role: patch.role } : {}),
            ...(patch.disabled !== undefined ? { disabledAt: patch.disabled ? new Date() : null } : {}),
          })
          .where(eq(memberships.userId, userId));
      }
      if (patch.name !== undefined)
        await tx.update(users).set({ name: patch.name }).where(eq(users.id, userId));
      await audit(tx, { action: 'user.updated', targetType: 'user', targetId: userId, metadata: patch });
    });
    // A disabled member's open streams end now; a role change takes effect on their next request.
    if (patch.disabled) await recheckStreams(this.realtime, ctx.tenantId, { userId });
    return this.get(userId);
  }
}
