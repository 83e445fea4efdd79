import { SANDBOX_PHONE } from '@conversa/channels';
import { type ChannelHealth, channels, type Database, messages, webhookEvents } from '@conversa/db';
import { type CreateChannelInput, roleAtLeast, type UpdateChannelInput } from '@conversa/shared';
import { Inject, Injectable } from '@nestjs/common';
import { and, count, desc, eq, gt, inArray, isNull } from 'drizzle-orm';
import { type Encryptor, randomToken } from '../../common/crypto.ts';
import { NotFoundError } from '../../common/errors.ts';
import type { Logger } from '../../common/logger.ts';
import { audit, inTenant, requireContext } from '../../common/tenancy.ts';
import { CONFIG, DATABASE, ENCRYPTOR, LOGGER, REALTIME } from '../../common/tokens.ts';
import type { AppConfig } from '../../config/config.schema.ts';
import type { RealtimePort } from '../../drivers/realtime/realtime.port.ts';
import { NotificationsService } from '../notifications/notifications.service.ts';
import { ChannelAdapters } from './channel-adapters.ts';

type ChannelRow = typeof channels.$inferSelect;
type StepState = 'ok' | 'failed' | 'pending';

/** The onboarding checklist, derived from what we have seen (issue 3: "a live red/green checklist"). */
function checklist(c: ChannelRow, roundTrip: boolean) {
  const h = c.health;
  const firstError = h?.problems.find((p) => p.severity === 'error');
  const tokenProblem = h?.problems.find((p) => p.code === 'token-temporary');
  const step = (state: StepState, reasonKey?: string) => (reasonKey ? { state, reasonKey } : { state });
  const sandbox = c.kind === 'sandbox';
  return [
    {
      step: 'credentials',
      ...(h ? (h.ok ? step('ok') : step('failed', firstError?.reasonKey)) : step('pending')),
    },
    {
      step: 'permanent-token',
      ...(sandbox || h?.tokenPermanent
        ? step('ok')
        : h?.tokenPermanent === false
          ? step('failed', tokenProblem?.reasonKey ?? 'channels.problems.tokenTemporary')
          : step('pending')),
    },
    {
      step: 'webhook-verified',
      ...(sandbox || c.webhookVerifiedAt
        ? step('ok')
        : step('pending', 'channels.checklist.webhookNotVerified')),
    },
    {
      step: 'first-event',
      ...(c.lastEventAt ? step('ok') : step('pending', 'channels.checklist.noEventYet')),
    },
    { step: 'round-trip', ...(roundTrip ? step('ok') : step('pending', 'channels.checklist.noRoundTrip')) },
  ];
}

