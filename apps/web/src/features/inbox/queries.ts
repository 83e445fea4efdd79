'use client';

import {
  type AgentLoad,
  type ContactJourney,
  type InboxCounts,
  type Member,
  problemSchema,
  type TicketRepairResult,
} from '@conversa/shared';
import {
  type InfiniteData,
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useMe } from '@/features/auth/me-context';
import { laterStatus } from '@/features/channels/queries';
import type { Channel } from '@/features/channels/types';
import type { Template } from '@/features/templates/types';
import { ApiError, api } from '@/lib/api-client';
import * as realtimeModule from '@/lib/realtime';
import { type RealtimeEvent, type RealtimeStatus, useRealtime } from '@/lib/realtime';
import type { Page } from '@/lib/types';
import {
  type Conversation,
  type ConversationDetail,
  type Department,
  type InboxFilters,
  isAgentFilter,
  type Message,
  type MessageStatus,
  type SendBody,
} from './types';
import { typingStore } from './typing-store';

export const inboxKeys = {
  all: (tenantId: string) => ['inbox', tenantId] as const,
  lists: (tenantId: string) => ['inbox', tenantId, 'list'] as const,
  list: (tenantId: string, filters: InboxFilters) => ['inbox', tenantId, 'list', filters] as const,
  one: (tenantId: string, id: string) => ['inbox', tenantId, 'one', id] as const,
  messages: (tenantId: string, id: string) => ['inbox', tenantId, 'messages', id] as const,
  departments: (tenantId: string) => ['inbox', tenantId, 'departments'] as const,
  members: (tenantId: string) => ['inbox', tenantId, 'members'] as const,
  channels: (tenantId: string) => ['inbox', tenantId, 'channels'] as const,
  templates: (tenantId: string, channelId: string) => ['inbox', tenantId, 'templates', channelId] as const,
};

type ListData = InfiniteData<Page<Conversation>, string | null>;
type MessagesData = InfiniteData<Page<Message>, string | null>;

const pageSize = 50;
/** While the stream is down the screen still moves: a short poll stands in for it. */
const fallbackPollMs = 5_000;

// ---------------------------------------------------------------- filters ↔ query string

export function listQueryString(filters: InboxFilters, cursor: string | null) {
  const params = new URLSearchParams();
  params.set('status', filters.status);
  if (filters.queue !== 'all') params.set('queue', filters.queue);
  if (filters.assignee !== 'all') params.set('assignee', filters.assignee);
  if (filters.channelId !== 'all') params.set('channelId', filters.channelId);
  if (filters.departmentId !== 'all') params.set('departmentId', filters.departmentId);
  if (filters.tag.trim()) params.set('tag', filters.tag.trim());
  if (filters.q.trim()) params.set('q', filters.q.trim());
  params.set('limit', String(pageSize));
  if (cursor) params.set('cursor', cursor);
  return params.toString();
}

export const conversationStatus = (c: Conversation) =>
  String(c.status ?? c.ticket?.status ?? '').toUpperCase();
export const conversationQueue = (c: Conversation) => (c.queue ?? c.ticket?.queue ?? null) as string | null;
export const conversationAssignee = (c: Conversation) => c.assignee ?? c.ticket?.assignee ?? null;
export const conversationDepartmentId = (c: Conversation) =>
  c.department?.id ?? c.ticket?.departmentId ?? c.ticket?.department?.id ?? null;
export const lastActivity = (c: Conversation) =>
  c.lastMessageAt ?? c.lastMessage?.createdAt ?? c.updatedAt ?? '';

/**
 * Whether a conversation belongs in a list, judged here so a live change needs no refetch. Text search and
 * tags are the server's to judge: `null` means "cannot tell".
 */
export function matchesFilters(c: Conversation, f: InboxFilters, meId: string): boolean | null {
  const status = conversationStatus(c);
  if (f.status === 'active' && status !== 'OPEN' && status !== 'FOLLOW_UP') return false;
  if (f.status !== 'active' && f.status !== 'all' && status !== f.status) return false;
  if (f.queue !== 'all' && conversationQueue(c) !== f.queue) return false;
  const assignee = conversationAssignee(c);
  if (f.assignee === 'me' && assignee?.id !== meId) return false;
  if (f.assignee === 'unassigned' && assignee) return false;
  if (isAgentFilter(f.assignee) && assignee?.id !== f.assignee) return false;
  if (f.channelId !== 'all' && c.channelId !== f.channelId) return false;
  if (f.departmentId !== 'all' && conversationDepartmentId(c) !== f.departmentId) return false;
  if (f.q.trim() || f.tag.trim()) return null;
  return true;
}

