'use client';

import type { InboxStats } from '@conversa/shared';
import { ArrowRightIcon, MessagesSquareIcon } from 'lucide-react';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { cn } from '@/lib/utils';
import { useInboxStats } from './queries';

/**
 * Open conversations and how many wait for someone to take them (amber when any do), live: the same
 * query as the service section below, refreshed by inbox traffic.
 */
export function ConversationsCard({ initial }: { initial: InboxStats | null }) {
  const t = useTranslations('dashboard.cards.conversations');
  const format = useFormatter();
  const { data, isPending } = useInboxStats(7, initial);
  const now = data?.now;
  const waiting = now?.waiting ?? 0;
  const alarm = waiting > 0;
  return (
    <Card
      className={cn(
        'group gap-4 py-5 transition-colors hover:border-foreground/15',
        alarm && 'border-warning/45 hover:border-warning/70',
      )}
      data-testid="overview-conversations"
      data-open={now?.open ?? ''}
      data-waiting={now?.waiting ?? ''}
      data-alarm={alarm}
    >
      <CardHeader className="px-5">
        <div className="flex items-center justify-between">
          <div className="flex size-9 items-center justify-center rounded-lg border bg-muted/50">
            <MessagesSquareIcon className={cn('size-4 text-primary', alarm && 'text-warning')} />
          </div>
          {now &&
            (alarm ? (
              <Badge variant="warning" className="font-normal">
                <span className="size-1.5 animate-pulse rounded-full bg-warning" />
                {t('waiting', { count: waiting })}
              </Badge>
            ) : (
              <Badge variant="success" className="font-normal">
                <span className="size-1.5 rounded-full bg-success" />
                {t('noneWaiting')}
              </Badge>
            ))}
        </div>
        <CardTitle className="mt-3 text-sm">{t('title')}</CardTitle>
      </CardHeader>
      <CardContent className="flex-1 px-5">
        {now ? (
          <div className="grid gap-1">
            <div className="flex items-baseline gap-4">
              <Link
                href="/inbox"
                className="grid rounded-md outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
              >
                <span
                  className="font-semibold text-3xl tabular-nums tracking-tight"
                  data-testid="overview-open-count"
                >
                  {format.number(now.open)}
                </span>
              </Link>
              <Link
                href="/inbox"
                className={cn(
                  'flex items-baseline gap-1.5 rounded-md text-muted-foreground text-sm outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50',
                  alarm && 'text-warning',
                )}
              >
                <span
                  className={cn('font-semibold text-xl tabular-nums', alarm && 'text-warning')}
                  data-testid="overview-waiting-count"
                >
                  {format.number(waiting)}
                </span>
                {t('waitingLabel')}
              </Link>
            </div>
            <p className="text-muted-foreground text-sm leading-relaxed">
              {alarm
                ? t('waitingHint', { count: waiting })
                : t('summary', { unread: now.unread, agents: now.agentsAvailable })}
            </p>
          </div>
        ) : isPending ? (
          <div className="grid gap-2">
            <Skeleton className="h-9 w-28" />
            <Skeleton className="h-4 w-full" />
          </div>
        ) : (
          <p className="text-muted-foreground text-sm leading-relaxed">{t('unavailable')}</p>
        )}
      </CardContent>
      <CardFooter className="px-5">
        <Button variant="outline" size="sm" asChild className="w-full justify-between">
          <Link href="/inbox" data-testid="overview-open-inbox">
            {t('action')}
            <ArrowRightIcon className="text-muted-foreground transition-transform group-hover:translate-x-0.5" />
          </Link>
        </Button>
      </CardFooter>
    </Card>
  );
}
