'use client';

import { ActivityIcon, CircleAlertIcon, HeartPulseIcon, TriangleAlertIcon, WebhookIcon } from 'lucide-react';
import { useFormatter, useTranslations } from 'next-intl';
import { Badge } from '@/components/ui/badge';
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { useCan } from '@/features/auth/me-context';
import { cn } from '@/lib/utils';
import type { Silence } from './channel-status';
import { CopyValue } from './onboarding-checklist';
import { RelativeTime } from './relative-time';
import type { Channel, ChannelHealth } from './types';
import { useReason } from './use-reason';

function Row({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="flex items-center justify-between gap-4 py-2.5 text-sm" data-testid={testId}>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="text-right">{children}</dd>
    </div>
  );
}

const unknown = <span className="text-muted-foreground">—</span>;

function Quality({ value }: { value: ChannelHealth['qualityRating'] }) {
  const t = useTranslations('channels.health.quality');
  if (!value) return unknown;
  const variant =
    value === 'high' ? 'success' : value === 'medium' ? 'warning' : value === 'low' ? 'destructive' : 'muted';
  return (
    <Badge variant={variant} className="gap-1.5">
      <span
        className={cn(
          'size-1.5 rounded-full',
          value === 'high'
            ? 'bg-success'
            : value === 'medium'
              ? 'bg-warning'
              : value === 'low'
                ? 'bg-destructive'
                : 'bg-muted-foreground',
        )}
      />
      {t(value)}
    </Badge>
  );
}

