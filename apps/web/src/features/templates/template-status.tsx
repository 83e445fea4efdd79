'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useCallback, useMemo } from 'react';
import { Badge } from '@/components/ui/badge';
import { cn } from '@/lib/utils';
import type { TemplateCategory, TemplateStatus } from './types';

export const statusTone: Record<TemplateStatus, { badge: string; dot: string }> = {
  DRAFT: { badge: 'bg-muted text-muted-foreground', dot: 'bg-muted-foreground/60' },
  SUBMITTED: { badge: 'border-sky-400/30 bg-sky-400/10 text-sky-400', dot: 'bg-sky-400' },
  APPROVED: { badge: 'border-success/30 bg-success/10 text-success', dot: 'bg-success' },
  REJECTED: { badge: 'border-destructive/40 bg-destructive/10 text-destructive', dot: 'bg-destructive' },
  PAUSED: { badge: 'border-warning/30 bg-warning/10 text-warning', dot: 'bg-warning' },
  DISABLED: { badge: 'border-destructive/30 bg-destructive/5 text-destructive/80', dot: 'bg-destructive/70' },
  DEPRECATED: { badge: 'bg-muted text-muted-foreground line-through', dot: 'bg-muted-foreground/40' },
};

export function StatusDot({ status, className }: { status: TemplateStatus; className?: string }) {
  const tone = statusTone[status] ?? statusTone.DRAFT;
  return (
    <span aria-hidden="true" className={cn('relative flex size-2 shrink-0', className)}>
      {status === 'SUBMITTED' && (
        <span
          className={cn('absolute inline-flex size-full animate-ping rounded-full opacity-60', tone.dot)}
        />
      )}
      <span className={cn('relative inline-flex size-2 rounded-full', tone.dot)} />
    </span>
  );
}

export function TemplateStatusBadge({
  status,
  className,
  ...props
}: { status: TemplateStatus; className?: string } & React.ComponentProps<'span'>) {
  const t = useTranslations('templates.status');
  const tone = statusTone[status] ?? statusTone.DRAFT;
  return (
    <Badge
      variant="outline"
      className={cn('gap-1.5 rounded-full px-2.5 py-0.5', tone.badge, className)}
      data-testid="template-status"
      data-status={status}
      {...props}
    >
      <StatusDot status={status} />
      {t.has(status) ? t(status) : status}
    </Badge>
  );
}

export function CategoryBadge({ category }: { category: TemplateCategory }) {
  const t = useTranslations('templates.category');
  return (
    <Badge variant="outline" className="font-normal text-muted-foreground" data-testid="template-category">
      {t.has(category) ? t(category) : category}
    </Badge>
  );
}

/** "Português (Brasil)" for `pt_BR`, in the screen's language; the code itself when the browser has no name. */
export function useLanguageName() {
  const locale = useLocale();
  const names = useMemo(() => {
    try {
      return new Intl.DisplayNames([locale], { type: 'language' });
    } catch {
      return null;
    }
  }, [locale]);
  return useCallback(
    (code: string) => {
      try {
        const name = names?.of(code.replace('_', '-'));
        return name ? name.charAt(0).toLocaleUpperCase(locale) + name.slice(1) : code;
      } catch {
        return code;
      }
    },
    [names, locale],
  );
}
