'use client';

import {
  CircleAlertIcon,
  CircleCheckIcon,
  CircleDashedIcon,
  CircleXIcon,
  Loader2Icon,
  RefreshCwIcon,
  TriangleAlertIcon,
} from 'lucide-react';
import { useTranslations } from 'next-intl';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { Kbd } from '@/components/ui/kbd';
import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';
import { useCan } from '@/features/auth/me-context';
import type { RealtimeStatus } from '@/lib/realtime';
import { cn } from '@/lib/utils';
import { checklistDone, visibleChecklist } from './queries';
import { RelativeTime } from './relative-time';
import type { Channel, ChecklistItem } from './types';
import { useReason } from './use-reason';
import { isProviderUnreachable, ValidateTimeoutError, validateTimeoutMs } from './use-validate-channel';

/** Reasons that mean "this server could not talk to Meta", not "Meta refused these credentials". */
const unreachableReasons = new Set(['channels.errors.unavailable', 'channels.errors.timeout']);

/** Meta only calls public HTTPS callback URLs; localhost or plain http can never be verified. */
export function isPublicHttps(url: string | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:') return false;
    const host = u.hostname;
    return !(
      host === 'localhost' ||
      host.endsWith('.local') ||
      host.endsWith('.localhost') ||
      /^(127|10)\./.test(host) ||
      /^192\.168\./.test(host) ||
      /^172\.(1[6-9]|2\d|3[01])\./.test(host) ||
      host === '[::1]'
    );
  } catch {
    return false;
  }
}

function CopyValue({ label, value, testId }: { label: string; value: string | null; testId: string }) {
  const tActions = useTranslations('common.actions');
  const t = useTranslations('channels.webhook');
  return (
    <div className="grid min-w-0 gap-1">
      <span className="text-muted-foreground text-xs">{label}</span>
      <div className="flex min-w-0 items-center gap-1.5">
        <code
          data-testid={testId}
          className="min-w-0 flex-1 select-all truncate rounded-md border bg-background/60 px-2.5 py-1.5 font-mono text-xs"
          title={value ?? undefined}
        >
          {value ?? t('hidden')}
        </code>
        {value && (
          <CopyButton
            value={value}
            label={`${tActions('copy')}: ${label}`}
            copiedLabel={tActions('copied')}
          />
        )}
      </div>
    </div>
  );
}

export { CopyValue };

function StepIcon({ item, next, checking }: { item: ChecklistItem; next: boolean; checking: boolean }) {
  if (checking) return <Loader2Icon className="size-5 animate-spin text-muted-foreground" />;
  if (item.state === 'ok') return <CircleCheckIcon className="size-5 text-success" />;
  if (item.state === 'failed') return <CircleXIcon className="size-5 text-destructive" />;
  return <CircleDashedIcon className={cn('size-5', next ? 'text-warning' : 'text-muted-foreground/60')} />;
}

/** A value to paste into Meta's dashboard, inline in the fix text, with its own copy button. */
function InlineCopy({ value, label, testId }: { value: string | null; label: string; testId: string }) {
  const tActions = useTranslations('common.actions');
  const t = useTranslations('channels.checklist');
  if (!value) return <span className="text-muted-foreground italic">{t('tokenHidden')}</span>;
  return (
    <span className="inline-flex max-w-full items-center gap-0.5 align-middle">
      <code
        data-testid={testId}
        className="select-all rounded border bg-background/70 px-1.5 py-0.5 font-mono text-[12px] text-foreground [overflow-wrap:anywhere]"
      >
        {value}
      </code>
      <CopyButton
        value={value}
        label={`${tActions('copy')}: ${label}`}
        copiedLabel={tActions('copied')}
        variant="ghost"
        size="icon-xs"
        className="size-6 text-muted-foreground"
      />
    </span>
  );
}

