import { cookies } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { defaultLocale, defaultTimeZone, isLocale, type Locale, localeCookie } from './config';

// Static imports per locale so the bundler knows every file; the shared package is the one source of messages.
const loaders: Record<Locale, () => Promise<{ default: Record<string, unknown> }>> = {
  'pt-BR': () => import('@conversa/shared/i18n/pt-BR.json'),
  en: () => import('@conversa/shared/i18n/en.json'),
};

export default getRequestConfig(async () => {
  const fromCookie = (await cookies()).get(localeCookie)?.value;
  const locale: Locale = isLocale(fromCookie) ? fromCookie : defaultLocale;
  return {
    locale,
    timeZone: defaultTimeZone,
    messages: (await loaders[locale]()).default,
  };
});
