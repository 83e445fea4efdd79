import { uuidv7 } from '@conversa/db';
import { describe, expect, it } from 'vitest';
import { createEventIdGenerator } from './event-id.ts';
import { eventIdToStreamId, streamIdToEventId } from './redis.driver.ts';

describe('event ids', () => {
  it('strictly increase within one millisecond and stay UUIDv7', () => {
    const next = createEventIdGenerator(() => 1_700_000_000_000);
    const ids = Array.from({ length: 1000 }, next);
    for (let i = 1; i < ids.length; i++) expect((ids[i - 1] as string) < (ids[i] as string)).toBe(true);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(1000);
  });

  it('keeps increasing when the clock steps back', () => {
    let t = 1_700_000_000_500;
    const next = createEventIdGenerator(() => t);
    const a = next();
    t -= 400;
    const b = next();
    expect(b > a).toBe(true);
    expect(b.slice(0, 13)).toBe(a.slice(0, 13));
  });
});

describe('event ids ↔ Redis stream ids', () => {
  it('round-trips the ids the stream writes', () => {
    const id = streamIdToEventId('1700000000000-5')!;
    expect(eventIdToStreamId(id)).toBe('1700000000000-5');
  });

  it('never turns a foreign UUIDv7 into an id Redis would refuse (its 72-bit tail is not a stream sequence)', () => {
    for (let i = 0; i < 500; i++) {
      const stream = eventIdToStreamId(uuidv7(Date.now() - 3600_000));
      if (stream === null) continue;
      const [ms, seq] = stream.split('-').map(BigInt) as [bigint, bigint];
      expect(seq < 2n ** 64n && ms < 2n ** 48n).toBe(true);
    }
  });
});
