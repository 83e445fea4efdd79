import { type Database, users } from '@conversa/db';
import fastifyWebsocket from '@fastify/websocket';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { currentContext } from '../../common/context.ts';
import { ForbiddenError, UnauthenticatedError } from '../../common/errors.ts';
import type { Logger } from '../../common/logger.ts';
import { sendProblem } from '../../common/problem.ts';
import type { AppConfig } from '../../config/config.schema.ts';
import { type FeedStart, openFeed } from '../../drivers/realtime/feed.ts';
import type { DeliveredRealtimeEvent, RealtimePort } from '../../drivers/realtime/realtime.port.ts';
import { type Principal, SESSION_COOKIE, type SessionsService } from '../auth/sessions.service.ts';
import {
  type ClientMessage,
  PRINCIPAL_CHECK,
  type PrincipalCheck,
  parseClientMessage,
  type ServerMessage,
  TYPING_EVENT,
  TypingThrottle,
} from './realtime.protocol.ts';

/** Timings of the stream; tests shorten them. */
export const realtimeTimings = {
  /** Server pings (WebSocket ping frame / SSE comment) so proxies keep idle connections open. */
  heartbeatMs: 25_000,
  /** How often an open stream re-checks its session or API key (logout, revocation, disabled user). */
  recheckMs: 60_000,
  /** A relayed typing indicator per user and conversation at most this often. */
  typingThrottleMs: 2_000,
};

/** A client that reads this slowly is dropped; it reconnects and catches up from its last id. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export interface RealtimeRouteDeps {
  realtime: RealtimePort;
  sessions: SessionsService;
  database: Database;
  config: AppConfig;
  logger: Logger;
}

interface Caller {
  principal: Principal;
  /** Re-validates the credential the stream was opened with. */
  recheck: () => Promise<unknown>;
}

const callers = new WeakMap<FastifyRequest, Caller>();

/**
 * `GET /api/v1/realtime` (API.md "Realtime"): a WebSocket when the request upgrades, Server-Sent Events
 * otherwise. Plain Fastify, not a Nest controller, because Nest cannot declare an upgrade handler; it
 * authenticates exactly like AuthGuard (session cookie or API key). The websocket plugin is registered
 * inside this encapsulated plugin, so its hooks touch no other route. Protocol: realtime.protocol.ts.
 */
export function realtimeRoutes(deps: RealtimeRouteDeps) {
  const throttle = new TypingThrottle(() => realtimeTimings.typingThrottleMs);
  return async function realtimePlugin(app: FastifyInstance) {
    await app.register(fastifyWebsocket, { options: { maxPayload: 16 * 1024 } });
    app.route({
      method: 'GET',
      url: '/api/v1/realtime',
      preHandler: async (req, reply) => {
        try {
          callers.set(req, await authenticate(req, deps));
        } catch (err) {
          sendProblem(req, reply, err, deps.logger);
          return reply;
        }
      },
      handler: (req, reply) => serveSse(req, reply, deps),
      wsHandler: (socket, req) => serveSocket(socket, req, deps, throttle),
    });
  };
}

async function authenticate(req: FastifyRequest, deps: RealtimeRouteDeps): Promise<Caller> {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
  const cookie = (req as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[
    SESSION_COOKIE
  ];
  let caller: Caller;
  if (bearer) {
    caller = {
      principal: await deps.sessions.resolveApiKey(bearer),
      recheck: () => deps.sessions.resolveApiKey(bearer),
    };
  } else if (cookie) {
    // Browsers send cookies on cross-site WebSocket handshakes; only our own pages may open one.
    checkOrigin(req, deps.config);
    caller = {
      principal: await deps.sessions.resolveSession(cookie),
      recheck: () => deps.sessions.resolveSession(cookie),
    };
  } else throw new UnauthenticatedError('Sign in, or send an API key as "Authorization: Bearer <key>"');
  const ctx = currentContext();
  if (ctx)
    Object.assign(ctx, { tenantId: caller.principal.tenantId, userId: caller.principal.userId ?? undefined });
  return caller;
}

function checkOrigin(req: FastifyRequest, config: AppConfig): void {
  const origin = req.headers.origin;
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new ForbiddenError('Bad Origin header');
  }
  const forwarded = config.TRUST_PROXY
    ? String(req.headers['x-forwarded-host'] ?? '')
        .split(',')[0]
        ?.trim()
    : '';
  const allowed = [req.headers.host, forwarded, config.PUBLIC_URL ? new URL(config.PUBLIC_URL).host : ''];
  if (!allowed.includes(host)) throw new ForbiddenError('This page may not open the realtime stream');
}

/** Where a reconnecting client resumes: `?after=`, else the SSE `Last-Event-ID` header. */
function resumePoint(req: FastifyRequest): string | null {
  const after = (req.query as Record<string, unknown> | undefined)?.after;
  const header = req.headers['last-event-id'];
  const value = typeof after === 'string' && after ? after : typeof header === 'string' ? header : '';
  return value && value.length <= 64 ? value : null;
}

function toWire(e: DeliveredRealtimeEvent): ServerMessage {
  return {
    ...(e.transient ? {} : { id: e.id }),
    type: e.type,
    data: e.data,
    at: e.at,
    ...(e.conversationId ? { conversationId: e.conversationId } : {}),
  };
}

function startMessage(start: FeedStart): ServerMessage {
  return start.resync
    ? { id: start.position, type: 'resync', data: { reason: 'history-gap' }, at: new Date().toISOString() }
    : { id: start.position, type: 'ready', data: { replayed: start.replayed }, at: new Date().toISOString() };
}

