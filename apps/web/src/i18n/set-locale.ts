import { type Locale, localeCookie } from './config';

/** Remembers the language for a year; the caller refreshes so that server components render in it. */
export function setLocaleCookie(locale: Locale) {
  // biome-ignore lint/suspicious/noDocumentCookie: a plain cookie is what next-intl's request config reads.
  document.cookie = `${localeCookie}=${encodeURIComponent(locale)}; path=/; max-age=31536000; samesite=lax`;
}

/** Each language's own name, shown the same in every UI language. */
export const localeNames: Record<Locale, string> = { 'pt-BR': 'Português (Brasil)', en: 'English' };
