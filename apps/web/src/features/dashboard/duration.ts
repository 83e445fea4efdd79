'use client';

import { useTranslations } from 'next-intl';
import { useCallback } from 'react';

/**
 * Seconds in words, two units at most: "45 s", "2 min 30 s", "1 h 5 min", "2 d 3 h" (the units and the
 * number format come from the locale's messages, `dashboard.duration.*`).
 */
export function useDuration() {
  const t = useTranslations('dashboard.duration');
  return useCallback(
    (total: number): string => {
      const s = Math.max(0, Math.round(total));
      if (s < 60) return t('seconds', { s });
      if (s < 3600) {
        const m = Math.floor(s / 60);
        const rest = s % 60;
        return rest ? t('minutesSeconds', { m, s: rest }) : t('minutes', { m });
      }
      if (s < 86_400) {
        const minutes = Math.round(s / 60);
        const h = Math.floor(minutes / 60);
        const m = minutes % 60;
        if (h === 24) return t('days', { d: 1 });
        return m ? t('hoursMinutes', { h, m }) : t('hours', { h });
      }
      const hours = Math.round(s / 3600);
      const d = Math.floor(hours / 24);
      const h = hours % 24;
      return h ? t('daysHours', { d, h }) : t('days', { d });
    },
    [t],
  );
}
