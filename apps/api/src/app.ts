import 'reflect-metadata';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type Database, uuidv7 } from '@conversa/db';
import fastifyCookie from '@fastify/cookie';
import { StandardSchemaValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { collectDefaultMetrics, Histogram, register } from 'prom-client';
import { AppModule } from './app.module.ts';
import { requestContext } from './common/context.ts';
import { Encryptor } from './common/crypto.ts';
import { ValidationFailedError } from './common/errors.ts';
import type { Logger } from './common/logger.ts';
import { NestPinoLogger } from './common/nest-logger.ts';
import { issuesToFields } from './common/problem.ts';
import { CONFIG, DATABASE, ENCRYPTOR, LOGGER, QUEUE, REALTIME, STORAGE } from './common/tokens.ts';
import type { AppConfig } from './config/config.schema.ts';
import type { QueuePort } from './drivers/queue/queue.port.ts';
import type { RealtimePort } from './drivers/realtime/realtime.port.ts';
import type { StoragePort } from './drivers/storage/storage.port.ts';
import { SessionsService } from './modules/auth/sessions.service.ts';
import { IngestService } from './modules/channels/ingest.service.ts';
import { rawWebhookHandler, webhookRoutes } from './modules/channels/webhooks.routes.ts';
import { realtimeRoutes } from './modules/realtime/realtime.routes.ts';
import { rawRoutesDoc } from './raw-routes.openapi.ts';

export interface AppDeps {
  config: AppConfig;
  logger: Logger;
  database: Database;
  encryptor: Encryptor;
  queue: QueuePort;
  realtime: RealtimePort;
  storage?: StoragePort;
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;
let metricsReady = false;

/** Builds the Nest application on Fastify, without listening (tests drive it with inject()). */
export async function createApp(deps: AppDeps): Promise<NestFastifyApplication> {
  let fastWebhooks: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
  const adapter = new FastifyAdapter({
    bodyLimit: 1024 * 1024,
    // Signed webhook POSTs are answered before Fastify (rawWebhookHandler); everything else goes on.
    serverFactory: (handler: (req: IncomingMessage, res: ServerResponse) => void) =>
      createServer((req, res) => {
        if (!fastWebhooks?.(req, res)) handler(req, res);
      }),
    trustProxy: deps.config.TRUST_PROXY,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : uuidv7();
    },
  });
  const fastify = adapter.getInstance();

  if (!metricsReady) {
    collectDefaultMetrics();
    metricsReady = true;
  }
  const httpDuration =
    (register.getSingleMetric('http_request_duration_seconds') as Histogram<string> | undefined) ??
    new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    });

  // Every log line and audit row of a request carries its id (and tenant once known).
  fastify.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    requestContext.run({ requestId: String(req.id), ip: req.ip }, done);
  });
  fastify.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    httpDuration.observe(
      { method: req.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    if (route.startsWith('/api') || route.startsWith('/webhooks')) {
      // Accepted webhooks are the bulk of traffic (thousands a second): only at debug.
      const level = route.startsWith('/webhooks') && reply.statusCode === 200 ? 'debug' : 'info';
      deps.logger[level](
        {
          requestId: req.id,
          method: req.method,
          route,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
        },
        'request',
      );
    }
    done();
  });

  const providers = [
    { provide: CONFIG, useValue: deps.config },
    { provide: LOGGER, useValue: deps.logger },
    { provide: DATABASE, useValue: deps.database },
    { provide: ENCRYPTOR, useValue: deps.encryptor },
    { provide: QUEUE, useValue: deps.queue },
    { provide: REALTIME, useValue: deps.realtime },
    ...(deps.storage ? [{ provide: STORAGE, useValue: deps.storage }] : []),
  ];
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(providers), adapter, {
    logger: new NestPinoLogger(deps.logger),
    bodyParser: true,
  });
  await app.register(fastifyCookie);
  // File uploads (POST /channels/:id/media) are raw bytes; only this type gets the large limit.
  fastify.addContentTypeParser(
    'application/octet-stream',
    { parseAs: 'buffer', bodyLimit: 100 * 1024 * 1024 },
    (_req, body, done) => done(null, body),
  );
  await app.register(webhookRoutes(app.get(IngestService), deps.logger));
  fastWebhooks = rawWebhookHandler(app.get(IngestService), deps.logger, (status, seconds) =>
    httpDuration.observe(
      { method: 'POST', route: '/webhooks/:kind/:channelId', status: String(status) },
      seconds,
    ),
  );
  await app.register(
    realtimeRoutes({
      realtime: deps.realtime,
      sessions: app.get(SessionsService),
      database: deps.database,
      config: deps.config,
      logger: deps.logger,
    }),
  );
  app.useGlobalPipes(
    new StandardSchemaValidationPipe({
      exceptionFactory: (issues) =>
        new ValidationFailedError('Some fields are invalid', issuesToFields(issues)),
    }),
  );

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Conversa API')
      .setDescription('WhatsApp engagement platform. Errors are application/problem+json (RFC 9457).')
      .setVersion('1')
      .addCookieAuth('conversa_session')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Tenant API key (cvk_…)' })
      .build(),
  );
  Object.assign(document.paths, rawRoutesDoc);
  fastify.get('/api/openapi.json', (_req, reply) => reply.send(document));
  SwaggerModule.setup('api/docs', app, document, { raw: false });
  return app;
}
