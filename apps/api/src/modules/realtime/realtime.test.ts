import { randomUUID } from 'node:crypto';
import { uuidv7 } from '@conversa/db';
import { serverRedisUrl } from '@conversa/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RedisRealtime } from '../../drivers/realtime/redis.driver.ts';
import { createTestApp } from '../../test/harness.ts';
import { realtimeTimings } from './realtime.routes.ts';

type Msg = { id?: string | null; type: string; data: unknown; at: string; conversationId?: string };

/** A WebSocket client that records every message and can wait for one. */
function connect(base: string, headers: Record<string, string>, query = '') {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/v1/realtime${query}`, { headers });
  const messages: Msg[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (raw) => {
    messages.push(JSON.parse(raw.toString()) as Msg);
    for (const w of waiters) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  /** Resolves with the messages once `check` holds for them. */
  const until = (check: (m: Msg[]) => boolean, timeoutMs = 10_000) =>
    new Promise<Msg[]>((resolve, reject) => {
      const test = () => {
        if (!check(messages)) return;
        waiters.delete(test);
        clearTimeout(timer);
        resolve(messages);
      };
      const timer = setTimeout(() => {
        waiters.delete(test);
        reject(new Error(`timed out; got ${JSON.stringify(messages.map((m) => m.type))}`));
      }, timeoutMs);
      waiters.add(test);
      test();
    });
  return { ws, messages, opened, closed, until };
}

const events = (m: Msg[]) => m.filter((x) => x.type === 'test.event');
const ns = (m: Msg[]) => events(m).map((x) => (x.data as { n: number }).n);

/** Reads an SSE stream until `check` holds, then aborts it. */
async function readSse(url: string, headers: Record<string, string>, check: (m: Msg[]) => boolean) {
  const ctrl = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: ctrl.signal });
  const messages: Msg[] = [];
  const ids: string[] = [];
  if (res.status !== 200) return { status: res.status, messages, ids, body: await res.text() };
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + 10_000;
  while (!check(messages)) {
    if (Date.now() > deadline) throw new Error(`SSE timed out: ${JSON.stringify(messages)}`);
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    let cut = text.indexOf('\n\n');
    while (cut >= 0) {
      const block = text.slice(0, cut);
      text = text.slice(cut + 2);
      for (const line of block.split('\n')) {
        if (line.startsWith('data: ')) messages.push(JSON.parse(line.slice(6)) as Msg);
        if (line.startsWith('id: ')) ids.push(line.slice(4));
      }
      cut = text.indexOf('\n\n');
    }
  }
  ctrl.abort();
  return { status: res.status, messages, ids, body: '' };
}

describe(`realtime stream (${serverRedisUrl ? 'redis' : 'memory'} driver)`, () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let base: string;
  let admin: string;
  let maria: string;
  let agent: string;
  let tenantB: string;
  const prefix = `conversa:test:${randomUUID()}:rt:`;
  const other: RedisRealtime[] = [];

  beforeAll(async () => {
    t = await createTestApp(
      {},
      serverRedisUrl
        ? { realtime: (log) => new RedisRealtime({ url: serverRedisUrl as string, prefix, log }) }
        : {},
    );
    base = await t.listen();
    admin = await t.login();
    const tenant = await t.inject({
      method: 'POST',
      url: '/api/v1/tenants',
      headers: { cookie: admin },
      payload: { name: 'Loja B', owner: { email: 'b@loja.com', password: 'b-password', name: 'Bia' } },
    });
    tenantB = tenant.json().id;
    maria = await t.login('b@loja.com', 'b-password');
    const created = await t.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: admin },
      payload: { email: 'ana@conversa.dev', name: 'Ana Agente', role: 'AGENT', password: 'agent-password' },
    });
    expect(created.statusCode).toBe(201);
    agent = await t.login('ana@conversa.dev', 'agent-password');
  });
  afterAll(async () => {
    await Promise.all(other.map((r) => r.close()));
    await t?.close();
  });

  const publish = (tenantId: string, n: number) =>
    t.realtime.publish(tenantId, { type: 'test.event', data: { n } });

  it('refuses a socket or a stream without a session, with a bad session, or from a foreign page', async () => {
    await expect(connect(base, {}).opened).rejects.toThrow('HTTP 401');
    await expect(connect(base, { cookie: 'conversa_session=nope' }).opened).rejects.toThrow('HTTP 401');
    await expect(connect(base, { cookie: admin, origin: 'https://evil.example' }).opened).rejects.toThrow(
      'HTTP 403',
    );
    const sse = await t.inject({
      method: 'GET',
      url: '/api/v1/realtime',
      headers: { accept: 'text/event-stream' },
    });
    expect(sse.statusCode).toBe(401);
    expect(sse.headers['content-type']).toContain('application/problem+json');
    expect(sse.json()).toMatchObject({ code: 'unauthenticated' });
  });

  it("delivers the tenant's events live, in order, and never another tenant's", async () => {
    const a = connect(base, { cookie: admin });
    const b = connect(base, { cookie: maria, origin: base });
    await Promise.all([a.opened, b.opened]);
    await a.until((m) => m.some((x) => x.type === 'ready'));
    await b.until((m) => m.some((x) => x.type === 'ready'));
    await publish(tenantB, 1000);
    for (let n = 1; n <= 20; n++) await publish(t.firstTenantId, n);
    await publish(tenantB, 1001);
    await a.until((m) => ns(m).length === 20);
    await b.until((m) => ns(m).length === 2);
    expect(ns(a.messages)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(ns(b.messages)).toEqual([1000, 1001]);
    const first = events(a.messages)[0] as Msg;
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(first.at).toISOString()).toBe(first.at);
    a.ws.close();
    b.ws.close();
  });

  it('catches a reconnecting socket up on everything it missed (?after= and a resume message)', async () => {
    const first = connect(base, { cookie: admin });
    await first.opened;
    await first.until((m) => m.some((x) => x.type === 'ready'));
    for (let n = 1; n <= 3; n++) await publish(t.firstTenantId, n);
    await first.until((m) => ns(m).length === 3);
    const lastSeen = events(first.messages)[2]?.id as string;
    first.ws.close();
    await first.closed;
    for (let n = 4; n <= 8; n++) await publish(t.firstTenantId, n);

    const again = connect(base, { cookie: admin }, `?after=${lastSeen}`);
    await again.opened;
    const racing = Promise.all([9, 10, 11].map((n) => publish(t.firstTenantId, n)));
    await racing;
    await again.until((m) => ns(m).length === 8);
    expect(ns(again.messages)).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    const ready = again.messages.find((m) => m.type === 'ready') as Msg;
    // `ready` comes after the replayed window and names the newest id replayed.
    expect(again.messages.indexOf(ready)).toBeGreaterThanOrEqual(5);
    expect(ready.data).toMatchObject({ replayed: expect.any(Number) });
    again.ws.close();

    // The same through a first message instead of the query string.
    const third = connect(base, { cookie: admin });
    await third.opened;
    await third.until((m) => m.some((x) => x.type === 'ready'));
    third.ws.send(JSON.stringify({ type: 'resume', after: lastSeen }));
    await third.until((m) => ns(m).length >= 8);
    expect(ns(third.messages)).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    third.ws.close();
  });

  it('sends resync when the id is older than the history or unknown', async () => {
    await publish(t.firstTenantId, 1);
    const head = await t.realtime.head(t.firstTenantId);
    const stale = connect(base, { cookie: admin }, `?after=${uuidv7(Date.now() - 3600_000)}`);
    await stale.opened;
    const [m] = await stale.until((x) => x.length > 0);
    expect(m).toMatchObject({ type: 'resync', id: head });
    await publish(t.firstTenantId, 2);
    await stale.until((x) => ns(x).includes(2));
    expect(ns(stale.messages)).toEqual([2]);
    stale.ws.close();
  });

  it('serves SSE with Last-Event-ID catch-up, ids on kept events, and resync for an unknown id', async () => {
    await publish(t.firstTenantId, 1);
    const from = (await t.realtime.head(t.firstTenantId)) as string;
    for (let n = 2; n <= 4; n++) await publish(t.firstTenantId, n);
    const url = `${base}/api/v1/realtime`;
    const caught = await readSse(url, { cookie: admin, 'last-event-id': from }, (m) =>
      m.some((x) => x.type === 'ready'),
    );
    expect(caught.status).toBe(200);
    expect(ns(caught.messages)).toEqual([2, 3, 4]);
    // Every kept event and the ready marker carry an SSE id (EventSource resends the last one).
    expect(caught.ids.at(-1)).toBe(await t.realtime.head(t.firstTenantId));
    const lost = await readSse(url, { cookie: admin, 'last-event-id': uuidv7(1) }, (m) => m.length > 0);
    expect(lost.messages[0]).toMatchObject({ type: 'resync' });
    const none = await readSse(url, {}, () => true);
    expect(none.status).toBe(401);
  });

  it('accepts an API key', async () => {
    const key = await t.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { cookie: admin },
      payload: { name: 'stream', role: 'VIEWER' },
    });
    const socket = connect(base, { authorization: `Bearer ${key.json().secret}` });
    await socket.opened;
    await socket.until((m) => m.some((x) => x.type === 'ready'));
    await publish(t.firstTenantId, 77);
    await socket.until((m) => ns(m).includes(77));
    socket.ws.close();
  });

  it('relays typing to the other users of the tenant only, throttled and not kept', async () => {
    const conversationId = randomUUID();
    const typist = connect(base, { cookie: agent });
    const watcher = connect(base, { cookie: admin });
    const stranger = connect(base, { cookie: maria });
    await Promise.all([typist.opened, watcher.opened, stranger.opened]);
    for (const s of [typist, watcher, stranger]) await s.until((m) => m.some((x) => x.type === 'ready'));
    const headBefore = await t.realtime.head(t.firstTenantId);
    typist.ws.send(JSON.stringify({ type: 'typing', conversationId }));
    typist.ws.send(JSON.stringify({ type: 'typing', conversationId })); // within the throttle window
    const typed = await watcher.until((m) => m.some((x) => x.type === 'agent.typing'));
    const typing = typed.find((x) => x.type === 'agent.typing') as Msg;
    expect(typing).toMatchObject({ data: { conversationId, name: 'Ana Agente' }, conversationId });
    expect(typing.id).toBeUndefined();
    // A marker after the typing frames: once it is in, a second typing relay would be too.
    await publish(t.firstTenantId, 5);
    await publish(tenantB, 5);
    await watcher.until((m) => ns(m).includes(5));
    await typist.until((m) => ns(m).includes(5));
    await stranger.until((m) => ns(m).includes(5));
    expect(watcher.messages.filter((x) => x.type === 'agent.typing')).toHaveLength(1);
    expect(typist.messages.filter((x) => x.type === 'agent.typing')).toHaveLength(0);
    expect(stranger.messages.filter((x) => x.type === 'agent.typing')).toHaveLength(0);
    const markerId = events(watcher.messages).at(-1)?.id;
    expect(await t.realtime.since(t.firstTenantId, headBefore as string)).toEqual([
      expect.objectContaining({ id: markerId, type: 'test.event' }),
    ]);
    typist.ws.send('not json');
    typist.ws.send(JSON.stringify({ type: 'typing', conversationId: 'x' }));
    await typist.until((m) => m.filter((x) => x.type === 'error').length === 2);
    typist.ws.send(JSON.stringify({ type: 'ping' }));
    await typist.until((m) => m.some((x) => x.type === 'pong'));
    for (const s of [typist, watcher, stranger]) s.ws.close();
  });

  it.skipIf(!serverRedisUrl)('delivers events another process publishes through Redis', async () => {
    const worker = new RedisRealtime({ url: serverRedisUrl as string, prefix });
    other.push(worker);
    const socket = connect(base, { cookie: admin });
    await socket.opened;
    await socket.until((m) => m.some((x) => x.type === 'ready'));
    await worker.publish(t.firstTenantId, { type: 'test.event', data: { n: 501 } });
    await publish(t.firstTenantId, 502);
    await worker.publish(t.firstTenantId, { type: 'test.event', data: { n: 503 } });
    await socket.until((m) => ns(m).length === 3);
    expect(ns(socket.messages)).toEqual([501, 502, 503]);
    socket.ws.close();
  });

  it('closes the socket at once when its session is revoked (logout); other people keep theirs', async () => {
    // The minute's re-check is not what closes it: logout tells the streams (principal.check).
    expect(realtimeTimings.recheckMs).toBe(60_000);
    const session = await t.login('ana@conversa.dev', 'agent-password');
    const socket = connect(base, { cookie: session });
    const bystander = connect(base, { cookie: await t.login() });
    await socket.opened;
    await bystander.opened;
    await socket.until((m) => m.some((x) => x.type === 'ready'));
    await bystander.until((m) => m.some((x) => x.type === 'ready'));
    const out = await t.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: session },
    });
    expect(out.statusCode).toBeLessThan(300);
    expect(await socket.closed).toMatchObject({ code: 4401 });
    expect(socket.messages.at(-1)).toMatchObject({ type: 'session.ended' });
    // The internal check is never sent to clients, and the admin's stream is still open.
    await publish(t.firstTenantId, 777);
    await bystander.until((m) => ns(m).includes(777));
    expect(bystander.messages.some((m) => m.type === 'principal.check')).toBe(false);
    bystander.ws.close();
  });
});
