import { Redis } from 'ioredis';
import { createEventIdGenerator } from './event-id.ts';
import { LocalFanout, type RealtimeLog } from './local-fanout.ts';
import {
  type DeliveredRealtimeEvent,
  type PublishOptions,
  RealtimeClosedError,
  type RealtimeEvent,
  type RealtimeListener,
  type RealtimePort,
} from './realtime.port.ts';

export interface RedisRealtimeOptions {
  url: string;
  /** Channel prefix; one channel per tenant is `<prefix><tenantId>`. Tests use a random one. */
  prefix?: string;
  log?: RealtimeLog;
  /** Events kept per tenant for catch-up (approximately: Redis trims whole stream nodes). */
  historySize?: number;
  /** A tenant's history expires after this long without a new event. */
  historyTtlMs?: number;
}

export const defaultRealtimePrefix = 'conversa:rt:';

// XADD and PUBLISH in one script: the order subscribers see is the stream's order, across processes,
// and no event is published without being kept (or kept without being published).
const PUBLISH_KEPT = `
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'e', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PUBLISH', ARGV[4], id .. ' ' .. ARGV[2])
return id`;

/**
 * Redis fan-out with history: every API process publishes to the tenant's channel and appends to the
 * tenant's stream (`<prefix>h:<tenantId>`, capped with MAXLEN ~ and expiring when idle), and each
 * process keeps ONE subscriber connection, subscribed to the tenants that have local listeners.
 * Event ids are the stream ids written as UUIDv7 (ms, then sequence), so they sort in the stream's
 * order and a client's "after" maps back to a stream position for XRANGE.
 */
export class RedisRealtime implements RealtimePort {
  readonly kind = 'redis';
  readonly prefix: string;
  readonly #pub: Redis;
  readonly #sub: Redis;
  readonly #fanout: LocalFanout;
  readonly #nextId = createEventIdGenerator();
  readonly #log: RealtimeLog | undefined;
  readonly #historySize: number;
  readonly #historyTtlMs: number;
  /** The latest SUBSCRIBE/UNSUBSCRIBE in flight; replies come in order, so it settles last. */
  #pendingSubscription: Promise<void> | undefined;
  #closed = false;

