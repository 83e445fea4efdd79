import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { MemoryRealtime } from './memory.driver.ts';
import { collect, realtimeContract } from './realtime.contract.ts';

realtimeContract('memory', async (opts) => new MemoryRealtime(opts));

describe('memory realtime', () => {
  it('reports a throwing listener to the logger', async () => {
    const warnings: Record<string, unknown>[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
    const rt = new MemoryRealtime({ log });
    rt.subscribe('t1', () => {
      throw new Error('boom');
    });
    const ok = collect();
    rt.subscribe('t1', ok.listener);
    await rt.publish('t1', { type: 'x', data: null });
    expect(ok.events).toHaveLength(1);
    expect(warnings).toMatchObject([{ tenantId: 't1', eventType: 'x', err: { message: 'boom' } }]);
    await rt.close();
  });
});
