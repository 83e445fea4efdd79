'use client';

import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useMe } from '@/features/auth/me-context';
import { api } from '@/lib/api-client';
import { type RealtimeEvent, useRealtime } from '@/lib/realtime';
import type { Page } from '@/lib/types';
import type { Channel, Message, MessageStatus } from './types';

export const channelKeys = {
  all: ['channels'] as const,
  list: (tenantId: string) => ['channels', tenantId, 'list'] as const,
  one: (tenantId: string, id: string) => ['channels', tenantId, 'one', id] as const,
};

export const inboxKeys = {
  conversations: (tenantId: string, channelId: string) => ['conversations', tenantId, channelId] as const,
  messages: (tenantId: string, conversationId: string) => ['messages', tenantId, conversationId] as const,
};

/**
 * The steps worth showing: a sandbox has no credentials, token or webhook to set up (the API marks them
 * green), so only the traffic steps remain.
 */
export const visibleChecklist = (channel: Channel) =>
  channel.kind === 'sandbox'
    ? channel.checklist.filter((s) => s.step === 'first-event' || s.step === 'round-trip')
    : channel.checklist;

/** True when every step of the onboarding checklist is green. */
export const checklistDone = (channel: Channel) => {
  const steps = visibleChecklist(channel);
  return steps.length > 0 && steps.every((s) => s.state === 'ok');
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const looksLikeChannel = (v: unknown): v is Channel =>
  isRecord(v) && typeof v.id === 'string' && typeof v.kind === 'string' && Array.isArray(v.checklist);
export const looksLikeMessage = (v: unknown): v is Message =>
  isRecord(v) &&
  typeof v.id === 'string' &&
  typeof v.conversationId === 'string' &&
  typeof v.direction === 'string' &&
  typeof v.status === 'string';

/** A `channel.status` event: the whole channel when the API sends it, else a refetch. */
export function applyChannelEvent(queryClient: QueryClient, tenantId: string, event: RealtimeEvent) {
  if (event.type !== 'channel.status') return;
  const data = event.data;
  if (looksLikeChannel(data)) {
    queryClient.setQueryData(channelKeys.one(tenantId, data.id), data);
    const list = queryClient.getQueryData<{ items: Channel[] }>(channelKeys.list(tenantId));
    if (list?.items.some((c) => c.id === data.id)) {
      queryClient.setQueryData(channelKeys.list(tenantId), {
        ...list,
        items: list.items.map((c) => (c.id === data.id ? data : c)),
      });
      return;
    }
  }
  // Partial payloads ({ id, status }) or a channel the list does not hold yet: read the truth again.
  const id = isRecord(data) && typeof data.id === 'string' ? data.id : null;
  if (id) queryClient.invalidateQueries({ queryKey: channelKeys.one(tenantId, id) });
  queryClient.invalidateQueries({ queryKey: channelKeys.list(tenantId) });
}

export function useChannels(initialData?: { items: Channel[] }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const status = useRealtime({
    onEvent: (event) => applyChannelEvent(queryClient, me.tenant.id, event),
    onResync: () => queryClient.invalidateQueries({ queryKey: channelKeys.list(me.tenant.id) }),
  });
  const query = useQuery({
    queryKey: channelKeys.list(me.tenant.id),
    queryFn: () => api<{ items: Channel[] }>('/channels'),
    initialData,
    // "Events in the last hour" and "last inbound" age without any event; the stream down means poll faster.
    refetchInterval: status === 'open' ? 60_000 : 15_000,
  });
  return { query, live: status };
}

export function useChannel(id: string, initialData?: Channel) {
  const me = useMe();
  const queryClient = useQueryClient();
  const status = useRealtime({
    onEvent: (event) => applyChannelEvent(queryClient, me.tenant.id, event),
    onResync: () => queryClient.invalidateQueries({ queryKey: channelKeys.one(me.tenant.id, id) }),
  });
  const query = useQuery({
    queryKey: channelKeys.one(me.tenant.id, id),
    queryFn: () => api<Channel>(`/channels/${id}`),
    initialData,
    // While a step is red or pending the checklist watches for the fix to land (a webhook verified in Meta…).
    refetchInterval: (query) => {
      const channel = query.state.data;
      if (!channel || !checklistDone(channel)) return 5_000;
      return status === 'open' ? 60_000 : 15_000;
    },
  });
  return { query, live: status };
}

const statusRank: Record<MessageStatus, number> = {
  received: 0,
  queued: 1,
  sent: 2,
  delivered: 3,
  read: 4,
  failed: 5,
};

/** Status only moves forward: a late "delivered" after "read" changes nothing (ARCHITECTURE §8). */
export const laterStatus = (current: MessageStatus, next: MessageStatus): MessageStatus =>
  statusRank[next] >= statusRank[current] || next === 'failed' ? next : current;

export function upsertMessage(list: Message[], message: Message): Message[] {
  const index = list.findIndex((m) => m.id === message.id);
  if (index === -1) {
    const next = [...list, message];
    next.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    return next;
  }
  const current = list[index] as Message;
  const merged = { ...current, ...message, status: laterStatus(current.status, message.status) };
  return list.map((m, i) => (i === index ? merged : m));
}

/**
 * Keeps the conversations of one channel and the open conversation's messages current from the stream:
 * new messages and statuses are written into the cache at once, then the lists are re-read to reconcile.
 */
export function useConversationStream(channelId: string, conversationId: string | null) {
  const me = useMe();
  const queryClient = useQueryClient();
  const tenantId = me.tenant.id;

  const onEvent = useCallback(
    (event: RealtimeEvent) => {
      const data = isRecord(event.data) ? event.data : null;
      if (!data) return;
      if (event.type === 'message.created' || event.type === 'message.status') {
        // `{ conversationId, message }`; a bare message or a `{ id, status }` patch are understood too.
        const message = looksLikeMessage(data.message) ? data.message : looksLikeMessage(data) ? data : null;
        const convId =
          message?.conversationId ?? (typeof data.conversationId === 'string' ? data.conversationId : null);
        if (convId) {
          const key = inboxKeys.messages(tenantId, convId);
          if (message) {
            const cached = queryClient.getQueryData<Page<Message>>(key);
            if (cached)
              queryClient.setQueryData<Page<Message>>(key, {
                ...cached,
                items: upsertMessage(cached.items, message),
              });
            else queryClient.invalidateQueries({ queryKey: key });
          } else if (typeof data.id === 'string' && typeof data.status === 'string') {
            const id = data.id;
            const status = data.status as MessageStatus;
            const error = isRecord(data.error) ? (data.error as Message['error']) : undefined;
            const cached = queryClient.getQueryData<Page<Message>>(key);
            if (cached?.items.some((m) => m.id === id)) {
              queryClient.setQueryData<Page<Message>>(key, {
                ...cached,
                items: cached.items.map((m) =>
                  m.id === id
                    ? {
                        ...m,
                        status: laterStatus(m.status, status),
                        ...(error !== undefined ? { error } : {}),
                      }
                    : m,
                ),
              });
            } else {
              // A status for a message we have not seen yet (it raced its own creation): read the page again.
              queryClient.invalidateQueries({ queryKey: key });
            }
          }
        }
        if (event.type === 'message.created')
          queryClient.invalidateQueries({ queryKey: inboxKeys.conversations(tenantId, channelId) });
      } else if (event.type === 'conversation.updated') {
        queryClient.invalidateQueries({ queryKey: inboxKeys.conversations(tenantId, channelId) });
      }
    },
    [queryClient, tenantId, channelId],
  );

  const onResync = useCallback(() => {
    queryClient.invalidateQueries({ queryKey: inboxKeys.conversations(tenantId, channelId) });
    if (conversationId)
      queryClient.invalidateQueries({ queryKey: inboxKeys.messages(tenantId, conversationId) });
  }, [queryClient, tenantId, channelId, conversationId]);

  return useRealtime({ onEvent, onResync });
}
