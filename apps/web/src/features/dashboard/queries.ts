'use client';

import type { InboxStats, InboxStatsPeriod } from '@conversa/shared';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useMe } from '@/features/auth/me-context';
import { api } from '@/lib/api-client';
import { useRealtime } from '@/lib/realtime';

export const statsKeys = {
  all: (tenantId: string) => ['inbox-stats', tenantId] as const,
  period: (tenantId: string, days: InboxStatsPeriod) => ['inbox-stats', tenantId, days] as const,
};

/** Events that move the overview's numbers; typing and statuses do not. */
const moving = new Set(['message.created', 'conversation.updated', 'agent.availability']);
/** A busy inbox sends events all the time: read the numbers again at most this often. */
const refreshEveryMs = 15_000;

/**
 * Realtime inbox traffic marks the overview's numbers stale, throttled; mounted once per page (the
 * section), every stats query of the tenant refreshes. Returns the stream's state.
 */
export function useLiveInboxStats() {
  const me = useMe();
  const queryClient = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return useRealtime({
    onEvent: (event) => {
      if (!moving.has(event.type) || timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        queryClient.invalidateQueries({ queryKey: statsKeys.all(me.tenant.id) });
      }, refreshEveryMs);
    },
    onResync: () => queryClient.invalidateQueries({ queryKey: statsKeys.all(me.tenant.id) }),
  });
}

/**
 * `GET /inbox/stats` for one period. The page hands the 7-day answer in from the server (first paint);
 * switching periods keeps the previous numbers on screen until the new ones arrive (no layout jump).
 */
export function useInboxStats(days: InboxStatsPeriod, initialData?: InboxStats | null) {
  const me = useMe();
  return useQuery({
    queryKey: statsKeys.period(me.tenant.id, days),
    queryFn: ({ signal }) => api<InboxStats>(`/inbox/stats?days=${days}`, { signal }),
    initialData: days === 7 && initialData ? initialData : undefined,
    placeholderData: keepPreviousData,
    // In case the realtime stream is down: the numbers still move, a minute late at most.
    refetchInterval: 60_000,
  });
}
