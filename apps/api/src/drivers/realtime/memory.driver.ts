import { createEventIdGenerator } from './event-id.ts';
import { LocalFanout, type RealtimeLog } from './local-fanout.ts';
import {
  type DeliveredRealtimeEvent,
  RealtimeClosedError,
  type RealtimeEvent,
  type RealtimeListener,
  type RealtimePort,
} from './realtime.port.ts';

/** One node, no other software: the embedded default (ARCHITECTURE §1). */
export class MemoryRealtime implements RealtimePort {
  readonly kind = 'memory';
  readonly #fanout: LocalFanout;
  readonly #nextId = createEventIdGenerator();
  #closed = false;

  constructor(opts: { log?: RealtimeLog } = {}) {
    this.#fanout = new LocalFanout(opts.log);
  }

  async publish(
    tenantId: string,
    event: RealtimeEvent,
    opts: { conversationId?: string } = {},
  ): Promise<void> {
    if (this.#closed) throw new RealtimeClosedError();
    const delivered: DeliveredRealtimeEvent = {
      id: this.#nextId(),
      at: new Date().toISOString(),
      type: event.type,
      data: event.data,
      ...(opts.conversationId ? { conversationId: opts.conversationId } : {}),
    };
    // Same JSON round trip as the Redis driver, so no listener comes to rely on shared object identity.
    this.#fanout.deliver(tenantId, JSON.parse(JSON.stringify(delivered)) as DeliveredRealtimeEvent);
  }

  subscribe(tenantId: string, listener: RealtimeListener): () => void {
    if (this.#closed) throw new RealtimeClosedError();
    const { remove } = this.#fanout.add(tenantId, listener);
    return () => void remove();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#fanout.clear();
  }
}
