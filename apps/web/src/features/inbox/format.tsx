'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { type ReactNode, useCallback, useMemo } from 'react';

const formatRules: { pattern: RegExp; wrap: (children: ReactNode, key: string) => ReactNode }[] = [
  {
    pattern: /```([^`]+)```/,
    wrap: (c, k) => (
      <code key={k} className="font-mono text-[0.92em]">
        {c}
      </code>
    ),
  },
  {
    pattern: /\*([^*\n]+)\*/,
    wrap: (c, k) => (
      <strong key={k} className="font-semibold">
        {c}
      </strong>
    ),
  },
  { pattern: /_([^_\n]+)_/, wrap: (c, k) => <em key={k}>{c}</em> },
  { pattern: /~([^~\n]+)~/, wrap: (c, k) => <s key={k}>{c}</s> },
  {
    pattern: /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)]/,
    wrap: (c, k) => (
      <a
        key={k}
        href={String(c)}
        target="_blank"
        rel="noopener noreferrer nofollow"
        className="text-sky-600 underline-offset-2 hover:underline dark:text-sky-400"
      >
        {c}
      </a>
    ),
  },
];

/** WhatsApp's own markup (*bold*, _italic_, ~strike~, ```mono```) and links, as the phone shows them. */
export function whatsappText(text: string, key = 'f'): ReactNode[] {
  let best: { index: number; match: RegExpExecArray; rule: (typeof formatRules)[number] } | null = null;
  for (const rule of formatRules) {
    const match = rule.pattern.exec(text);
    if (match && (best === null || match.index < best.index)) best = { index: match.index, match, rule };
  }
  if (!best) return text ? [text] : [];
  const before = text.slice(0, best.index);
  const after = text.slice(best.index + best.match[0].length);
  const inner = best.rule.pattern.source.startsWith('\\bhttps') ? best.match[0] : (best.match[1] ?? '');
  return [
    ...(before ? [before] : []),
    best.rule.wrap(
      best.rule.pattern.source.startsWith('\\bhttps') ? inner : whatsappText(inner, `${key}i`),
      `${key}-${best.index}`,
    ),
    ...whatsappText(after, `${key}a`),
  ];
}

// One formatter per time zone: toLocaleDateString builds a new Intl formatter on every call, which
// cost a whole frame per scroll step in a list of 26 visible rows (bench/inbox-scroll.mjs).
const dayFormatters = new Map<string, Intl.DateTimeFormat>();
function dayFormatter(timeZone: string) {
  let f = dayFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, f);
  }
  return f;
}

/** `2026-11-26`: the calendar day of a moment in the tenant's time zone. */
export const dayKey = (value: string | Date, timeZone: string) =>
  dayFormatter(timeZone).format(typeof value === 'string' ? new Date(value) : value);

const sameDay = (a: Date, b: Date, timeZone: string) => dayKey(a, timeZone) === dayKey(b, timeZone);

/** List times as WhatsApp shows them: 14:05 today, "Ontem", the weekday this week, else the date. */
export function useListTime(timeZone: string) {
  const format = useFormatter();
  const t = useTranslations('inbox.time');
  // Labels only change with `now` (the list's clock ticks once a minute): remember them per tick, so
  // scrolling a long list formats each row once, not on every frame.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new locale or zone starts a new cache
  const cache = useMemo(() => ({ now: 0, labels: new Map<string, string>() }), [format, t, timeZone]);
  return useCallback(
    (value: string | null | undefined, now: Date) => {
      if (!value) return '';
      if (cache.now !== now.getTime()) {
        cache.now = now.getTime();
        cache.labels.clear();
      }
      const known = cache.labels.get(value);
      if (known !== undefined) return known;
      const date = new Date(value);
      let label = '';
      if (Number.isNaN(date.getTime())) label = '';
      else if (sameDay(date, now, timeZone))
        label = format.dateTime(date, { hour: '2-digit', minute: '2-digit' });
      else if (sameDay(date, new Date(now.getTime() - 86_400_000), timeZone)) label = t('yesterday');
      else if (now.getTime() - date.getTime() < 6 * 86_400_000)
        label = format.dateTime(date, { weekday: 'short' });
      else label = format.dateTime(date, { day: '2-digit', month: '2-digit', year: '2-digit' });
      cache.labels.set(value, label);
      return label;
    },
    [cache, format, t, timeZone],
  );
}

/** Day separators in the chat: "Hoje", "Ontem", or the full date. */
export function useDayLabel(timeZone: string) {
  const format = useFormatter();
  const t = useTranslations('inbox.time');
  return useCallback(
    (value: string, now: Date) => {
      const date = new Date(value);
      if (sameDay(date, now, timeZone)) return t('today');
      if (sameDay(date, new Date(now.getTime() - 86_400_000), timeZone)) return t('yesterday');
      return format.dateTime(date, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
    },
    [format, t, timeZone],
  );
}

const palette = [
  'bg-emerald-500/20 text-emerald-700 dark:text-emerald-300',
  'bg-sky-500/20 text-sky-700 dark:text-sky-300',
  'bg-violet-500/20 text-violet-700 dark:text-violet-300',
  'bg-amber-500/20 text-amber-700 dark:text-amber-300',
  'bg-rose-500/20 text-rose-700 dark:text-rose-300',
  'bg-teal-500/20 text-teal-700 dark:text-teal-300',
  'bg-indigo-500/20 text-indigo-700 dark:text-indigo-300',
  'bg-orange-500/20 text-orange-700 dark:text-orange-300',
];

/** A stable colour per contact, so a face is recognisable in a long list. */
export function avatarColor(seed: string) {
  let h = 0;
  for (let i = 0; i < seed.length; i++) h = (h * 31 + seed.charCodeAt(i)) | 0;
  return palette[Math.abs(h) % palette.length] as string;
}

/** `+55 11 98765-4321` for Brazilian numbers; others keep their E.164 form. */
export function displayPhone(e164: string | null | undefined) {
  if (!e164) return '';
  const m = /^\+55(\d{2})(\d{4,5})(\d{4})$/.exec(e164);
  return m ? `+55 ${m[1]} ${m[2]}-${m[3]}` : e164;
}
