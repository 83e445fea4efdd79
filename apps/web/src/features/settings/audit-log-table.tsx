'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { BotIcon, CogIcon, KeyRoundIcon, Loader2Icon, ScrollTextIcon, UserIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';
import { useMe } from '@/features/auth/me-context';
import { api } from '@/lib/api-client';
import type { AuditLogEntry, Page } from '@/lib/types';
import { useDateTime } from '@/lib/use-date-time';
import { useErrorMessage } from '@/lib/use-error-message';

const pageSize = 50;

const actorIcons = { user: UserIcon, api_key: KeyRoundIcon, system: CogIcon, ai: BotIcon } as const;
type ActorType = keyof typeof actorIcons;
const isActorType = (v: string): v is ActorType => v in actorIcons;

function MetadataCell({ metadata }: { metadata: AuditLogEntry['metadata'] }) {
  if (!metadata || Object.keys(metadata).length === 0)
    return <span className="text-muted-foreground">—</span>;
  const text = JSON.stringify(metadata);
  const pretty = JSON.stringify(metadata, null, 2);
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <button
          type="button"
          className="block max-w-64 cursor-default truncate rounded text-left font-mono text-muted-foreground text-xs outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
        >
          {text}
        </button>
      </TooltipTrigger>
      <TooltipContent side="left" className="max-w-sm">
        <pre className="whitespace-pre-wrap break-all font-mono text-[11px]">{pretty}</pre>
      </TooltipContent>
    </Tooltip>
  );
}

export function AuditLogTable({ initialData }: { initialData: Page<AuditLogEntry> }) {
  const me = useMe();
  const t = useTranslations('settings.auditLog');
  const formatDate = useDateTime();
  const errorMessage = useErrorMessage();

  const query = useInfiniteQuery({
    queryKey: ['audit-logs', me.tenant.id],
    queryFn: ({ pageParam }) =>
      api<Page<AuditLogEntry>>(
        `/audit-logs?limit=${pageSize}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
      ),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    initialData: { pages: [initialData], pageParams: [''] },
  });

  const entries = query.data.pages.flatMap((p) => p.items);
  if (entries.length === 0) {
    return (
      <div className="rounded-xl border border-dashed">
        <EmptyState icon={<ScrollTextIcon />} title={t('emptyTitle')} description={t('emptyDescription')} />
      </div>
    );
  }

  return (
    <div className="grid gap-4">
      <div className="overflow-hidden rounded-xl border bg-card">
        <Table data-testid="audit-log-table">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead className="pl-4">{t('columns.when')}</TableHead>
              <TableHead>{t('columns.who')}</TableHead>
              <TableHead>{t('columns.action')}</TableHead>
              <TableHead>{t('columns.target')}</TableHead>
              <TableHead className="pr-4">{t('columns.details')}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {entries.map((entry) => {
              const Icon = isActorType(entry.actorType) ? actorIcons[entry.actorType] : UserIcon;
              const actorLabel = isActorType(entry.actorType)
                ? t(`actors.${entry.actorType}`)
                : entry.actorType;
              return (
                <TableRow key={entry.id}>
                  <TableCell className="pl-4 text-muted-foreground tabular-nums">
                    {formatDate(entry.createdAt)}
                  </TableCell>
                  <TableCell>
                    <span className="flex items-center gap-2">
                      <span className="flex size-6 items-center justify-center rounded-full bg-muted">
                        <Icon className="size-3.5 text-muted-foreground" />
                      </span>
                      <span className="grid">
                        <span className="font-medium">{entry.actorName ?? actorLabel}</span>
                        {entry.actorName && (
                          <span className="text-muted-foreground text-xs">{actorLabel}</span>
                        )}
                      </span>
                    </span>
                  </TableCell>
                  <TableCell>
                    <span className="grid gap-0.5">
                      {t.has(`actions.${entry.action}`) && <span>{t(`actions.${entry.action}`)}</span>}
                      <code className="font-mono text-muted-foreground text-xs">{entry.action}</code>
                    </span>
                  </TableCell>
                  <TableCell>
                    <span className="grid">
                      <span>
                        {t.has(`targets.${entry.targetType}`)
                          ? t(`targets.${entry.targetType}`)
                          : entry.targetType}
                      </span>
                      {entry.targetId && (
                        <span className="font-mono text-muted-foreground text-xs" title={entry.targetId}>
                          {entry.targetId.length > 13
                            ? `${entry.targetId.slice(0, 8)}…${entry.targetId.slice(-4)}`
                            : entry.targetId}
                        </span>
                      )}
                    </span>
                  </TableCell>
                  <TableCell className="pr-4">
                    <MetadataCell metadata={entry.metadata} />
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
      <div className="flex items-center justify-between gap-4">
        <p className="text-muted-foreground text-xs">{t('count', { count: entries.length })}</p>
        {query.hasNextPage && (
          <Button
            variant="outline"
            size="sm"
            onClick={() => query.fetchNextPage()}
            disabled={query.isFetchingNextPage}
          >
            {query.isFetchingNextPage && <Loader2Icon className="animate-spin" />}
            {t('loadMore')}
          </Button>
        )}
      </div>
      {query.isFetchNextPageError && <p className="text-destructive text-sm">{errorMessage(query.error)}</p>}
    </div>
  );
}
