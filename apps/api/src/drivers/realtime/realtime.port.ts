/** Something that changed for a tenant, pushed to its open browser sessions (ARCHITECTURE §3). */
export interface RealtimeEvent {
  /** `noun.verb`: message.created, message.status, conversation.updated… */
  type: string;
  /** Must survive JSON: every driver delivers what `JSON.parse(JSON.stringify(data))` gives. */
  data: unknown;
}

/**
 * What listeners receive: the event plus an id that sorts in publish order, for catch-up after a
 * reconnect. `transient` events (typing indicators) are not kept: their id is no resume position.
 */
export type DeliveredRealtimeEvent = RealtimeEvent & {
  id: string;
  at: string;
  conversationId?: string;
  transient?: true;
};

export type RealtimeListener = (event: DeliveredRealtimeEvent) => void;

export interface PublishOptions {
  conversationId?: string;
  /** Deliver to whoever listens now, keep nothing (typing indicators). */
  transient?: boolean;
}

export interface RealtimePort {
  readonly kind: 'memory' | 'redis';
  /** Resolves once the event has left this process (memory: once local listeners ran). */
  publish(tenantId: string, event: RealtimeEvent, opts?: PublishOptions): Promise<void>;
  /** Returns the unsubscribe function; calling it twice is harmless. */
  subscribe(tenantId: string, listener: RealtimeListener): () => void;
  /** The id of the newest kept event of the tenant, or null when none is kept. */
  head(tenantId: string): Promise<string | null>;
  /**
   * Kept events published after `afterId`, oldest first; null when `afterId` is no longer kept (too
   * old, evicted, from before a restart or not ours): the client must refetch (a `resync`).
   */
  since(tenantId: string, afterId: string): Promise<DeliveredRealtimeEvent[] | null>;
  /** How many events of the tenant are kept (history stays bounded). */
  retained(tenantId: string): Promise<number>;
  close(): Promise<void>;
}

export class RealtimeClosedError extends Error {
  constructor() {
    super('realtime driver is closed');
    this.name = 'RealtimeClosedError';
  }
}
