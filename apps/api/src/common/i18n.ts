import en from '@conversa/shared/i18n/en.json' with { type: 'json' };
import ptBR from '@conversa/shared/i18n/pt-BR.json' with { type: 'json' };

export type Locale = 'pt-BR' | 'en';
const catalogs: Record<Locale, { errors: Record<string, string> }> = { 'pt-BR': ptBR, en };

/** A parameter that names a message (`channels.errors.tokenExpired`) is shown as that message. */
function resolveKey(locale: Locale, value: string | number): string {
  if (typeof value !== 'string' || !/^[a-z][\w-]*(\.[\w-]+)+$/i.test(value)) return String(value);
  let node: unknown = catalogs[locale];
  for (const part of value.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return typeof node === 'string' ? node : value;
}

/** pt-BR unless the client prefers English (Accept-Language or the web app's NEXT_LOCALE cookie). */
export function pickLocale(acceptLanguage?: string, cookieLocale?: string): Locale {
  if (cookieLocale === 'en' || cookieLocale === 'pt-BR') return cookieLocale;
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'pt-BR';
}

export function errorTitle(
  locale: Locale,
  code: string,
  params: Record<string, string | number> = {},
): string {
  const template = catalogs[locale].errors[code] ?? catalogs[locale].errors.internal ?? code;
  return template.replace(/\{(\w+)\}/g, (_, k: string) =>
    params[k] === undefined ? `{${k}}` : resolveKey(locale, params[k]),
  );
}
