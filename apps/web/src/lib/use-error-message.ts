'use client';

import { useTranslations } from 'next-intl';
import { useCallback } from 'react';
import { ApiError } from '@/lib/api-client';

/**
 * Turns any thrown error into a sentence for the screen: API problems by their stable `code`
 * (`errors.<code>`), network failures and unknown codes with a hint of what to do.
 */
export function useErrorMessage() {
  const t = useTranslations();
  return useCallback(
    (error: unknown): string => {
      if (!(error instanceof ApiError)) return t('common.errors.unexpected');
      if (error.status === 0) return t('common.errors.network');
      const code = error.problem?.code;
      const values = {
        seconds: error.retryAfter ?? 60,
        requestId: error.problem?.requestId ?? '—',
        limit: '',
      };
      if (code && t.has(`errors.${code}`)) return t(`errors.${code}`, values);
      if (error.status >= 500) return t('errors.internal', values);
      return t('common.errors.status', { status: error.status });
    },
    [t],
  );
}
