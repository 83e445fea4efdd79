'use client';

import { useEffect, useRef, useSyncExternalStore } from 'react';

/** One event of GET /api/v1/realtime (API.md "Realtime"); `data` is narrowed by each consumer. */
export type RealtimeEvent = { type: string; data: unknown; id?: string; at?: string };
export type RealtimeStatus = 'idle' | 'connecting' | 'open' | 'reconnecting';

type Subscriber = { onEvent?: (event: RealtimeEvent) => void; onResync?: () => void };

const maxBackoffMs = 30_000;
// A page change unsubscribes and resubscribes within a moment: keep the stream open across it.
const lingerMs = 2_000;

/**
 * One Server-Sent Events stream per tab, shared by every component that listens. The browser reconnects
 * by itself after a dropped connection; when the server answers with an error instead, EventSource gives
 * up, so we reopen it with backoff. Every (re)open asks subscribers to refetch: events sent while the
 * stream was down are not replayed, and the refetch is what makes "nothing is missed" true.
 */
class RealtimeConnection {
  private source: EventSource | null = null;
  private subscribers = new Set<Subscriber>();
  private statusListeners = new Set<() => void>();
  private status: RealtimeStatus = 'idle';
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private closeTimer: ReturnType<typeof setTimeout> | null = null;

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
    if (!this.source && !this.retryTimer) this.open();
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

  private setStatus(status: RealtimeStatus) {
    if (this.status === status) return;
    this.status = status;
    for (const listener of this.statusListeners) listener();
  }

  private open() {
    if (typeof window === 'undefined' || typeof EventSource === 'undefined') return;
    this.setStatus(this.attempts === 0 ? 'connecting' : 'reconnecting');
    const source = new EventSource('/api/v1/realtime', { withCredentials: true });
    this.source = source;
    source.onopen = () => {
      this.attempts = 0;
      this.setStatus('open');
      for (const s of this.subscribers) s.onResync?.();
    };
    source.onmessage = (message) => {
      let event: RealtimeEvent;
      try {
        event = JSON.parse(message.data) as RealtimeEvent;
      } catch {
        return;
      }
      if (!event || typeof event.type !== 'string') return;
      for (const s of this.subscribers) s.onEvent?.(event);
    };
    source.onerror = () => {
      if (this.source !== source) return;
      if (source.readyState === EventSource.CLOSED) {
        // The server refused (4xx/5xx, not an event stream): EventSource will not retry on its own.
        source.close();
        this.source = null;
        this.attempts++;
        this.setStatus('reconnecting');
        const delay = Math.min(maxBackoffMs, 1_000 * 2 ** Math.min(this.attempts - 1, 5));
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          if (this.subscribers.size > 0) this.open();
        }, delay);
      } else {
        this.setStatus('reconnecting');
      }
    };
  }

  private shutdown() {
    this.source?.close();
    this.source = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.attempts = 0;
    this.setStatus('idle');
  }
}

let connection: RealtimeConnection | null = null;
const getConnection = () => {
  connection ??= new RealtimeConnection();
  return connection;
};

/**
 * Listens to the tenant's realtime stream while the component is mounted. `onResync` runs each time the
 * stream (re)opens: refetch there whatever the component shows. Answers the stream's state, so screens can
 * fall back to polling while it is down.
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
