import type { DeliveredRealtimeEvent, RealtimePort } from './realtime.port.ts';

export interface FeedStart {
  /** The client's resume position after catch-up: the newest id it has (or null: nothing kept yet). */
  position: string | null;
  /** `after` was not kept any more (or never ours): the client must refetch what it shows. */
  resync: boolean;
  /** Events replayed from history before live delivery began. */
  replayed: number;
}

export interface Feed {
  /** Settles once catch-up was delivered; live events follow through `deliver`. */
  started: Promise<FeedStart>;
  close(): void;
}

/**
 * One client's view of a tenant's events: what it missed after `after`, then live ones, with no gap
 * and no duplicate. Subscribes first and buffers, then reads history, then drains the buffer past the
 * last replayed id; ids sort in publish order, so the overlap is cut by comparing ids.
 * Transient events (typing) pass straight through once live.
 */
export function openFeed(
  rt: RealtimePort,
  tenantId: string,
  after: string | null,
  deliver: (event: DeliveredRealtimeEvent) => void,
  /** Runs once, after replayed events and before any live one: tell the client where it stands. */
  onStart: (start: FeedStart) => void = () => {},
): Feed {
  let buffer: DeliveredRealtimeEvent[] | null = [];
  let last: string | null = null;
  let closed = false;
  const emit = (event: DeliveredRealtimeEvent) => {
    if (closed) return;
    if (!event.transient) {
      if (last !== null && event.id <= last) return;
      last = event.id;
    }
    deliver(event);
  };
  const unsubscribe = rt.subscribe(tenantId, (event) => {
    if (buffer) buffer.push(event);
    else emit(event);
  });
  const started = (async (): Promise<FeedStart> => {
    let resync = false;
    let replayed = 0;
    try {
      const missed = after ? await rt.since(tenantId, after) : null;
      if (after && missed) {
        last = after;
        for (const event of missed) emit(event);
        replayed = missed.length;
      } else {
        resync = after !== null;
        // A fresh client starts at the head: whatever it loads now already reflects events up to it.
        last = await rt.head(tenantId);
      }
      const start = { position: last, resync, replayed };
      if (!closed) onStart(start);
      const pending = buffer ?? [];
      buffer = null;
      for (const event of pending) emit(event);
      return start;
    } catch (err) {
      buffer = null;
      unsubscribe();
      throw err;
    }
  })();
  return {
    started,
    close() {
      closed = true;
      buffer = null;
      unsubscribe();
    },
  };
}
