'use client';

import {
  ArchiveIcon,
  CircleCheckIcon,
  CircleDotIcon,
  CloudDownloadIcon,
  GaugeIcon,
  HistoryIcon,
  Loader2Icon,
  PencilLineIcon,
  RotateCcwIcon,
  SendIcon,
} from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { useMe } from '@/features/auth/me-context';
import { RelativeTime } from '@/features/channels/relative-time';
import { cn } from '@/lib/utils';
import { statusTone, TemplateStatusBadge } from './template-status';
import type { Template, TemplateEvent, TemplateStatus } from './types';
import { useRejection } from './use-rejection';

const kindIcons: Record<TemplateEvent['kind'], typeof SendIcon> = {
  created: PencilLineIcon,
  submitted: SendIcon,
  status: CircleDotIcon,
  quality: GaugeIcon,
  synced: CloudDownloadIcon,
  rollback: RotateCcwIcon,
  superseded: ArchiveIcon,
};

const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : null);

function EventItem({ event, last }: { event: TemplateEvent; last: boolean }) {
  const t = useTranslations('templates.history');
  const tStatus = useTranslations('templates.status');
  const me = useMe();
  const rejection = useRejection();
  const Icon = kindIcons[event.kind] ?? CircleDotIcon;
  const status = event.status as TemplateStatus;
  const payload = event.payload ?? {};
  const who =
    event.actorId === null ? t('byMeta') : event.actorId === me.user.id ? t('byYou') : t('byTeammate');
  const title =
    event.kind === 'status'
      ? t('statusTo', { status: tStatus(status) })
      : event.kind === 'quality'
        ? t('quality', { score: t(`scores.${text(payload.qualityScore) ?? 'unknown'}`) })
        : event.kind === 'rollback'
          ? t('rollback', { version: text(payload.toVersion) ?? text(payload.fromVersion) ?? '—' })
          : t(`kinds.${event.kind}`);
  const showReason = event.reason && (status === 'REJECTED' || status === 'PAUSED' || status === 'DISABLED');
  const reasonInfo = showReason ? rejection(event.reason, status) : null;
  return (
    <li
      className="relative flex gap-3 pb-5 last:pb-0"
      data-testid="history-event"
      data-kind={event.kind}
      data-status={status}
    >
      {!last && <span aria-hidden="true" className="absolute top-7 bottom-0 left-[13px] w-px bg-border" />}
      <span
        className={cn(
          'relative flex size-7 shrink-0 items-center justify-center rounded-full border bg-background',
          (statusTone[status] ?? statusTone.DRAFT).badge,
        )}
      >
        <Icon className="size-3.5" />
      </span>
      <div className="grid min-w-0 gap-0.5 pt-0.5">
        <p className="font-medium text-sm leading-snug">{title}</p>
        <p className="text-muted-foreground text-xs">
          {who} · <RelativeTime value={event.createdAt} />
          {text(payload.source) &&
            ` · ${t(`sources.${text(payload.source) === 'sync' ? 'sync' : 'webhook'}`)}`}
        </p>
        {showReason && reasonInfo && (
          <p
            className={cn(
              'mt-1 w-fit rounded-md border px-2 py-1 text-xs',
              status === 'PAUSED'
                ? 'border-warning/25 bg-warning/5 text-warning'
                : 'border-destructive/25 bg-destructive/5 text-destructive',
            )}
          >
            {reasonInfo.title}
            {reasonInfo.code && !reasonInfo.known && (
              <code className="ml-1 font-mono opacity-80">{reasonInfo.code}</code>
            )}
          </p>
        )}
        {event.kind === 'rollback' && event.reason && (
          <p className="mt-1 text-muted-foreground text-xs italic">“{event.reason}”</p>
        )}
      </div>
    </li>
  );
}

/** Every submission and status change of this version, newest first. */
export function HistoryCard({ template }: { template: Template }) {
  const t = useTranslations('templates.history');
  const events = [...(template.events ?? [])].reverse();
  return (
    <Card className="gap-4" data-testid="template-history">
      <CardHeader>
        <CardTitle className="flex items-center gap-2 text-base">
          <HistoryIcon className="size-4 text-muted-foreground" />
          {t('title')}
        </CardTitle>
        <CardDescription>{t('description')}</CardDescription>
      </CardHeader>
      <CardContent>
        {events.length === 0 ? (
          <p className="text-muted-foreground text-sm">{t('empty')}</p>
        ) : (
          <ol>
            {events.map((e, i) => (
              <EventItem key={e.id} event={e} last={i === events.length - 1} />
            ))}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}

/** Every version of this name + language; an earlier approved one can be put back in use. */
export function VersionsCard({
  template,
  canRollback,
  onRollback,
  rollingBack,
}: {
  template: Template;
  canRollback: boolean;
  onRollback: (version: { id: string; version: number }) => void;
  rollingBack: string | null;
}) {
  const t = useTranslations('templates.versions');
  const versions = template.versions ?? [
    { id: template.id, version: template.version, status: template.status, createdAt: template.createdAt },
  ];
  const live = versions.find((v) => v.status === 'APPROVED');
  return (
    <Card className="gap-4" data-testid="template-versions">
      <CardHeader>
        <CardTitle className="flex items-center gap-2 text-base">
          <ArchiveIcon className="size-4 text-muted-foreground" />
          {t('title')}
        </CardTitle>
        <CardDescription>{t('description')}</CardDescription>
      </CardHeader>
      <CardContent>
        <ul className="grid gap-2">
          {versions.map((v) => {
            const current = v.id === template.id;
            // An older version Meta had approved (now replaced) can come back; the live one cannot.
            const restorable = canRollback && v.id !== live?.id && v.status === 'DEPRECATED';
            return (
              <li
                key={v.id}
                className={cn(
                  'flex items-center gap-3 rounded-lg border px-3 py-2',
                  current ? 'border-primary/40 bg-primary/5' : 'bg-background/40',
                )}
                data-testid="version-row"
                data-version={v.version}
                data-status={v.status}
              >
                <span className="w-9 font-mono font-semibold text-sm">v{v.version}</span>
                <TemplateStatusBadge status={v.status as TemplateStatus} data-testid="version-status" />
                {v.id === live?.id && (
                  <span className="flex items-center gap-1 text-success text-xs">
                    <CircleCheckIcon className="size-3.5" />
                    {t('inUse')}
                  </span>
                )}
                <span className="ml-auto text-muted-foreground text-xs">
                  <RelativeTime value={v.createdAt} />
                </span>
                {current ? (
                  <span className="w-20 text-right text-muted-foreground text-xs">{t('viewing')}</span>
                ) : restorable ? (
                  <Button
                    type="button"
                    variant="outline"
                    size="sm"
                    className="w-20"
                    onClick={() => onRollback(v)}
                    disabled={rollingBack !== null}
                    data-testid="version-rollback"
                  >
                    {rollingBack === v.id ? <Loader2Icon className="animate-spin" /> : <RotateCcwIcon />}
                    {t('restore')}
                  </Button>
                ) : (
                  <Button variant="ghost" size="sm" className="w-20" asChild>
                    <Link href={`/templates/${v.id}`}>{t('open')}</Link>
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      </CardContent>
    </Card>
  );
}
