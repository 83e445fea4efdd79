import type { Logger } from 'pino';
import type { DeliveredRealtimeEvent, RealtimeListener } from './realtime.port.ts';

export type RealtimeLog = Pick<Logger, 'warn'>;

interface Entry {
  listener: RealtimeListener;
  active: boolean;
}

/**
 * This process's listeners per tenant. Both drivers deliver through it, so ordering and
 * error isolation behave the same on one node and behind Redis.
 */
export class LocalFanout {
  readonly #byTenant = new Map<string, Set<Entry>>();
  readonly #queue: Array<{ entries: Entry[]; event: DeliveredRealtimeEvent }> = [];
  #draining = false;

  constructor(private readonly log?: RealtimeLog) {}

  /** `first`: the tenant had no listener before; `remove()` reports whether it was the last one. */
  add(tenantId: string, listener: RealtimeListener): { first: boolean; remove: () => { last: boolean } } {
    const existing = this.#byTenant.get(tenantId);
    const tenantSet = existing ?? new Set<Entry>();
    if (!existing) this.#byTenant.set(tenantId, tenantSet);
    const entry: Entry = { listener, active: true };
    tenantSet.add(entry);
    return {
      first: !existing,
      remove: () => {
        if (!entry.active) return { last: false };
        entry.active = false;
        tenantSet.delete(entry);
        if (tenantSet.size > 0 || this.#byTenant.get(tenantId) !== tenantSet) return { last: false };
        this.#byTenant.delete(tenantId);
        return { last: true };
      },
    };
  }

  has(tenantId: string): boolean {
    return this.#byTenant.has(tenantId);
  }

  tenants(): string[] {
    return [...this.#byTenant.keys()];
  }

  /**
   * Runs listeners in event order. Events published from inside a listener are queued behind the
   * current one, so every listener sees the same order.
   */
  deliver(tenantId: string, event: DeliveredRealtimeEvent): void {
    const set = this.#byTenant.get(tenantId);
    if (!set) return;
    this.#queue.push({ entries: [...set], event });
    if (this.#draining) return;
    this.#draining = true;
    try {
      for (let item = this.#queue.shift(); item; item = this.#queue.shift()) {
        for (const entry of item.entries) {
          if (!entry.active) continue; // unsubscribed after the event was queued
          try {
            entry.listener(item.event);
          } catch (err) {
            // One broken listener (a closed socket) must not starve the others.
            this.log?.warn({ err, tenantId, eventType: item.event.type }, 'realtime listener threw');
          }
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  clear(): void {
    for (const set of this.#byTenant.values()) for (const entry of set) entry.active = false;
    this.#byTenant.clear();
    this.#queue.length = 0;
  }
}
