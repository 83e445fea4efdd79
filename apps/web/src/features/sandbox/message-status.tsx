'use client';

import { CheckCheckIcon, CheckIcon, CircleAlertIcon, ClockIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';
import type { Message } from '@/features/channels/types';
import { useReason } from '@/features/channels/use-reason';
import { cn } from '@/lib/utils';

/** WhatsApp's ticks: clock queued, ✓ sent, ✓✓ delivered, blue ✓✓ read, red when failed (reason on hover). */
export function MessageStatusIcon({
  message,
  className,
}: {
  message: Pick<Message, 'status' | 'error'>;
  className?: string;
}) {
  const t = useTranslations('sandbox.status');
  const reason = useReason();
  const base = cn('size-3.5 shrink-0', className);
  switch (message.status) {
    case 'queued':
      return <ClockIcon className={base} aria-label={t('queued')} role="img" />;
    case 'sent':
      return <CheckIcon className={base} aria-label={t('sent')} role="img" />;
    case 'delivered':
      return <CheckCheckIcon className={base} aria-label={t('delivered')} role="img" />;
    case 'read':
      return <CheckCheckIcon className={cn(base, 'text-sky-400')} aria-label={t('read')} role="img" />;
    case 'failed': {
      const why = message.error ? reason(message.error.reason, message.error.code) : t('failedUnknown');
      return (
        <Tooltip>
          <TooltipTrigger asChild>
            <button
              type="button"
              className="inline-flex rounded-sm text-destructive outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
              aria-label={`${t('failed')}: ${why}`}
              data-testid="message-failed"
            >
              <CircleAlertIcon className={base} />
            </button>
          </TooltipTrigger>
          <TooltipContent className="max-w-xs">
            <p className="font-medium">{t('failed')}</p>
            <p className="text-muted-foreground">{why}</p>
          </TooltipContent>
        </Tooltip>
      );
    }
    default:
      return null;
  }
}