function StepFix({ channel, item }: { channel: Channel; item: ChecklistItem }) {
  const t = useTranslations('channels.checklist');
  const canManage = useCan('ADMIN');
  const reason = useReason();
  const code = (chunks: React.ReactNode) => (
    <code className="rounded bg-muted px-1 py-0.5 font-mono text-[12px] text-foreground">{chunks}</code>
  );
  const rich = {
    b: (chunks: React.ReactNode) => <strong className="font-semibold text-foreground">{chunks}</strong>,
    code,
    url: () => <InlineCopy value={channel.webhookUrl} label={t('callbackUrl')} testId="fix-webhook-url" />,
    token: () => (
      <InlineCopy
        value={canManage ? channel.verifyToken : null}
        label={t('verifyToken')}
        testId="fix-verify-token"
      />
    ),
    phone: channel.displayPhone ?? t('yourNumber'),
  };
  const sandbox = channel.kind === 'sandbox';
  const failed = item.state === 'failed';
  let fix: React.ReactNode;
  switch (item.step) {
    case 'credentials':
      fix = !failed
        ? t.rich('steps.credentials.fixPending', rich)
        : item.reasonKey && unreachableReasons.has(item.reasonKey)
          ? t.rich('steps.credentials.fixUnreachable', rich)
          : t.rich('steps.credentials.fixFailed', rich);
      break;
    case 'permanent-token':
      fix = t.rich('steps.permanent-token.fix', rich);
      break;
    case 'webhook-verified':
      fix = t.rich('steps.webhook-verified.fix', rich);
      break;
    case 'first-event':
      fix = t.rich(sandbox ? 'steps.first-event.fixSandbox' : 'steps.first-event.fix', rich);
      break;
    case 'round-trip':
      fix = t.rich(sandbox ? 'steps.round-trip.fixSandbox' : 'steps.round-trip.fix', rich);
      break;
    default:
      fix = null;
  }
  return (
    <div
      className={cn(
        'mt-2.5 grid gap-2.5 rounded-lg border p-3 text-sm',
        failed ? 'border-destructive/30 bg-destructive/[0.06]' : 'bg-muted/30',
      )}
      data-testid="check-fix"
    >
      {failed && item.reasonKey && (
        <p className="flex items-start gap-2 font-medium text-destructive">
          <CircleAlertIcon className="mt-0.5 size-4 shrink-0" />
          <span data-testid="check-reason">{reason(item.reasonKey)}</span>
        </p>
      )}
      <p className="text-foreground/85 leading-relaxed [overflow-wrap:anywhere]">
        <span className="mr-1.5 font-medium text-muted-foreground text-xs uppercase tracking-wide">
          {t('howToFix')}
        </span>
        {fix}
      </p>
      {item.step === 'webhook-verified' && channel.webhookUrl && !isPublicHttps(channel.webhookUrl) && (
        <p
          className="flex items-start gap-2 text-warning text-xs leading-relaxed"
          data-testid="webhook-not-public"
        >
          <TriangleAlertIcon className="mt-0.5 size-3.5 shrink-0" />
          <span>{t.rich('notPublic', rich)}</span>
        </p>
      )}
    </div>
  );
}

function StepDone({ channel, item }: { channel: Channel; item: ChecklistItem }) {
  const t = useTranslations('channels.checklist');
  switch (item.step) {
    case 'credentials':
      return channel.displayPhone ? t('steps.credentials.done', { phone: channel.displayPhone }) : null;
    case 'webhook-verified':
      return channel.webhookVerifiedAt ? (
        <>
          {t('steps.webhook-verified.done')} <RelativeTime value={channel.webhookVerifiedAt} />
        </>
      ) : null;
    case 'first-event':
      return channel.lastInboundAt ? (
        <>
          {t('steps.first-event.done')} <RelativeTime value={channel.lastInboundAt} />
        </>
      ) : null;
    default:
      return t(`steps.${item.step}.done`);
  }
}

