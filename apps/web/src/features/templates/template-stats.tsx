'use client';

import { CircleCheckIcon, HourglassIcon, OctagonAlertIcon, PercentIcon } from 'lucide-react';
import { useFormatter, useTranslations } from 'next-intl';
import { Skeleton } from '@/components/ui/skeleton';
import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';
import { cn } from '@/lib/utils';
import type { TemplateStats } from './types';
import { useRejection } from './use-rejection';

function Tile({
  label,
  value,
  hint,
  icon,
  tone,
  testId,
  children,
}: {
  label: string;
  value: React.ReactNode;
  hint?: React.ReactNode;
  icon: React.ReactNode;
  tone?: 'success' | 'warning' | 'destructive' | 'info';
  testId?: string;
  children?: React.ReactNode;
}) {
  return (
    <div className="flex min-w-0 flex-col gap-2 rounded-xl border bg-card p-4 shadow-xs" data-testid={testId}>
      <div className="flex items-center justify-between gap-2 text-muted-foreground text-xs">
        <span className="truncate">{label}</span>
        <span
          className={cn(
            'flex size-6 items-center justify-center rounded-md bg-muted [&_svg]:size-3.5',
            tone === 'success' && 'bg-success/10 text-success',
            tone === 'warning' && 'bg-warning/10 text-warning',
            tone === 'destructive' && 'bg-destructive/10 text-destructive',
            tone === 'info' && 'bg-sky-400/10 text-sky-400',
          )}
        >
          {icon}
        </span>
      </div>
      <div className="font-semibold text-2xl tabular-nums tracking-tight">{value}</div>
      {children}
      {hint && <p className="text-muted-foreground text-xs">{hint}</p>}
    </div>
  );
}

/** Approval rate, what is waiting on Meta, what needs a fix, and why Meta says no most often. */
export function TemplateStatsPanel({
  stats,
  loading,
}: {
  stats: TemplateStats | undefined;
  loading: boolean;
}) {
  const t = useTranslations('templates.stats');
  const format = useFormatter();
  const rejection = useRejection();
  if (!stats) {
    return (
      <div className="grid gap-3 lg:grid-cols-[repeat(3,minmax(0,1fr))_minmax(0,1.6fr)]">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className={cn('h-[124px] rounded-xl', loading ? '' : 'opacity-40')} />
        ))}
      </div>
    );
  }
  const by = (s: keyof TemplateStats['byStatus']) => stats.byStatus[s] ?? 0;
  const approved = by('APPROVED');
  const rejected = by('REJECTED');
  const attention = rejected + by('PAUSED') + by('DISABLED');
  const rate = stats.approvalRate;
  const reasons = stats.topRejectionReasons.slice(0, 4);
  const top = Math.max(1, ...reasons.map((r) => r.count));

  return (
    <section
      aria-label={t('label')}
      className="grid gap-3 sm:grid-cols-3 lg:grid-cols-[repeat(3,minmax(0,1fr))_minmax(0,1.6fr)]"
      data-testid="template-stats"
    >
      <Tile
        label={t('approvalRate')}
        icon={<PercentIcon />}
        tone="success"
        testId="stat-approval-rate"
        value={rate === null ? '—' : format.number(rate, { style: 'percent', maximumFractionDigits: 0 })}
        hint={rate === null ? t('approvalRateNone') : t('approvalRateHint', { approved, rejected })}
      >
        {rate !== null && (
          <div className="h-1.5 overflow-hidden rounded-full bg-destructive/25" aria-hidden="true">
            <div className="h-full rounded-full bg-success" style={{ width: `${Math.round(rate * 100)}%` }} />
          </div>
        )}
      </Tile>
      <Tile
        label={t('inReview')}
        icon={<HourglassIcon />}
        tone="info"
        testId="stat-in-review"
        value={by('SUBMITTED')}
        hint={t('inReviewHint')}
      />
      <Tile
        label={t('attention')}
        icon={attention > 0 ? <OctagonAlertIcon /> : <CircleCheckIcon />}
        tone={attention > 0 ? 'destructive' : 'success'}
        testId="stat-attention"
        value={attention}
        hint={attention > 0 ? t('attentionHint') : t('attentionNone')}
      />
      <div
        className="flex min-w-0 flex-col gap-3 rounded-xl border bg-card p-4 shadow-xs sm:col-span-3 lg:col-span-1"
        data-testid="stat-rejections"
      >
        <div className="flex items-center justify-between text-muted-foreground text-xs">
          <span>{t('topReasons')}</span>
          {rejected > 0 && <span className="tabular-nums">{t('rejectedCount', { count: rejected })}</span>}
        </div>
        {reasons.length === 0 ? (
          <p className="flex flex-1 items-center gap-2 text-muted-foreground text-sm">
            <CircleCheckIcon className="size-4 text-success" />
            {t('noRejections')}
          </p>
        ) : (
          <ul className="grid gap-2">
            {reasons.map((r) => {
              const info = rejection(r.reason);
              return (
                <li key={r.reason}>
                  <Tooltip>
                    <TooltipTrigger asChild>
                      <button
                        type="button"
                        className="grid w-full cursor-default gap-1 rounded-sm text-left outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
                      >
                        <span className="flex items-center justify-between gap-3 text-sm">
                          <span className="truncate">
                            {info.known ? info.title : (info.code ?? info.title)}
                          </span>
                          <span className="text-muted-foreground tabular-nums">{r.count}</span>
                        </span>
                        <span className="h-1.5 overflow-hidden rounded-full bg-muted" aria-hidden="true">
                          <span
                            className="block h-full rounded-full bg-destructive/70"
                            style={{ width: `${(r.count / top) * 100}%` }}
                          />
                        </span>
                      </button>
                    </TooltipTrigger>
                    <TooltipContent side="bottom" className="max-w-xs">
                      {info.fix}
                    </TooltipContent>
                  </Tooltip>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </section>
  );
}
