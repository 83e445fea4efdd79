'use client';

import {
  ArrowRightIcon,
  MessageSquareTextIcon,
  SirenIcon,
  SmartphoneIcon,
  TriangleAlertIcon,
} from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';
import { useCan } from '@/features/auth/me-context';
import { cn } from '@/lib/utils';
import { AddChannelDialog } from './add-channel-dialog';
import {
  ChannelStatusBadge,
  KindBadge,
  KindIcon,
  type Silence,
  silenceOf,
  useSilence,
} from './channel-status';
import { useChannels, visibleChecklist } from './queries';
import { RelativeTime, useTicking } from './relative-time';
import type { Channel } from './types';
import { useReason } from './use-reason';

/** The five onboarding steps as a row of segments: the state of a channel at a glance. */
export function ChecklistMeter({ channel }: { channel: Channel }) {
  const t = useTranslations('channels.card');
  const tSteps = useTranslations('channels.checklist.steps');
  const steps = visibleChecklist(channel);
  const done = steps.filter((s) => s.state === 'ok').length;
  if (steps.length === 0) return <span className="text-muted-foreground">—</span>;
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <span className="flex cursor-default items-center gap-2">
          <span className="flex gap-0.5" aria-hidden="true">
            {steps.map((s) => (
              <span
                key={s.step}
                className={cn(
                  'h-1.5 w-3 rounded-full',
                  s.state === 'ok'
                    ? 'bg-success'
                    : s.state === 'failed'
                      ? 'bg-destructive'
                      : 'bg-muted-foreground/30',
                )}
              />
            ))}
          </span>
          <span className="tabular-nums">{t('stepsDone', { done, total: steps.length })}</span>
        </span>
      </TooltipTrigger>
      <TooltipContent side="bottom" className="grid gap-1 text-left">
        {steps.map((s) => (
          <span key={s.step} className="flex items-center gap-2">
            <span
              className={cn(
                'size-1.5 rounded-full',
                s.state === 'ok'
                  ? 'bg-success'
                  : s.state === 'failed'
                    ? 'bg-destructive'
                    : 'bg-muted-foreground/50',
              )}
            />
            {tSteps(`${s.step}.title`)}
          </span>
        ))}
      </TooltipContent>
    </Tooltip>
  );
}

/** The red line a silent number gets: how long, and the usual cause. */
export function SilenceNote({ silence, compact = false }: { silence: Silence; compact?: boolean }) {
  const t = useTranslations('channels.silence');
  if (silence.level === 'none') return null;
  const alarm = silence.level === 'alarm';
  const title = silence.never ? t('never') : t('since', { hours: silence.hours });
  return (
    <div
      role={alarm ? 'alert' : 'status'}
      data-testid="channel-silence"
      data-level={silence.level}
      className={cn(
        'flex items-start gap-2.5 rounded-lg border px-3 py-2.5 text-sm',
        alarm
          ? 'border-destructive/40 bg-destructive/10 text-destructive'
          : 'border-warning/30 bg-warning/10 text-warning',
      )}
    >
      {alarm ? (
        <SirenIcon className="mt-0.5 size-4 shrink-0" />
      ) : (
        <TriangleAlertIcon className="mt-0.5 size-4 shrink-0" />
      )}
      <div className="grid gap-0.5">
        <p className="font-medium">{title}</p>
        {!compact && <p className="text-foreground/75">{alarm ? t('alarmHint') : t('quietHint')}</p>}
      </div>
    </div>
  );
}

