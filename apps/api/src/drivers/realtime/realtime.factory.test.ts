import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createRealtime } from './realtime.factory.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

describe('realtime factory', () => {
  it('picks the in-process bus without Redis and says so once', async () => {
    const { log, lines } = capture();
    const rt = createRealtime({}, log);
    expect(rt.kind).toBe('memory');
    expect(lines.filter((l) => l.msg?.toString().startsWith('realtime driver selected'))).toMatchObject([
      { realtime: 'memory' },
    ]);
    await rt.close();
  });

  it('picks Redis fan-out when REDIS_URL is set, without logging the URL', async () => {
    const { log, lines } = capture();
    // Nothing listens on port 1: the driver connects lazily, so choosing it needs no server.
    const rt = createRealtime({ REDIS_URL: 'redis://user:s3cret@127.0.0.1:1' }, log);
    expect(rt.kind).toBe('redis');
    expect(lines).toMatchObject([{ realtime: 'redis', msg: 'realtime driver selected' }]);
    expect(JSON.stringify(lines)).not.toContain('s3cret');
    await rt.close();
  });
});
