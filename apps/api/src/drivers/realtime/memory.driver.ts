import { createEventIdGenerator } from './event-id.ts';
import { LocalFanout, type RealtimeLog } from './local-fanout.ts';
import {
  type DeliveredRealtimeEvent,
  type PublishOptions,
  RealtimeClosedError,
  type RealtimeEvent,
  type RealtimeListener,
  type RealtimePort,
} from './realtime.port.ts';

export interface MemoryRealtimeOptions {
  log?: RealtimeLog;
  /** Events kept per tenant for catch-up (a ring: the oldest go first; up to 25% more between trims). */
  historySize?: number;
  /** Tenants whose history is kept; the least recently active one is forgotten first. */
  maxTenants?: number;
}

/** One node, no other software: the embedded default (ARCHITECTURE §1). */
export class MemoryRealtime implements RealtimePort {
  readonly kind = 'memory';
  readonly #fanout: LocalFanout;
  readonly #nextId = createEventIdGenerator();
  /** Per tenant, oldest first; Map order doubles as recency for eviction. */
  readonly #history = new Map<string, DeliveredRealtimeEvent[]>();
  readonly #historySize: number;
  readonly #maxTenants: number;
  #closed = false;

  constructor(opts: MemoryRealtimeOptions = {}) {
    this.#fanout = new LocalFanout(opts.log);
    this.#historySize = Math.max(1, opts.historySize ?? 500);
    this.#maxTenants = Math.max(1, opts.maxTenants ?? 1_000);
  }

  async publish(tenantId: string, event: RealtimeEvent, opts: PublishOptions = {}): Promise<void> {
    if (this.#closed) throw new RealtimeClosedError();
    // Same JSON round trip as the Redis driver, so no listener comes to rely on shared object identity.
    const delivered = JSON.parse(
      JSON.stringify({
        id: this.#nextId(),
        at: new Date().toISOString(),
        type: event.type,
        data: event.data,
        ...(opts.conversationId ? { conversationId: opts.conversationId } : {}),
        ...(opts.transient ? { transient: true } : {}),
      } satisfies DeliveredRealtimeEvent),
    ) as DeliveredRealtimeEvent;
    if (!opts.transient) this.#keep(tenantId, delivered);
    this.#fanout.deliver(tenantId, delivered);
  }

  subscribe(tenantId: string, listener: RealtimeListener): () => void {
    if (this.#closed) throw new RealtimeClosedError();
    const { remove } = this.#fanout.add(tenantId, listener);
    return () => void remove();
  }

  async head(tenantId: string): Promise<string | null> {
    return this.#history.get(tenantId)?.at(-1)?.id ?? null;
  }

  async since(tenantId: string, afterId: string): Promise<DeliveredRealtimeEvent[] | null> {
    const kept = this.#history.get(tenantId);
    if (!kept) return null;
    const at = indexOf(kept, afterId);
    return at < 0 ? null : kept.slice(at + 1);
  }

  async retained(tenantId: string): Promise<number> {
    return this.#history.get(tenantId)?.length ?? 0;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#fanout.clear();
    this.#history.clear();
  }

  #keep(tenantId: string, event: DeliveredRealtimeEvent): void {
    const kept = this.#history.get(tenantId) ?? [];
    this.#history.delete(tenantId); // re-inserted last: most recently active
    this.#history.set(tenantId, kept);
    kept.push(event);
    // Trim in batches so a busy tenant does not shift the whole ring on every event.
    if (kept.length >= this.#historySize + Math.ceil(this.#historySize / 4))
      kept.splice(0, kept.length - this.#historySize);
    if (this.#history.size > this.#maxTenants) {
      const oldest = this.#history.keys().next().value as string;
      this.#history.delete(oldest);
    }
  }
}

/** Binary search: ids increase along the ring. */
function indexOf(kept: DeliveredRealtimeEvent[], id: string): number {
  let lo = 0;
  let hi = kept.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = (kept[mid] as DeliveredRealtimeEvent).id;
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
