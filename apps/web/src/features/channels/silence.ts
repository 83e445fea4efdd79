import type { Channel } from './types';

/**
 * How long a connected Cloud number may stay silent. Meta sends an event for every inbound message and
 * every status of every outbound one, so a working number is rarely quiet for hours; the classic failure
 * ("the webhook never fires") looks exactly like a slow day. Past these limits the screen says so loudly.
 */
export const quietAfterMs = 2 * 60 * 60_000;
export const alarmAfterMs = 12 * 60 * 60_000;
/** A number just connected gets a short grace period before "never received anything" is an alarm. */
const firstEventGraceMs = 30 * 60_000;

export type Silence =
  | { level: 'none' }
  | { level: 'quiet' | 'alarm'; since: string | null; hours: number; never: boolean };

export function silenceOf(channel: Channel, now: Date): Silence {
  if (channel.kind !== 'cloud' || channel.status !== 'connected') return { level: 'none' };
  const last = channel.lastEventAt ?? channel.lastInboundAt;
  if (!last) {
    const since = channel.webhookVerifiedAt ?? channel.createdAt;
    const age = now.getTime() - new Date(since).getTime();
    if (age < firstEventGraceMs) return { level: 'none' };
    return { level: 'alarm', since: null, hours: Math.floor(age / 3_600_000), never: true };
  }
  const silentMs = now.getTime() - new Date(last).getTime();
  const hours = Math.floor(silentMs / 3_600_000);
  if (silentMs >= alarmAfterMs) return { level: 'alarm', since: last, hours, never: false };
  if (silentMs >= quietAfterMs) return { level: 'quiet', since: last, hours, never: false };
  return { level: 'none' };
}
