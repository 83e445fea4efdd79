'use client';

import { useFormatter, useNow, useTranslations } from 'next-intl';
import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';
import { useDateTime } from '@/lib/use-date-time';
import { cn } from '@/lib/utils';

/** A clock that ticks for "3 min ago" texts; 30 s is fine-grained enough for minutes. */
export const useTicking = (updateInterval = 30_000) => useNow({ updateInterval });

/** "há 3 minutos", with the exact date on hover; `never` when the moment has not happened yet. */
export function RelativeTime({
  value,
  className,
  never,
}: {
  value: string | null | undefined;
  className?: string;
  never?: string;
}) {
  const now = useTicking();
  const format = useFormatter();
  const formatDate = useDateTime();
  const t = useTranslations('common');
  if (!value) return <span className={cn('text-muted-foreground', className)}>{never ?? t('never')}</span>;
  const date = new Date(value);
  // A server clock slightly ahead of the browser's must not read "in 2 seconds".
  const shown = date.getTime() > now.getTime() ? now : date;
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <time dateTime={value} className={cn('cursor-default', className)} suppressHydrationWarning>
          {format.relativeTime(shown, now)}
        </time>
      </TooltipTrigger>
      <TooltipContent>{formatDate(value)}</TooltipContent>
    </Tooltip>
  );
}
