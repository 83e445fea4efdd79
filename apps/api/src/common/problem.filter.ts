import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ForbiddenError,
  MalformedJsonError,
  NotFoundError,
  RouteNotFoundError,
  UnauthenticatedError,
} from './errors.ts';
import type { Logger } from './logger.ts';
import { sendProblem } from './problem.ts';
import { LOGGER } from './tokens.ts';

/** Maps Nest's own HTTP exceptions onto our codes; everything else goes through toAppError. */
function fromHttpException(e: HttpException, req: FastifyRequest) {
  switch (e.getStatus()) {
    case 404:
      return /^\/(api|webhooks)\//.test(req.url) && !e.message.startsWith('Cannot')
        ? new NotFoundError(e.message)
        : new RouteNotFoundError(`No route ${req.method} ${req.url.split('?')[0]}`);
    case 401:
      return new UnauthenticatedError(e.message);
    case 403:
      return new ForbiddenError(e.message);
    case 400:
      return new MalformedJsonError(e.message);
    default:
      return e;
  }
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly log: Logger) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // Fastify's own errors (bad JSON, body too large) reach us wrapped by Nest, with the original as cause.
    const cause = (exception as { cause?: { code?: unknown } } | undefined)?.cause;
    const err =
      typeof cause?.code === 'string' && cause.code.startsWith('FST_')
        ? cause
        : exception instanceof HttpException
          ? fromHttpException(exception, req)
          : exception;
    sendProblem(req, reply, err, this.log);
  }
}