function ChannelCard({ channel }: { channel: Channel }) {
  const t = useTranslations('channels.card');
  const silence = useSilence(channel);
  const reason = useReason();
  const alarm = silence.level === 'alarm' || channel.status === 'unhealthy';
  // Why a channel is unhealthy: its last sending error, else what the last check found.
  const failedStep = channel.checklist.find((s) => s.state === 'failed' && s.reasonKey);
  const problem =
    channel.status !== 'unhealthy'
      ? null
      : channel.lastError
        ? reason(channel.lastError.reasonKey ?? channel.lastError.reason, channel.lastError.code)
        : failedStep
          ? reason(failedStep.reasonKey)
          : null;
  return (
    <article
      data-testid="channel-card"
      data-channel-id={channel.id}
      data-kind={channel.kind}
      data-alarm={silence.level === 'alarm'}
      className={cn(
        'group relative flex flex-col rounded-xl border bg-card p-5 shadow-xs transition-colors',
        'hover:border-foreground/15 has-[a[data-card-link]:focus-visible]:ring-[3px] has-[a[data-card-link]:focus-visible]:ring-ring/50',
        alarm &&
          'border-destructive/45 bg-[linear-gradient(to_bottom,color-mix(in_oklch,var(--destructive)_7%,transparent),transparent_60%)] hover:border-destructive/70',
      )}
    >
      <div className="flex items-start gap-3 pb-4">
        <KindIcon kind={channel.kind} />
        <div className="grid min-w-0 flex-1 gap-1">
          <h2 className="truncate font-semibold leading-tight">
            <Link
              href={`/channels/${channel.id}`}
              data-card-link
              className="outline-none after:absolute after:inset-0 after:rounded-xl"
            >
              {channel.name}
            </Link>
          </h2>
          <div className="flex min-w-0 items-center gap-2 text-muted-foreground text-xs">
            <KindBadge kind={channel.kind} />
            <span className={cn('truncate', channel.displayPhone && 'font-mono')} data-testid="channel-phone">
              {channel.displayPhone ?? t('noPhone')}
            </span>
          </div>
        </div>
        <ChannelStatusBadge channel={channel} silence={silence} />
      </div>

      <div className="mb-4 grid gap-2 empty:hidden">
        <SilenceNote silence={silence} compact />
        {channel.kind === 'sandbox' && <p className="text-muted-foreground text-sm">{t('sandboxNote')}</p>}
        {problem && (
          <p
            className="line-clamp-2 flex items-start gap-2 rounded-lg border border-destructive/30 bg-destructive/10 px-3 py-2.5 text-destructive text-sm"
            data-testid="channel-problem"
          >
            <TriangleAlertIcon className="mt-0.5 size-4 shrink-0" />
            {problem}
          </p>
        )}
      </div>

      <dl className="mt-auto grid grid-cols-3 gap-3 border-t pt-4 text-sm [&_dt]:text-muted-foreground [&_dt]:text-xs [&_dd]:mt-1 [&_dd]:truncate">
        <div className="min-w-0">
          <dt>{t('lastInbound')}</dt>
          <dd className="relative z-10 w-fit">
            <RelativeTime value={channel.lastInboundAt} never={t('nothingYet')} />
          </dd>
        </div>
        <div className="min-w-0">
          <dt>{t('eventsLastHour')}</dt>
          <dd className={cn('tabular-nums', alarm && channel.eventsLastHour === 0 && 'text-destructive')}>
            {channel.eventsLastHour}
          </dd>
        </div>
        <div className="min-w-0">
          <dt>{t('setup')}</dt>
          <dd className="relative z-10 w-fit">
            <ChecklistMeter channel={channel} />
          </dd>
        </div>
      </dl>

      {channel.kind === 'sandbox' && (
        <Button variant="secondary" size="sm" asChild className="relative z-10 mt-4 justify-between">
          <Link href={`/channels/${channel.id}#simulator`} data-testid="open-simulator">
            <span className="flex items-center gap-2">
              <MessageSquareTextIcon />
              {t('openSimulator')}
            </span>
            <ArrowRightIcon className="text-muted-foreground transition-transform group-hover:translate-x-0.5" />
          </Link>
        </Button>
      )}
    </article>
  );
}

/** Alarms first (a silent or broken number must not hide below healthy ones), then by name. */
function byUrgency(channels: Channel[], now: Date) {
  const weight = (c: Channel) =>
    silenceOf(c, now).level === 'alarm' || c.status === 'unhealthy' ? 0 : c.kind === 'sandbox' ? 2 : 1;
  return [...channels].sort((a, b) => weight(a) - weight(b) || a.name.localeCompare(b.name));
}

export function ChannelsList({ initialData }: { initialData: { items: Channel[] } }) {
  const t = useTranslations('channels.list');
  const canManage = useCan('ADMIN');
  const { data } = useChannels(initialData).query;
  const now = useTicking(60_000);
  const channels = data?.items ?? [];

  if (channels.length === 0) {
    return (
      <div className="rounded-xl border border-dashed" data-testid="channels-empty">
        <EmptyState
          icon={<SmartphoneIcon />}
          title={t('emptyTitle')}
          description={canManage ? t('emptyDescription') : t('emptyDescriptionReader')}
          action={canManage ? <AddChannelDialog /> : undefined}
        />
      </div>
    );
  }

  const sorted = byUrgency(channels, now);
  return (
    <div className="grid gap-3">
      <div className="grid gap-4 md:grid-cols-2 2xl:grid-cols-3" data-testid="channels-list">
        {sorted.map((channel) => (
          <ChannelCard key={channel.id} channel={channel} />
        ))}
      </div>
      <p className="text-muted-foreground text-xs">{t('count', { count: channels.length })}</p>
    </div>
  );
}
