import { uuidv7 } from '@conversa/db';

/**
 * UUIDv7 ids that strictly increase within this process, even inside one millisecond (plain UUIDv7
 * is random there), so a client can ask for "everything after id X". Across processes they are
 * ordered by millisecond only.
 */
export function createEventIdGenerator(now: () => number = Date.now): () => string {
  let last = '';
  return () => {
    let id = uuidv7(now());
    if (id <= last) id = increment(last);
    last = id;
    return id;
  };
}

// Adds one to the 48 random bits at the end; on the (astronomically rare) overflow, moves to the next ms.
function increment(id: string): string {
  const next = BigInt(`0x${id.slice(24)}`) + 1n;
  if (next < 2n ** 48n) return id.slice(0, 24) + next.toString(16).padStart(12, '0');
  return uuidv7(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16) + 1);
}
