import type { Logger } from 'pino';
import { MemoryRealtime } from './memory.driver.ts';
import type { RealtimePort } from './realtime.port.ts';
import { RedisRealtime } from './redis.driver.ts';

/** The settings this port reads; `AppConfig` satisfies it. */
export interface RealtimeConfig {
  REDIS_URL?: string | undefined;
}

/** Redis fan-out as soon as Redis is configured: several API processes must see each other's events. */
export function createRealtime(
  config: RealtimeConfig,
  log: Pick<Logger, 'info' | 'warn'>,
  opts: { prefix?: string } = {},
): RealtimePort {
  if (config.REDIS_URL) {
    log.info({ realtime: 'redis' }, 'realtime driver selected');
    return new RedisRealtime({ url: config.REDIS_URL, log, ...(opts.prefix ? { prefix: opts.prefix } : {}) });
  }
  log.info({ realtime: 'memory' }, 'realtime driver selected (in-process: one node only)');
  return new MemoryRealtime({ log });
}
