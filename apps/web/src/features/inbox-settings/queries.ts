'use client';

import type {
  CreateDepartmentInput,
  DepartmentView,
  InboxSettingsView,
  Member,
  UpdateDepartmentInput,
} from '@conversa/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMe } from '@/features/auth/me-context';
import { channelKeys } from '@/features/channels/queries';
import type { Channel } from '@/features/channels/types';
import { inboxKeys } from '@/features/inbox/queries';
import { api } from '@/lib/api-client';
import type { Page } from '@/lib/types';

export type DepartmentList = { items: DepartmentView[] };
/** What `PUT /inbox/settings` takes: any subset of the settings. */
export type InboxSettingsPatch = Partial<
  Omit<InboxSettingsView, 'openNow' | 'closedReason' | 'holidayToday'>
>;

export const inboxSettingsKeys = {
  settings: (tenantId: string) => ['inbox-settings', tenantId, 'settings'] as const,
  departments: (tenantId: string) => ['inbox-settings', tenantId, 'departments'] as const,
};

/**
 * Fills what a server older than the contract leaves out, so the screen still renders (hours appeared
 * after automatic assignment, holidays after hours): no hours, no away message, the tenant's zone, no
 * holidays, open.
 */
function completeSettings(view: InboxSettingsView, timezone: string): InboxSettingsView {
  return {
    ...view,
    businessHours: view.businessHours ?? {},
    awayMessage: view.awayMessage ?? null,
    timezone: view.timezone ?? timezone,
    holidays: view.holidays ?? [],
    openNow: view.openNow ?? true,
    closedReason: view.closedReason ?? null,
    holidayToday: view.holidayToday ?? null,
  };
}

function completeDepartment(d: DepartmentView): DepartmentView {
  const own = Object.values(d.businessHours ?? {}).some((v) => v && v.length > 0);
  return {
    ...d,
    members: d.members ?? [],
    businessHours: d.businessHours ?? {},
    quickReplies: d.quickReplies ?? [],
    maxOpenPerAgent: d.maxOpenPerAgent ?? null,
    awayMessage: d.awayMessage ?? null,
    channelIds: d.channelIds ?? [],
    openNow: d.openNow ?? true,
    hoursFrom: d.hoursFrom ?? (own ? 'department' : 'workspace'),
  };
}

export function useInboxSettings(initialData?: InboxSettingsView) {
  const me = useMe();
  return useQuery({
    queryKey: inboxSettingsKeys.settings(me.tenant.id),
    queryFn: ({ signal }) => api<InboxSettingsView>('/inbox/settings', { signal }),
    select: (view) => completeSettings(view, me.tenant.timezone),
    initialData,
    // "Open now" moves with the clock.
    refetchInterval: 60_000,
  });
}

export function useDepartmentList(initialData?: DepartmentList) {
  const me = useMe();
  return useQuery({
    queryKey: inboxSettingsKeys.departments(me.tenant.id),
    queryFn: ({ signal }) => api<DepartmentList>('/departments', { signal }),
    select: (list) => ({ ...list, items: (list.items ?? []).map(completeDepartment) }),
    initialData,
    refetchInterval: 60_000,
  });
}

/** The workspace's people, under the key the users screen uses (one cache for both). */
export function useWorkspaceUsers(enabled = true) {
  const me = useMe();
  return useQuery({
    queryKey: ['users', me.tenant.id],
    queryFn: ({ signal }) => api<Page<Member>>('/users?limit=200', { signal }),
    enabled,
    staleTime: 60_000,
  });
}

/** The WhatsApp numbers, under the channels screen's key. */
export function useChannelOptions(enabled = true) {
  const me = useMe();
  return useQuery({
    queryKey: channelKeys.list(me.tenant.id),
    queryFn: ({ signal }) => api<{ items: Channel[] }>('/channels', { signal }),
    enabled,
    staleTime: 60_000,
  });
}

/** After any change: this screen and the inbox (department filter, quick replies) read again. */
function useRefreshDepartments() {
  const me = useMe();
  const queryClient = useQueryClient();
  return () => {
    queryClient.invalidateQueries({ queryKey: inboxSettingsKeys.departments(me.tenant.id) });
    queryClient.invalidateQueries({ queryKey: inboxKeys.departments(me.tenant.id) });
  };
}

export function useSaveInboxSettings() {
  const me = useMe();
  const queryClient = useQueryClient();
  const refreshDepartments = useRefreshDepartments();
  return useMutation({
    mutationFn: (body: InboxSettingsPatch) =>
      api<InboxSettingsView>('/inbox/settings', { method: 'PUT', body }),
    onSuccess: (view) => {
      queryClient.setQueryData(inboxSettingsKeys.settings(me.tenant.id), view);
      // Departments without their own hours follow the workspace's: their "open now" may change.
      refreshDepartments();
    },
  });
}

export function useDeleteDepartment() {
  const refreshDepartments = useRefreshDepartments();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/departments/${id}`, { method: 'DELETE' }),
    onSuccess: refreshDepartments,
  });
}

export function useSaveDepartment() {
  const refreshDepartments = useRefreshDepartments();
  return useMutation({
    mutationFn: (
      input: { id: null; body: CreateDepartmentInput } | { id: string; body: UpdateDepartmentInput },
    ) =>
      input.id === null
        ? api<DepartmentView>('/departments', { method: 'POST', body: input.body })
        : api<DepartmentView>(`/departments/${input.id}`, { method: 'PATCH', body: input.body }),
    onSuccess: refreshDepartments,
  });
}
