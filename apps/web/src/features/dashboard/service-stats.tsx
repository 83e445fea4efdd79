'use client';

import type { InboxStats, InboxStatsDay, InboxStatsPeriod } from '@conversa/shared';
import {
  ArrowDownRightIcon,
  ArrowUpRightIcon,
  CheckCheckIcon,
  CircleAlertIcon,
  InboxIcon,
  LoaderCircleIcon,
  MessageSquareTextIcon,
  RotateCwIcon,
  TimerIcon,
  TimerResetIcon,
} from 'lucide-react';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Pie, PieChart, XAxis, YAxis } from 'recharts';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import {
  type ChartConfig,
  ChartContainer,
  ChartLegend,
  ChartLegendContent,
  ChartTooltip,
  ChartTooltipContent,
} from '@/components/ui/chart';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { useCan } from '@/features/auth/me-context';
import { Segmented } from '@/features/inbox-settings/segmented';
import { useErrorMessage } from '@/lib/use-error-message';
import { cn } from '@/lib/utils';
import { useDuration } from './duration';
import { useInboxStats, useLiveInboxStats } from './queries';

const outcomeKeys = ['sale', 'lost-price', 'lost-timing', 'no-response', 'other', 'none'] as const;
type OutcomeKey = (typeof outcomeKeys)[number];
const outcomeColors: Record<OutcomeKey, string> = {
  sale: 'var(--chart-1)',
  'lost-price': 'var(--chart-5)',
  'lost-timing': 'var(--chart-4)',
  'no-response': 'var(--chart-6)',
  other: 'var(--chart-3)',
  none: 'color-mix(in oklch, var(--muted-foreground) 35%, transparent)',
};
const chartHeight = 'h-[240px]';

/** A local date (`YYYY-MM-DD`, already in the tenant's zone) as a Date that formats back to itself in UTC. */
const asDate = (date: string) => new Date(`${date}T12:00:00Z`);
const isEmpty = (s: InboxStats) =>
  s.now.open === 0 && s.days.every((d) => d.opened + d.resolved + d.inbound + d.outbound === 0);

/**
 * "Atendimento": the period's tickets and messages per day, outcomes, first response and (managers) the
 * agents, with a 7/30-day switch. The page hands in the 7-day numbers read on the server (first paint).
 */
export function ServiceStats({
  initial,
  sandboxId,
}: {
  initial: InboxStats | null;
  sandboxId: string | null;
}) {
  const t = useTranslations('dashboard.service');
  const [days, setDays] = useState<InboxStatsPeriod>(7);
  const query = useInboxStats(days, initial);
  useLiveInboxStats();
  const stats = query.data;
  const switching = query.isPlaceholderData || (query.isFetching && stats?.period.days !== days);

  return (
    <section
      aria-labelledby="service-stats-title"
      className="grid gap-4"
      data-testid="service-stats"
      data-days={stats && !query.isPlaceholderData ? stats.period.days : ''}
    >
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="grid gap-1">
          <h2 id="service-stats-title" className="font-semibold text-lg tracking-tight">
            {t('title')}
          </h2>
          <p className="text-muted-foreground text-sm">
            {stats ? t('description', { timezone: stats.period.timezone.replaceAll('_', ' ') }) : ' '}
          </p>
        </div>
        <div className="flex items-center gap-3">
          {switching && (
            <span className="flex items-center gap-1.5 text-muted-foreground text-xs" aria-live="polite">
              <LoaderCircleIcon className="size-3.5 animate-spin" />
              {t('updating')}
            </span>
          )}
          <Segmented<'7' | '30'>
            aria-label={t('period')}
            value={String(days) as '7' | '30'}
            onChange={(v) => setDays(Number(v) as InboxStatsPeriod)}
            options={[
              { value: '7', label: t('days7'), testId: 'stats-period-7' },
              { value: '30', label: t('days30'), testId: 'stats-period-30' },
            ]}
          />
        </div>
      </div>

      {stats ? (
        isEmpty(stats) ? (
          <Card className="py-0" data-testid="stats-empty">
            <EmptyState
              icon={<InboxIcon />}
              title={t('empty.title')}
              description={t('empty.description')}
              action={
                sandboxId ? (
                  <Button variant="outline" size="sm" asChild>
                    <Link href={`/channels/${sandboxId}#simulator`}>
                      <MessageSquareTextIcon />
                      {t('empty.action')}
                    </Link>
                  </Button>
                ) : null
              }
            />
          </Card>
        ) : (
          <div className={cn('grid gap-4 transition-opacity', switching && 'opacity-60')}>
            <Kpis stats={stats} />
            <div className="grid gap-4 lg:grid-cols-3">
              <VolumeChart days={stats.days} className="lg:col-span-2" />
              <OutcomesChart outcomes={stats.outcomes} />
            </div>
            <div className={cn('grid gap-4', stats.agents && 'lg:grid-cols-2')}>
              <MessagesChart days={stats.days} />
              {stats.agents && <AgentsTable agents={stats.agents} />}
            </div>
          </div>
        )
      ) : query.isError ? (
        <StatsError error={query.error} onRetry={() => query.refetch()} retrying={query.isFetching} />
      ) : (
        <StatsSkeleton />
      )}
      {stats && query.isError && !query.isFetching && (
        <StatsError error={query.error} onRetry={() => query.refetch()} retrying={query.isFetching} />
      )}
    </section>
  );
}

