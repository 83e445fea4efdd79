'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useCallback } from 'react';

/** Absolute dates (in the tenant's time zone, set by the app layout): stable between server and browser renders. */
export function useDateTime() {
  const format = useFormatter();
  const t = useTranslations('common');
  return useCallback(
    (value: string | null | undefined, fallback?: string) => {
      if (!value) return fallback ?? t('never');
      const date = new Date(value);
      if (Number.isNaN(date.getTime())) return '—';
      return format.dateTime(date, {
        day: '2-digit',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      });
    },
    [format, t],
  );
}
