'use client';

import { useTranslations } from 'next-intl';
import { useCallback } from 'react';

/**
 * The API names reasons by i18n key (`channels.errors.tokenExpired`); an unknown key (a newer server)
 * falls back to a generic sentence with the stable code, never to raw English from the provider.
 */
export function useReason() {
  const t = useTranslations();
  return useCallback(
    (reasonKey: string | null | undefined, code?: string | null): string => {
      if (reasonKey && t.has(reasonKey)) return t(reasonKey);
      return t('channels.errors.fallback', { code: code || reasonKey || '—' });
    },
    [t],
  );
}
