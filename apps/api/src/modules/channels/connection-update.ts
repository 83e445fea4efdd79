import type { ConnectionUpdate } from '@conversa/channels';
import { type ChannelHealth, channels, type Tx } from '@conversa/db';
import { eq } from 'drizzle-orm';
import type { Outbox } from './inbound.service.ts';

type ChannelStatus = (typeof channels.$inferSelect)['status'];

/** The provider's connection state → our channel status and the reason an admin sees. */
const byState: Record<
  NonNullable<ConnectionUpdate['state']>,
  { status: ChannelStatus; error?: { code: string; reason: string } }
> = {
  connected: { status: 'connected' },
  connecting: { status: 'pending' },
  qr: { status: 'pending' },
  disconnected: {
    status: 'disconnected',
    error: { code: 'disconnected', reason: 'channels.errors.disconnected' },
  },
  // Meta restricts an account for policy violations; it may still answer within the window.
  restricted: { status: 'unhealthy', error: { code: 'restricted', reason: 'channels.errors.policyBlocked' } },
  banned: { status: 'disconnected', error: { code: 'banned', reason: 'channels.errors.accountLocked' } },
};

/**
 * A `connection.update` event (QR session state, account restriction or ban, quality flag, messaging
 * limit change) applied to the channel row inside the caller's transaction; `channel.status` goes out
 * after commit. Re-applying the same event changes nothing and publishes nothing.
 */
export async function applyConnectionUpdate(
  tx: Tx,
  channelId: string,
  e: ConnectionUpdate,
  outbox: Outbox,
): Promise<void> {
  const [c] = await tx
    .select({ status: channels.status, health: channels.health, lastError: channels.lastError })
    .from(channels)
    .where(eq(channels.id, channelId));
  if (!c) return;
  const target = e.state ? byState[e.state] : undefined;
  const status = target?.status ?? c.status;
  const lastError = target
    ? target.error
      ? { ...target.error, at: e.timestamp.toISOString() }
      : null
    : c.lastError;

  let health: ChannelHealth | null = c.health;
  if (health && (e.messagingTier !== undefined || e.change === 'flagged' || e.change === 'unflagged')) {
    health = {
      ...health,
      ...(e.messagingTier !== undefined ? { messagingTier: e.messagingTier } : {}),
      // FLAGGED means the number's quality dropped to low; UNFLAGGED only that it is no longer low.
      ...(e.change === 'flagged' ? { qualityRating: 'low' } : {}),
      ...(e.change === 'unflagged' && health.qualityRating === 'low' ? { qualityRating: 'unknown' } : {}),
    };
  }

  const changed =
    status !== c.status ||
    lastError?.code !== c.lastError?.code ||
    JSON.stringify(health) !== JSON.stringify(c.health);
  if (!changed) return;
  await tx.update(channels).set({ status, lastError, health }).where(eq(channels.id, channelId));
  outbox.push({
    type: 'channel.status',
    data: {
      id: channelId,
      status,
      ...(lastError ? { reason: lastError.reason } : {}),
      ...(e.detail ? { detail: e.detail } : {}),
      ...(health ? { qualityRating: health.qualityRating, messagingTier: health.messagingTier } : {}),
    },
  });
}
