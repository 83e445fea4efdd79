import { randomFillSync } from 'node:crypto';

// Random bytes are drawn 4 KiB at a time: one call per 512 ids instead of one per id (ids are minted on
// every request and every stored row, so this shows up in profiles of the webhook path).
const POOL = 4096;
const pool = Buffer.allocUnsafe(POOL);
let offset = POOL;

/** RFC 9562 UUIDv7: 48-bit Unix milliseconds, then random bits; sorts by creation time. */
export function uuidv7(now = Date.now()): string {
  if (offset + 16 > POOL) {
    randomFillSync(pool);
    offset = 0;
  }
  const b = Buffer.from(pool.subarray(offset, offset + 16));
  offset += 16;
  b.writeUIntBE(now, 0, 6);
  b[6] = 0x70 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The smallest UUIDv7 of a millisecond: `id >= uuidv7Floor(a) and id < uuidv7Floor(b)` selects the rows
 * created in [a, b) through the primary key, since ids sort by creation time.
 */
export function uuidv7Floor(ms: number): string {
  const h = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-0000-0000-000000000000`;
}