/** Whether a `principal.check` names this stream's caller (or the whole tenant). */
function concerns(e: DeliveredRealtimeEvent, p: Principal): boolean {
  const who = (e.data ?? {}) as PrincipalCheck;
  if (!who.userId && !who.apiKeyId) return true;
  return (
    (who.userId !== undefined && who.userId === p.userId) ||
    (who.apiKeyId !== undefined && who.apiKeyId === p.apiKeyId)
  );
}

/** A user does not need to see their own typing indicator (other tabs included). */
const isOwnTyping = (e: DeliveredRealtimeEvent, userId: string | null) =>
  e.type === TYPING_EVENT && userId !== null && (e.data as { userId?: string } | null)?.userId === userId;

function serveSse(req: FastifyRequest, reply: FastifyReply, deps: RealtimeRouteDeps): void {
  const caller = callers.get(req) as Caller;
  const { tenantId, userId } = caller.principal;
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': String(req.id),
  });
  res.write('retry: 2000\n: connected\n\n');
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(beat);
    clearInterval(recheck);
    feed.close();
    res.end();
  };
  const write = (m: ServerMessage) => {
    if (ended) return;
    if (res.writableLength > MAX_BUFFERED_BYTES) return end();
    // No `id:` line on transient events: EventSource would take an empty one as "forget the position".
    res.write(`${m.id ? `id: ${m.id}\n` : ''}event: message\ndata: ${JSON.stringify(m)}\n\n`);
  };
  const feed = openFeed(
    deps.realtime,
    tenantId,
    resumePoint(req),
    (e) => {
      if (e.type === PRINCIPAL_CHECK) {
        if (concerns(e, caller.principal)) check();
      } else if (!isOwnTyping(e, userId)) write(toWire(e));
    },
    (start) => write(startMessage(start)),
  );
  feed.started.catch((err) => {
    deps.logger.warn({ err, tenantId }, 'realtime: could not start a stream');
    end();
  });
  const beat = setInterval(() => res.write(': ping\n\n'), realtimeTimings.heartbeatMs);
  function check() {
    caller.recheck().catch(() => {
      write({ type: 'session.ended', data: null, at: new Date().toISOString() });
      end();
    });
  }
  const recheck = setInterval(check, realtimeTimings.recheckMs);
  req.raw.on('close', end);
}

function serveSocket(
  socket: WebSocket,
  req: FastifyRequest,
  deps: RealtimeRouteDeps,
  throttle: TypingThrottle,
) {
  const caller = callers.get(req) as Caller;
  const { tenantId, userId } = caller.principal;
  let closed = false;
  let alive = true;
  let name: Promise<string> | null = null;
  const send = (m: ServerMessage) => {
    if (closed || socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.close(1013, 'too-slow');
      return;
    }
    socket.send(JSON.stringify(m));
  };
  let feed = start(resumePoint(req));
  function start(after: string | null) {
    const f = openFeed(
      deps.realtime,
      tenantId,
      after,
      (e) => {
        if (e.type === PRINCIPAL_CHECK) {
          if (concerns(e, caller.principal)) check();
        } else if (!isOwnTyping(e, userId)) send(toWire(e));
      },
      (s) => send(startMessage(s)),
    );
    f.started.catch((err) => {
      deps.logger.warn({ err, tenantId }, 'realtime: could not start a stream');
      socket.close(1011, 'unavailable');
    });
    return f;
  }
  const onMessage = async (message: ClientMessage) => {
    switch (message.type) {
      case 'resume':
        feed.close();
        feed = start(message.after);
        return;
      case 'ping':
        send({ type: 'pong', data: null, at: new Date().toISOString() });
        return;
      case 'typing': {
        // API keys have no person behind them to show as typing.
        if (!userId || !throttle.allow(`${tenantId}:${userId}:${message.conversationId}`)) return;
        name ??= deps.database
          .system((tx) => tx.select({ name: users.name }).from(users).where(eq(users.id, userId)))
          .then((rows) => rows[0]?.name ?? '');
        const data = { conversationId: message.conversationId, userId, name: await name };
        await deps.realtime.publish(
          tenantId,
          { type: TYPING_EVENT, data },
          { transient: true, conversationId: message.conversationId },
        );
        return;
      }
    }
  };
  socket.on('message', (raw, isBinary) => {
    alive = true;
    const message = isBinary ? null : parseClientMessage(raw.toString());
    if (!message) {
      send({ type: 'error', data: { code: 'bad-message' }, at: new Date().toISOString() });
      return;
    }
    onMessage(message).catch((err) => deps.logger.warn({ err, tenantId }, 'realtime: message failed'));
  });
  socket.on('pong', () => {
    alive = true;
  });
  const beat = setInterval(() => {
    if (!alive) {
      socket.terminate(); // no pong since the last ping: the peer or a proxy is gone
      return;
    }
    alive = false;
    socket.ping();
  }, realtimeTimings.heartbeatMs);
  function check() {
    caller.recheck().catch(() => {
      send({ type: 'session.ended', data: null, at: new Date().toISOString() });
      socket.close(4401, 'session-ended');
    });
  }
  const recheck = setInterval(check, realtimeTimings.recheckMs);
  socket.on('close', () => {
    closed = true;
    clearInterval(beat);
    clearInterval(recheck);
    feed.close();
  });
}
