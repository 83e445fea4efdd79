import { randomUUID } from 'node:crypto';
import { serverRedisUrl } from '@conversa/testkit';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { collect, eventually, realtimeContract } from './realtime.contract.ts';
import { RedisRealtime } from './redis.driver.ts';

// A random prefix per test file keeps parallel runs on one Redis apart.
const prefix = `conversa:test:${randomUUID()}:rt:`;

describe.skipIf(!serverRedisUrl)('redis realtime', () => {
  const url = serverRedisUrl as string;
  const opened: RedisRealtime[] = [];
  const open = (p = prefix) => {
    const rt = new RedisRealtime({ url, prefix: p });
    opened.push(rt);
    return rt;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((rt) => rt.close()));
  });

  realtimeContract('redis', async (opts) => new RedisRealtime({ url, prefix, ...opts }), { shared: true });

  it('fans an event published by one process out to subscribers in another', async () => {
    const a = open();
    const b = open();
    const inB = collect();
    const inA = collect();
    b.subscribe('tenant-1', inB.listener);
    a.subscribe('tenant-1', inA.listener);
    await Promise.all([a.ready(), b.ready()]);
    await a.publish('tenant-1', { type: 'message.created', data: { text: 'oi' } }, { conversationId: 'c1' });
    await b.publish('tenant-1', { type: 'message.status', data: { status: 'read' } });
    await eventually(() =>
      expect(inB.events.map((e) => e.type)).toEqual(['message.created', 'message.status']),
    );
    await eventually(() =>
      expect(inA.events.map((e) => e.type)).toEqual(['message.created', 'message.status']),
    );
    expect(inB.events[0]).toMatchObject({ data: { text: 'oi' }, conversationId: 'c1' });
    expect(inA.events.map((e) => e.id)).toEqual(inB.events.map((e) => e.id));
  });

  it('keeps drivers with different prefixes apart', async () => {
    const a = open(`conversa:test:${randomUUID()}:rt:`);
    const b = open();
    const inA = collect();
    const inB = collect();
    a.subscribe('tenant-1', inA.listener);
    b.subscribe('tenant-1', inB.listener);
    await Promise.all([a.ready(), b.ready()]);
    await b.publish('tenant-1', { type: 'only.b', data: null });
    await a.publish('tenant-1', { type: 'only.a', data: null });
    await eventually(() => expect(inA.events.map((e) => e.type)).toEqual(['only.a']));
    await eventually(() => expect(inB.events.map((e) => e.type)).toEqual(['only.b']));
  });

  it('uses one subscriber connection per process however many tenants listen', async () => {
    const p = `conversa:test:${randomUUID()}:rt:`;
    const rt = open(p);
    for (let i = 0; i < 5; i++) rt.subscribe(`tenant-${i}`, () => {});
    await rt.publish('tenant-0', { type: 'x', data: null }); // connects the publisher too
    await rt.ready();
    const admin = new Redis(url);
    try {
      const clients = String(await admin.client('LIST'))
        .split('\n')
        .filter((line) => line.includes(`name=${p}`));
      expect(clients.map((line) => / name=(\S+)/.exec(line)?.[1]).sort()).toEqual([`${p}pub`, `${p}sub`]);
      const channels = (await admin.pubsub('CHANNELS', `${p}*`)) as string[];
      expect(channels.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `${p}tenant-${i}`));
      await rt.close();
      await eventually(async () => expect(String(await admin.client('LIST'))).not.toContain(`name=${p}`));
    } finally {
      admin.disconnect();
    }
  });

  it('drops a message that is not one of ours and keeps delivering', async () => {
    const p = `conversa:test:${randomUUID()}:rt:`;
    const rt = open(p);
    const seen = collect();
    rt.subscribe('tenant-1', seen.listener);
    await rt.ready();
    const admin = new Redis(url);
    try {
      await admin.publish(`${p}tenant-1`, 'not json {');
    } finally {
      admin.disconnect();
    }
    await rt.publish('tenant-1', { type: 'after', data: null });
    await eventually(() => expect(seen.events.map((e) => e.type)).toEqual(['after']));
  });

  it('resubscribes after its subscriber connection is killed', async () => {
    const p = `conversa:test:${randomUUID()}:rt:`;
    const a = open(p);
    const b = open(p);
    const inB = collect();
    b.subscribe('tenant-1', inB.listener);
    await b.ready();
    const admin = new Redis(url);
    try {
      const line = String(await admin.client('LIST'))
        .split('\n')
        .find((l) => l.includes(`name=${p}sub`));
      const id = line && /(?:^| )id=(\d+)/.exec(line)?.[1];
      expect(id).toBeTruthy();
      await admin.client('KILL', 'ID', id as string);
    } finally {
      admin.disconnect();
    }
    // Pub/sub keeps nothing while b is away, so keep publishing until b is back.
    let n = 0;
    await eventually(async () => {
      await a.publish('tenant-1', { type: 'ping', data: n++ });
      expect(inB.events.length).toBeGreaterThan(0);
    }, 20_000);
  });
});
