/** Locales the UI ships; pt-BR first (the customers are Brazilian businesses). */
export const locales = ['pt-BR', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'pt-BR';

/** next-intl's conventional cookie name; we set it ourselves because routes carry no locale prefix. */
export const localeCookie = 'NEXT_LOCALE';

export const isLocale = (value: string | undefined): value is Locale =>
  value !== undefined && (locales as readonly string[]).includes(value);

/** Used until the tenant's own time zone is known (ARCHITECTURE §4 default). */
export const defaultTimeZone = 'America/Sao_Paulo';