// ---------------------------------------------------------------- reads

export function useConversationList(filters: InboxFilters, live: RealtimeStatus) {
  const me = useMe();
  return useInfiniteQuery({
    queryKey: inboxKeys.list(me.tenant.id, filters),
    queryFn: ({ pageParam, signal }) =>
      api<Page<Conversation>>(`/conversations?${listQueryString(filters, pageParam)}`, {
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // The stream keeps the list current; a poll only while it is down, and of the first page only.
    refetchInterval: live === 'open' ? false : fallbackPollMs * 2,
    staleTime: 30_000,
  });
}

export function useConversation(id: string | null) {
  const me = useMe();
  const queryClient = useQueryClient();
  return useQuery<ConversationDetail>({
    queryKey: inboxKeys.one(me.tenant.id, id ?? 'none'),
    queryFn: ({ signal }) => api<ConversationDetail>(`/conversations/${id}`, { signal }),
    enabled: id !== null,
    // The list already holds the row: show it at once while the full conversation loads.
    placeholderData: (previous) =>
      (id ? findInLists(queryClient, me.tenant.id, id) : undefined) ??
      (previous?.id === id ? previous : undefined),
    staleTime: 10_000,
  });
}

export function useMessages(id: string | null, live: RealtimeStatus) {
  const me = useMe();
  return useInfiniteQuery({
    queryKey: inboxKeys.messages(me.tenant.id, id ?? 'none'),
    queryFn: ({ pageParam, signal }) =>
      api<Page<Message>>(
        `/conversations/${id}/messages?limit=${pageSize}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
        { signal },
      ),
    enabled: id !== null,
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (query) => {
      if (live !== 'open') return fallbackPollMs;
      // Ticks still moving: a slow safety net in case one status event is lost on the way.
      const first = query.state.data?.pages[0]?.items ?? [];
      const settling = first.some(
        (m) => m.direction === 'outbound' && !m.local && (m.status === 'queued' || m.status === 'sent'),
      );
      return settling ? 8_000 : false;
    },
    staleTime: 5_000,
  });
}

/** Oldest → newest, across the pages loaded so far (pages[0] is the newest page). */
export function flattenMessages(data: InfiniteData<Page<Message>, unknown> | undefined): Message[] {
  if (!data) return [];
  const out: Message[] = [];
  for (let i = data.pages.length - 1; i >= 0; i--) out.push(...(data.pages[i]?.items ?? []));
  return out;
}

export function useDepartments() {
  const me = useMe();
  return useQuery({
    queryKey: inboxKeys.departments(me.tenant.id),
    queryFn: async () => {
      try {
        return await api<Page<Department>>('/departments?limit=200');
      } catch (error) {
        // Someone who may not list departments works the inbox without them.
        if (error instanceof ApiError && error.status === 403) return { items: [], nextCursor: null };
        throw error;
      }
    },
    staleTime: 5 * 60_000,
  });
}

export function useMembers() {
  const me = useMe();
  return useQuery({
    queryKey: inboxKeys.members(me.tenant.id),
    queryFn: async () => {
      try {
        return await api<Page<Member>>('/users?limit=200');
      } catch (error) {
        if (error instanceof ApiError && error.status === 403) return { items: [], nextCursor: null };
        throw error;
      }
    },
    staleTime: 5 * 60_000,
  });
}

export function useInboxChannels() {
  const me = useMe();
  return useQuery({
    queryKey: inboxKeys.channels(me.tenant.id),
    queryFn: () => api<{ items: Channel[] }>('/channels'),
    staleTime: 5 * 60_000,
  });
}

export function useApprovedTemplates(channelId: string | null, enabled: boolean) {
  const me = useMe();
  return useQuery({
    queryKey: inboxKeys.templates(me.tenant.id, channelId ?? 'none'),
    queryFn: () =>
      api<Page<Template>>(
        `/templates?status=APPROVED&limit=200&channelId=${encodeURIComponent(channelId ?? '')}`,
      ),
    enabled: enabled && channelId !== null,
    staleTime: 60_000,
  });
}

// ---------------------------------------------------------------- cache helpers

function findInLists(queryClient: QueryClient, tenantId: string, id: string): ConversationDetail | undefined {
  for (const [, data] of queryClient.getQueriesData<ListData>({ queryKey: inboxKeys.lists(tenantId) })) {
    for (const page of data?.pages ?? []) {
      const found = page.items.find((c) => c.id === id);
      if (found) return found;
    }
  }
  return undefined;
}

/** Applies `fn` to a conversation wherever it is cached (every list and its own query). */
export function patchConversation(
  queryClient: QueryClient,
  tenantId: string,
  id: string,
  fn: (c: Conversation) => Conversation,
  options: { toTop?: boolean } = {},
) {
  queryClient.setQueriesData<ListData>({ queryKey: inboxKeys.lists(tenantId) }, (data) => {
    if (!data) return data;
    let found: Conversation | null = null;
    const pages = data.pages.map((page) => {
      if (found && !options.toTop) return page;
      const index = page.items.findIndex((c) => c.id === id);
      if (index === -1) return page;
      found = fn(page.items[index] as Conversation);
      const next = found;
      return {
        ...page,
        items: options.toTop
          ? page.items.filter((c) => c.id !== id)
          : page.items.map((c) => (c.id === id ? next : c)),
      };
    });
    if (!found) return data;
    if (options.toTop) {
      const first = pages[0];
      if (first) pages[0] = { ...first, items: [found, ...first.items] };
    }
    return { ...data, pages };
  });
  queryClient.setQueryData<ConversationDetail>(inboxKeys.one(tenantId, id), (c) =>
    c ? ({ ...c, ...fn(c) } as ConversationDetail) : c,
  );
}

/**
 * A list item's next last message. The preview names who sent it (`sender`); an event that carries the same
 * message without it (a status or media update, an older server) keeps the one already known.
 */
export function nextLastMessage(current: Message | null | undefined, message: Message): Message {
  if (!current || current.id !== message.id || message.sender !== undefined) return message;
  return current.sender === undefined ? message : { ...message, sender: current.sender };
}

export function upsertMessage(list: Message[], message: Message): Message[] {
  const index = list.findIndex((m) => m.id === message.id);
  if (index === -1) {
    const last = list.at(-1);
    if (!last || last.createdAt <= message.createdAt) return [...list, message];
    const next = [...list, message];
    next.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    return next;
  }
  const current = list[index] as Message;
  const merged = { ...current, ...message, status: laterStatus(current.status, message.status) };
  return list.map((m, i) => (i === index ? merged : m));
}

function patchMessages(
  queryClient: QueryClient,
  tenantId: string,
  conversationId: string,
  fn: (pages: Page<Message>[]) => Page<Message>[],
): boolean {
  const key = inboxKeys.messages(tenantId, conversationId);
  const data = queryClient.getQueryData<MessagesData>(key);
  if (!data) return false;
  queryClient.setQueryData<MessagesData>(key, { ...data, pages: fn(data.pages) });
  return true;
}

/** Puts a message in the newest page, or updates it in whichever page holds it. */
export function putMessage(queryClient: QueryClient, tenantId: string, message: Message) {
  return patchMessages(queryClient, tenantId, message.conversationId, (pages) => {
    const holder = pages.findIndex((p) => p.items.some((m) => m.id === message.id));
    const at = holder === -1 ? 0 : holder;
    return pages.map((p, i) => (i === at ? { ...p, items: upsertMessage(p.items, message) } : p));
  });
}

export function removeMessage(
  queryClient: QueryClient,
  tenantId: string,
  conversationId: string,
  id: string,
) {
  patchMessages(queryClient, tenantId, conversationId, (pages) =>
    pages.map((p) =>
      p.items.some((m) => m.id === id) ? { ...p, items: p.items.filter((m) => m.id !== id) } : p,
    ),
  );
}

// ---------------------------------------------------------------- realtime

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const looksLikeMessage = (v: unknown): v is Message =>
  isRecord(v) &&
  typeof v.id === 'string' &&
  typeof v.conversationId === 'string' &&
  typeof v.direction === 'string' &&
  typeof v.createdAt === 'string';
const looksLikeConversation = (v: unknown): v is Conversation =>
  isRecord(v) && typeof v.id === 'string' && isRecord(v.contact) && typeof v.channelId === 'string';

/**
 * Keeps every cached inbox query current from the stream without refetch storms: events are applied to the
 * caches in one batch per animation frame, a conversation the lists do not hold is fetched once (not the lists),
 * and a reconnect re-reads only the first page of each list.
 */
export function useInboxRealtime(openId: string | null, filters: InboxFilters) {
  const me = useMe();
  const queryClient = useQueryClient();
  const tenantId = me.tenant.id;
  const state = useRef({ openId, filters });
  useEffect(() => {
    state.current = { openId, filters };
  });
  const queue = useRef<RealtimeEvent[]>([]);
  const frame = useRef<number | null>(null);
  const fetching = useRef(new Set<string>());

  const fetchAndInsert = useCallback(
    async (id: string) => {
      if (fetching.current.has(id)) return;
      fetching.current.add(id);
      try {
        const c = await api<ConversationDetail>(`/conversations/${id}`);
        insertConversation(queryClient, tenantId, c, me.user.id);
      } catch {
        // Gone or not ours: nothing to show.
      } finally {
        fetching.current.delete(id);
      }
    },
    [queryClient, tenantId, me.user.id],
  );

  const apply = useCallback(
    (event: RealtimeEvent) => {
      const data = isRecord(event.data) ? event.data : null;
      if (!data) return;
      switch (event.type) {
        case 'message.created':
        case 'message.updated': {
          const message = looksLikeMessage(data.message)
            ? data.message
            : looksLikeMessage(data)
              ? data
              : null;
          if (!message) return;
          putMessage(queryClient, tenantId, message);
          if (event.type === 'message.updated') {
            patchConversation(queryClient, tenantId, message.conversationId, (c) =>
              c.lastMessage?.id === message.id ? { ...c, lastMessage: { ...c.lastMessage, ...message } } : c,
            );
            return;
          }
          if (message.type === 'reaction') return;
          const open =
            state.current.openId === message.conversationId && document.visibilityState === 'visible';
          let known = false;
          patchConversation(
            queryClient,
            tenantId,
            message.conversationId,
            (c) => {
              known = true;
              return {
                ...c,
                lastMessage: nextLastMessage(c.lastMessage, message),
                lastMessageAt: message.createdAt,
                unreadCount:
                  message.direction === 'inbound' && !open ? (c.unreadCount ?? 0) + 1 : c.unreadCount,
                windowExpiresAt:
                  message.direction === 'inbound'
                    ? new Date(new Date(message.createdAt).getTime() + 24 * 3_600_000).toISOString()
                    : c.windowExpiresAt,
              };
            },
            { toTop: true },
          );
          if (!known) void fetchAndInsert(message.conversationId);
          return;
        }
        case 'message.status': {
          const message = looksLikeMessage(data.message)
            ? data.message
            : looksLikeMessage(data)
              ? data
              : null;
          const id = message?.id ?? (typeof data.id === 'string' ? data.id : null);
          const status = (message?.status ?? data.status) as MessageStatus | undefined;
          const conversationId =
            message?.conversationId ?? (typeof data.conversationId === 'string' ? data.conversationId : null);
          if (!id || !status) return;
          const error = (message?.error ?? (isRecord(data.error) ? data.error : undefined)) as
            | Message['error']
            | undefined;
          const patch = (m: Message): Message => ({
            ...m,
            status: laterStatus(m.status, status),
            ...(error !== undefined ? { error } : {}),
          });
          let hit = false;
          const keys = conversationId
            ? [inboxKeys.messages(tenantId, conversationId)]
            : queryClient
                .getQueriesData<MessagesData>({ queryKey: ['inbox', tenantId, 'messages'] })
                .map(([k]) => k);
          for (const key of keys) {
            const cached = queryClient.getQueryData<MessagesData>(key);
            if (!cached) continue;
            queryClient.setQueryData<MessagesData>(key, {
              ...cached,
              pages: cached.pages.map((p) => {
                if (!p.items.some((m) => m.id === id)) return p;
                hit = true;
                return { ...p, items: p.items.map((m) => (m.id === id ? patch(m) : m)) };
              }),
            });
          }
          if (!hit && conversationId && conversationId === state.current.openId)
            void queryClient.invalidateQueries({ queryKey: inboxKeys.messages(tenantId, conversationId) });
          if (conversationId)
            patchConversation(queryClient, tenantId, conversationId, (c) =>
              c.lastMessage?.id === id ? { ...c, lastMessage: patch(c.lastMessage) } : c,
            );
          return;
        }
        case 'conversation.updated': {
          const id = typeof data.id === 'string' ? data.id : null;
          if (!id) return;
          const full = looksLikeConversation(data);
          let known = false;
          patchConversation(queryClient, tenantId, id, (c) => {
            known = true;
            const next = { ...c, ...(data as Partial<Conversation>) };
            return next.lastMessage
              ? { ...next, lastMessage: nextLastMessage(c.lastMessage, next.lastMessage) }
              : next;
          });
          // A ticket that moved out of a list's filter leaves it; one that moved in is fetched once.
          dropNonMatching(queryClient, tenantId, id, me.user.id);
          if (!known && full) insertConversation(queryClient, tenantId, data, me.user.id);
          else if (!known) void fetchAndInsert(id);
          else if (!full || !('ticket' in data))
            void queryClient.invalidateQueries({ queryKey: inboxKeys.one(tenantId, id), exact: true });
          return;
        }
        case 'agent.typing': {
          const conversationId = typeof data.conversationId === 'string' ? data.conversationId : null;
          const userId = typeof data.userId === 'string' ? data.userId : null;
          if (!conversationId || !userId || userId === me.user.id) return;
          const name =
            typeof data.name === 'string'
              ? data.name
              : typeof data.userName === 'string'
                ? data.userName
                : '';
          typingStore.touch(conversationId, userId, name);
          return;
        }
      }
    },
    [queryClient, tenantId, me.user.id, fetchAndInsert],
  );

  const onEvent = useCallback(
    (event: RealtimeEvent) => {
      if (
        !event.type.startsWith('message.') &&
        event.type !== 'conversation.updated' &&
        event.type !== 'agent.typing'
      )
        return;
      queue.current.push(event);
      if (frame.current !== null) return;
      const flush = () => {
        frame.current = null;
        const batch = queue.current;
        queue.current = [];
        for (const e of batch) apply(e);
      };
      // A hidden tab gets no animation frames: fall back to a timer so caches stay current.
      frame.current =
        document.visibilityState === 'visible'
          ? window.requestAnimationFrame(flush)
          : (window.setTimeout(flush, 50) as unknown as number);
    },
    [apply],
  );

  const onResync = useCallback(() => {
    // Only the first page of each list: re-reading every loaded page of 10,000 rows would be a storm.
    for (const [key, data] of queryClient.getQueriesData<ListData>({ queryKey: inboxKeys.lists(tenantId) })) {
      if (data && data.pages.length > 1)
        queryClient.setQueryData<ListData>(key, {
          pages: data.pages.slice(0, 1),
          pageParams: data.pageParams.slice(0, 1),
        });
    }
    void queryClient.invalidateQueries({ queryKey: inboxKeys.lists(tenantId) });
    const open = state.current.openId;
    if (open) {
      void queryClient.invalidateQueries({ queryKey: inboxKeys.messages(tenantId, open) });
      void queryClient.invalidateQueries({ queryKey: inboxKeys.one(tenantId, open) });
    }
  }, [queryClient, tenantId]);

  return useRealtime({ onEvent, onResync });
}

function dropNonMatching(queryClient: QueryClient, tenantId: string, id: string, meId: string) {
  for (const [key, data] of queryClient.getQueriesData<ListData>({ queryKey: inboxKeys.lists(tenantId) })) {
    const filters = key[3] as InboxFilters | undefined;
    if (!data || !filters) continue;
    const c = data.pages.flatMap((p) => p.items).find((x) => x.id === id);
    if (!c || matchesFilters(c, filters, meId) !== false) continue;
    queryClient.setQueryData<ListData>(key, {
      ...data,
      pages: data.pages.map((p) => ({ ...p, items: p.items.filter((x) => x.id !== id) })),
    });
  }
}

function insertConversation(queryClient: QueryClient, tenantId: string, c: Conversation, meId: string) {
  for (const [key, data] of queryClient.getQueriesData<ListData>({ queryKey: inboxKeys.lists(tenantId) })) {
    const filters = key[3] as InboxFilters | undefined;
    if (!data || !filters || matchesFilters(c, filters, meId) !== true) continue;
    if (data.pages.some((p) => p.items.some((x) => x.id === c.id))) continue;
    const [first, ...rest] = data.pages;
    queryClient.setQueryData<ListData>(key, {
      ...data,
      pages: [{ ...(first ?? { nextCursor: null }), items: [c, ...(first?.items ?? [])] }, ...rest],
    });
  }
}

/** The typing signal, when the realtime client can send one (the WebSocket client can; SSE cannot). */
export function useSendTyping(conversationId: string | null) {
  const last = useRef(0);
  return useCallback(() => {
    if (!conversationId) return;
    const now = Date.now();
    if (now - last.current < 3_000) return;
    last.current = now;
    const send = (realtimeModule as Record<string, unknown>).sendTyping;
    if (typeof send === 'function') {
      try {
        (send as (id: string) => void)(conversationId);
      } catch {
        // Best effort.
      }
    }
  }, [conversationId]);
}

// ---------------------------------------------------------------- writes

/** POST with an Idempotency-Key: a retry of the same send never sends twice. */
async function postWithKey<T>(path: string, body: unknown, key: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method: 'POST',
      credentials: 'include',
      headers: { accept: 'application/json', 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, null);
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const parsed = problemSchema.safeParse(json);
    throw new ApiError(res.status, parsed.success ? parsed.data : null);
  }
  return json as T;
}

const newKey = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/** What a body reads as before the server renders it. */
function previewText(body: SendBody): string {
  switch (body.type) {
    case 'text':
      return body.text;
    case 'image':
    case 'video':
    case 'document':
      return body.caption ?? body.filename ?? '';
    case 'location':
      return [body.name, body.address].filter(Boolean).join(', ');
    case 'reaction':
      return body.emoji;
    default:
      return '';
  }
}

/**
 * Optimistic send: the bubble shows at once with a clock, becomes the stored message when the API accepts it,
 * and turns red with the reason (and a retry that reuses the same Idempotency-Key) when it does not.
 */
export function useSendMessage(conversationId: string | null, describeError: (error: unknown) => string) {
  const me = useMe();
  const queryClient = useQueryClient();
  const tenantId = me.tenant.id;

  const run = useCallback(
    async (targetId: string, body: SendBody, key: string) => {
      const localId = `local:${key}`;
      try {
        const message = await postWithKey<Message>(`/conversations/${targetId}/messages`, body, key);
        removeMessage(queryClient, tenantId, targetId, localId);
        if (looksLikeMessage(message)) {
          putMessage(queryClient, tenantId, message);
          if (message.type !== 'reaction')
            patchConversation(
              queryClient,
              tenantId,
              targetId,
              (c) => ({ ...c, lastMessage: message, lastMessageAt: message.createdAt, unreadCount: 0 }),
              { toTop: true },
            );
        }
        return true;
      } catch (error) {
        const errorText = describeError(error);
        patchMessages(queryClient, tenantId, targetId, (pages) =>
          pages.map((p) => ({
            ...p,
            items: p.items.map((m) =>
              m.id === localId && m.local
                ? { ...m, status: 'failed', local: { ...m.local, state: 'failed', errorText } }
                : m,
            ),
          })),
        );
        return false;
      }
    },
    [queryClient, tenantId, describeError],
  );

  const send = useCallback(
    (body: SendBody) => {
      if (!conversationId) return Promise.resolve(false);
      const key = newKey();
      if (body.type !== 'reaction') {
        const optimistic: Message = {
          id: `local:${key}`,
          conversationId,
          direction: 'outbound',
          senderType: 'agent',
          sender: { id: me.user.id, name: me.user.name },
          type: body.type,
          text: previewText(body),
          media:
            'link' in body || 'mediaId' in body
              ? {
                  url: 'link' in body ? body.link : undefined,
                  mediaId: 'mediaId' in body ? body.mediaId : undefined,
                  filename: 'filename' in body ? body.filename : undefined,
                }
              : null,
          payload:
            body.type === 'location'
              ? {
                  location: {
                    latitude: body.latitude,
                    longitude: body.longitude,
                    name: body.name,
                    address: body.address,
                  },
                }
              : null,
          status: 'queued',
          error: null,
          providerMessageId: null,
          replyTo: 'replyToId' in body ? (body.replyToId ?? null) : null,
          createdAt: new Date().toISOString(),
          local: { key, body, state: 'sending' },
        };
        if (!putMessage(queryClient, tenantId, optimistic)) {
          queryClient.setQueryData<MessagesData>(inboxKeys.messages(tenantId, conversationId), {
            pages: [{ items: [optimistic], nextCursor: null }],
            pageParams: [null],
          });
        }
      }
      return run(conversationId, body, key);
    },
    [conversationId, queryClient, tenantId, run, me.user.id, me.user.name],
  );

  const retry = useCallback(
    (message: Message) => {
      if (!message.local) return;
      const { key, body } = message.local;
      patchMessages(queryClient, tenantId, message.conversationId, (pages) =>
        pages.map((p) => ({
          ...p,
          items: p.items.map((m) =>
            m.id === message.id && m.local
              ? { ...m, status: 'queued', local: { ...m.local, state: 'sending', errorText: undefined } }
              : m,
          ),
        })),
      );
      return run(message.conversationId, body, key);
    },
    [queryClient, tenantId, run],
  );

  const discard = useCallback(
    (message: Message) => removeMessage(queryClient, tenantId, message.conversationId, message.id),
    [queryClient, tenantId],
  );

  /**
   * A message the server failed goes out again as a new one (same content, today's rules); the failed one
   * stays in the timeline. Throws the API's problem (e.g. `maybe-delivered` without `confirmUnknown`).
   */
  const resend = useCallback(
    async (message: Message, confirmUnknown = false) => {
      const sent = await postWithKey<Message>(
        `/conversations/${message.conversationId}/messages/${message.id}/resend`,
        confirmUnknown ? { confirmUnknown: true } : {},
        newKey(),
      );
      if (looksLikeMessage(sent)) {
        putMessage(queryClient, tenantId, sent);
        patchConversation(
          queryClient,
          tenantId,
          message.conversationId,
          (c) => ({ ...c, lastMessage: sent, lastMessageAt: sent.createdAt, unreadCount: 0 }),
          { toTop: true },
        );
      }
    },
    [queryClient, tenantId],
  );

  return useMemo(() => ({ send, retry, resend, discard }), [send, retry, resend, discard]);
}

/** Unread back to 0 here at once; the API tells the others (and WhatsApp) in the background. */
export function useMarkRead() {
  const me = useMe();
  const queryClient = useQueryClient();
  const inFlight = useRef(new Set<string>());
  return useCallback(
    (id: string) => {
      if (inFlight.current.has(id)) return;
      inFlight.current.add(id);
      patchConversation(queryClient, me.tenant.id, id, (c) => ({ ...c, unreadCount: 0 }));
      api(`/conversations/${id}/read`, { method: 'POST' })
        .catch(() => {})
        .finally(() => inFlight.current.delete(id));
    },
    [queryClient, me.tenant.id],
  );
}

/** Ticket actions: each answers the updated conversation (or nothing); either way the caches are refreshed. */
export function useTicketAction(conversationId: string | null) {
  const me = useMe();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      action,
      body,
      ticketId,
    }: {
      action: 'assign' | 'handoff' | 'resolve' | 'reopen' | 'notes' | 'follow-up';
      body?: unknown;
      ticketId?: string;
    }) =>
      api<unknown>(
        action === 'follow-up'
          ? `/tickets/${ticketId}/follow-up`
          : `/conversations/${conversationId}/${action}`,
        { method: 'POST', body: body ?? {} },
      ),
    onSuccess: (result) => {
      if (!conversationId) return;
      if (looksLikeConversation(result)) {
        patchConversation(queryClient, me.tenant.id, conversationId, (c) => ({ ...c, ...result }));
        dropNonMatching(queryClient, me.tenant.id, conversationId, me.user.id);
      }
      void queryClient.invalidateQueries({ queryKey: inboxKeys.one(me.tenant.id, conversationId) });
      void queryClient.invalidateQueries({ queryKey: [...inboxKeys.all(me.tenant.id), 'journey'] });
      void queryClient.invalidateQueries({ queryKey: [...inboxKeys.all(me.tenant.id), 'counts'] });
    },
  });
}

/**
 * `POST /tickets/:id/repair` (ADMIN+): fixes a stuck ticket without deleting anything and answers what
 * it did (`actions`) with the conversation as it is now.
 */
export function useRepairTicket(conversationId: string) {
  const me = useMe();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ticketId: string) =>
      api<TicketRepairResult>(`/tickets/${ticketId}/repair`, { method: 'POST', body: {} }),
    onSuccess: (result) => {
      const tenantId = me.tenant.id;
      if (looksLikeConversation(result?.conversation)) {
        const fresh = result.conversation as unknown as Conversation;
        patchConversation(queryClient, tenantId, conversationId, (c) => ({ ...c, ...fresh }));
        dropNonMatching(queryClient, tenantId, conversationId, me.user.id);
      }
      // Tickets closed or resolved, messages moved between tickets, an assignee released: re-read around it.
      void queryClient.invalidateQueries({ queryKey: inboxKeys.one(tenantId, conversationId) });
      void queryClient.invalidateQueries({ queryKey: inboxKeys.messages(tenantId, conversationId) });
      for (const key of ['journey', 'counts', 'agents'])
        void queryClient.invalidateQueries({ queryKey: [...inboxKeys.all(tenantId), key] });
    },
  });
}

export function useAvailability() {
  return useMutation({
    mutationFn: (available: boolean) => api('/users/me/availability', { method: 'PUT', body: { available } }),
  });
}

// ---------------------------------------------------------------- side reads

/** The badges of the views; with a department filter they count that department only. */
export function useInboxCounts(live: RealtimeStatus, departmentId: string | 'all' = 'all') {
  const me = useMe();
  return useQuery({
    queryKey: [...inboxKeys.all(me.tenant.id), 'counts', departmentId] as const,
    queryFn: async () => {
      try {
        return await api<InboxCounts>(
          departmentId === 'all'
            ? '/conversations/counts'
            : `/conversations/counts?departmentId=${encodeURIComponent(departmentId)}`,
        );
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    // Cheap to compute on the server; refreshed on a calm interval rather than on every event.
    refetchInterval: live === 'open' ? 15_000 : 30_000,
    staleTime: 10_000,
  });
}

export function useAgents() {
  const me = useMe();
  return useQuery({
    queryKey: [...inboxKeys.all(me.tenant.id), 'agents'] as const,
    queryFn: async (): Promise<AgentLoad[]> => {
      try {
        return (await api<{ items: AgentLoad[] }>('/inbox/agents')).items;
      } catch (error) {
        // Someone without the right to see the team's load gets no picker rather than an error.
        if (error instanceof ApiError && error.status === 403) return [];
        throw error;
      }
    },
    staleTime: 30_000,
  });
}

export function useJourney(contactId: string | null) {
  const me = useMe();
  return useQuery({
    queryKey: [...inboxKeys.all(me.tenant.id), 'journey', contactId ?? 'none'] as const,
    queryFn: ({ signal }) => api<ContactJourney>(`/contacts/${contactId}/journey`, { signal }),
    enabled: contactId !== null,
    staleTime: 15_000,
  });
}

export type UploadedMedia = { mediaId: string; kind: string; mime: string; size: number; filename?: string };

/**
 * Uploads a file to the conversation's channel; answers the media id to send it by. By XHR, not fetch:
 * fetch cannot report upload progress, and a 100 MB document deserves a bar. `type` overrides the file's
 * own MIME type (browsers leave it empty for some extensions); aborting rejects with an `AbortError`.
 */
export function uploadMedia(
  channelId: string,
  file: File,
  opts: { type?: string; onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<UploadedMedia> {
  const params = new URLSearchParams({
    type: opts.type || file.type || 'application/octet-stream',
    filename: file.name,
  });
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/channels/${channelId}/media?${params}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) opts.onProgress?.(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiError(0, null));
    xhr.onabort = () => reject(new DOMException('Upload aborted', 'AbortError'));
    xhr.onload = () => {
      let json: unknown = null;
      try {
        json = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        json = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(json as UploadedMedia);
      const parsed = problemSchema.safeParse(json);
      reject(new ApiError(xhr.status, parsed.success ? parsed.data : null));
    };
    if (opts.signal?.aborted) return reject(new DOMException('Upload aborted', 'AbortError'));
    opts.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