/** The health block: what the last live check read from Meta, and each problem in plain words. */
export function HealthCard({ channel }: { channel: Channel }) {
  const t = useTranslations('channels.health');
  const format = useFormatter();
  const reason = useReason();
  const health = channel.health;
  // Two reads failing for one cause (Meta unreachable) say the same thing: once is enough.
  const problems = (health?.problems ?? []).filter(
    (p, i, all) => all.findIndex((q) => q.reasonKey === p.reasonKey && q.severity === p.severity) === i,
  );
  const yesNo = (v: boolean | null, good: boolean) =>
    v === null ? (
      unknown
    ) : (
      <span className={cn(v === good ? 'text-success' : 'text-destructive')}>{v ? t('yes') : t('no')}</span>
    );
  return (
    <Card className="gap-3" data-testid="channel-health">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <HeartPulseIcon className="size-4 text-muted-foreground" />
          {t('title')}
        </CardTitle>
        <CardDescription>
          {health ? (
            <>
              {t('checked')} <RelativeTime value={health.checkedAt} />
            </>
          ) : (
            t('notChecked')
          )}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        <dl className="divide-y">
          <Row label={t('qualityRating')}>
            <Quality value={health?.qualityRating ?? null} />
          </Row>
          <Row label={t('messagingTier')}>
            {health?.messagingTier == null
              ? unknown
              : health.messagingTier === 'unlimited'
                ? t('tierUnlimited')
                : t('tier', { count: health.messagingTier, formatted: format.number(health.messagingTier) })}
          </Row>
          <Row label={t('throughput')}>
            {health?.throughput ? t(`throughputValues.${health.throughput}`) : unknown}
          </Row>
          <Row label={t('token')}>
            {health?.tokenPermanent == null ? (
              unknown
            ) : health.tokenPermanent ? (
              <span className="text-success">{t('tokenPermanent')}</span>
            ) : (
              <span className="text-warning">
                {health.tokenExpiresAt ? (
                  <>
                    {t('tokenExpires')} <RelativeTime value={health.tokenExpiresAt} />
                  </>
                ) : (
                  t('tokenTemporary')
                )}
              </span>
            )}
          </Row>
          <Row label={t('webhooksSubscribed')}>{yesNo(health?.webhooksSubscribed ?? null, true)}</Row>
        </dl>
        {problems.length > 0 && (
          <ul className="grid gap-2" data-testid="health-problems">
            {problems.map((p, i) => (
              <li
                // biome-ignore lint/suspicious/noArrayIndexKey: the same code may repeat (two missing scopes).
                key={`${p.code}-${i}`}
                className={cn(
                  'flex items-start gap-2.5 rounded-lg border px-3 py-2.5 text-sm',
                  p.severity === 'error'
                    ? 'border-destructive/30 bg-destructive/10 text-destructive'
                    : 'border-warning/30 bg-warning/10 text-warning',
                )}
              >
                {p.severity === 'error' ? (
                  <CircleAlertIcon className="mt-0.5 size-4 shrink-0" />
                ) : (
                  <TriangleAlertIcon className="mt-0.5 size-4 shrink-0" />
                )}
                <span className="grid gap-1">
                  <span className="text-foreground/90">{reason(p.reasonKey, p.code)}</span>
                  {p.detail && !p.code.endsWith('-unreadable') && (
                    <code className="w-fit rounded bg-background/60 px-1.5 py-0.5 font-mono text-[11px] text-foreground/80">
                      {p.detail}
                    </code>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

/** "Last inbound / events in the last hour": the numbers that make silence visible. */
export function ActivityCard({ channel, silence }: { channel: Channel; silence: Silence }) {
  const t = useTranslations('channels.activity');
  const alarm = silence.level === 'alarm';
  return (
    <Card className={cn('gap-3', alarm && 'border-destructive/45')} data-testid="channel-activity">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <ActivityIcon className={cn('size-4 text-muted-foreground', alarm && 'text-destructive')} />
          {t('title')}
        </CardTitle>
      </CardHeader>
      <CardContent>
        <div className="grid grid-cols-2 gap-3">
          <div
            className={cn(
              'rounded-lg border bg-muted/30 p-3',
              alarm && 'border-destructive/30 bg-destructive/10',
            )}
          >
            <div className="text-muted-foreground text-xs">{t('eventsLastHour')}</div>
            <div
              className={cn('mt-1 font-semibold text-2xl tabular-nums', alarm && 'text-destructive')}
              data-testid="events-last-hour"
            >
              {channel.eventsLastHour}
            </div>
          </div>
          <div
            className={cn(
              'rounded-lg border bg-muted/30 p-3',
              alarm && 'border-destructive/30 bg-destructive/10',
            )}
          >
            <div className="text-muted-foreground text-xs">{t('lastInbound')}</div>
            <div className={cn('mt-1.5 font-medium text-sm', alarm && 'text-destructive')}>
              <RelativeTime value={channel.lastInboundAt} never={t('never')} />
            </div>
          </div>
        </div>
        <dl className="mt-2 divide-y">
          <Row label={t('lastEvent')}>
            <RelativeTime value={channel.lastEventAt} never={t('never')} />
          </Row>
          <Row label={t('created')}>
            <RelativeTime value={channel.createdAt} />
          </Row>
        </dl>
      </CardContent>
    </Card>
  );
}

/** Callback URL and verify token to paste into Meta's webhook configuration. */
export function WebhookCard({ channel }: { channel: Channel }) {
  const t = useTranslations('channels.webhook');
  // The API should send the token to admins only (API.md); the screen holds the same line on its own.
  const canManage = useCan('ADMIN');
  return (
    <Card className="gap-4" data-testid="channel-webhook">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <WebhookIcon className="size-4 text-muted-foreground" />
          {t('title')}
        </CardTitle>
        <CardDescription>{t('description')}</CardDescription>
        <CardAction>
          {channel.webhookVerifiedAt ? (
            <Badge variant="success">{t('verified')}</Badge>
          ) : (
            <Badge variant="warning">{t('notVerified')}</Badge>
          )}
        </CardAction>
      </CardHeader>
      <CardContent className="grid gap-3">
        <CopyValue label={t('callbackUrl')} value={channel.webhookUrl} testId="webhook-url" />
        <CopyValue
          label={t('verifyToken')}
          value={canManage ? channel.verifyToken : null}
          testId="verify-token"
        />
        <p className="text-muted-foreground text-xs leading-relaxed">{t('fields')}</p>
      </CardContent>
    </Card>
  );
}
