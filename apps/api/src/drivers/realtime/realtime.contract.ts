import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFeed } from './feed.ts';
import type { DeliveredRealtimeEvent, RealtimePort } from './realtime.port.ts';

export interface ContractOptions {
  /** Two instances from `make` share one backend, like two API processes on one Redis. */
  shared?: boolean;
}

/** Polls until `check` passes; generous deadline because CI machines stall (no timing assertions). */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

export function collect(): {
  events: DeliveredRealtimeEvent[];
  listener: (e: DeliveredRealtimeEvent) => void;
} {
  const events: DeliveredRealtimeEvent[] = [];
  return { events, listener: (e) => events.push(e) };
}

const types = (events: DeliveredRealtimeEvent[]) => events.map((e) => e.type);

/**
 * Every realtime driver passes this. Negative checks ("never gets X") publish X first and then a
 * marker that must arrive; drivers deliver in publish order, so once the marker is in, X would be too.
 */
export const realtimeContract = (
  name: string,
  make: (opts?: { historySize?: number }) => Promise<RealtimePort>,
  options: ContractOptions = {},
) =>
  describe(`realtime contract: ${name}`, () => {
    const extra: RealtimePort[] = [];
    const another = async (opts?: { historySize?: number }) => {
      const rt = await make(opts);
      extra.push(rt);
      return rt;
    };
    afterEach(async () => {
      await Promise.all(extra.splice(0).map((x) => x.close()));
    });
    const n = (e: DeliveredRealtimeEvent) => (e.data as { n: number }).n;
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

    let rt: RealtimePort;
    // Fresh tenant ids per test so that drivers sharing a server never see each other's events.
    const tenant = () => `t-${randomUUID()}`;

    beforeEach(async () => {
      rt = await make();
    });
    afterEach(async () => {
      await rt.close();
    });

    it("delivers a tenant's events to its subscriber in publish order, with increasing ids", async () => {
      const t = tenant();
      const seen = collect();
      rt.subscribe(t, seen.listener);
      for (let i = 0; i < 20; i++) await rt.publish(t, { type: `message.created`, data: { n: i } });
      // Not awaited one by one: call order still wins.
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => rt.publish(t, { type: 'message.status', data: { n: 20 + i } })),
      );
      await eventually(() => expect(seen.events).toHaveLength(40));
      expect(seen.events.map((e) => (e.data as { n: number }).n)).toEqual(
        Array.from({ length: 40 }, (_, i) => i),
      );
      const ids = seen.events.map((e) => e.id);
      expect([...ids].sort()).toEqual(ids);
      expect(new Set(ids).size).toBe(40);
    });

    it('delivers type, data as JSON, an id, an ISO time and the conversation id', async () => {
      const t = tenant();
      const seen = collect();
      rt.subscribe(t, seen.listener);
      const when = new Date('2026-01-02T03:04:05.000Z');
      await rt.publish(
        t,
        { type: 'conversation.updated', data: { when, unread: 3 } },
        { conversationId: 'c-1' },
      );
      await rt.publish(t, { type: 'message.created', data: null });
      await eventually(() => expect(seen.events).toHaveLength(2));
      const [first, second] = seen.events as [DeliveredRealtimeEvent, DeliveredRealtimeEvent];
      expect(first).toMatchObject({
        type: 'conversation.updated',
        data: { when: '2026-01-02T03:04:05.000Z', unread: 3 },
        conversationId: 'c-1',
      });
      expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(new Date(first.at).toISOString()).toBe(first.at);
      expect(second).toMatchObject({ type: 'message.created', data: null });
      expect(second).not.toHaveProperty('conversationId');
    });

    it("never delivers another tenant's events", async () => {
      const a = tenant();
      const b = tenant();
      const seenA = collect();
      const seenB = collect();
      rt.subscribe(a, seenA.listener);
      rt.subscribe(b, seenB.listener);
      await rt.publish(b, { type: 'for.b', data: 1 });
      await rt.publish(a, { type: 'for.a', data: 2 });
      await eventually(() => expect(types(seenA.events)).toEqual(['for.a']));
      expect(types(seenB.events)).toEqual(['for.b']);
    });

    it('stops delivering after unsubscribe, for one of several listeners and for the last one', async () => {
      const t = tenant();
      const other = tenant();
      const gone = collect();
      const stays = collect();
      const lastGone = collect();
      const marker = collect();
      const unsubscribeGone = rt.subscribe(t, gone.listener);
      rt.subscribe(t, stays.listener);
      const unsubscribeLast = rt.subscribe(other, lastGone.listener);
      rt.subscribe(`${other}-marker`, marker.listener);

      await rt.publish(t, { type: 'before', data: 0 });
      await rt.publish(other, { type: 'before', data: 0 });
      await eventually(() => expect(types(lastGone.events)).toEqual(['before']));
      await eventually(() => expect(types(gone.events)).toEqual(['before']));

      unsubscribeGone();
      unsubscribeGone(); // twice is harmless
      unsubscribeLast();
      await rt.publish(t, { type: 'after', data: 1 });
      await rt.publish(other, { type: 'after', data: 1 });
      await rt.publish(`${other}-marker`, { type: 'marker', data: 2 });
      await eventually(() => expect(types(marker.events)).toEqual(['marker']));
      await eventually(() => expect(types(stays.events)).toEqual(['before', 'after']));
      expect(types(gone.events)).toEqual(['before']);
      expect(types(lastGone.events)).toEqual(['before']);
    });

    it('delivers again after a tenant was unsubscribed and subscribed anew', async () => {
      const t = tenant();
      const first = collect();
      rt.subscribe(t, first.listener)();
      const again = collect();
      rt.subscribe(t, again.listener);
      await rt.publish(t, { type: 'hello', data: 1 });
      await eventually(() => expect(types(again.events)).toEqual(['hello']));
      expect(first.events).toEqual([]);
    });

    it('gives every subscriber of a tenant each event', async () => {
      const t = tenant();
      const listeners = Array.from({ length: 3 }, collect);
      for (const l of listeners) rt.subscribe(t, l.listener);
      await rt.publish(t, { type: 'one', data: 1 });
      await rt.publish(t, { type: 'two', data: 2 });
      for (const l of listeners) await eventually(() => expect(types(l.events)).toEqual(['one', 'two']));
      const [a, , c] = listeners.map((l) => l.events.map((e) => e.id));
      expect(a).toEqual(c);
    });

    it('keeps delivering to other listeners, and to itself, when a listener throws', async () => {
      const t = tenant();
      let thrown = 0;
      rt.subscribe(t, () => {
        thrown++;
        throw new Error('socket closed');
      });
      const healthy = collect();
      rt.subscribe(t, healthy.listener);
      await expect(rt.publish(t, { type: 'one', data: 1 })).resolves.toBeUndefined();
      await rt.publish(t, { type: 'two', data: 2 });
      await eventually(() => expect(types(healthy.events)).toEqual(['one', 'two']));
      expect(thrown).toBe(2);
    });

    it('lets a listener publish without reordering what other listeners see', async () => {
      const t = tenant();
      const first = collect();
      const second = collect();
      rt.subscribe(t, (e) => {
        first.listener(e);
        if (e.type === 'ping') void rt.publish(t, { type: 'pong', data: null });
      });
      rt.subscribe(t, second.listener);
      await rt.publish(t, { type: 'ping', data: null });
      await eventually(() => expect(types(second.events)).toEqual(['ping', 'pong']));
      expect(types(first.events)).toEqual(['ping', 'pong']);
    });

    it('keeps history: since() answers what came after an id, in order, and head() the newest', async () => {
      const t = tenant();
      expect(await rt.head(t)).toBeNull();
      const seen = collect();
      rt.subscribe(t, seen.listener);
      for (let i = 1; i <= 10; i++) await rt.publish(t, { type: 'message.created', data: { n: i } });
      await eventually(() => expect(seen.events).toHaveLength(10));
      const ids = seen.events.map((e) => e.id);
      expect(await rt.head(t)).toBe(ids[9]);
      const missed = await rt.since(t, ids[2] as string);
      expect(missed?.map(n)).toEqual(range(4, 10));
      expect(missed?.map((e) => e.id)).toEqual(ids.slice(3));
      expect(missed?.[0]).toMatchObject({ type: 'message.created', at: seen.events[3]?.at });
      expect(await rt.since(t, ids[9] as string)).toEqual([]);
      // Another tenant's id is no position in this tenant's history.
      expect(await rt.since(tenant(), ids[2] as string)).toBeNull();
      expect(await rt.head(tenant())).toBeNull();
    });

    it('catches a reconnecting client up on the window it missed, with no gap and no duplicate', async () => {
      const t = tenant();
      const got: number[] = [];
      let lastSeen: string | null = null;
      const first = openFeed(rt, t, null, (e) => {
        got.push(n(e));
        lastSeen = e.id;
      });
      await first.started;
      for (let i = 1; i <= 5; i++) await rt.publish(t, { type: 'message.created', data: { n: i } });
      await eventually(() => expect(got).toEqual(range(1, 5)));
      first.close(); // the client drops off…
      for (let i = 6; i <= 15; i++) await rt.publish(t, { type: 'message.created', data: { n: i } });
      // …and comes back while events keep flowing: they reach its live subscription AND the history
      // it reads (the history read is held back until they are published), so the overlap must be cut.
      let racing: Promise<unknown> = Promise.resolve();
      const slowHistory = new Proxy(rt, {
        get(target, prop) {
          if (prop === 'since')
            return async (tenantId: string, afterId: string) => {
              racing = Promise.all(
                range(16, 30).map((i) => target.publish(t, { type: 'message.created', data: { n: i } })),
              );
              await racing;
              return target.since(tenantId, afterId);
            };
          const value = Reflect.get(target, prop, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const starts: unknown[] = [];
      const again = openFeed(
        slowHistory,
        t,
        lastSeen,
        (e) => got.push(n(e)),
        (s) => starts.push(s),
      );
      const start = await again.started;
      await racing;
      await rt.publish(t, { type: 'message.created', data: { n: 31 } });
      await eventually(() => expect(got).toEqual(range(1, 31)));
      expect(start).toMatchObject({ resync: false, replayed: 25 });
      expect(starts).toEqual([start]);
      again.close();
    });

    it('says resync when the id is older than the history, unknown or malformed', async () => {
      const small = await another({ historySize: 20 });
      const t = tenant();
      const seen = collect();
      small.subscribe(t, seen.listener);
      for (let i = 1; i <= 200; i++) await small.publish(t, { type: 'message.created', data: { n: i } });
      await eventually(() => expect(seen.events).toHaveLength(200));
      const oldest = seen.events[0]?.id as string;
      expect(await small.since(t, oldest)).toBeNull();
      expect(await small.since(t, 'not-an-id')).toBeNull();
      expect(await small.since(t, '0190a2b4-0000-7000-8000-000000000000')).toBeNull();
      const recent = seen.events[195]?.id as string;
      expect((await small.since(t, recent))?.map(n)).toEqual([197, 198, 199, 200]);

      const got: number[] = [];
      const starts: { resync: boolean; position: string | null }[] = [];
      const feed = openFeed(
        small,
        t,
        oldest,
        (e) => got.push(n(e)),
        (s) => starts.push(s),
      );
      await feed.started;
      expect(starts).toEqual([{ resync: true, position: seen.events[199]?.id, replayed: 0 }]);
      await small.publish(t, { type: 'message.created', data: { n: 201 } });
      await eventually(() => expect(got).toEqual([201]));
      feed.close();
    });

    it('keeps a bounded history per tenant', async () => {
      const small = await another({ historySize: 50 });
      const t = tenant();
      for (let i = 1; i <= 1000; i++) void small.publish(t, { type: 'message.created', data: { n: i } });
      await small.publish(t, { type: 'message.created', data: { n: 1001 } });
      const kept = await small.retained(t);
      // Redis trims whole stream nodes (≤ 100 entries), the memory ring in batches of a quarter.
      expect(kept).toBeGreaterThanOrEqual(50);
      expect(kept).toBeLessThanOrEqual(50 + 100);
      const head = (await small.head(t)) as string;
      expect(await small.since(t, head)).toEqual([]);
    });

    it('delivers transient events live without keeping them', async () => {
      const t = tenant();
      const seen = collect();
      rt.subscribe(t, seen.listener);
      await rt.publish(t, { type: 'message.created', data: { n: 1 } });
      await rt.publish(t, { type: 'agent.typing', data: { conversationId: 'c1' } }, { transient: true });
      await rt.publish(t, { type: 'message.created', data: { n: 2 } });
      await eventually(() =>
        expect(types(seen.events)).toEqual(['message.created', 'agent.typing', 'message.created']),
      );
      expect(seen.events[1]).toMatchObject({ transient: true, data: { conversationId: 'c1' } });
      expect(seen.events[0]).not.toHaveProperty('transient');
      expect(await rt.retained(t)).toBe(2);
      expect((await rt.since(t, seen.events[0]?.id as string))?.map(n)).toEqual([2]);
    });

    it.skipIf(!options.shared)(
      'shares delivery, order and history between two instances (two processes on one backend)',
      async () => {
        const a = await another();
        const b = await another();
        const t = tenant();
        const inB = collect();
        b.subscribe(t, inB.listener);
        if ('ready' in b && typeof b.ready === 'function') await (b.ready as () => Promise<void>)();
        for (let i = 1; i <= 20; i++)
          await (i % 2 ? a : b).publish(t, { type: 'message.created', data: { n: i } });
        await eventually(() => expect(inB.events.map(n)).toEqual(range(1, 20)));
        const ids = inB.events.map((e) => e.id);
        expect([...ids].sort()).toEqual(ids);
        // A client that saw event 5 on process B reconnects to process A.
        expect((await a.since(t, ids[4] as string))?.map((e) => e.id)).toEqual(ids.slice(5));
        expect(await a.head(t)).toBe(ids[19]);
      },
    );

    it('refuses to publish after close', async () => {
      const closed = await make();
      await closed.close();
      await expect(closed.publish(tenant(), { type: 'x', data: null })).rejects.toThrow(/closed/);
    });
  });