function StatsError({
  error,
  onRetry,
  retrying,
}: {
  error: unknown;
  onRetry: () => void;
  retrying: boolean;
}) {
  const t = useTranslations('dashboard.service.error');
  const errorMessage = useErrorMessage();
  return (
    <Alert variant="destructive" data-testid="stats-error">
      <CircleAlertIcon />
      <AlertTitle>{t('title')}</AlertTitle>
      <AlertDescription>
        <p>{errorMessage(error)}</p>
        <p>{t('hint')}</p>
        <Button variant="outline" size="sm" className="mt-2" onClick={onRetry} disabled={retrying}>
          <RotateCwIcon className={retrying ? 'animate-spin' : undefined} />
          {t('retry')}
        </Button>
      </AlertDescription>
    </Alert>
  );
}

function StatsSkeleton() {
  return (
    <div className="grid gap-4" data-testid="stats-loading" aria-busy="true">
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-[118px] rounded-xl" />
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <Skeleton className="h-[338px] rounded-xl lg:col-span-2" />
        <Skeleton className="h-[338px] rounded-xl" />
      </div>
      <Skeleton className="h-[338px] rounded-xl" />
    </div>
  );
}

// ---------------------------------------------------------------- KPI tiles

function Tile({
  label,
  icon,
  value,
  hint,
  badge,
  testId,
}: {
  label: string;
  icon: React.ReactNode;
  value: React.ReactNode;
  hint: React.ReactNode;
  badge?: React.ReactNode;
  testId: string;
}) {
  return (
    <div className="flex min-w-0 flex-col gap-2 rounded-xl border bg-card p-4 shadow-xs" data-testid={testId}>
      <div className="flex items-center justify-between gap-2 text-muted-foreground text-xs">
        <span className="truncate">{label}</span>
        <span className="flex size-6 shrink-0 items-center justify-center rounded-md bg-muted [&_svg]:size-3.5">
          {icon}
        </span>
      </div>
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
        <span className="font-semibold text-2xl tabular-nums tracking-tight">{value}</span>
        {badge}
      </div>
      <p className="line-clamp-2 text-muted-foreground text-xs">{hint}</p>
    </div>
  );
}

