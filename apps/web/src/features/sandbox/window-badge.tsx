'use client';

import { TimerIcon, TimerOffIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';
import { useTicking } from '@/features/channels/relative-time';
import { cn } from '@/lib/utils';

export type WindowState = { open: boolean; remainingMs: number };

export function windowState(expiresAt: string | null | undefined, now: Date): WindowState {
  if (!expiresAt) return { open: false, remainingMs: 0 };
  const remainingMs = new Date(expiresAt).getTime() - now.getTime();
  // The server's clock may run a little ahead of this one: never show more than the 24 hours that exist.
  return { open: remainingMs > 0, remainingMs: Math.min(Math.max(0, remainingMs), 24 * 3_600_000 - 60_000) };
}

export function useWindowState(expiresAt: string | null | undefined): WindowState {
  return windowState(expiresAt, useTicking(30_000));
}

/** The 24-hour customer-service window: free text inside it, only approved templates outside. */
export function WindowBadge({ expiresAt }: { expiresAt: string | null | undefined }) {
  const t = useTranslations('sandbox.window');
  const state = useWindowState(expiresAt);
  const hours = Math.floor(state.remainingMs / 3_600_000);
  const minutes = Math.floor((state.remainingMs % 3_600_000) / 60_000);
  const closingSoon = state.open && state.remainingMs < 60 * 60_000;
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <button
          type="button"
          data-testid="window-state"
          data-open={state.open}
          className={cn(
            'inline-flex cursor-default items-center gap-1.5 rounded-full border px-2.5 py-1 font-medium text-xs outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50',
            state.open
              ? closingSoon
                ? 'border-warning/30 bg-warning/10 text-warning'
                : 'border-success/30 bg-success/10 text-success'
              : 'border-destructive/30 bg-destructive/10 text-destructive',
          )}
        >
          {state.open ? <TimerIcon className="size-3.5" /> : <TimerOffIcon className="size-3.5" />}
          {state.open ? t('open', { hours, minutes }) : expiresAt ? t('closed') : t('none')}
        </button>
      </TooltipTrigger>
      <TooltipContent className="max-w-xs">{state.open ? t('openHint') : t('closedHint')}</TooltipContent>
    </Tooltip>
  );
}
