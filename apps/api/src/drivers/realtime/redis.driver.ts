import { Redis } from 'ioredis';
import { createEventIdGenerator } from './event-id.ts';
import { LocalFanout, type RealtimeLog } from './local-fanout.ts';
import {
  type DeliveredRealtimeEvent,
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
}

export const defaultRealtimePrefix = 'conversa:rt:';

/**
 * Redis pub/sub fan-out: every API process publishes to the tenant's channel, and each process
 * keeps ONE subscriber connection, subscribed to the tenants that have local listeners.
 * Pub/sub is at-most-once (nothing is kept while a process is disconnected): clients catch up by
 * event id through the API.
 */
export class RedisRealtime implements RealtimePort {
  readonly kind = 'redis';
  readonly prefix: string;
  readonly #pub: Redis;
  readonly #sub: Redis;
  readonly #fanout: LocalFanout;
  readonly #nextId = createEventIdGenerator();
  readonly #log: RealtimeLog | undefined;
  /** The latest SUBSCRIBE/UNSUBSCRIBE in flight; replies come in order, so it settles last. */
  #pendingSubscription: Promise<void> | undefined;
  #closed = false;

  constructor(opts: RedisRealtimeOptions) {
    this.prefix = opts.prefix ?? defaultRealtimePrefix;
    this.#log = opts.log;
    this.#fanout = new LocalFanout(opts.log);
    // lazyConnect: building the driver (and the factory's choice) needs no reachable Redis yet.
    // Auto-pipelining: publishes issued in the same tick leave in one write (a batch of sends
    // publishes hundreds of statuses at once; one write each cost ~65 µs of CPU per event).
    this.#pub = new Redis(opts.url, {
      lazyConnect: true,
      connectionName: `${this.prefix}pub`,
      enableAutoPipelining: true,
    });
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

  async publish(
    tenantId: string,
    event: RealtimeEvent,
    opts: { conversationId?: string } = {},
  ): Promise<void> {
    if (this.#closed) throw new RealtimeClosedError();
    const payload = JSON.stringify({
      id: this.#nextId(),
      at: new Date().toISOString(),
      type: event.type,
      data: event.data,
      ...(opts.conversationId ? { conversationId: opts.conversationId } : {}),
    } satisfies DeliveredRealtimeEvent);
    // A listener subscribed in this process before publish() must get the event, so wait for its
    // SUBSCRIBE to be acknowledged; when none is pending PUBLISH is sent synchronously, keeping call order.
    const pending = this.#pendingSubscription;
    if (pending) await pending;
    await this.#pub.publish(this.#channel(tenantId), payload);
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
    let event: DeliveredRealtimeEvent;
    try {
      event = JSON.parse(message) as DeliveredRealtimeEvent;
    } catch (err) {
      this.#log?.warn({ err, tenantId }, 'realtime: dropped a message that is not JSON');
      return;
    }
    this.#fanout.deliver(tenantId, event); // no-op for a message racing our UNSUBSCRIBE
  }
}

async function quit(client: Redis): Promise<void> {
  // A client that never connected (lazyConnect) or is reconnecting would wait for a QUIT reply forever.
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  await client.quit().catch(() => client.disconnect());
}
