import { type Database, memberships, tenants, users } from '@conversa/db';
import { Inject, Injectable } from '@nestjs/common';
import { count, desc, eq, sql } from 'drizzle-orm';
import { EmailTakenError } from '../../common/errors.ts';
import { audit } from '../../common/tenancy.ts';
import { DATABASE } from '../../common/tokens.ts';
import { hashPassword } from '../auth/auth.service.ts';

export const slugify = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40) || 'tenant';

/** Platform-level tenant administration (SUPER_ADMIN): crosses tenants by design, so it uses the system path. */
@Injectable()
export class TenantsService {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async list() {
    const rows = await this.database.system((tx) =>
      tx
        .select({
          id: tenants.id,
          name: tenants.name,
          slug: tenants.slug,
          timezone: tenants.timezone,
          createdAt: tenants.createdAt,
          members: count(memberships.id),
        })
        .from(tenants)
        .leftJoin(memberships, eq(memberships.tenantId, tenants.id))
        .groupBy(tenants.id)
        .orderBy(desc(tenants.createdAt)),
    );
    return {
      items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), members: Number(r.members) })),
      nextCursor: null,
    };
  }

  async create(
    input: { name: string; timezone: string; owner: { email: string; password: string; name?: string } },
    opts: { passwordIsDefault?: boolean; superAdmin?: boolean } = {},
  ) {
    const passwordHash = await hashPassword(input.owner.password);
    return this.database.system(async (tx) => {
      const base = slugify(input.name);
      const [{ n } = { n: 0 }] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(tenants)
        .where(sql`lower(slug) like ${`${base}%`}`);
      const [tenant] = await tx
        .insert(tenants)
        .values({ name: input.name, slug: n ? `${base}-${n + 1}` : base, timezone: input.timezone })
        .returning();
      const [existing] = await tx
        .select()
        .from(users)
        .where(sql`lower(${users.email}) = ${input.owner.email}`);
      if (existing && !opts.superAdmin) {
        // An existing login keeps its password; it simply gains the new workspace.
        await tx.insert(memberships).values({ tenantId: tenant!.id, userId: existing.id, role: 'OWNER' });
      } else if (existing) {
        throw new EmailTakenError(`${input.owner.email} already exists`);
      }
      const ownerId =
        existing?.id ??
        (
          await tx
            .insert(users)
            .values({
              email: input.owner.email,
              name: input.owner.name ?? '',
              passwordHash,
              isSuperAdmin: Boolean(opts.superAdmin),
              passwordIsDefault: Boolean(opts.passwordIsDefault),
            })
            .returning({ id: users.id })
        )[0]!.id;
      if (!existing)
        await tx.insert(memberships).values({ tenantId: tenant!.id, userId: ownerId, role: 'OWNER' });
      await audit(tx, {
        tenantId: tenant!.id,
        action: 'tenant.created',
        targetType: 'tenant',
        targetId: tenant!.id,
        metadata: { owner: input.owner.email },
      });
      return {
        id: tenant!.id,
        name: tenant!.name,
        slug: tenant!.slug,
        timezone: tenant!.timezone,
        createdAt: tenant!.createdAt.toISOString(),
        members: 1,
        ownerId,
      };
    });
  }
}
