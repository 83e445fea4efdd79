'use client';

import type { NotificationCreatedRealtime, NotificationPage, NotificationView } from '@conversa/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  BellIcon,
  CheckCheckIcon,
  CircleAlertIcon,
  InfoIcon,
  Loader2Icon,
  RefreshCwIcon,
  TriangleAlertIcon,
} from 'lucide-react';
import { usePathname, useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useCallback } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { useMe } from '@/features/auth/me-context';
import { RelativeTime } from '@/features/channels/relative-time';
import { api } from '@/lib/api-client';
import { type RealtimeEvent, useRealtime } from '@/lib/realtime';
import { useErrorMessage } from '@/lib/use-error-message';
import { cn } from '@/lib/utils';

const notificationKeys = { list: (tenantId: string) => ['notifications', tenantId] as const };

const severityIcons = { info: InfoIcon, warning: TriangleAlertIcon, critical: CircleAlertIcon } as const;
const severityTones = {
  info: 'bg-sky-400/10 text-sky-400',
  warning: 'bg-warning/10 text-warning',
  critical: 'bg-destructive/10 text-destructive',
} as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Title and body of a notification: i18n keys by kind (`notifications.template.paused.title`). */
function useNotificationText() {
  const t = useTranslations();
  return useCallback(
    (n: NotificationView) => {
      const params: Record<string, string | number> = { ...n.params };
      // A channel problem names its reason by i18n key; show the sentence, not the key.
      if (typeof params.reasonKey === 'string' && t.has(params.reasonKey))
        params.reasonKey = t(params.reasonKey);
      // Meta's reason codes (INCORRECT_CATEGORY) read as the templates screen words them.
      const reasonTitle = `templates.rejection.${String(params.reason ?? '')}.title`;
      if (typeof params.reason === 'string' && t.has(reasonTitle)) params.reason = t(reasonTitle);
      for (const k of ['name', 'language', 'reason', 'channel', 'reasonKey']) params[k] ??= '—';
      const key = `notifications.${n.kind}`;
      return {
        title: t.has(`${key}.title`) ? t(`${key}.title`, params) : t('shell.notifications.unknown'),
        body: t.has(`${key}.body`) ? t(`${key}.body`, params) : '',
      };
    },
    [t],
  );
}

