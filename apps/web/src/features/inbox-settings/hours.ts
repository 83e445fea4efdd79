import { type BusinessHours, weekdays } from '@conversa/shared';

export type Weekday = (typeof weekdays)[number];
export type Interval = [string, string];

/** `{}` (no day with intervals) means "no hours of its own": always open, or the workspace's hours. */
export const hasHours = (hours: BusinessHours) => weekdays.some((d) => (hours[d]?.length ?? 0) > 0);

/** Only the days that are open, in weekday order (what the API stores). */
export function compactHours(hours: BusinessHours): BusinessHours {
  const out: BusinessHours = {};
  for (const day of weekdays) {
    const intervals = hours[day];
    if (intervals && intervals.length > 0) out[day] = intervals.map(([a, b]) => [a, b] as Interval);
  }
  return out;
}

export const sameHours = (a: BusinessHours, b: BusinessHours) =>
  JSON.stringify(compactHours(a)) === JSON.stringify(compactHours(b));

const workdays: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const allDays: Weekday[] = [...weekdays];
const fill = (days: Weekday[], intervals: Interval[]): BusinessHours =>
  Object.fromEntries(days.map((d) => [d, intervals.map(([a, b]) => [a, b] as Interval)]));

export const presets = {
  weekdays: () => fill(workdays, [['08:00', '18:00']]),
  weekdaysLunch: () =>
    fill(workdays, [
      ['08:00', '12:00'],
      ['13:00', '18:00'],
    ]),
  weekdaysSaturday: () => ({
    ...fill(workdays, [['08:00', '18:00']]),
    sat: [['08:00', '12:00']] as Interval[],
  }),
  everyDay: () => fill(allDays, [['08:00', '22:00']]),
} satisfies Record<string, () => BusinessHours>;
export type PresetKey = keyof typeof presets;

/** Monday's intervals on Tuesday to Friday (closed Monday closes them). */
export function copyMondayToWeekdays(hours: BusinessHours): BusinessHours {
  const monday = hours.mon ?? [];
  const next: BusinessHours = { ...hours };
  for (const day of workdays.slice(1)) {
    if (monday.length) next[day] = monday.map(([a, b]) => [a, b] as Interval);
    else delete next[day];
  }
  return next;
}

const toMinutes = (hhmm: string) => {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
};
export const fromMinutes = (minutes: number) => {
  const m = Math.max(0, Math.min(23 * 60 + 59, minutes));
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/** Moves a time by `delta` minutes, snapping to the step (arrow keys in a time field). */
export function stepTime(hhmm: string, delta: number): string | null {
  const minutes = toMinutes(hhmm);
  if (minutes === null) return null;
  const step = Math.abs(delta);
  const snapped =
    delta > 0 ? Math.floor(minutes / step) * step + step : Math.ceil(minutes / step) * step - step;
  return fromMinutes(snapped);
}

/**
 * What a person typed as a 24-hour time: `8`, `8h`, `830`, `0830`, `8:30`, `8h30`, `08.30` → `08:30`.
 * Null when it cannot be read as one.
 */
export function normalizeTime(raw: string): string | null {
  const s = raw.trim().toLowerCase().replace(/\s+/g, '');
  if (!s) return null;
  let h: number;
  let m: number;
  const sep = /^(\d{1,2})[:h.](\d{0,2})$/.exec(s);
  if (sep) {
    h = Number(sep[1]);
    m = sep[2] ? Number(sep[2].padEnd(2, '0')) : 0;
  } else if (/^\d{1,2}$/.test(s)) {
    h = Number(s);
    m = 0;
  } else if (/^\d{3,4}$/.test(s)) {
    h = Number(s.slice(0, -2));
    m = Number(s.slice(-2));
  } else return null;
  if (h > 23 || m > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** A sensible next interval after the day's last one (one hour later, one hour long). */
export function nextInterval(intervals: Interval[]): Interval {
  const last = intervals.at(-1);
  if (!last) return ['08:00', '18:00'];
  const end = toMinutes(last[1]) ?? 12 * 60;
  const start = Math.min(end + 60, 22 * 60);
  return [fromMinutes(start), fromMinutes(Math.min(start + 60, 23 * 60 + 59))];
}

/**
 * Groups consecutive days with the same intervals: `[{ days: ['mon','fri'], intervals }]`, for a
 * one-line summary such as "Seg–Sex 08:00–18:00 · Sáb 08:00–12:00".
 */
export function summarizeHours(
  hours: BusinessHours,
): { from: Weekday; to: Weekday; intervals: Interval[] }[] {
  const groups: { from: Weekday; to: Weekday; intervals: Interval[]; key: string }[] = [];
  let previous: Weekday | null = null;
  for (const day of weekdays) {
    const intervals = (hours[day] ?? []) as Interval[];
    if (intervals.length === 0) {
      previous = null;
      continue;
    }
    const key = JSON.stringify(intervals);
    const last = groups.at(-1);
    if (last && previous && last.to === previous && last.key === key) last.to = day;
    else groups.push({ from: day, to: day, intervals, key });
    previous = day;
  }
  return groups.map(({ from, to, intervals }) => ({ from, to, intervals }));
}
