/**
 * The realtime stream's messages (API.md "Realtime"); apps/web/src/lib/realtime.ts speaks the same.
 *
 * Server → client, one JSON object per WebSocket text frame or SSE `data:` line:
 * - an event `{ id, type, data, at, conversationId? }`, in publish order; `id` is the resume position;
 * - `ready`  `{ id, data: { replayed } }` once catch-up is done (then live events follow); `id` is the
 *   position to resume from (null while the tenant has no event kept);
 * - `resync` `{ id, data: { reason } }` instead of `ready` when the requested id is no longer kept: the
 *   client refetches what it shows and resumes from `id`;
 * - `agent.typing` `{ data: { conversationId, userId, name }, conversationId }` without `id` (not kept);
 * - `pong` after a client `ping`; `error` `{ code: "bad-message" }`; `session.ended` before the server
 *   closes a stream whose session was revoked or expired (WebSocket close code 4401).
 *
 * Client → server (WebSocket only):
 * - `{ "type": "typing", "conversationId": "<uuid>" }`: relayed to the tenant's other users, at most
 *   once per `typingThrottleMs` per user and conversation;
 * - `{ "type": "resume", "after": "<id>" }`: restart the feed after that id (the same as `?after=`);
 * - `{ "type": "ping" }`: answered with `pong` (browsers cannot see WebSocket ping frames).
 */

export const TYPING_EVENT = 'agent.typing';

/**
 * Internal, never sent to clients: open streams of this user (or API key; neither → every stream of
 * the tenant) re-check their credential now instead of at the next minute — logout, revoked sessions
 * or keys, a disabled member. Published transient, so every API process hears it through Redis.
 */
export const PRINCIPAL_CHECK = 'principal.check';
export type PrincipalCheck = { userId?: string; apiKeyId?: string };

export function recheckStreams(
  realtime: {
    publish: (
      tenantId: string,
      e: { type: string; data: unknown },
      o?: { transient: true },
    ) => Promise<unknown>;
  },
  tenantId: string,
  who: PrincipalCheck,
) {
  return realtime.publish(tenantId, { type: PRINCIPAL_CHECK, data: who }, { transient: true });
}

export interface ServerMessage {
  id?: string | null;
  type: string;
  data: unknown;
  at: string;
  conversationId?: string;
}

export type ClientMessage =
  | { type: 'typing'; conversationId: string }
  | { type: 'resume'; after: string | null }
  | { type: 'ping' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseClientMessage(text: string): ClientMessage | null {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return null;
  }
  if (!m || typeof m !== 'object') return null;
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case 'typing':
      return typeof o.conversationId === 'string' && UUID.test(o.conversationId)
        ? { type: 'typing', conversationId: o.conversationId.toLowerCase() }
        : null;
    case 'resume':
      if (o.after === null || o.after === undefined) return { type: 'resume', after: null };
      return typeof o.after === 'string' && o.after.length <= 64 ? { type: 'resume', after: o.after } : null;
    case 'ping':
      return { type: 'ping' };
    default:
      return null;
  }
}

/** One relay per key per window, in this process; stale keys are swept as the map grows. */
export class TypingThrottle {
  readonly #last = new Map<string, number>();
  constructor(private readonly windowMs: () => number) {}

  allow(key: string, now = Date.now()): boolean {
    const window = this.windowMs();
    const last = this.#last.get(key);
    if (last !== undefined && now - last < window) return false;
    this.#last.set(key, now);
    if (this.#last.size > 10_000) {
      for (const [k, t] of this.#last) if (now - t >= window) this.#last.delete(k);
    }
    return true;
  }
}
