import type { IncomingMessage, ServerResponse } from 'node:http';
import { uuidv7 } from '@conversa/db';
import type { FastifyInstance } from 'fastify';
import { requestContext } from '../../common/context.ts';
import { AppError, BodyTooLargeError, NotFoundError, UnauthenticatedError } from '../../common/errors.ts';
import type { Logger } from '../../common/logger.ts';
import { problemFor, sendProblem } from '../../common/problem.ts';
import type { IngestService } from './ingest.service.ts';

class InvalidSignatureError extends AppError {
  readonly code = 'invalid-signature';
  readonly status = 401;
}

/** Meta's bodies are a few KB; a megabyte leaves room for any gateway's batch. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;
const REQUEST_ID = /^[\w.:-]{1,64}$/;
const PATH = /^\/webhooks\/([a-z-]{1,20})\/([^/?#]{1,64})\/?(?:\?.*)?$/;

/** Stores a signed webhook and says what to answer: null for 200, else the error to render. */
async function accept(
  ingest: IngestService,
  kind: string,
  channelId: string,
  raw: Buffer,
  headers: IncomingMessage['headers'],
): Promise<AppError | null> {
  const result = await ingest.receive(kind, channelId, raw, headers);
  if (result.status === 200) return null;
  if (result.status === 404) return new NotFoundError(result.detail);
  if (result.code === 'invalid-signature') return new InvalidSignatureError(result.detail);
  return new UnauthenticatedError(result.detail);
}

/**
 * `/webhooks/<kind>/<channelId>` as plain Fastify routes: they need the raw bytes (signatures are
 * computed over them) and no session. The GET handshake is served here; POSTs over HTTP take
 * `rawWebhookHandler` below, and this POST route serves the same logic to in-process callers (inject).
 */
export function webhookRoutes(ingest: IngestService, log: Logger) {
  return async (app: FastifyInstance) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    app.get<{ Params: { kind: string; channelId: string }; Querystring: Record<string, string> }>(
      '/webhooks/:kind/:channelId',
      async (req, reply) => {
        const challenge = await ingest.handshake(req.params.kind, req.params.channelId, req.query);
        if (challenge === null) {
          return reply.status(403).type('text/plain').send('verify token does not match this channel');
        }
        return reply.type('text/plain').send(challenge);
      },
    );

    app.post<{ Params: { kind: string; channelId: string } }>(
      '/webhooks/:kind/:channelId',
      async (req, reply) => {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const err = await accept(ingest, req.params.kind, req.params.channelId, raw, req.headers);
        if (!err) return reply.status(200).send({ ok: true });
        return sendProblem(req, reply, err, log);
      },
    );
  };
}

const OK = Buffer.from('{"ok":true}');

/**
 * The hottest path in the product, before Fastify and Nest: thousands of signed POSTs a second, each
 * only read, verified, stored (group commit) and acknowledged. It skips the framework's hook chain
 * (request context, cookies, middleware) that API routes need and webhooks do not. Returns false for
 * anything else, which then goes to Fastify as usual.
 */
export function rawWebhookHandler(
  ingest: IngestService,
  log: Logger,
  observe: (status: number, seconds: number) => void,
) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'POST' || !req.url?.startsWith('/webhooks/')) return false;
    const match = PATH.exec(req.url);
    if (!match) return false;
    const started = performance.now();
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : uuidv7();
    const finish = (status: number, body: Buffer, type: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, {
        'content-type': type,
        'content-length': body.length,
        'x-request-id': requestId,
        ...headers,
      });
      res.end(body);
      const ms = performance.now() - started;
      observe(status, ms / 1000);
      const level = status === 200 ? 'debug' : 'info';
      log[level](
        { requestId, method: 'POST', route: '/webhooks/:kind/:channelId', status, ms: Math.round(ms) },
        'request',
      );
    };
    const fail = (err: unknown) => {
      const { body, headers } = problemFor(
        err,
        { requestId, acceptLanguage: req.headers['accept-language'], cookie: req.headers.cookie },
        log,
      );
      finish(
        body.status,
        Buffer.from(JSON.stringify(body)),
        'application/problem+json; charset=utf-8',
        headers,
      );
    };

    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > WEBHOOK_BODY_LIMIT) {
        tooLarge = true;
        chunks.length = 0;
        // Answer now and stop reading: nothing of an oversized body is stored.
        res.setHeader('connection', 'close');
        fail(new BodyTooLargeError('The request body exceeds the limit', undefined, { limit: '1 MB' }));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (err) => log.warn({ err, requestId }, 'webhook request aborted'));
    req.on('end', () => {
      if (tooLarge) return;
      const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      requestContext.run({ requestId, ip: req.socket.remoteAddress ?? '' }, () => {
        accept(ingest, match[1]!, match[2]!, raw, req.headers).then(
          (err) => (err ? fail(err) : finish(200, OK, 'application/json; charset=utf-8')),
          fail,
        );
      });
    });
    return true;
  };
}