function Kpis({ stats }: { stats: InboxStats }) {
  const t = useTranslations('dashboard.service.kpi');
  const format = useFormatter();
  const duration = useDuration();
  const total = (k: keyof Omit<InboxStatsDay, 'date'>) => stats.days.reduce((n, d) => n + d[k], 0);
  const { median, p90, previousMedian } = stats.firstResponse;
  let trend: React.ReactNode = null;
  if (median !== null && previousMedian !== null) {
    const delta = median - previousMedian;
    trend =
      Math.abs(delta) < 1 ? (
        <Badge variant="muted" className="font-normal">
          {t('same')}
        </Badge>
      ) : (
        <Badge
          variant={delta < 0 ? 'success' : 'warning'}
          className="font-normal"
          data-testid="first-response-trend"
          title={t('vsPrevious', { days: stats.period.days })}
        >
          {delta < 0 ? <ArrowDownRightIcon /> : <ArrowUpRightIcon />}
          {delta < 0 ? t('faster', { delta: duration(-delta) }) : t('slower', { delta: duration(delta) })}
        </Badge>
      );
  }
  return (
    <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
      <Tile
        testId="kpi-opened"
        label={t('opened')}
        icon={<InboxIcon className="text-chart-2" />}
        value={format.number(total('opened'))}
        hint={t('today', { count: stats.today.opened })}
      />
      <Tile
        testId="kpi-resolved"
        label={t('resolved')}
        icon={<CheckCheckIcon className="text-chart-1" />}
        value={format.number(total('resolved'))}
        hint={t('today', { count: stats.today.resolved })}
      />
      <Tile
        testId="kpi-first-response"
        label={t('median')}
        icon={<TimerIcon className="text-chart-3" />}
        value={median === null ? '—' : duration(median)}
        badge={trend}
        hint={
          median === null
            ? t('noAnswers')
            : trend
              ? t('vsPrevious', { days: stats.period.days })
              : t('medianHint')
        }
      />
      <Tile
        testId="kpi-first-response-p90"
        label={t('p90')}
        icon={<TimerResetIcon className="text-chart-4" />}
        value={p90 === null ? '—' : duration(p90)}
        hint={p90 === null ? t('noAnswers') : t('p90Hint')}
      />
    </div>
  );
}

// ---------------------------------------------------------------- charts

function ChartCard({
  title,
  description,
  className,
  children,
  testId,
  action,
}: {
  title: string;
  description: string;
  className?: string;
  children: React.ReactNode;
  testId: string;
  action?: React.ReactNode;
}) {
  return (
    <Card className={cn('min-w-0 gap-4 py-5', className)} data-testid={testId}>
      <CardHeader className="px-5">
        <CardTitle className="text-sm">{title}</CardTitle>
        <CardDescription className="text-xs">{description}</CardDescription>
        {action}
      </CardHeader>
      <CardContent className="px-3 sm:px-5">{children}</CardContent>
    </Card>
  );
}

/** Axis ticks short (24/11), tooltips long (segunda-feira, 24 de novembro), in the locale's order. */
function useDayFormats() {
  const format = useFormatter();
  return {
    tick: (date: string) =>
      format.dateTime(asDate(date), { day: '2-digit', month: '2-digit', timeZone: 'UTC' }),
    long: (date: string) =>
      format.dateTime(asDate(date), { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }),
    number: (n: number) => format.number(n),
    compact: (n: number) => format.number(n, { notation: 'compact' }),
  };
}

const axisProps = { tickLine: false, axisLine: false, tickMargin: 8 } as const;

function VolumeChart({ days, className }: { days: InboxStatsDay[]; className?: string }) {
  const t = useTranslations('dashboard.service.volume');
  const f = useDayFormats();
  const config = {
    opened: { label: t('opened'), color: 'var(--chart-2)' },
    resolved: { label: t('resolved'), color: 'var(--chart-1)' },
  } satisfies ChartConfig;
  return (
    <ChartCard title={t('title')} description={t('description')} className={className} testId="chart-volume">
      <ChartContainer config={config} className={cn('aspect-auto w-full', chartHeight)}>
        <BarChart
          data={days}
          margin={{ left: 0, right: 4, top: 4 }}
          barGap={2}
          barCategoryGap={days.length > 7 ? '18%' : '28%'}
        >
          <CartesianGrid vertical={false} strokeDasharray="3 3" />
          <XAxis dataKey="date" {...axisProps} minTickGap={18} tickFormatter={f.tick} />
          <YAxis {...axisProps} width={40} allowDecimals={false} tickFormatter={f.compact} />
          <ChartTooltip
            cursor={{ fill: 'var(--muted)', fillOpacity: 0.7, stroke: 'none', radius: 4 }}
            content={
              <ChartTooltipContent labelFormatter={(l) => f.long(String(l))} valueFormatter={f.number} />
            }
          />
          <ChartLegend
            verticalAlign="top"
            align="right"
            content={<ChartLegendContent verticalAlign="top" align="right" />}
          />
          <Bar dataKey="opened" fill="var(--color-opened)" radius={[3, 3, 0, 0]} maxBarSize={28} />
          <Bar dataKey="resolved" fill="var(--color-resolved)" radius={[3, 3, 0, 0]} maxBarSize={28} />
        </BarChart>
      </ChartContainer>
    </ChartCard>
  );
}

