import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveredRealtimeEvent, RealtimePort } from './realtime.port.ts';

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
export const realtimeContract = (name: string, make: () => Promise<RealtimePort>) =>
  describe(`realtime contract: ${name}`, () => {
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

    it('refuses to publish after close', async () => {
      const closed = await make();
      await closed.close();
      await expect(closed.publish(tenant(), { type: 'x', data: null })).rejects.toThrow(/closed/);
    });
  });
