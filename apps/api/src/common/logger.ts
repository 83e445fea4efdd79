import pino, { type Logger } from 'pino';
import { currentContext } from './context.ts';

export type { Logger };

/** JSON logs with requestId/tenantId/jobId on every line; secrets redacted once, here. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'conversa' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        '*.credentials',
        '*.token',
        '*.accessToken',
        '*.password',
        '*.secret',
        'password',
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
      ],
      censor: '[redacted]',
    },
    mixin() {
      const ctx = currentContext();
      if (!ctx) return {};
      return { requestId: ctx.requestId, tenantId: ctx.tenantId, jobId: ctx.jobId };
    },
  });
}
