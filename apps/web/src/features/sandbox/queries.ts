'use client';

import { useQuery } from '@tanstack/react-query';
import { useMe } from '@/features/auth/me-context';
import { inboxKeys } from '@/features/channels/queries';
import type { Conversation, Message } from '@/features/channels/types';
import { api } from '@/lib/api-client';
import type { RealtimeStatus } from '@/lib/realtime';
import type { Page } from '@/lib/types';

/** While the stream is down the screen still moves: a short poll stands in for it. */
const fallbackPollMs = 3_000;

export function useConversations(channelId: string, live: RealtimeStatus, waiting = false) {
  const me = useMe();
  return useQuery({
    queryKey: inboxKeys.conversations(me.tenant.id, channelId),
    queryFn: () =>
      api<Page<Conversation>>(`/conversations?channelId=${encodeURIComponent(channelId)}&limit=50`),
    // A simulated message is being turned into a conversation by a background job: look a bit more often.
    refetchInterval: waiting ? 1_000 : live === 'open' ? false : fallbackPollMs,
  });
}

export function useMessages(conversationId: string | null, live: RealtimeStatus) {
  const me = useMe();
  return useQuery({
    queryKey: inboxKeys.messages(me.tenant.id, conversationId ?? 'none'),
    queryFn: () => api<Page<Message>>(`/conversations/${conversationId}/messages?limit=200`),
    enabled: conversationId !== null,
    refetchInterval: (query) => {
      if (live !== 'open') return fallbackPollMs;
      // Ticks still moving: a slow safety net in case one status event is lost on the way.
      const settling = (query.state.data?.items ?? []).some(
        (m) =>
          m.direction === 'outbound' &&
          (m.status === 'queued' || m.status === 'sent' || m.status === 'delivered'),
      );
      return settling ? 5_000 : false;
    },
  });
}
