import type { InboxStats } from '@conversa/shared';
import { ArrowRightIcon, BotIcon, MegaphoneIcon, MessageSquareTextIcon, SmartphoneIcon } from 'lucide-react';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { cn } from '@/lib/utils';
import { ConversationsCard } from './conversations-card';

/** What the dashboard knows about the tenant's channels; null when the list could not be read. */
export type ChannelsSummary = {
  total: number;
  connected: number;
  /** Unhealthy, or connected but silent for too long (ARCHITECTURE §8: silence is an alarm). */
  attention: number;
  sandboxId: string | null;
};

const cards = [
  { key: 'channels', icon: SmartphoneIcon, href: '/channels' },
  { key: 'conversations', icon: null, href: '/inbox' },
  { key: 'campaigns', icon: MegaphoneIcon, href: '/campaigns' },
  { key: 'assistant', icon: BotIcon, href: '/assistant' },
] as const;

async function ChannelsCard({ summary }: { summary: ChannelsSummary }) {
  const t = await getTranslations('dashboard.cards');
  const alarm = summary.attention > 0;
  return (
    <Card
      className={cn(
        'group gap-4 py-5 transition-colors hover:border-foreground/15',
        alarm && 'border-destructive/45 hover:border-destructive/70',
      )}
      data-testid="overview-channels"
      data-count={summary.total}
    >
      <CardHeader className="px-5">
        <div className="flex items-center justify-between">
          <div className="flex size-9 items-center justify-center rounded-lg border bg-muted/50">
            <SmartphoneIcon className={cn('size-4 text-primary', alarm && 'text-destructive')} />
          </div>
          {alarm ? (
            <Badge variant="destructive" className="font-normal">
              <span className="size-1.5 rounded-full bg-destructive" />
              {t('channels.attention', { count: summary.attention })}
            </Badge>
          ) : summary.connected > 0 ? (
            <Badge variant="success" className="font-normal">
              <span className="size-1.5 rounded-full bg-success" />
              {t('channels.connected', { count: summary.connected })}
            </Badge>
          ) : (
            <Badge variant="muted" className="font-normal">
              <span className="size-1.5 rounded-full bg-muted-foreground/60" />
              {t('notConnected')}
            </Badge>
          )}
        </div>
        <CardTitle className="mt-3 text-sm">{t('channels.title')}</CardTitle>
      </CardHeader>
      <CardContent className="flex-1 px-5">
        {summary.total === 0 ? (
          <p className="text-muted-foreground text-sm leading-relaxed">{t('channels.empty')}</p>
        ) : (
          <div className="grid gap-1">
            <span
              className="font-semibold text-3xl tabular-nums tracking-tight"
              data-testid="overview-channels-count"
            >
              {summary.total}
            </span>
            <p className="text-muted-foreground text-sm leading-relaxed">
              {alarm ? t('channels.attentionHint') : t('channels.summary', { count: summary.total })}
            </p>
          </div>
        )}
      </CardContent>
      <CardFooter className="grid gap-2 px-5">
        {summary.sandboxId && (
          <Button variant="secondary" size="sm" asChild className="w-full justify-between">
            <Link href={`/channels/${summary.sandboxId}#simulator`} data-testid="overview-open-simulator">
              <span className="flex items-center gap-2">
                <MessageSquareTextIcon />
                {t('channels.openSimulator')}
              </span>
              <ArrowRightIcon className="text-muted-foreground" />
            </Link>
          </Button>
        )}
        <Button variant="outline" size="sm" asChild className="w-full justify-between">
          <Link href="/channels">
            {t('channels.action')}
            <ArrowRightIcon className="text-muted-foreground transition-transform group-hover:translate-x-0.5" />
          </Link>
        </Button>
      </CardFooter>
    </Card>
  );
}

/**
 * The four areas a business watches. Channels and conversations read real data (conversations live, from
 * the inbox stats); the others have no endpoint yet, so each says so and points to the next step instead
 * of showing a made-up number.
 */
export async function OverviewCards({
  channels,
  stats,
}: {
  channels: ChannelsSummary | null;
  /** `GET /inbox/stats?days=7` as the page read it; null when it could not (the card then tries itself). */
  stats: InboxStats | null;
}) {
  const t = await getTranslations('dashboard.cards');
  return (
    <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
      {cards.map(({ key, icon: Icon, href }) =>
        key === 'channels' && channels ? (
          <ChannelsCard key={key} summary={channels} />
        ) : key === 'conversations' || !Icon ? (
          <ConversationsCard key={key} initial={stats} />
        ) : (
          <Card
            key={key}
            className="group gap-4 py-5 transition-colors hover:border-foreground/15"
            data-testid={`overview-${key}`}
          >
            <CardHeader className="px-5">
              <div className="flex items-center justify-between">
                <div className="flex size-9 items-center justify-center rounded-lg border bg-muted/50">
                  <Icon className="size-4 text-primary" />
                </div>
                <Badge variant="muted" className="font-normal">
                  <span className="size-1.5 rounded-full bg-muted-foreground/60" />
                  {t('notConnected')}
                </Badge>
              </div>
              <CardTitle className="mt-3 text-sm">{t(`${key}.title`)}</CardTitle>
            </CardHeader>
            <CardContent className="flex-1 px-5">
              <p className="text-muted-foreground text-sm leading-relaxed">{t(`${key}.empty`)}</p>
            </CardContent>
            <CardFooter className="px-5">
              <Button variant="outline" size="sm" asChild className="w-full justify-between">
                <Link href={href}>
                  {t(`${key}.action`)}
                  <ArrowRightIcon className="text-muted-foreground transition-transform group-hover:translate-x-0.5" />
                </Link>
              </Button>
            </CardFooter>
          </Card>
        ),
      )}
    </div>
  );
}
