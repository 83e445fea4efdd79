'use client';

import { useEffect, useRef, useSyncExternalStore } from 'react';

/**
 * One event of GET /api/v1/realtime (API.md "Realtime"); `data` is narrowed by each consumer. Kept events
 * carry an `id` (the resume position); `agent.typing` has none.
 */
export type RealtimeEvent = {
  type: string;
  data: unknown;
  id?: string;
  at?: string;
  conversationId?: string;
};
export type RealtimeStatus = 'idle' | 'connecting' | 'open' | 'reconnecting';
/** `agent.typing` data: someone else in the tenant is typing in that conversation. */
export type TypingData = { conversationId: string; userId: string; name: string };

type Subscriber = { onEvent?: (event: RealtimeEvent) => void; onResync?: () => void };
/** Control messages of the protocol (apps/api/src/modules/realtime/realtime.protocol.ts), not events. */
type Control = RealtimeEvent & {
  type: 'ready' | 'resync' | 'pong' | 'error' | 'session.ended';
  id?: string | null;
};
const controlTypes = new Set(['ready', 'resync', 'pong', 'error', 'session.ended']);

const path = '/api/v1/realtime';
const baseDelayMs = 500;
const maxDelayMs = 30_000;
// A page change unsubscribes and resubscribes within a moment: keep the stream open across it.
const lingerMs = 2_000;
// The server pings every 25 s; a socket silent for longer than this is dead even if the browser says open.
const pingEveryMs = 30_000;
const silentLimitMs = 70_000;
// WebSocket failing before it ever opened this many times in a row (a proxy without upgrade): use SSE.
const wsFailuresBeforeSse = 2;
const typingEveryMs = 2_000;

/**
 * One stream per tab, shared by every component that listens: a WebSocket, or Server-Sent Events when
 * WebSocket does not get through. Reconnects with exponential backoff and full jitter, resuming after the
 * last event id it saw, so the server replays what was missed; only when it cannot (`resync`: too long
 * away) or on a fresh start do subscribers refetch through `onResync`.
 */
export class RealtimeConnection {
  private ws: WebSocket | null = null;
  private sse: EventSource | null = null;
  private transport: 'ws' | 'sse' = typeof WebSocket === 'undefined' ? 'sse' : 'ws';
  private wsFailures = 0;
  private lastId: string | null = null;
  private subscribers = new Set<Subscriber>();
  private statusListeners = new Set<() => void>();
  private status: RealtimeStatus = 'idle';
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private closeTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private lastHeard = 0;
  private typingSent = new Map<string, number>();

  getStatus = () => this.status;

  onStatus = (listener: () => void) => {
    this.statusListeners.add(listener);
    return () => {
      this.statusListeners.delete(listener);
    };
  };

