'use client';

import { GlobeIcon } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useTransition } from 'react';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { isLocale, locales } from '@/i18n/config';
import { localeNames, setLocaleCookie } from '@/i18n/set-locale';

/** Before signing in there is no user menu, so the language is picked here. */
export function LoginLocaleSelect() {
  const t = useTranslations('shell.userMenu');
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Select
      value={locale}
      disabled={pending}
      onValueChange={(value) => {
        if (!isLocale(value)) return;
        setLocaleCookie(value);
        startTransition(() => router.refresh());
      }}
    >
      <SelectTrigger
        size="sm"
        aria-label={t('language')}
        className="border-none bg-transparent shadow-none dark:bg-transparent"
      >
        <GlobeIcon />
        <SelectValue />
      </SelectTrigger>
      <SelectContent align="end">
        {locales.map((l) => (
          <SelectItem key={l} value={l}>
            {localeNames[l]}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
