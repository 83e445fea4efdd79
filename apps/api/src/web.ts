import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { RouteNotFoundError } from './common/errors.ts';
import type { Logger } from './common/logger.ts';
import { sendProblem } from './common/problem.ts';

export const webDir = fileURLToPath(new URL('../../web', import.meta.url));

/**
 * One origin, one process (STACK.md "Serving web and API on one port"): Nest keeps /api and /webhooks,
 * every other GET/HEAD goes to Next's request handler. Unknown /api paths still get our own 404.
 */
export async function mountWeb(app: NestFastifyApplication, log: Logger): Promise<() => Promise<void>> {
  if (!existsSync(`${webDir}/.next/BUILD_ID`)) {
    throw new Error(
      `The web app is not built (${webDir}/.next). Run "npm start" (it builds first) or "npm run build".`,
    );
  }
  const { default: next } = await import('next');
  const web = next({ dev: false, dir: webDir, quiet: true });
  await web.prepare();
  const handle = web.getRequestHandler();
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  fastify.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    handler: async (req, reply) => {
      if (/^\/(api|webhooks)(\/|$|\?)/.test(req.url)) {
        return sendProblem(
          req,
          reply,
          new RouteNotFoundError(`No route ${req.method} ${req.url.split('?')[0]}`),
          log,
        );
      }
      reply.hijack();
      await handle(req.raw, reply.raw);
    },
  });
  return () => web.close();
}
