'use client';

import { ArrowLeftIcon, CircleAlertIcon } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { useCan } from '@/features/auth/me-context';
import { SandboxSimulator } from '@/features/sandbox/sandbox-simulator';
import { PageContainer } from '@/features/shell/page-header';
import { ChannelActions } from './channel-actions';
import { ActivityCard, HealthCard, WebhookCard } from './channel-health';
import { ChannelStatusBadge, KindBadge, KindIcon, useSilence } from './channel-status';
import { SilenceNote } from './channels-list';
import { OnboardingChecklist } from './onboarding-checklist';
import { useChannel } from './queries';
import { RelativeTime } from './relative-time';
import { SendRateCard } from './send-rate-card';
import { TestConversation } from './test-conversation';
import type { Channel } from './types';
import { useReason } from './use-reason';
import { useValidateChannel } from './use-validate-channel';

/** Typing in a field or a dialog must never trigger a page shortcut. */
function isTyping(target: EventTarget | null) {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) ||
    target.closest('[role="dialog"], [role="alertdialog"], [role="menu"]') !== null
  );
}

export function ChannelDetail({ initialData }: { initialData: Channel }) {
  const t = useTranslations('channels.detail');
  const reason = useReason();
  const canManage = useCan('ADMIN');
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const { query, live } = useChannel(initialData.id, initialData);
  const channel = query.data ?? initialData;
  const silence = useSilence(channel);
  const validate = useValidateChannel(channel.id);
  const cloud = channel.kind === 'cloud';

  // A Cloud channel just created arrives with ?check=1: run its first live check once, then drop the flag.
  const autoChecked = useRef(false);
  useEffect(() => {
    if (autoChecked.current || searchParams.get('check') !== '1') return;
    autoChecked.current = true;
    router.replace(pathname, { scroll: false });
    // Creating a channel already ran the first check on the server; only a channel never checked needs one.
    if (canManage && cloud && !channel.health) validate.mutate();
  }, [searchParams, router, pathname, canManage, cloud, validate, channel.health]);

  // `r` re-runs the live check, like the button.
  useEffect(() => {
    if (!canManage || !cloud) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'r' || event.metaKey || event.ctrlKey || event.altKey || event.defaultPrevented)
        return;
      if (isTyping(event.target) || validate.isPending) return;
      event.preventDefault();
      validate.mutate();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [canManage, cloud, validate]);

  const checklist = (
    <OnboardingChecklist
      channel={channel}
      checking={validate.isPending}
      checkError={validate.isError ? validate.error : null}
      onRecheck={() => validate.mutate()}
      live={live}
    />
  );

  return (
    <PageContainer className="max-w-7xl">
      <div className="grid gap-6" data-testid="channel-detail" data-kind={channel.kind}>
        <div className="grid gap-4">
          <Link
            href="/channels"
            className="flex w-fit items-center gap-1.5 rounded-sm text-muted-foreground text-sm outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
          >
            <ArrowLeftIcon className="size-4" />
            {t('back')}
          </Link>
          <div className="flex flex-col gap-4 sm:flex-row sm:items-center sm:justify-between">
            <div className="flex min-w-0 items-center gap-4">
              <KindIcon kind={channel.kind} className="size-12" />
              <div className="grid min-w-0 gap-1.5">
                <div className="flex flex-wrap items-center gap-2.5">
                  <h1 className="truncate font-semibold text-2xl tracking-tight" data-testid="channel-name">
                    {channel.name}
                  </h1>
                  <ChannelStatusBadge channel={channel} silence={silence} />
                </div>
                <div className="flex flex-wrap items-center gap-2 text-muted-foreground text-sm">
                  <KindBadge kind={channel.kind} />
                  {channel.displayPhone ? (
                    <span className="font-mono" data-testid="channel-phone">
                      {channel.displayPhone}
                    </span>
                  ) : (
                    <span>{t('noPhone')}</span>
                  )}
                </div>
              </div>
            </div>
            {canManage && (
              <div className="flex shrink-0 items-center gap-2">
                <ChannelActions channel={channel} onCredentialsSaved={() => validate.mutate()} />
              </div>
            )}
          </div>
        </div>

        {silence.level !== 'none' && <SilenceNote silence={silence} />}
        {channel.lastError &&
          !channel.checklist.some(
            (s) =>
              s.state === 'failed' &&
              s.reasonKey === (channel.lastError?.reasonKey ?? channel.lastError?.reason),
          ) && (
            <Alert variant="destructive" data-testid="channel-last-error">
              <CircleAlertIcon />
              <AlertTitle>{t('lastError')}</AlertTitle>
              <AlertDescription>
                <p>
                  {reason(channel.lastError.reasonKey ?? channel.lastError.reason, channel.lastError.code)}
                </p>
                <p className="text-xs opacity-80">
                  <code className="font-mono">{channel.lastError.code}</code> ·{' '}
                  <RelativeTime value={channel.lastError.at} />
                </p>
              </AlertDescription>
            </Alert>
          )}

        {cloud ? (
          <>
            <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_380px]">
              {checklist}
              <div className="grid gap-6">
                <WebhookCard channel={channel} />
                <ActivityCard channel={channel} silence={silence} />
                <HealthCard channel={channel} />
                <SendRateCard channel={channel} />
              </div>
            </div>
            <TestConversation channel={channel} />
          </>
        ) : (
          <>
            {channel.kind === 'sandbox' && <SandboxSimulator channel={channel} />}
            <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_380px]">
              {checklist}
              <ActivityCard channel={channel} silence={silence} />
            </div>
          </>
        )}
      </div>
    </PageContainer>
  );
}
