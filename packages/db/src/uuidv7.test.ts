import { describe, expect, it } from 'vitest';
import { uuidv7, uuidv7Floor } from './uuidv7.ts';

describe('uuidv7', () => {
  it('has version 7 and the RFC variant, and sorts by time', () => {
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
    expect(a.slice(0, 13).replace('-', '')).toBe((1_700_000_000_000).toString(16).padStart(12, '0'));
  });

  it('floors a millisecond: every id of that millisecond is at or above it, every earlier one below', () => {
    const t = 1_700_000_000_123;
    for (let i = 0; i < 50; i++) {
      expect(uuidv7Floor(t) <= uuidv7(t)).toBe(true);
      expect(uuidv7(t - 1) < uuidv7Floor(t)).toBe(true);
      expect(uuidv7(t) < uuidv7Floor(t + 1)).toBe(true);
    }
  });
});
