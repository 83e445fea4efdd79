/**
 * Keeping a reader's place in a live list of fixed-height rows. When conversations come to the top (a new
 * message, a new conversation) or leave the list above the rows on screen, those rows would jump; this says
 * by how many rows to move the scroll position so they stay put, and which conversations came to the top.
 */

/**
 * The conversations that came to the top of `next`: new ones, and ones that moved up past rows that were
 * above them. A live list only ever raises rows to the top, so they are a leading run of `next`; the run
 * ends at the first row still in its old order (whatever was removed in between).
 */
export function raisedToTop(prev: readonly string[], next: readonly string[]): string[] {
  // Most changes (a status, an unread count, a page appended) leave the top alone.
  if (next.length === 0 || next[0] === prev[0]) return [];
  const inNext = new Set(next);
  const prevIndex = new Map<string, number>();
  for (const [i, id] of prev.entries()) prevIndex.set(id, i);
  const raised: string[] = [];
  const seen = new Set<string>();
  // `p` walks the old order over the rows both lists hold, skipping those already raised.
  let p = 0;
  for (const id of next) {
    while (p < prev.length && (!inNext.has(prev[p] as string) || seen.has(prev[p] as string))) p++;
    if (prevIndex.has(id) && prev[p] === id) break;
    raised.push(id);
    seen.add(id);
  }
  return raised;
}

/**
 * How many rows to move the scroll position by so that the rows on screen (`first`…`last`, indexes in
 * `prev`) stay where they are in `next`, and which conversations came to the top. The anchor is the first
 * row on screen that is still listed and did not itself come to the top (that one leaves the screen, and
 * the rows under it close the gap). `null` when none of them is listed any more: another list, nothing
 * to keep.
 */
export function anchorShift(
  prev: readonly string[],
  next: readonly string[],
  first: number,
  last: number,
): { rows: number; raised: string[] } | null {
  const raised = raisedToTop(prev, next);
  const skip = new Set(raised);
  for (let i = Math.max(0, first); i <= Math.min(last, prev.length - 1); i++) {
    const id = prev[i] as string;
    if (skip.has(id)) continue;
    const at = indexNear(next, id, i);
    if (at !== -1) return { rows: at - i, raised };
  }
  return null;
}

/** Where `id` is in `list`, looking near `from` first: live changes move rows by a few places at most. */
function indexNear(list: readonly string[], id: string, from: number): number {
  for (let d = 0; d <= 64; d++) {
    if (list[from + d] === id) return from + d;
    if (d > 0 && list[from - d] === id) return from - d;
  }
  return list.indexOf(id);
}
