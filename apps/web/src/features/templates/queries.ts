'use client';

import type { TemplateSyncResult } from '@conversa/shared';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMe } from '@/features/auth/me-context';
import { api } from '@/lib/api-client';
import { type RealtimeEvent, useRealtime } from '@/lib/realtime';
import type { Page } from '@/lib/types';
import type { Template, TemplateDraftBody, TemplateStats } from './types';

export const templateKeys = {
  all: (tenantId: string) => ['templates', tenantId] as const,
  list: (tenantId: string) => ['templates', tenantId, 'list'] as const,
  one: (tenantId: string, id: string) => ['templates', tenantId, 'one', id] as const,
  stats: (tenantId: string, channelId: string | null) => ['templates', tenantId, 'stats', channelId] as const,
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The list route pages like every list (API.md); a plain array is read too. */
export const listItems = (data: Page<Template> | Template[] | undefined): Template[] =>
  Array.isArray(data) ? data : (data?.items ?? []);

/**
 * A `template.status` event: the status (and reason) is written into the cache at once so the badge moves
 * without waiting, then the template and the list are read again for the history and the counters.
 */
export function applyTemplateEvent(queryClient: QueryClient, tenantId: string, event: RealtimeEvent) {
  if (event.type !== 'template.status' || !isRecord(event.data)) return;
  const data = event.data;
  const nested = isRecord(data.template) ? data.template : null;
  const id =
    typeof data.templateId === 'string' ? data.templateId : typeof data.id === 'string' ? data.id : null;
  const targetId = id ?? (typeof nested?.id === 'string' ? nested.id : null);
  const status = typeof data.status === 'string' ? data.status : nested?.status;
  const reason =
    typeof data.rejectionReason === 'string'
      ? data.rejectionReason
      : typeof data.reason === 'string'
        ? data.reason
        : undefined;
  if (targetId && typeof status === 'string') {
    const patch = (t: Template): Template =>
      t.id === targetId
        ? {
            ...t,
            status: status as Template['status'],
            ...(reason !== undefined ? { rejectionReason: reason } : {}),
          }
        : t;
    queryClient.setQueryData<Template>(templateKeys.one(tenantId, targetId), (old) =>
      old ? patch(old) : old,
    );
    queryClient.setQueryData<Page<Template> | Template[]>(templateKeys.list(tenantId), (old) => {
      if (!old) return old;
      return Array.isArray(old) ? old.map(patch) : { ...old, items: old.items.map(patch) };
    });
    queryClient.invalidateQueries({ queryKey: templateKeys.one(tenantId, targetId) });
  }
  queryClient.invalidateQueries({ queryKey: templateKeys.list(tenantId) });
  queryClient.invalidateQueries({ queryKey: ['templates', tenantId, 'stats'] });
}

export function useTemplateStream() {
  const me = useMe();
  const queryClient = useQueryClient();
  return useRealtime({
    onEvent: (event) => applyTemplateEvent(queryClient, me.tenant.id, event),
    onResync: () => queryClient.invalidateQueries({ queryKey: templateKeys.all(me.tenant.id) }),
  });
}

export function useTemplates(initialData?: Page<Template>) {
  const me = useMe();
  const live = useTemplateStream();
  const query = useQuery({
    queryKey: templateKeys.list(me.tenant.id),
    queryFn: () => api<Page<Template>>('/templates?allVersions=true&limit=200'),
    initialData,
    // Meta's review moves statuses without anyone here acting: poll while the stream is down.
    refetchInterval: live === 'open' ? false : 20_000,
  });
  return { query, live };
}

/** Approval rate and top rejection reasons for the list header (`GET /templates/stats`). */
export function useTemplateStats(channelId: string | null, initialData?: TemplateStats) {
  const me = useMe();
  return useQuery({
    queryKey: templateKeys.stats(me.tenant.id, channelId),
    queryFn: () =>
      api<TemplateStats>(`/templates/stats${channelId ? `?channelId=${encodeURIComponent(channelId)}` : ''}`),
    initialData: channelId === null ? initialData : undefined,
  });
}

export function useTemplate(id: string | null, initialData?: Template) {
  const me = useMe();
  const live = useTemplateStream();
  const query = useQuery({
    queryKey: templateKeys.one(me.tenant.id, id ?? 'new'),
    queryFn: () => api<Template>(`/templates/${id}`),
    initialData,
    enabled: id !== null,
    refetchInterval: (q) =>
      live !== 'open' && q.state.data?.status === 'SUBMITTED' ? 10_000 : (false as const),
  });
  return { query, live };
}

/** Writes a saved template into the caches; the list is re-read for its counters. */
function useStore() {
  const me = useMe();
  const queryClient = useQueryClient();
  return (template: Template) => {
    queryClient.setQueryData(templateKeys.one(me.tenant.id, template.id), template);
    queryClient.invalidateQueries({ queryKey: templateKeys.list(me.tenant.id) });
    queryClient.invalidateQueries({ queryKey: ['templates', me.tenant.id, 'stats'] });
  };
}

export function useSaveTemplate(id: string | null) {
  const store = useStore();
  return useMutation({
    mutationFn: (body: TemplateDraftBody) =>
      id
        ? api<Template>(`/templates/${id}`, {
            method: 'PATCH',
            // The channel of a stored template does not change.
            body: {
              name: body.name,
              language: body.language,
              category: body.category,
              components: body.components,
              ...(body.parameterFormat ? { parameterFormat: body.parameterFormat } : {}),
            },
          })
        : api<Template>('/templates', { method: 'POST', body }),
    onSuccess: store,
  });
}

export function useSubmitTemplate() {
  const store = useStore();
  return useMutation({
    mutationFn: (id: string) => api<Template>(`/templates/${id}/submit`, { method: 'POST', body: {} }),
    onSuccess: store,
  });
}

/** Re-activates an earlier version Meta approved once (the route acts on the version brought back). */
export function useRollbackTemplate() {
  const me = useMe();
  const queryClient = useQueryClient();
  const store = useStore();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason?: string }) =>
      api<Template>(`/templates/${id}/rollback`, { method: 'POST', body: reason ? { reason } : {} }),
    onSuccess: (template) => {
      store(template);
      // The versions it replaced changed status too.
      queryClient.invalidateQueries({ queryKey: templateKeys.all(me.tenant.id) });
    },
  });
}

export function useDeleteTemplate(id: string) {
  const me = useMe();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api(`/templates/${id}`, { method: 'DELETE' }),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: templateKeys.one(me.tenant.id, id) });
      queryClient.setQueryData<Page<Template>>(templateKeys.list(me.tenant.id), (old) =>
        old && !Array.isArray(old) ? { ...old, items: old.items.filter((t) => t.id !== id) } : old,
      );
      queryClient.invalidateQueries({ queryKey: templateKeys.list(me.tenant.id) });
    },
  });
}

export function useSyncTemplates() {
  const me = useMe();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (channelId?: string) =>
      api<TemplateSyncResult>('/templates/sync', { method: 'POST', body: channelId ? { channelId } : {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templateKeys.all(me.tenant.id) }),
  });
}
