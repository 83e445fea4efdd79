import { apiKeys, type Database, memberships, sessions, tenants, users } from '@conversa/db';
import type { Role } from '@conversa/shared';
import { Inject, Injectable } from '@nestjs/common';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { randomToken, safeEqual, sha256 } from '../../common/crypto.ts';
import { ApiKeyInvalidError, ApiKeyUnknownTenantError, SessionExpiredError } from '../../common/errors.ts';
import { CONFIG, DATABASE, REALTIME } from '../../common/tokens.ts';
import type { AppConfig } from '../../config/config.schema.ts';
import type { RealtimePort } from '../../drivers/realtime/realtime.port.ts';
import { recheckStreams } from '../realtime/realtime.protocol.ts';

export const SESSION_COOKIE = 'conversa_session';

export interface Principal {
  tenantId: string;
  role: Role;
  userId: string | null;
  sessionId?: string;
  apiKeyId?: string;
  isSuperAdmin: boolean;
}

/** `cvk_<tenant id, 32 hex>_<secret>`: the tenant is readable so a key for a deleted tenant gets a precise error. */
const API_KEY = /^cvk_([0-9a-f]{32})_([A-Za-z0-9_-]{40,60})$/;

@Injectable()
export class SessionsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(REALTIME) private readonly realtime: RealtimePort,
  ) {}

  async create(userId: string, tenantId: string, meta: { ip?: string; userAgent?: string }) {
    const token = randomToken(32);
    const expiresAt = new Date(Date.now() + this.config.SESSION_TTL_HOURS * 3600_000);
    const [row] = await this.database.system((tx) =>
      tx
        .insert(sessions)
        .values({
          tokenHash: sha256(token),
          userId,
          tenantId,
          ip: meta.ip,
          userAgent: meta.userAgent?.slice(0, 300),
          expiresAt,
        })
        .returning({ id: sessions.id }),
    );
    return { token, sessionId: row!.id, expiresAt };
  }

  /** The session behind a cookie token, or an error saying why it no longer works. */
  async resolveSession(token: string): Promise<Principal> {
    const rows = await this.database.system((tx) =>
      tx
        .select({
          sessionId: sessions.id,
          userId: sessions.userId,
          tenantId: sessions.tenantId,
          expiresAt: sessions.expiresAt,
          revokedAt: sessions.revokedAt,
          lastSeenAt: sessions.lastSeenAt,
          disabledAt: users.disabledAt,
          isSuperAdmin: users.isSuperAdmin,
          role: memberships.role,
          membershipDisabledAt: memberships.disabledAt,
        })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .leftJoin(
          memberships,
          and(eq(memberships.userId, sessions.userId), eq(memberships.tenantId, sessions.tenantId)),
        )
        .where(eq(sessions.tokenHash, sha256(token)))
        .limit(1),
    );
    const s = rows[0];
    if (!s || s.revokedAt || s.expiresAt < new Date() || s.disabledAt || !s.role || s.membershipDisabledAt) {
      throw new SessionExpiredError('The session is unknown, expired or revoked');
    }
    // Touch at most once a minute so a busy page does not write on every request.
    if (Date.now() - s.lastSeenAt.getTime() > 60_000) {
      await this.database.system((tx) =>
        tx.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, s.sessionId)),
      );
    }
    return {
      tenantId: s.tenantId,
      role: s.role,
      userId: s.userId,
      sessionId: s.sessionId,
      isSuperAdmin: s.isSuperAdmin,
    };
  }

  /** Ends a session; its open realtime streams close now (not at their next minute's check). */
  async revoke(sessionId: string) {
    const ended = await this.database.system((tx) =>
      tx
        .update(sessions)
        .set({ revokedAt: new Date() })
        .where(eq(sessions.id, sessionId))
        .returning({ tenantId: sessions.tenantId, userId: sessions.userId }),
    );
    await this.closeStreams(ended);
  }

  private async closeStreams(ended: { tenantId: string; userId: string }[]) {
    const seen = new Set<string>();
    for (const { tenantId, userId } of ended) {
      if (seen.has(`${tenantId}:${userId}`)) continue;
      seen.add(`${tenantId}:${userId}`);
      await recheckStreams(this.realtime, tenantId, { userId });
    }
  }

  async revokeOthers(userId: string, keepSessionId?: string) {
    const ended = await this.database.system((tx) =>
      tx
        .update(sessions)
        .set({ revokedAt: new Date() })
        .where(
          and(
            eq(sessions.userId, userId),
            isNull(sessions.revokedAt),
            keepSessionId ? sql`${sessions.id} <> ${keepSessionId}` : undefined,
          ),
        )
        .returning({ tenantId: sessions.tenantId, userId: sessions.userId }),
    );
    await this.closeStreams(ended);
  }

  async switchTenant(sessionId: string, tenantId: string) {
    await this.database.system((tx) =>
      tx.update(sessions).set({ tenantId }).where(eq(sessions.id, sessionId)),
    );
  }

  static formatApiKey(tenantId: string, secret: string) {
    return `cvk_${tenantId.replaceAll('-', '')}_${secret}`;
  }

  async resolveApiKey(key: string): Promise<Principal> {
    const m = API_KEY.exec(key);
    if (!m) throw new ApiKeyInvalidError('The API key is malformed');
    const hex = m[1]!;
    const tenantId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    const [tenant] = await this.database.system((tx) =>
      tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)),
    );
    if (!tenant)
      throw new ApiKeyUnknownTenantError(`The API key names tenant ${tenantId}, which does not exist`);
    const prefix = m[2]!.slice(0, 8);
    const found = await this.database.tenant(tenantId, async (tx) => {
      const [row] = await tx
        .select({
          id: apiKeys.id,
          secretHash: apiKeys.secretHash,
          role: apiKeys.role,
          revokedAt: apiKeys.revokedAt,
          lastUsedAt: apiKeys.lastUsedAt,
        })
        .from(apiKeys)
        .where(eq(apiKeys.prefix, prefix));
      if (!row || row.revokedAt || !safeEqual(row.secretHash, sha256(key))) return null;
      if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
        await tx.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, row.id));
      }
      return row;
    });
    if (!found) throw new ApiKeyInvalidError('The API key is unknown or revoked');
    return { tenantId, role: found.role, userId: null, apiKeyId: found.id, isSuperAdmin: false };
  }
}