function MessagesChart({ days, className }: { days: InboxStatsDay[]; className?: string }) {
  const t = useTranslations('dashboard.service.messages');
  const f = useDayFormats();
  const config = {
    inbound: { label: t('inbound'), color: 'var(--chart-2)' },
    outbound: { label: t('outbound'), color: 'var(--chart-1)' },
  } satisfies ChartConfig;
  return (
    <ChartCard
      title={t('title')}
      description={t('description')}
      className={className}
      testId="chart-messages"
    >
      <ChartContainer config={config} className={cn('aspect-auto w-full', chartHeight)}>
        <AreaChart data={days} margin={{ left: 0, right: 12, top: 4 }}>
          <defs>
            {(['inbound', 'outbound'] as const).map((k) => (
              <linearGradient key={k} id={`fill-${k}`} x1="0" y1="0" x2="0" y2="1">
                <stop offset="5%" stopColor={`var(--color-${k})`} stopOpacity={0.35} />
                <stop offset="95%" stopColor={`var(--color-${k})`} stopOpacity={0.02} />
              </linearGradient>
            ))}
          </defs>
          <CartesianGrid vertical={false} strokeDasharray="3 3" />
          <XAxis
            dataKey="date"
            {...axisProps}
            minTickGap={18}
            padding={{ left: 12, right: 12 }}
            tickFormatter={f.tick}
          />
          <YAxis {...axisProps} width={40} allowDecimals={false} tickFormatter={f.compact} />
          <ChartTooltip
            cursor={{ strokeDasharray: '3 3' }}
            content={
              <ChartTooltipContent
                indicator="line"
                labelFormatter={(l) => f.long(String(l))}
                valueFormatter={f.number}
              />
            }
          />
          <ChartLegend
            verticalAlign="top"
            align="right"
            content={<ChartLegendContent verticalAlign="top" align="right" />}
          />
          <Area
            dataKey="inbound"
            type="monotone"
            stroke="var(--color-inbound)"
            strokeWidth={2}
            fill="url(#fill-inbound)"
          />
          <Area
            dataKey="outbound"
            type="monotone"
            stroke="var(--color-outbound)"
            strokeWidth={2}
            fill="url(#fill-outbound)"
          />
        </AreaChart>
      </ChartContainer>
    </ChartCard>
  );
}

