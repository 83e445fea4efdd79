'use client';

import { useCallback, useEffect, useState } from 'react';

/**
 * An editable copy of server data. `dirty` compares what would be saved (`toSaved`), so switching a mode
 * back and forth is not a change. When the server's value moves (a refetch, another admin) the copy
 * follows it unless the person has unsaved edits.
 */
export function useDraft<D>(source: D, toSaved: (draft: D) => unknown = (d) => d) {
  const [state, setState] = useState({ base: source, draft: source });
  const key = JSON.stringify(source);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the source is compared by value (key); toSaved is a pure mapping.
  useEffect(() => {
    const next = JSON.parse(key) as D;
    setState((s) =>
      JSON.stringify(toSaved(s.base)) === JSON.stringify(toSaved(s.draft))
        ? { base: next, draft: next }
        : { ...s, base: next },
    );
  }, [key]);
  const setDraft = useCallback(
    (update: D | ((draft: D) => D)) =>
      setState((s) => ({
        ...s,
        draft: typeof update === 'function' ? (update as (draft: D) => D)(s.draft) : update,
      })),
    [],
  );
  const reset = useCallback(
    (next?: D) => setState((s) => ({ base: next ?? s.base, draft: next ?? s.base })),
    [],
  );
  const dirty = JSON.stringify(toSaved(state.base)) !== JSON.stringify(toSaved(state.draft));
  return { draft: state.draft, setDraft, dirty, reset };
}