  subscribe(subscriber: Subscriber) {
    this.subscribers.add(subscriber);
    if (this.closeTimer) {
      clearTimeout(this.closeTimer);
      this.closeTimer = null;
    }
    if (!this.ws && !this.sse && !this.retryTimer) this.open();
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0 && !this.closeTimer) {
        this.closeTimer = setTimeout(() => {
          this.closeTimer = null;
          if (this.subscribers.size === 0) this.shutdown();
        }, lingerMs);
      }
    };
  }

  /** Tells the others in the tenant this user is typing there; throttled, dropped while not on WebSocket. */
  sendTyping(conversationId: string): boolean {
    const now = Date.now();
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    if (now - (this.typingSent.get(conversationId) ?? 0) < typingEveryMs) return false;
    this.typingSent.set(conversationId, now);
    this.ws.send(JSON.stringify({ type: 'typing', conversationId }));
    return true;
  }

  private setStatus(status: RealtimeStatus) {
    if (this.status === status) return;
    this.status = status;
    for (const listener of this.statusListeners) listener();
  }

  private url(scheme: 'ws' | 'http') {
    const { protocol, host } = window.location;
    const origin = scheme === 'ws' ? `${protocol === 'https:' ? 'wss' : 'ws'}://${host}` : '';
    return `${origin}${path}${this.lastId ? `?after=${encodeURIComponent(this.lastId)}` : ''}`;
  }

  private open() {
    if (typeof window === 'undefined') return;
    this.setStatus(this.attempts === 0 ? 'connecting' : 'reconnecting');
    if (this.transport === 'ws') this.openSocket();
    else this.openEventSource();
  }

  private openSocket() {
    const ws = new WebSocket(this.url('ws'));
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.wsFailures = 0;
      this.lastHeard = Date.now();
      this.pingTimer = setInterval(() => {
        if (Date.now() - this.lastHeard > silentLimitMs) ws.close();
        else if (ws.readyState === WebSocket.OPEN) ws.send('{"type":"ping"}');
      }, pingEveryMs);
    };
    ws.onmessage = (message) => {
      this.lastHeard = Date.now();
      if (typeof message.data === 'string') this.receive(message.data);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.clearPing();
      if (!opened && ++this.wsFailures >= wsFailuresBeforeSse) this.transport = 'sse';
      this.retry();
    };
  }

  private openEventSource() {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(this.url('http'), { withCredentials: true });
    this.sse = source;
    source.onmessage = (message) => this.receive(message.data);
    source.onerror = () => {
      if (this.sse !== source) return;
      // Closing ourselves (rather than letting EventSource retry on its own) keeps one backoff policy
      // and resumes with ?after= from the id we actually processed.
      source.close();
      this.sse = null;
      this.retry();
    };
  }

  private receive(text: string) {
    let event: RealtimeEvent;
    try {
      event = JSON.parse(text) as RealtimeEvent;
    } catch {
      return;
    }
    if (!event || typeof event.type !== 'string') return;
    if (controlTypes.has(event.type)) return this.control(event as Control);
    if (event.id) {
      // Ids sort in publish order: anything at or before the last one is a replay we already have.
      if (this.lastId && event.id <= this.lastId) return;
      this.lastId = event.id;
    }
    for (const s of this.subscribers) s.onEvent?.(event);
  }

  private control(message: Control) {
    switch (message.type) {
      case 'ready': {
        // Resumed with a position: the server replayed what we missed. Fresh: load everything now.
        const resumed = this.lastId !== null;
        if (message.id) this.lastId = message.id;
        this.attempts = 0;
        this.setStatus('open');
        if (!resumed) for (const s of this.subscribers) s.onResync?.();
        return;
      }
      case 'resync':
        this.lastId = message.id ?? null;
        this.attempts = 0;
        this.setStatus('open');
        for (const s of this.subscribers) s.onResync?.();
        return;
      default:
        return;
    }
  }

  private retry() {
    this.attempts++;
    this.setStatus('reconnecting');
    if (this.retryTimer || this.subscribers.size === 0) return;
    // Full jitter: after a server restart, thousands of tabs must not come back in the same second.
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(this.attempts - 1, 10));
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.subscribers.size > 0) this.open();
    }, delay);
  }

  private clearPing() {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  /** Back online after the network dropped: no need to wait for the backoff. */
  reconnectNow = () => {
    if (!this.retryTimer || this.subscribers.size === 0) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.open();
  };

  private shutdown() {
    const ws = this.ws;
    this.ws = null;
    ws?.close();
    this.sse?.close();
    this.sse = null;
    this.clearPing();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.attempts = 0;
    this.setStatus('idle');
  }
}

let connection: RealtimeConnection | null = null;
const getConnection = () => {
  if (!connection) {
    connection = new RealtimeConnection();
    if (typeof window !== 'undefined') window.addEventListener('online', connection.reconnectNow);
  }
  return connection;
};

/** Shows the tenant's other users that this one is typing in a conversation (throttled; false when not sent). */
export function sendTyping(conversationId: string): boolean {
  return getConnection().sendTyping(conversationId);
}

/**
 * Listens to the tenant's realtime stream while the component is mounted. `onResync` runs when the stream
 * opens fresh and whenever the server could not replay what was missed: refetch there whatever the component
 * shows. Answers the stream's state, so screens can fall back to polling while it is down.
 */
export function useRealtime({
  onEvent,
  onResync,
}: {
  onEvent?: (event: RealtimeEvent) => void;
  onResync?: () => void;
}): RealtimeStatus {
  const handlers = useRef({ onEvent, onResync });
  useEffect(() => {
    handlers.current = { onEvent, onResync };
  });
  useEffect(
    () =>
      getConnection().subscribe({
        onEvent: (event) => handlers.current.onEvent?.(event),
        onResync: () => handlers.current.onResync?.(),
      }),
    [],
  );
  return useSyncExternalStore(
    (listener) => getConnection().onStatus(listener),
    () => getConnection().getStatus(),
    () => 'idle' as const,
  );
}
