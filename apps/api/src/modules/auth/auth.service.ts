import { type Database, memberships, tenants, users } from '@conversa/db';
import type { LoginInput, Me, Role } from '@conversa/shared';
import { Inject, Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { generate, generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { currentContext } from '../../common/context.ts';
import { Encryptor, randomToken, sha256 } from '../../common/crypto.ts';
import {
  ForbiddenError,
  InvalidCredentialsError,
  MfaAlreadyEnabledError,
  MfaInvalidError,
  MfaNotEnrolledError,
  UnauthenticatedError,
} from '../../common/errors.ts';
import { audit } from '../../common/tenancy.ts';
import { DATABASE, ENCRYPTOR } from '../../common/tokens.ts';
import { LoginLimiter } from './login-limiter.ts';
import { SessionsService } from './sessions.service.ts';

export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

// Verifying against a fixed hash when the e-mail is unknown keeps both answers equally slow.
let dummyHash: Promise<string> | undefined;

const RECOVERY_CODES = 10;
const newRecoveryCode = () => {
  const raw = randomToken(8)
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase()
    .padEnd(10, '7')
    .slice(0, 10);
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
};

type LoginResult = { mfaRequired: true } | { mfaRequired: false; me: Me; token: string; expiresAt: Date };

@Injectable()
export class AuthService {
  private readonly limiter: LoginLimiter;
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(ENCRYPTOR) private readonly encryptor: Encryptor,
    @Inject(SessionsService) private readonly sessions: SessionsService,
  ) {
    this.limiter = new LoginLimiter(database);
  }

  async login(input: LoginInput, meta: { ip: string; userAgent?: string }): Promise<LoginResult> {
    await this.limiter.check(input.email, meta.ip);
    const [user] = await this.database.system((tx) =>
      tx.select().from(users).where(sql`lower(${users.email}) = ${input.email}`),
    );
    dummyHash ??= hashPassword(randomToken());
    const ok = await argon2
      .verify(user?.passwordHash ?? (await dummyHash), input.password)
      .catch(() => false);
    if (!user || !ok || user.disabledAt) {
      await this.limiter.fail(input.email, meta.ip);
      throw new InvalidCredentialsError('The e-mail or password is wrong');
    }
    if (user.mfaEnabledAt) {
      if (!input.totp) return { mfaRequired: true };
      if (!(await this.checkSecondFactor(user, input.totp))) {
        await this.limiter.fail(input.email, meta.ip);
        throw new MfaInvalidError('The verification code is wrong or expired');
      }
    }
    const [membership] = await this.database.system((tx) =>
      tx
        .select({ tenantId: memberships.tenantId })
        .from(memberships)
        .where(and(eq(memberships.userId, user.id), isNull(memberships.disabledAt)))
        .orderBy(asc(memberships.createdAt))
        .limit(1),
    );
    if (!membership)
      throw new ForbiddenError('This login belongs to no workspace; ask an administrator to add you');
    await this.limiter.succeed(input.email, meta.ip);
    const session = await this.sessions.create(user.id, membership.tenantId, meta);
    const ctx = currentContext();
    if (ctx)
      Object.assign(ctx, {
        tenantId: membership.tenantId,
        userId: user.id,
        actor: { type: 'user', id: user.id },
      });
    await this.database.tenant(membership.tenantId, (tx) =>
      audit(tx, {
        action: 'auth.login',
        targetType: 'user',
        targetId: user.id,
        metadata: { mfa: Boolean(user.mfaEnabledAt) },
      }),
    );
    await this.database.system((tx) =>
      tx.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id)),
    );
    return {
      mfaRequired: false,
      me: await this.me(user.id, membership.tenantId),
      token: session.token,
      expiresAt: session.expiresAt,
    };
  }

  private async checkSecondFactor(user: typeof users.$inferSelect, code: string): Promise<boolean> {
    const clean = code.replace(/\s/g, '');
    if (/^\d{6}$/.test(clean) && user.mfaSecret) {
      const secret = this.encryptor.decrypt(user.mfaSecret);
      // One 30-second step either side absorbs clock drift on phones.
      return (await verify({ secret, token: clean, epochTolerance: 30 })).valid;
    }
    const hash = sha256(clean.toLowerCase());
    if (!user.recoveryCodes.includes(hash)) return false;
    await this.database.system((tx) =>
      tx
        .update(users)
        .set({ recoveryCodes: user.recoveryCodes.filter((h) => h !== hash) })
        .where(eq(users.id, user.id)),
    );
    return true;
  }

  async me(userId: string, tenantId: string): Promise<Me> {
    return this.database.system(async (tx) => {
      const [user] = await tx.select().from(users).where(eq(users.id, userId));
      const rows = await tx
        .select({
          id: tenants.id,
          name: tenants.name,
          slug: tenants.slug,
          timezone: tenants.timezone,
          role: memberships.role,
          available: memberships.available,
        })
        .from(memberships)
        .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
        .where(and(eq(memberships.userId, userId), isNull(memberships.disabledAt)))
        .orderBy(asc(tenants.name));
      const current = rows.find((r) => r.id === tenantId);
      if (!user || !current) throw new UnauthenticatedError('The signed-in user or tenant no longer exists');
      return {
        user: {
          id: user.id,
          email: user.email,
          name: user.name,
          isSuperAdmin: user.isSuperAdmin,
          mfaEnabled: Boolean(user.mfaEnabledAt),
        },
        tenant: { id: current.id, name: current.name, slug: current.slug, timezone: current.timezone },
        role: current.role as Role,
        available: current.available,
        defaultPasswordInUse: user.passwordIsDefault,
        tenants: rows.map((r) => ({ id: r.id, name: r.name, role: r.role as Role })),
      };
    });
  }

  async switchTenant(userId: string, sessionId: string, tenantId: string): Promise<Me> {
    const [m] = await this.database.system((tx) =>
      tx
        .select({ id: memberships.id })
        .from(memberships)
        .where(
          and(
            eq(memberships.userId, userId),
            eq(memberships.tenantId, tenantId),
            isNull(memberships.disabledAt),
          ),
        ),
    );
    if (!m) throw new ForbiddenError('You are not a member of that workspace');
    await this.sessions.switchTenant(sessionId, tenantId);
    await this.database.tenant(tenantId, (tx) =>
      audit(tx, { action: 'auth.switch-tenant', targetType: 'tenant', targetId: tenantId, tenantId }),
    );
    return this.me(userId, tenantId);
  }

  async changePassword(userId: string, sessionId: string | undefined, current: string, next: string) {
    const [user] = await this.database.system((tx) => tx.select().from(users).where(eq(users.id, userId)));
    if (!user || !(await argon2.verify(user.passwordHash, current))) {
      throw new InvalidCredentialsError('The current password is wrong');
    }
    const passwordHash = await hashPassword(next);
    await this.database.system((tx) =>
      tx.update(users).set({ passwordHash, passwordIsDefault: false }).where(eq(users.id, userId)),
    );
    await this.sessions.revokeOthers(userId, sessionId);
    await this.auditSelf('auth.password-changed', userId);
  }

  async mfaSetup(userId: string) {
    const [user] = await this.database.system((tx) => tx.select().from(users).where(eq(users.id, userId)));
    if (!user) throw new UnauthenticatedError('Unknown user');
    if (user.mfaEnabledAt) throw new MfaAlreadyEnabledError('Two-factor authentication is already on');
    const secret = generateSecret();
    await this.database.system((tx) =>
      tx
        .update(users)
        .set({ mfaSecret: this.encryptor.encrypt(secret) })
        .where(eq(users.id, userId)),
    );
    const otpauthUri = generateURI({ issuer: 'Conversa', label: user.email, secret });
    return { secret, otpauthUri, qrDataUrl: await QRCode.toDataURL(otpauthUri, { margin: 1, width: 240 }) };
  }

  async mfaEnable(userId: string, code: string) {
    const [user] = await this.database.system((tx) => tx.select().from(users).where(eq(users.id, userId)));
    if (!user?.mfaSecret) throw new MfaNotEnrolledError('Call /auth/mfa/setup first');
    if (user.mfaEnabledAt) throw new MfaAlreadyEnabledError('Two-factor authentication is already on');
    const valid = (
      await verify({
        secret: this.encryptor.decrypt(user.mfaSecret),
        token: code.replace(/\s/g, ''),
        epochTolerance: 30,
      })
    ).valid;
    if (!valid) throw new MfaInvalidError('The verification code is wrong or expired');
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    await this.database.system((tx) =>
      tx
        .update(users)
        .set({ mfaEnabledAt: new Date(), recoveryCodes: codes.map((c) => sha256(c)) })
        .where(eq(users.id, userId)),
    );
    await this.auditSelf('auth.mfa-enabled', userId);
    return { recoveryCodes: codes };
  }

  async mfaDisable(userId: string, code: string) {
    const [user] = await this.database.system((tx) => tx.select().from(users).where(eq(users.id, userId)));
    if (!user?.mfaEnabledAt) throw new MfaNotEnrolledError('Two-factor authentication is not on');
    if (!(await this.checkSecondFactor(user, code)))
      throw new MfaInvalidError('The verification code is wrong or expired');
    await this.database.system((tx) =>
      tx
        .update(users)
        .set({ mfaEnabledAt: null, mfaSecret: null, recoveryCodes: [] })
        .where(eq(users.id, userId)),
    );
    await this.auditSelf('auth.mfa-disabled', userId);
  }

  private async auditSelf(action: string, userId: string) {
    const tenantId = currentContext()?.tenantId;
    if (tenantId)
      await this.database.tenant(tenantId, (tx) =>
        audit(tx, { action, targetType: 'user', targetId: userId }),
      );
  }
}

/** For tests: the current TOTP code for a secret. */
export const totpFor = (secret: string) => generate({ secret });
