// Holidays (feriados): closed dates of a tenant, and Brazil's national holidays. Browser-safe: zod only.

import { z } from 'zod';

/** At most this many closed dates per tenant (a few years of national and local holidays). */
export const HOLIDAYS_MAX = 100;

/** A closed day, read in the tenant's time zone: the workspace and every department are closed all day. */
export const holidaySchema = z.object({
  /** `YYYY-MM-DD`, a real calendar date. */
  date: z.iso.date(),
  name: z.string().trim().min(1).max(80),
});
export type Holiday = z.infer<typeof holidaySchema>;

/** A tenant's closed dates: unique dates (a repeated one is flagged on its `date`), sorted on the way out. */
export const holidaysSchema = z
  .array(holidaySchema)
  .max(HOLIDAYS_MAX)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((h, i) => {
      if (seen.has(h.date))
        ctx.addIssue({ code: 'custom', message: 'Repeated date', path: [i, 'date'], input: h.date });
      seen.add(h.date);
    });
  })
  .transform((list) => [...list].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)));

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/** The calendar date (`YYYY-MM-DD`) of an instant in a time zone. */
export function localDate(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The holiday on a calendar date, if any. */
export const holidayOn = (holidays: readonly Holiday[] | null | undefined, date: string) =>
  holidays?.find((h) => h.date === date) ?? null;

/** Easter Sunday of a Gregorian year (`YYYY-MM-DD`), by the anonymous Gregorian (Meeus/Jones/Butcher) algorithm. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

/** `YYYY-MM-DD` plus `days` (UTC arithmetic on a calendar date: no time zone involved). */
function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return iso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Stable keys of the national holidays (UI messages `inboxSettings.holidays.national.<key>`). */
export const brazilNationalHolidayKeys = [
  'newYear',
  'carnivalMonday',
  'carnivalTuesday',
  'goodFriday',
  'tiradentes',
  'labourDay',
  'corpusChristi',
  'independence',
  'aparecida',
  'allSouls',
  'republic',
  'blackConsciousness',
  'christmas',
] as const;
export type BrazilNationalHolidayKey = (typeof brazilNationalHolidayKeys)[number];

/**
 * Brazil's national holidays of a year, by date, with their pt-BR names: the fixed ones (Lei
 * 662/1949, 6.802/1980, 14.759/2023) and those that move with Easter. Carnaval and Corpus Christi are
 * "pontos facultativos" federally but closed days for most businesses, so they are included.
 */
export function brazilNationalHolidays(
  year: number,
): { date: string; key: BrazilNationalHolidayKey; name: string }[] {
  const easter = easterSunday(year);
  const list: { date: string; key: BrazilNationalHolidayKey; name: string }[] = [
    { date: iso(year, 1, 1), key: 'newYear', name: 'Confraternização Universal' },
    { date: addDays(easter, -48), key: 'carnivalMonday', name: 'Carnaval' },
    { date: addDays(easter, -47), key: 'carnivalTuesday', name: 'Carnaval' },
    { date: addDays(easter, -2), key: 'goodFriday', name: 'Sexta-feira Santa' },
    { date: iso(year, 4, 21), key: 'tiradentes', name: 'Tiradentes' },
    { date: iso(year, 5, 1), key: 'labourDay', name: 'Dia do Trabalho' },
    { date: addDays(easter, 60), key: 'corpusChristi', name: 'Corpus Christi' },
    { date: iso(year, 9, 7), key: 'independence', name: 'Independência do Brasil' },
    { date: iso(year, 10, 12), key: 'aparecida', name: 'Nossa Senhora Aparecida' },
    { date: iso(year, 11, 2), key: 'allSouls', name: 'Finados' },
    { date: iso(year, 11, 15), key: 'republic', name: 'Proclamação da República' },
    {
      date: iso(year, 11, 20),
      key: 'blackConsciousness',
      name: 'Dia Nacional de Zumbi e da Consciência Negra',
    },
    { date: iso(year, 12, 25), key: 'christmas', name: 'Natal' },
  ];
  return list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * `holidays` plus `extra`, one entry per date (an existing entry keeps its name), sorted by date.
 * Used to add the national holidays of a year without duplicating dates already listed.
 */
export function mergeHolidays(holidays: readonly Holiday[], extra: readonly Holiday[]): Holiday[] {
  const byDate = new Map<string, Holiday>();
  for (const h of [...holidays, ...extra]) if (!byDate.has(h.date)) byDate.set(h.date, h);
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
