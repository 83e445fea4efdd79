import type { FastifyInstance } from 'fastify';
import { AppError, NotFoundError, UnauthenticatedError } from '../../common/errors.ts';
import type { Logger } from '../../common/logger.ts';
import { sendProblem } from '../../common/problem.ts';
import type { IngestService } from './ingest.service.ts';

class InvalidSignatureError extends AppError {
  readonly code = 'invalid-signature';
  readonly status = 401;
}

/**
 * `/webhooks/<kind>/<channelId>` as plain Fastify routes: they need the raw bytes (signatures are
 * computed over them) and no session, and they are the hottest path in the product.
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
        const result = await ingest.receive(req.params.kind, req.params.channelId, raw, req.headers);
        if (result.status === 200) return reply.status(200).send({ ok: true });
        const err =
          result.status === 404
            ? new NotFoundError(result.detail)
            : result.code === 'invalid-signature'
              ? new InvalidSignatureError(result.detail)
              : new UnauthenticatedError(result.detail);
        return sendProblem(req, reply, err, log);
      },
    );
  };
}
