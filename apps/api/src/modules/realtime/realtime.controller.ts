import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requireContext } from '../../common/tenancy.ts';
import { REALTIME } from '../../common/tokens.ts';
import type { RealtimePort } from '../../drivers/realtime/realtime.port.ts';

const HEARTBEAT_MS = 25_000;

/**
 * `GET /api/v1/realtime` as Server-Sent Events for the signed-in tenant. Events carry ids; a client
 * that reconnects refetches what it shows (the driver keeps no history). WebSocket comes with the inbox.
 */
@Controller('api/v1/realtime')
export class RealtimeController {
  constructor(@Inject(REALTIME) private readonly realtime: RealtimePort) {}

  @Get()
  stream(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const { tenantId } = requireContext();
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
    const unsubscribe = this.realtime.subscribe(tenantId, (e) => {
      res.write(
        `id: ${e.id}\nevent: message\ndata: ${JSON.stringify({ type: e.type, data: e.data, id: e.id, at: e.at })}\n\n`,
      );
    });
    const beat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    req.raw.on('close', () => {
      clearInterval(beat);
      unsubscribe();
    });
  }
}
