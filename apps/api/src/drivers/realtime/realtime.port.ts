/** Something that changed for a tenant, pushed to its open browser sessions (ARCHITECTURE §3). */
export interface RealtimeEvent {
  /** `noun.verb`: message.created, message.status, conversation.updated… */
  type: string;
  /** Must survive JSON: every driver delivers what `JSON.parse(JSON.stringify(data))` gives. */
  data: unknown;
}

/** What listeners receive: the event plus an id that sorts in publish order, for catch-up after a reconnect. */
export type DeliveredRealtimeEvent = RealtimeEvent & { id: string; at: string; conversationId?: string };

export type RealtimeListener = (event: DeliveredRealtimeEvent) => void;

export interface RealtimePort {
  readonly kind: 'memory' | 'redis';
  /** Resolves once the event has left this process (memory: once local listeners ran). */
  publish(tenantId: string, event: RealtimeEvent, opts?: { conversationId?: string }): Promise<void>;
  /** Returns the unsubscribe function; calling it twice is harmless. */
  subscribe(tenantId: string, listener: RealtimeListener): () => void;
  close(): Promise<void>;
}

export class RealtimeClosedError extends Error {
  constructor() {
    super('realtime driver is closed');
    this.name = 'RealtimeClosedError';
  }
}