/** The header bell: my unread notifications, live from the realtime stream, read on click. */
export function NotificationBell() {
  const me = useMe();
  const t = useTranslations('shell.notifications');
  const tn = useTranslations('notifications');
  const router = useRouter();
  const pathname = usePathname();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const text = useNotificationText();
  const key = notificationKeys.list(me.tenant.id);

  const query = useQuery({
    queryKey: key,
    queryFn: () => api<NotificationPage>('/notifications?limit=20'),
    // Without the stream, a slow poll still brings a paused template to an admin's eyes.
    refetchInterval: 120_000,
  });

  const onEvent = useCallback(
    (event: RealtimeEvent) => {
      if (event.type !== 'notification.created' || !isRecord(event.data)) return;
      const n = event.data as NotificationCreatedRealtime;
      // Delivered to the whole tenant; each person keeps their own.
      if (n.userId !== me.user.id || typeof n.id !== 'string') return;
      const { userId: _userId, ...view } = n;
      queryClient.setQueryData<NotificationPage>(key, (old) =>
        old
          ? old.items.some((x) => x.id === view.id)
            ? old
            : { ...old, items: [view, ...old.items], unread: old.unread + 1 }
          : old,
      );
      // No toast about the page already open: it shows the change itself.
      if (view.severity !== 'info' && view.link !== pathname) {
        const { title, body } = text(view);
        toast[view.severity === 'critical' ? 'error' : 'warning'](title, {
          description: body,
          ...(view.link
            ? { action: { label: t('view'), onClick: () => router.push(view.link as string) } }
            : {}),
        });
      }
    },
    [me.user.id, queryClient, key, text, t, router, pathname],
  );
  useRealtime({ onEvent, onResync: () => queryClient.invalidateQueries({ queryKey: key }) });

  const markRead = useMutation({
    mutationFn: (body: { ids: string[] } | { all: true }) =>
      api<{ updated: number; unread: number }>('/notifications/read', { method: 'POST', body }),
    onMutate: (body) => {
      const now = new Date().toISOString();
      queryClient.setQueryData<NotificationPage>(key, (old) => {
        if (!old) return old;
        const hit = (n: NotificationView) => 'all' in body || body.ids.includes(n.id);
        const items = old.items.map((n) => (hit(n) && !n.readAt ? { ...n, readAt: now } : n));
        const newlyRead = old.items.filter((n) => hit(n) && !n.readAt).length;
        return { ...old, items, unread: 'all' in body ? 0 : Math.max(0, old.unread - newlyRead) };
      });
    },
    onSuccess: (r) =>
      queryClient.setQueryData<NotificationPage>(key, (old) => (old ? { ...old, unread: r.unread } : old)),
    onError: (error) => {
      queryClient.invalidateQueries({ queryKey: key });
      toast.error(t('markFailed'), { description: errorMessage(error) });
    },
  });

  const unread = query.data?.unread ?? 0;
  const items = query.data?.items ?? [];

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          size="icon-sm"
          className="relative"
          aria-label={unread > 0 ? t('openUnread', { count: unread }) : t('open')}
          data-testid="notification-bell"
          data-unread={unread}
          data-ready={query.isSuccess}
        >
          <BellIcon className="text-muted-foreground" />
          {unread > 0 && (
            <span
              className="-top-0.5 -right-0.5 absolute flex h-4 min-w-4 items-center justify-center rounded-full bg-destructive px-1 font-semibold text-[10px] text-white tabular-nums ring-2 ring-background"
              data-testid="notification-count"
            >
              {unread > 99 ? '99+' : unread}
            </span>
          )}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-[380px] p-0" data-testid="notification-list">
        <div className="flex items-center justify-between gap-2 px-3 py-2.5">
          <DropdownMenuLabel className="p-0 font-semibold text-sm">{tn('title')}</DropdownMenuLabel>
          {unread > 0 && (
            <Button
              variant="ghost"
              size="sm"
              className="h-7 px-2 text-muted-foreground text-xs"
              onClick={(e) => {
                e.preventDefault();
                markRead.mutate({ all: true });
              }}
              data-testid="notifications-read-all"
            >
              <CheckCheckIcon className="size-3.5" />
              {tn('markAllRead')}
            </Button>
          )}
        </div>
        <DropdownMenuSeparator className="my-0" />
        <div className="max-h-[420px] overflow-y-auto p-1">
          {query.isPending ? (
            <p className="flex items-center justify-center gap-2 py-8 text-muted-foreground text-sm">
              <Loader2Icon className="size-4 animate-spin" />
              {t('loading')}
            </p>
          ) : query.isError && items.length === 0 ? (
            <div className="grid justify-items-center gap-2 px-4 py-6 text-center text-sm">
              <p className="text-destructive">{t('loadFailed')}</p>
              <p className="text-muted-foreground text-xs">{errorMessage(query.error)}</p>
              <Button
                variant="outline"
                size="sm"
                onClick={(e) => {
                  e.preventDefault();
                  query.refetch();
                }}
              >
                <RefreshCwIcon />
                {t('retry')}
              </Button>
            </div>
          ) : items.length === 0 ? (
            <div className="grid justify-items-center gap-2 px-4 py-8 text-center">
              <span className="flex size-10 items-center justify-center rounded-full bg-muted text-muted-foreground">
                <BellIcon className="size-4" />
              </span>
              <p className="font-medium text-sm">{tn('empty')}</p>
              <p className="text-muted-foreground text-xs">{t('emptyHint')}</p>
            </div>
          ) : (
            items.map((n) => {
              const Icon = severityIcons[n.severity] ?? InfoIcon;
              const { title, body } = text(n);
              return (
                <DropdownMenuItem
                  key={n.id}
                  className="items-start gap-3 rounded-md px-2.5 py-2.5"
                  onSelect={() => {
                    if (!n.readAt) markRead.mutate({ ids: [n.id] });
                    if (n.link) router.push(n.link);
                  }}
                  data-testid="notification-item"
                  data-read={n.readAt !== null}
                >
                  <span
                    className={cn(
                      'mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-full',
                      severityTones[n.severity],
                    )}
                  >
                    <Icon className="size-3.5" />
                  </span>
                  <span className="grid min-w-0 flex-1 gap-0.5">
                    <span className={cn('text-sm leading-snug', !n.readAt && 'font-medium')}>{title}</span>
                    {body && <span className="line-clamp-2 text-muted-foreground text-xs">{body}</span>}
                    <span className="text-muted-foreground/80 text-xs">
                      <RelativeTime value={n.createdAt} />
                    </span>
                  </span>
                  {!n.readAt && (
                    <span className="mt-1.5 size-2 shrink-0 rounded-full bg-primary">
                      <span className="sr-only">{t('unread')}</span>
                    </span>
                  )}
                </DropdownMenuItem>
              );
            })
          )}
        </div>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
