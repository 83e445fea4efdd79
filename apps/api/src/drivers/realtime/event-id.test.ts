import { describe, expect, it } from 'vitest';
import { createEventIdGenerator } from './event-id.ts';

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
