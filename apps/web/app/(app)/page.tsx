import type { InboxStats } from '@conversa/shared';
import { MessageSquareTextIcon } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { getMe } from '@/features/auth/queries';
import { silenceOf } from '@/features/channels/silence';
import type { Channel } from '@/features/channels/types';
import { type ChannelsSummary, OverviewCards } from '@/features/dashboard/overview-cards';
import { ServiceStats } from '@/features/dashboard/service-stats';
import { type ChecklistStep, SetupChecklist } from '@/features/dashboard/setup-checklist';
import { PageContainer } from '@/features/shell/page-header';
import { serverApi } from '@/lib/server-api';
import type { Member, Page } from '@/lib/types';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('shell.nav'))('dashboard') };
}

function partOfDay(timeZone: string): 'morning' | 'afternoon' | 'evening' {
  const hour = Number(
    new Intl.DateTimeFormat('en-US', { hour: 'numeric', hourCycle: 'h23', timeZone }).format(new Date()),
  );
  return hour < 12 ? 'morning' : hour < 18 ? 'afternoon' : 'evening';
}

export default async function DashboardPage() {
  const me = await getMe();
  const t = await getTranslations('dashboard');
  const format = await getFormatter();
  const [members, channelList, statsResult] = await Promise.all([
    serverApi<Page<Member>>('/users?limit=200'),
    serverApi<{ items: Channel[] }>('/channels'),
    // The 7-day numbers for the first paint; the section reads other periods (and updates) in the browser.
    serverApi<InboxStats>('/inbox/stats?days=7'),
  ]);
  // The team step is done once someone else belongs to the tenant; roles that cannot list members skip it.
  const teamSize = members.ok ? members.data.items.filter((m) => !m.disabled).length : null;
  const stats = statsResult.ok ? statsResult.data : null;
  const now = new Date();
  const channels: ChannelsSummary | null = channelList.ok
    ? {
        total: channelList.data.items.length,
        connected: channelList.data.items.filter((c) => c.status === 'connected').length,
        attention: channelList.data.items.filter(
          (c) => c.status === 'unhealthy' || silenceOf(c, now).level === 'alarm',
        ).length,
        sandboxId: channelList.data.items.find((c) => c.kind === 'sandbox')?.id ?? null,
      }
    : null;
  // The sandbox is there from the first start; the step is about a real number answering customers.
  const realNumberConnected = channelList.ok
    ? channelList.data.items.some((c) => c.kind !== 'sandbox' && c.status === 'connected')
    : false;
  const firstName = (me.user.name || me.user.email).split(/[\s@]/)[0];

  const steps: ChecklistStep[] = [
    { key: 'password', href: '/settings/profile#password', done: !me.defaultPasswordInUse },
    { key: 'mfa', href: '/settings/profile#two-factor', done: me.user.mfaEnabled },
    ...(teamSize === null ? [] : [{ key: 'team' as const, href: '/settings/users', done: teamSize > 1 }]),
    channelList.ok
      ? { key: 'channel', href: '/channels', done: realNumberConnected }
      : { key: 'channel', href: '/channels', done: false, soon: true },
  ];

  return (
    <PageContainer className="grid gap-8">
      <div className="grid gap-1">
        <p className="text-muted-foreground text-sm first-letter:uppercase">
          {format.dateTime(new Date(), {
            weekday: 'long',
            day: 'numeric',
            month: 'long',
            timeZone: me.tenant.timezone,
          })}
        </p>
        <h1 className="font-semibold text-2xl tracking-tight" data-testid="dashboard-greeting">
          {t(`greeting.${partOfDay(me.tenant.timezone)}`, { name: firstName ?? '' })}
        </h1>
        <p className="text-muted-foreground text-sm">{t('subtitle', { tenant: me.tenant.name })}</p>
      </div>

      <OverviewCards channels={channels} stats={stats} />

      <ServiceStats initial={stats} sandboxId={channels?.sandboxId ?? null} />

      <div className="grid gap-4 lg:grid-cols-5">
        <div className="lg:col-span-3">
          <SetupChecklist steps={steps} />
        </div>
        <div className="lg:col-span-2">
          {channels?.sandboxId ? <TrySandbox channelId={channels.sandboxId} /> : <WhatsNext />}
        </div>
      </div>
    </PageContainer>
  );
}

async function WhatsNext() {
  const t = await getTranslations('dashboard.sandbox');
  return (
    <div className="relative h-full overflow-hidden rounded-xl border bg-card p-6">
      <div
        aria-hidden="true"
        className="pointer-events-none absolute -top-16 -right-16 size-48 rounded-full bg-[radial-gradient(closest-side,color-mix(in_oklch,var(--brand)_22%,transparent),transparent)]"
      />
      <div className="relative grid gap-2">
        <h2 className="font-semibold">{t('title')}</h2>
        <p className="text-muted-foreground text-sm leading-relaxed">{t('body')}</p>
        <ul className="mt-2 grid gap-2 text-sm">
          {(['one', 'two', 'three'] as const).map((k) => (
            <li key={k} className="flex items-start gap-2">
              <span className="mt-1.5 size-1.5 shrink-0 rounded-full bg-primary" />
              <span className="text-foreground/85">{t(`points.${k}`)}</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

async function TrySandbox({ channelId }: { channelId: string }) {
  const t = await getTranslations('dashboard.trySandbox');
  return (
    <div className="relative h-full overflow-hidden rounded-xl border bg-card p-6" data-testid="try-sandbox">
      <div
        aria-hidden="true"
        className="pointer-events-none absolute -top-16 -right-16 size-48 rounded-full bg-[radial-gradient(closest-side,color-mix(in_oklch,var(--brand)_22%,transparent),transparent)]"
      />
      <div className="relative grid gap-2">
        <h2 className="font-semibold">{t('title')}</h2>
        <p className="text-muted-foreground text-sm leading-relaxed">{t('body')}</p>
        <ol className="mt-2 grid gap-2 text-sm">
          {(['one', 'two', 'three'] as const).map((k, i) => (
            <li key={k} className="flex items-start gap-2.5">
              <span className="mt-px flex size-5 shrink-0 items-center justify-center rounded-full border font-medium text-[11px] text-muted-foreground">
                {i + 1}
              </span>
              <span className="text-foreground/85">{t(`steps.${k}`)}</span>
            </li>
          ))}
        </ol>
        <Button asChild className="mt-3 w-fit">
          <Link href={`/channels/${channelId}#simulator`}>
            <MessageSquareTextIcon />
            {t('action')}
          </Link>
        </Button>
      </div>
    </div>
  );
}
