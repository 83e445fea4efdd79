'use client';

import type { BusinessHours } from '@conversa/shared';
import { CalendarOffIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { Avatar, AvatarFallback } from '@/components/ui/avatar';
import { Badge } from '@/components/ui/badge';
import { cn, initials } from '@/lib/utils';
import { summarizeHours } from './hours';

/** "Open now" / "Closed now", with a live dot; "Closed today: Natal" when a holiday closes the day. */
export function OpenBadge({
  open,
  holiday,
  className,
}: {
  open: boolean;
  /** The name of today's holiday, when that is why it is closed. */
  holiday?: string | null;
  className?: string;
}) {
  const t = useTranslations('inboxSettings.status');
  if (!open && holiday)
    return (
      <Badge
        variant="warning"
        className={cn('max-w-full gap-1.5', className)}
        data-testid="open-badge"
        data-open={false}
        data-reason="holiday"
        title={t('closedHoliday', { name: holiday })}
      >
        <CalendarOffIcon />
        <span className="truncate">{t('closedHoliday', { name: holiday })}</span>
      </Badge>
    );
  return (
    <Badge
      variant={open ? 'success' : 'muted'}
      className={cn('gap-1.5', className)}
      data-testid="open-badge"
      data-open={open}
      data-reason={open ? undefined : 'hours'}
    >
      <span className="relative flex size-1.5">
        {open && (
          <span className="absolute inline-flex size-full animate-ping rounded-full bg-success opacity-60" />
        )}
        <span
          className={cn(
            'relative inline-flex size-1.5 rounded-full',
            open ? 'bg-success' : 'bg-muted-foreground',
          )}
        />
      </span>
      {open ? t('openNow') : t('closedNow')}
    </Badge>
  );
}

/** One line such as "Seg–Sex 08:00–18:00 · Sáb 08:00–12:00". */
export function HoursSummary({ hours, className }: { hours: BusinessHours; className?: string }) {
  const tShort = useTranslations('inboxSettings.daysShort');
  const groups = summarizeHours(hours);
  return (
    <span className={cn('tabular-nums', className)}>
      {groups.map((g, i) => (
        <span key={g.from}>
          {i > 0 && <span className="px-1.5 text-muted-foreground/60">·</span>}
          <span className="font-medium text-foreground/90">
            {g.from === g.to ? tShort(g.from) : `${tShort(g.from)}–${tShort(g.to)}`}
          </span>{' '}
          {g.intervals.map(([a, b]) => `${a}–${b}`).join(', ')}
        </span>
      ))}
    </span>
  );
}

export function AvailabilityDot({ available, className }: { available: boolean; className?: string }) {
  const t = useTranslations('inboxSettings.status');
  return (
    <span
      role="img"
      aria-label={available ? t('available') : t('away')}
      title={available ? t('available') : t('away')}
      className={cn(
        'inline-block size-2 shrink-0 rounded-full ring-2 ring-card',
        available ? 'bg-success' : 'bg-muted-foreground/50',
        className,
      )}
    />
  );
}

/** Open tickets against capacity: a thin bar that turns amber near the limit and red at it. */
export function LoadMeter({ open, capacity }: { open: number; capacity: number }) {
  const t = useTranslations('inboxSettings.status');
  const ratio = capacity > 0 ? open / capacity : 0;
  return (
    <div className="flex items-center gap-2" title={t('load', { open, capacity })}>
      <div className="h-1.5 w-14 overflow-hidden rounded-full bg-muted" aria-hidden>
        <div
          className={cn(
            'h-full rounded-full transition-[width]',
            ratio >= 1 ? 'bg-destructive' : ratio >= 0.8 ? 'bg-warning' : 'bg-primary',
          )}
          style={{ width: `${Math.min(100, Math.round(ratio * 100))}%` }}
        />
      </div>
      <span className="w-12 font-mono text-muted-foreground text-xs tabular-nums">
        <span className="sr-only">{t('load', { open, capacity })}</span>
        <span aria-hidden>
          {open}/{capacity}
        </span>
      </span>
    </div>
  );
}

/** Initials with the availability dot on the corner. */
export function PersonAvatar({
  name,
  email,
  available,
  className,
}: {
  name: string;
  email?: string;
  available: boolean;
  className?: string;
}) {
  return (
    <span className={cn('relative inline-flex shrink-0', className)}>
      <Avatar className="size-7">
        <AvatarFallback className="bg-muted text-[10px]">{initials(name, email)}</AvatarFallback>
      </Avatar>
      <AvailabilityDot available={available} className="-right-0.5 -bottom-0.5 absolute" />
    </span>
  );
}
