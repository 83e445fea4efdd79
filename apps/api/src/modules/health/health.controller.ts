import type { Database } from '@conversa/db';
import { Controller, Get, Header, Inject, Optional, Res } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import { register } from 'prom-client';
import { Public } from '../../common/auth.decorators.ts';
import { DATABASE, QUEUE, REALTIME } from '../../common/tokens.ts';
import type { QueuePort } from '../../drivers/queue/queue.port.ts';
import type { RealtimePort } from '../../drivers/realtime/realtime.port.ts';

const NO_TENANT = '00000000-0000-0000-0000-000000000000';

@Controller('api')
@Public()
export class HealthController {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Optional() @Inject(QUEUE) private readonly queue?: QueuePort,
    @Optional() @Inject(REALTIME) private readonly realtime?: RealtimePort,
  ) {}

  /** 200 when every dependency answers, 503 naming the one that does not (for load balancers). */
  @Get('health')
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const check = async (probe: () => Promise<unknown>) => {
      try {
        await probe();
        return 'ok';
      } catch {
        return 'down';
      }
    };
    const database = await check(() => this.database.db.execute(sql`select 1`));
    // Real round trips: a count on the queue's store, a publish through the realtime driver.
    const queue = this.queue ? await check(() => this.queue!.counts('health.ping')) : 'not-configured';
    const realtime = this.realtime
      ? await check(() => this.realtime!.publish(NO_TENANT, { type: 'health.ping', data: null }))
      : 'not-configured';
    const down = [database, queue, realtime].includes('down');
    reply.status(down ? 503 : 200);
    return {
      status: down ? 'degraded' : 'ok',
      database,
      queue,
      realtime,
      drivers: {
        database: this.database.kind,
        queue: this.queue?.kind ?? null,
        realtime: this.realtime?.kind ?? null,
      },
    };
  }

  @Get('metrics')
  @Header('content-type', register.contentType)
  metrics() {
    return register.metrics();
  }
}
