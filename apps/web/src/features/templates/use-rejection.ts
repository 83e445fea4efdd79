'use client';

import { useTranslations } from 'next-intl';
import { useCallback } from 'react';

/** Meta's `rejected_reason` values we explain; anything else gets the generic text and shows the code. */
export const knownRejections = [
  'ABUSIVE_CONTENT',
  'CATEGORY_NOT_AVAILABLE',
  'INCORRECT_CATEGORY',
  'INVALID_FORMAT',
  'PROMOTIONAL',
  'SCAM',
  'TAG_CONTENT_MISMATCH',
  'NONE',
] as const;

export type Rejection = { title: string; fix: string; code: string | null; known: boolean };

/**
 * A rejection reason as Meta words it, turned into what happened and what to do about it. A pause or a
 * disable is about quality (customers blocking or reporting), whatever code Meta sends with it.
 */
export function useRejection() {
  const t = useTranslations('templates');
  return useCallback(
    (reason: string | null | undefined, status?: string): Rejection => {
      const code = reason?.trim() || null;
      if (status === 'PAUSED' || status === 'DISABLED') {
        return { title: t(`quality.${status}.title`), fix: t(`quality.${status}.fix`), code, known: false };
      }
      const key = code?.toUpperCase().replace(/[\s-]+/g, '_');
      if (key && (knownRejections as readonly string[]).includes(key)) {
        return { title: t(`rejection.${key}.title`), fix: t(`rejection.${key}.fix`), code, known: true };
      }
      return { title: t('rejection.other.title'), fix: t('rejection.other.fix'), code, known: false };
    },
    [t],
  );
}
