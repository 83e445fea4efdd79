'use client';

import type {
  ContactDetail,
  ContactErasure,
  ContactView,
  CreateContactInput,
  UpdateContactInput,
} from '@conversa/shared';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMe } from '@/features/auth/me-context';
import { api } from '@/lib/api-client';
import { useRealtime } from '@/lib/realtime';
import type { Page } from '@/lib/types';

export type ContactFilters = {
  q: string;
  tag: string;
  consent: 'all' | 'unknown' | 'opted_in' | 'opted_out';
};
export const defaultContactFilters: ContactFilters = { q: '', tag: '', consent: 'all' };

export const contactKeys = {
  all: (tenantId: string) => ['contacts', tenantId] as const,
  list: (tenantId: string, f: ContactFilters) => ['contacts', tenantId, 'list', f] as const,
  one: (tenantId: string, id: string) => ['contacts', tenantId, 'one', id] as const,
};

export function contactQuery(f: ContactFilters, cursor?: string | null) {
  const params = new URLSearchParams();
  if (f.q.trim()) params.set('q', f.q.trim());
  if (f.tag.trim()) params.set('tag', f.tag.trim());
  if (f.consent !== 'all') params.set('consent', f.consent);
  if (cursor) params.set('cursor', cursor);
  return params;
}

/** Contact changes made elsewhere (another tab, an import, the inbox) refresh the lists. */
function useContactEvents() {
  const me = useMe();
  const queryClient = useQueryClient();
  return useRealtime({
    onEvent: (event) => {
      if (event.type !== 'contact.updated' && event.type !== 'contact.erased') return;
      void queryClient.invalidateQueries({ queryKey: contactKeys.all(me.tenant.id) });
    },
  });
}

export function useContacts(filters: ContactFilters) {
  const me = useMe();
  useContactEvents();
  return useInfiniteQuery({
    queryKey: contactKeys.list(me.tenant.id, filters),
    queryFn: ({ pageParam, signal }) => {
      const params = contactQuery(filters, pageParam);
      params.set('limit', '50');
      return api<Page<ContactView>>(`/contacts?${params}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: (previous) => previous,
  });
}

export function useContact(id: string, initialData?: ContactDetail) {
  const me = useMe();
  useContactEvents();
  return useQuery({
    queryKey: contactKeys.one(me.tenant.id, id),
    queryFn: () => api<ContactDetail>(`/contacts/${id}`),
    initialData,
  });
}

export function useContactMutations(id?: string) {
  const me = useMe();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: contactKeys.all(me.tenant.id) });
  const create = useMutation({
    mutationFn: (body: CreateContactInput) => api<ContactView>('/contacts', { method: 'POST', body }),
    onSuccess: refresh,
  });
  const update = useMutation({
    mutationFn: (body: UpdateContactInput) => api<ContactView>(`/contacts/${id}`, { method: 'PATCH', body }),
    onSuccess: refresh,
  });
  const consent = useMutation({
    mutationFn: ({ state, source, note }: { state: 'opt-in' | 'opt-out'; source: string; note?: string }) =>
      api<ContactView>(`/contacts/${id}/${state}`, {
        method: 'POST',
        body: { source, ...(note ? { note } : {}) },
      }),
    onSuccess: refresh,
  });
  const erase = useMutation({
    mutationFn: () => api<ContactErasure>(`/contacts/${id}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  return { create, update, consent, erase };
}

/** Downloads what the API answers as a file, with the session cookie (a plain link would also do for GETs). */
export async function downloadJson(path: string, filename: string) {
  const data = await api<unknown>(path);
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