@Injectable()
export class ChannelsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(ENCRYPTOR) private readonly encryptor: Encryptor,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(REALTIME) private readonly realtime: RealtimePort,
    @Inject(ChannelAdapters) private readonly adapters: ChannelAdapters,
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
  ) {}

  webhookUrl(c: Pick<ChannelRow, 'id' | 'kind'>, origin?: string): string | null {
    if (c.kind === 'sandbox') return null;
    const base = this.config.PUBLIC_URL ?? origin ?? `http://localhost:${this.config.PORT}`;
    return `${base.replace(/\/$/, '')}/webhooks/${c.kind}/${c.id}`;
  }

  /** What the API returns: never the credentials; the verify token only for cloud. */
  private async views(rows: ChannelRow[], origin?: string) {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const since = new Date(Date.now() - 3600_000);
    const [events, trips] = await inTenant(this.database, async (tx) => [
      await tx
        .select({ channelId: webhookEvents.channelId, n: count() })
        .from(webhookEvents)
        .where(and(inArray(webhookEvents.channelId, ids), gt(webhookEvents.receivedAt, since)))
        .groupBy(webhookEvents.channelId),
      await tx
        .selectDistinct({ channelId: messages.channelId })
        .from(messages)
        .where(
          and(
            inArray(messages.channelId, ids),
            eq(messages.direction, 'outbound'),
            inArray(messages.status, ['delivered', 'read']),
          ),
        ),
    ]);
    const perHour = new Map(events.map((e) => [e.channelId, Number(e.n)]));
    const roundTrips = new Set(trips.map((t) => t.channelId));
    return rows.map((c) => ({
      id: c.id,
      kind: c.kind,
      name: c.name,
      status: c.status,
      displayPhone: c.displayPhone,
      webhookUrl: this.webhookUrl(c, origin),
      // Only people who may configure Meta see the token they would paste there.
      verifyToken: c.kind === 'cloud' && roleAtLeast(requireContext().role, 'ADMIN') ? c.webhookSecret : null,
      webhookVerifiedAt: c.webhookVerifiedAt?.toISOString() ?? null,
      lastInboundAt: c.lastInboundAt?.toISOString() ?? null,
      lastEventAt: c.lastEventAt?.toISOString() ?? null,
      eventsLastHour: perHour.get(c.id) ?? 0,
      health: c.health ?? null,
      lastError: c.lastError ?? null,
      /** This number's own limit, or null when the server default applies (`sendRateDefault`). */
      sendRatePerSecond: c.sendRatePerSecond,
      sendRateDefault: this.config.SEND_RATE_PER_CHANNEL,
      checklist: checklist(c, roundTrips.has(c.id)),
      createdAt: c.createdAt.toISOString(),
    }));
  }

  private async row(id: string): Promise<ChannelRow> {
    const [c] = await inTenant(this.database, (tx) =>
      tx
        .select()
        .from(channels)
        .where(and(eq(channels.id, id), isNull(channels.deletedAt))),
    );
    if (!c) throw new NotFoundError('No such channel');
    return c;
  }

  async list(origin?: string) {
    const rows = await inTenant(this.database, (tx) =>
      tx.select().from(channels).where(isNull(channels.deletedAt)).orderBy(desc(channels.createdAt)),
    );
    return { items: await this.views(rows, origin) };
  }

  async get(id: string, origin?: string) {
    return (await this.views([await this.row(id)], origin))[0]!;
  }

  async create(input: CreateChannelInput, origin?: string) {
    const row = await inTenant(this.database, async (tx) => {
      const [c] = await tx
        .insert(channels)
        .values({
          tenantId: requireContext().tenantId,
          kind: input.kind,
          name: input.name,
          credentials: this.encryptor.encryptJson(input.kind === 'cloud' ? input.credentials : {}),
          // Cloud: the hub.verify_token an admin pastes into Meta; sandbox: the HMAC key of its events.
          webhookSecret: randomToken(24),
          status: input.kind === 'sandbox' ? 'connected' : 'pending',
        })
        .returning();
      await audit(tx, {
        action: 'channel.created',
        targetType: 'channel',
        targetId: c!.id,
        metadata: { kind: input.kind, name: input.name },
      });
      return c!;
    });
    // A sandbox has nothing to check remotely; a cloud channel gets its first live check right away.
    return this.validate(row.id, origin);
  }

  async update(id: string, patch: UpdateChannelInput, origin?: string) {
    const current = await this.row(id);
    await inTenant(this.database, async (tx) => {
      await tx
        .update(channels)
        .set({
          ...(patch.name ? { name: patch.name } : {}),
          ...(patch.sendRatePerSecond !== undefined ? { sendRatePerSecond: patch.sendRatePerSecond } : {}),
          ...(patch.credentials && current.kind === 'cloud'
            ? {
                credentials: this.encryptor.encryptJson(patch.credentials),
                health: null,
                status: 'pending' as const,
                lastError: null,
              }
            : {}),
        })
        .where(eq(channels.id, id));
      await audit(tx, {
        action: 'channel.updated',
        targetType: 'channel',
        targetId: id,
        metadata: {
          name: patch.name,
          credentials: patch.credentials ? 'replaced' : undefined,
          sendRatePerSecond: patch.sendRatePerSecond,
        },
      });
    });
    return patch.credentials ? this.validate(id, origin) : this.get(id, origin);
  }

  async remove(id: string) {
    await this.row(id);
    await inTenant(this.database, async (tx) => {
      await tx
        .update(channels)
        .set({ deletedAt: new Date(), status: 'disconnected' })
        .where(eq(channels.id, id));
      await audit(tx, { action: 'channel.deleted', targetType: 'channel', targetId: id });
    });
  }

  /** Live check of the credentials; problems are stored and shown, never thrown. */
  async validate(id: string, origin?: string) {
    const c = await this.row(id);
    let health: ChannelHealth;
    let displayPhone = c.displayPhone;
    try {
      const check = await this.adapters.for(c).validateCredentials();
      health = {
        checkedAt: new Date().toISOString(),
        ok: check.ok,
        tokenPermanent: check.token?.permanent ?? null,
        tokenExpiresAt: check.token?.expiresAt?.toISOString() ?? null,
        qualityRating: check.phone?.qualityRating ?? null,
        messagingTier: check.phone?.messagingTier ?? null,
        throughput: check.phone?.throughput ?? null,
        webhooksSubscribed: check.webhooks?.subscribed ?? null,
        problems: check.problems.map((p) => ({
          code: p.code,
          reasonKey: p.reasonKey,
          severity: p.severity,
          ...(p.detail ? { detail: p.detail } : {}),
        })),
      };
      displayPhone = check.phone?.display ?? displayPhone;
    } catch (err) {
      this.log.warn({ err, channelId: id }, 'credential check failed');
      const code = (err as { code?: string }).code;
      // A one-off check is not retried automatically: say that Meta could not be reached from here.
      const reason =
        code === 'unavailable' || code === 'timeout' || !(err as { reasonKey?: string }).reasonKey
          ? 'channels.problems.unreachable'
          : (err as { reasonKey: string }).reasonKey;
      health = {
        checkedAt: new Date().toISOString(),
        ok: false,
        tokenPermanent: null,
        tokenExpiresAt: null,
        qualityRating: null,
        messagingTier: null,
        throughput: null,
        webhooksSubscribed: null,
        problems: [
          { code: (err as { code?: string }).code ?? 'unreachable', reasonKey: reason, severity: 'error' },
        ],
      };
    }
    const status = !health.ok
      ? 'unhealthy'
      : c.kind === 'sandbox' || c.webhookVerifiedAt
        ? 'connected'
        : 'pending';
    await inTenant(this.database, async (tx) => {
      await tx.update(channels).set({ health, displayPhone, status }).where(eq(channels.id, id));
      await audit(tx, {
        action: 'channel.validated',
        targetType: 'channel',
        targetId: id,
        metadata: { ok: health.ok },
      });
    });
    await this.realtime.publish(c.tenantId, { type: 'channel.status', data: { id, status } });
    if (status === 'unhealthy' && c.status !== 'unhealthy') {
      const problem = health.problems.find((p) => p.severity === 'error');
      await this.notifications.notifyAdmins(c.tenantId, {
        kind: 'channel.unhealthy',
        severity: 'critical',
        params: { channel: c.name, reasonKey: problem?.reasonKey ?? 'channels.problems.unreachable' },
        link: `/channels/${id}`,
      });
    }
    return this.get(id, origin);
  }

  /** The embedded default's first tenant gets a sandbox so every flow can be tried without Meta. */
  async ensureSandbox(tenantId: string): Promise<void> {
    const existing = await this.database.tenant(tenantId, (tx) =>
      tx.select({ id: channels.id }).from(channels).where(eq(channels.kind, 'sandbox')).limit(1),
    );
    if (existing.length) return;
    await this.database.tenant(tenantId, async (tx) => {
      const [c] = await tx
        .insert(channels)
        .values({
          tenantId,
          kind: 'sandbox',
          name: 'Sandbox',
          credentials: this.encryptor.encryptJson({}),
          webhookSecret: randomToken(24),
          status: 'connected',
          displayPhone: SANDBOX_PHONE,
          health: {
            checkedAt: new Date().toISOString(),
            ok: true,
            tokenPermanent: true,
            tokenExpiresAt: null,
            qualityRating: 'high',
            messagingTier: 'unlimited',
            throughput: 'standard',
            webhooksSubscribed: true,
            problems: [],
          },
        })
        .returning({ id: channels.id });
      await audit(tx, {
        tenantId,
        action: 'channel.created',
        targetType: 'channel',
        targetId: c!.id,
        metadata: { kind: 'sandbox', bootstrap: true },
      });
    });
    this.log.info({ tenantId }, 'sandbox channel created');
  }
}