export function OnboardingChecklist({
  channel,
  checking,
  checkError,
  onRecheck,
  live,
}: {
  channel: Channel;
  checking: boolean;
  checkError: unknown;
  onRecheck: () => void;
  live: RealtimeStatus;
}) {
  const t = useTranslations('channels.checklist');
  const tState = useTranslations('channels.checklist.state');
  const tRoot = useTranslations();
  const canManage = useCan('ADMIN');
  const steps = visibleChecklist(channel);
  const done = steps.filter((s) => s.state === 'ok').length;
  const allGreen = checklistDone(channel);
  const nextIndex = steps.findIndex((s) => s.state !== 'ok');
  // Only the steps the live check decides spin while it runs; the rest wait on real traffic.
  const checkedLive = new Set(['credentials', 'permanent-token']);

  return (
    <Card className="gap-5" data-testid="channel-checklist" data-all-green={allGreen}>
      <CardHeader>
        <CardTitle>{t('title')}</CardTitle>
        <CardDescription>
          {allGreen ? t('allGreen') : t('progress', { done, total: steps.length })}
        </CardDescription>
        {canManage && channel.kind !== 'sandbox' && (
          <CardAction>
            <Tooltip>
              <TooltipTrigger asChild>
                <Button
                  variant="outline"
                  size="sm"
                  onClick={onRecheck}
                  disabled={checking}
                  data-testid="recheck"
                  aria-keyshortcuts="r"
                >
                  {checking ? <Loader2Icon className="animate-spin" /> : <RefreshCwIcon />}
                  {checking ? t('checking') : t('recheck')}
                </Button>
              </TooltipTrigger>
              <TooltipContent className="flex items-center gap-2">
                {t('recheckHint')} <Kbd>R</Kbd>
              </TooltipContent>
            </Tooltip>
          </CardAction>
        )}
        <div className="col-span-full mt-2 flex h-1.5 gap-1" aria-hidden="true">
          {steps.map((s) => (
            <span
              key={s.step}
              className={cn(
                'h-full flex-1 rounded-full transition-colors',
                s.state === 'ok' ? 'bg-success' : s.state === 'failed' ? 'bg-destructive' : 'bg-muted',
              )}
            />
          ))}
        </div>
      </CardHeader>
      <CardContent className="grid gap-4">
        {checking && channel.kind === 'cloud' && (
          <p className="flex items-center gap-2 text-muted-foreground text-sm" role="status">
            <Loader2Icon className="size-4 animate-spin" />
            {t('checkingHint', { seconds: validateTimeoutMs / 1000 })}
          </p>
        )}
        {!checking && checkError != null && (
          <Alert variant="destructive" data-testid="check-error">
            <TriangleAlertIcon />
            <AlertTitle>
              {isProviderUnreachable(checkError) ? t('unreachableTitle') : t('checkFailedTitle')}
            </AlertTitle>
            <AlertDescription>
              {checkError instanceof ValidateTimeoutError
                ? t('timeoutBody', { seconds: validateTimeoutMs / 1000 })
                : isProviderUnreachable(checkError)
                  ? t('unreachableBody')
                  : t('checkFailedBody')}
            </AlertDescription>
          </Alert>
        )}
        <ol className="grid">
          {steps.map((item, index) => {
            const isNext = index === nextIndex;
            const spinning = checking && checkedLive.has(item.step) && item.state !== 'ok';
            return (
              <li
                key={item.step}
                data-testid={`check-${item.step}`}
                data-state={item.state}
                className="relative flex gap-3 pb-5 last:pb-0"
              >
                {index < steps.length - 1 && (
                  <span
                    aria-hidden="true"
                    className={cn(
                      'absolute top-7 bottom-1 left-[9.5px] w-px',
                      item.state === 'ok' ? 'bg-success/40' : 'bg-border',
                    )}
                  />
                )}
                <span className="relative mt-px">
                  <StepIcon item={item} next={isNext} checking={spinning} />
                </span>
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                    <h3 className="font-medium text-sm">{t(`steps.${item.step}.title`)}</h3>
                    <Badge
                      variant={
                        item.state === 'ok' ? 'success' : item.state === 'failed' ? 'destructive' : 'muted'
                      }
                      className="font-normal"
                    >
                      {spinning
                        ? tState('checking')
                        : isNext && item.state === 'pending'
                          ? tState('next')
                          : tState(item.state)}
                    </Badge>
                  </div>
                  <p className="mt-0.5 text-muted-foreground text-sm">
                    {item.state === 'ok' ? (
                      <StepDone channel={channel} item={item} />
                    ) : item.state === 'pending' && item.reasonKey && tRoot.has(item.reasonKey) ? (
                      // A pending step's reason says where it stands ("no event yet"), in place of the definition.
                      tRoot(item.reasonKey)
                    ) : (
                      t(`steps.${item.step}.description`)
                    )}
                  </p>
                  {item.state !== 'ok' && <StepFix channel={channel} item={item} />}
                </div>
              </li>
            );
          })}
        </ol>
        {!allGreen && (
          <p className="flex items-center gap-2 text-muted-foreground text-xs">
            <span className="relative flex size-1.5">
              <span className="absolute inline-flex size-full animate-ping rounded-full bg-primary opacity-60" />
              <span className="relative inline-flex size-1.5 rounded-full bg-primary" />
            </span>
            {live === 'open' ? t('watchingLive') : t('watchingPoll')}
          </p>
        )}
      </CardContent>
    </Card>
  );
}
