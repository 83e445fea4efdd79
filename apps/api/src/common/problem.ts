import type { FieldProblem, Problem } from '@conversa/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { currentContext } from './context.ts';
import {
  AppError,
  BodyTooLargeError,
  MalformedJsonError,
  RouteNotFoundError,
  UnsupportedMediaTypeError,
  ValidationFailedError,
} from './errors.ts';
import { errorTitle, pickLocale } from './i18n.ts';
import type { Logger } from './logger.ts';

type Issue = {
  path?: readonly (PropertyKey | { key: PropertyKey })[];
  message: string;
  code?: string;
  minimum?: unknown;
  maximum?: unknown;
};

const bound = (v: unknown) => (typeof v === 'number' || typeof v === 'bigint' ? Number(v) : undefined);

export const issuesToFields = (issues: readonly Issue[]): FieldProblem[] =>
  issues.map((i) => {
    const minimum = bound(i.minimum);
    const maximum = bound(i.maximum);
    return {
      path: (i.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.'),
      message: i.message,
      code: i.code ?? 'invalid',
      ...(minimum !== undefined ? { minimum } : {}),
      ...(maximum !== undefined ? { maximum } : {}),
    };
  });

/** Anything thrown while serving a request → an AppError, or null for an unexpected failure (500). */
export function toAppError(err: unknown, contentType?: string): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError)
    return new ValidationFailedError('The request is invalid', issuesToFields(err.issues));
  const e = err as { code?: string; statusCode?: number; status?: number; message?: string };
  switch (e?.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new MalformedJsonError(e.message ?? 'Malformed JSON body');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      // Uploads (raw bytes) have their own limit (app.ts); everything else is JSON up to 1 MB.
      return new BodyTooLargeError('The request body exceeds the limit', undefined, {
        limit: contentType?.startsWith('application/octet-stream') ? '100 MB' : '1 MB',
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new UnsupportedMediaTypeError('Send application/json');
  }
  // A SyntaxError with status 400 is how Fastify's JSON parser reports bad JSON.
  if (err instanceof SyntaxError && (e.statusCode === 400 || e.status === 400))
    return new MalformedJsonError(err.message);
  if (e?.statusCode === 404 || e?.status === 404) return new RouteNotFoundError('No such route');
  return null;
}

/** The problem+json document (and extra headers) for an error, in the client's language. */
export function problemFor(
  err: unknown,
  client: {
    requestId: string;
    acceptLanguage?: string | undefined;
    cookie?: string | undefined;
    contentType?: string | undefined;
  },
  log: Logger,
): { body: Problem; headers: Record<string, string> } {
  const app = toAppError(err, client.contentType);
  const { requestId } = client;
  const cookieLocale = /(?:^|;\s*)NEXT_LOCALE=([^;]+)/.exec(client.cookie ?? '')?.[1];
  const locale = pickLocale(client.acceptLanguage, cookieLocale);
  if (!app) {
    log.error({ err }, 'unexpected error');
    return {
      body: {
        type: '/problems/internal',
        title: errorTitle(locale, 'internal', { requestId }),
        status: 500,
        code: 'internal',
        requestId,
      },
      headers: {},
    };
  }
  if (app.status >= 500) log.error({ err }, 'request failed');
  return {
    body: {
      type: `/problems/${app.code}`,
      title: errorTitle(locale, app.code, { requestId, ...app.params }),
      status: app.status,
      detail: app.detail,
      code: app.code,
      requestId,
      ...(app.fields?.length ? { errors: app.fields } : {}),
    },
    headers: app.headers(),
  };
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, err: unknown, log: Logger): void {
  const { body, headers } = problemFor(
    err,
    {
      requestId: currentContext()?.requestId ?? String(req.id),
      acceptLanguage: req.headers['accept-language'],
      cookie: req.headers.cookie,
      contentType: req.headers['content-type'],
    },
    log,
  );
  for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  reply
    .status(body.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send(JSON.stringify(body));
}