  constructor(opts: RedisRealtimeOptions) {
    this.prefix = opts.prefix ?? defaultRealtimePrefix;
    this.#log = opts.log;
    this.#historySize = Math.max(1, opts.historySize ?? 10_000);
    this.#historyTtlMs = Math.max(1000, opts.historyTtlMs ?? 24 * 3600_000);
    this.#fanout = new LocalFanout(opts.log);
    // lazyConnect: building the driver (and the factory's choice) needs no reachable Redis yet.
    // Auto-pipelining: publishes issued in the same tick leave in one write (a batch of sends
    // publishes hundreds of statuses at once; one write each cost ~65 µs of CPU per event).
    this.#pub = new Redis(opts.url, {
      lazyConnect: true,
      connectionName: `${this.prefix}pub`,
      enableAutoPipelining: true,
    });
    // EVALSHA with a fallback to EVAL: the script's text crosses the wire once, not with every event.
    this.#pub.defineCommand('publishKept', { numberOfKeys: 1, lua: PUBLISH_KEPT });
    this.#sub = new Redis(opts.url, { lazyConnect: true, connectionName: `${this.prefix}sub` });
    for (const [role, client] of [
      ['pub', this.#pub],
      ['sub', this.#sub],
    ] as const) {
      // Without a listener ioredis prints every reconnect error to stderr; it reconnects by itself.
      client.on('error', (err: Error) => this.#log?.warn({ err, role }, 'realtime redis connection error'));
    }
    this.#sub.on('message', (channel: string, message: string) => this.#onMessage(channel, message));
  }

  async publish(tenantId: string, event: RealtimeEvent, opts: PublishOptions = {}): Promise<void> {
    if (this.#closed) throw new RealtimeClosedError();
    const body = {
      at: new Date().toISOString(),
      type: event.type,
      data: event.data,
      ...(opts.conversationId ? { conversationId: opts.conversationId } : {}),
    };
    // A listener subscribed in this process before publish() must get the event, so wait for its
    // SUBSCRIBE to be acknowledged; when none is pending the command is sent synchronously, keeping call order.
    const pending = this.#pendingSubscription;
    if (pending) await pending;
    if (opts.transient) {
      const payload = JSON.stringify({ ...body, id: this.#nextId(), transient: true });
      await this.#pub.publish(this.#channel(tenantId), `- ${payload}`);
      return;
    }
    await (this.#pub as Redis & { publishKept: (...args: string[]) => Promise<string> }).publishKept(
      this.#stream(tenantId),
      String(this.#historySize),
      JSON.stringify(body),
      String(this.#historyTtlMs),
      this.#channel(tenantId),
    );
  }

  subscribe(tenantId: string, listener: RealtimeListener): () => void {
    if (this.#closed) throw new RealtimeClosedError();
    const { first, remove } = this.#fanout.add(tenantId, listener);
    if (first) this.#track(this.#sub.subscribe(this.#channel(tenantId)), 'subscribe', tenantId);
    return () => {
      if (remove().last && !this.#closed) {
        this.#track(this.#sub.unsubscribe(this.#channel(tenantId)), 'unsubscribe', tenantId);
      }
    };
  }

  async head(tenantId: string): Promise<string | null> {
    const [last] = (await this.#pub.xrevrange(this.#stream(tenantId), '+', '-', 'COUNT', 1)) as StreamEntry[];
    return last ? streamIdToEventId(last[0]) : null;
  }

  async since(tenantId: string, afterId: string): Promise<DeliveredRealtimeEvent[] | null> {
    const position = eventIdToStreamId(afterId);
    if (!position) return null;
    const key = this.#stream(tenantId);
    // One round trip, one snapshot: is `afterId` still kept, and what follows it.
    const replies = await this.#pub
      .multi()
      .xrange(key, position, position)
      .xrange(key, `(${position}`, '+')
      .exec();
    const [[err1, found], [err2, after]] = replies as [
      [Error | null, StreamEntry[]],
      [Error | null, StreamEntry[]],
    ];
    if (err1 || err2) throw err1 ?? err2;
    if (found.length === 0) return null;
    const events: DeliveredRealtimeEvent[] = [];
    for (const entry of after) {
      const event = parseKept(entry);
      if (event) events.push(event);
    }
    return events;
  }

  async retained(tenantId: string): Promise<number> {
    return this.#pub.xlen(this.#stream(tenantId));
  }

  /** Resolves once every subscribe() made so far is active on the Redis server. */
  async ready(): Promise<void> {
    while (this.#pendingSubscription) await this.#pendingSubscription;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#fanout.clear();
    await Promise.all([quit(this.#sub), quit(this.#pub)]);
  }

  #channel(tenantId: string): string {
    return this.prefix + tenantId;
  }

  #stream(tenantId: string): string {
    return `${this.prefix}h:${tenantId}`;
  }

  #track(command: Promise<unknown>, action: string, tenantId: string): void {
    const settled: Promise<void> = command.then(
      () => undefined,
      (err: unknown) => {
        if (!this.#closed) this.#log?.warn({ err, tenantId, action }, 'realtime redis subscription failed');
      },
    );
    this.#pendingSubscription = settled;
    void settled.then(() => {
      if (this.#pendingSubscription === settled) this.#pendingSubscription = undefined;
    });
  }

  #onMessage(channel: string, message: string): void {
    if (!channel.startsWith(this.prefix)) return;
    const tenantId = channel.slice(this.prefix.length);
    // `<stream id> <json>` for kept events, `- <json with id>` for transient ones.
    const space = message.indexOf(' ');
    const streamId = message.slice(0, space);
    let event: DeliveredRealtimeEvent;
    try {
      const body = JSON.parse(message.slice(space + 1)) as DeliveredRealtimeEvent;
      if (streamId === '-' && body.transient) event = body;
      else {
        const id = streamIdToEventId(streamId);
        if (!id) throw new Error('no stream id');
        event = { ...body, id };
      }
    } catch (err) {
      this.#log?.warn({ err, tenantId }, 'realtime: dropped a message that is not one of ours');
      return;
    }
    this.#fanout.deliver(tenantId, event); // no-op for a message racing our UNSUBSCRIBE
  }
}

type StreamEntry = [id: string, fields: string[]];

function parseKept([streamId, fields]: StreamEntry): DeliveredRealtimeEvent | null {
  const id = streamIdToEventId(streamId);
  const json = fields[fields.indexOf('e') + 1];
  if (!id || !json) return null;
  try {
    return { ...(JSON.parse(json) as Omit<DeliveredRealtimeEvent, 'id'>), id };
  } catch {
    return null;
  }
}

/** `1700000000000-5` → a UUIDv7-shaped id: 48-bit ms, version 7, the sequence in the remaining digits. */
export function streamIdToEventId(streamId: string): string | null {
  const m = /^(\d{1,15})-(\d{1,20})$/.exec(streamId);
  if (!m) return null;
  const ms = BigInt(m[1] as string)
    .toString(16)
    .padStart(12, '0');
  const seq = BigInt(m[2] as string)
    .toString(16)
    .padStart(18, '0');
  if (ms.length > 12 || seq.length > 18) return null;
  return `${ms.slice(0, 8)}-${ms.slice(8)}-7${seq.slice(0, 3)}-8${seq.slice(3, 6)}-${seq.slice(6)}`;
}

export function eventIdToStreamId(eventId: string): string | null {
  const m = /^([0-9a-f]{8})-([0-9a-f]{4})-7([0-9a-f]{3})-8([0-9a-f]{3})-([0-9a-f]{12})$/.exec(eventId);
  if (!m) return null;
  const seq = BigInt(`0x${m[3]}${m[4]}${m[5]}`);
  // Ids we wrote carry a 64-bit stream sequence; a larger one (any other UUIDv7) was never ours.
  if (seq >= 2n ** 64n) return null;
  return `${BigInt(`0x${m[1]}${m[2]}`)}-${seq}`;
}

async function quit(client: Redis): Promise<void> {
  // A client that never connected (lazyConnect) or is reconnecting would wait for a QUIT reply forever.
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  await client.quit().catch(() => client.disconnect());
}