function OutcomesChart({ outcomes }: { outcomes: InboxStats['outcomes'] }) {
  const t = useTranslations('dashboard.service.outcomes');
  const tOutcome = useTranslations('inbox.outcome');
  const format = useFormatter();
  const label = (k: OutcomeKey) => (k === 'none' ? t('none') : tOutcome(k));
  const total = outcomeKeys.reduce((n, k) => n + outcomes[k], 0);
  const config = Object.fromEntries(
    outcomeKeys.map((k) => [k, { label: label(k), color: outcomeColors[k] }]),
  ) satisfies ChartConfig;
  const data = outcomeKeys
    .filter((k) => outcomes[k] > 0)
    .map((k) => ({ key: k, value: outcomes[k], fill: `var(--color-${k})` }));
  return (
    <ChartCard title={t('title')} description={t('description')} testId="chart-outcomes">
      {total === 0 ? (
        <div className={cn('flex items-center justify-center', chartHeight)}>
          <p className="max-w-52 text-balance text-center text-muted-foreground text-sm">{t('empty')}</p>
        </div>
      ) : (
        <div className={cn('grid grid-rows-[1fr_auto] gap-3', chartHeight)}>
          <div className="relative min-h-0">
            <ChartContainer config={config} className="aspect-auto size-full">
              <PieChart>
                <ChartTooltip
                  content={
                    <ChartTooltipContent hideLabel nameKey="key" valueFormatter={(v) => format.number(v)} />
                  }
                />
                <Pie
                  data={data}
                  dataKey="value"
                  nameKey="key"
                  innerRadius="62%"
                  outerRadius="92%"
                  paddingAngle={data.length > 1 ? 2 : 0}
                  cornerRadius={3}
                  strokeWidth={0}
                />
              </PieChart>
            </ChartContainer>
            <div className="pointer-events-none absolute inset-0 flex flex-col items-center justify-center text-muted-foreground text-xs">
              {t.rich('total', {
                count: total,
                n: (chunks) => (
                  <span className="font-semibold text-2xl text-foreground tabular-nums tracking-tight">
                    {chunks}
                  </span>
                ),
              })}
            </div>
          </div>
          <ul className="grid grid-cols-2 gap-x-4 gap-y-1 text-xs">
            {outcomeKeys
              .filter((k) => k !== 'none' || outcomes.none > 0)
              .map((k) => (
                <li key={k} className="flex min-w-0 items-center gap-1.5">
                  <span className="size-2 shrink-0 rounded-[2px]" style={{ background: outcomeColors[k] }} />
                  <span className="truncate text-muted-foreground">{label(k)}</span>
                  <span className="ml-auto font-medium tabular-nums">
                    {format.number(outcomes[k] / total, { style: 'percent', maximumFractionDigits: 0 })}
                  </span>
                </li>
              ))}
          </ul>
        </div>
      )}
    </ChartCard>
  );
}

// ---------------------------------------------------------------- agents (managers)

function AgentsTable({ agents }: { agents: NonNullable<InboxStats['agents']> }) {
  const t = useTranslations('dashboard.service.agents');
  const format = useFormatter();
  const duration = useDuration();
  const canInvite = useCan('ADMIN');
  return (
    <ChartCard title={t('title')} description={t('description')} testId="stats-agents">
      {agents.length === 0 ? (
        <div className={cn('flex flex-col items-center justify-center gap-3', chartHeight)}>
          <p className="text-center text-muted-foreground text-sm">{t('empty')}</p>
          {canInvite && (
            <Button variant="outline" size="sm" asChild>
              <Link href="/settings/users">{t('action')}</Link>
            </Button>
          )}
        </div>
      ) : (
        <div className={cn('-mx-3 overflow-y-auto sm:-mx-5', chartHeight)}>
          <Table>
            <TableHeader className="sticky top-0 z-10 bg-card">
              <TableRow>
                <TableHead className="pl-5">{t('name')}</TableHead>
                <TableHead className="text-right" title={t('openHint')}>
                  {t('open')}
                </TableHead>
                <TableHead className="text-right">{t('resolved')}</TableHead>
                <TableHead className="pr-5 text-right">{t('firstResponse')}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {agents.map((a) => (
                <TableRow key={a.id} data-testid="stats-agent-row">
                  <TableCell className="max-w-36 pl-5">
                    <span className="flex min-w-0 items-center gap-2">
                      <span
                        className={cn(
                          'size-2 shrink-0 rounded-full',
                          a.available ? 'bg-success' : 'bg-muted-foreground/40',
                        )}
                        role="img"
                        aria-label={a.available ? t('available') : t('away')}
                        title={a.available ? t('available') : t('away')}
                      />
                      <span className="truncate font-medium">{a.name || '—'}</span>
                    </span>
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{format.number(a.open)}</TableCell>
                  <TableCell className="text-right tabular-nums">{format.number(a.resolved)}</TableCell>
                  <TableCell className="pr-5 text-right text-muted-foreground tabular-nums">
                    {a.firstResponseMedian === null ? '—' : duration(a.firstResponseMedian)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </ChartCard>
  );
}
