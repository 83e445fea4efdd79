import { describe, expect, it } from 'vitest';
import {
  brazilNationalHolidays,
  easterSunday,
  HOLIDAYS_MAX,
  holidaysSchema,
  localDate,
  mergeHolidays,
} from './holidays.ts';

describe('easterSunday', () => {
  it.each([
    [1943, '1943-04-25'], // latest possible
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'], // earliest possible
  ])('%i → %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });
});

describe('brazilNationalHolidays', () => {
  it('lists the 2026 holidays by date, movable ones from Easter (April 5)', () => {
    expect(brazilNationalHolidays(2026).map((h) => [h.date, h.name])).toEqual([
      ['2026-01-01', 'Confraternização Universal'],
      ['2026-02-16', 'Carnaval'],
      ['2026-02-17', 'Carnaval'],
      ['2026-04-03', 'Sexta-feira Santa'],
      ['2026-04-21', 'Tiradentes'],
      ['2026-05-01', 'Dia do Trabalho'],
      ['2026-06-04', 'Corpus Christi'],
      ['2026-09-07', 'Independência do Brasil'],
      ['2026-10-12', 'Nossa Senhora Aparecida'],
      ['2026-11-02', 'Finados'],
      ['2026-11-15', 'Proclamação da República'],
      ['2026-11-20', 'Dia Nacional de Zumbi e da Consciência Negra'],
      ['2026-12-25', 'Natal'],
    ]);
  });

  it.each([
    [
      2025,
      {
        carnivalMonday: '2025-03-03',
        carnivalTuesday: '2025-03-04',
        goodFriday: '2025-04-18',
        corpusChristi: '2025-06-19',
      },
    ],
    [
      2027,
      {
        carnivalMonday: '2027-02-08',
        carnivalTuesday: '2027-02-09',
        goodFriday: '2027-03-26',
        corpusChristi: '2027-05-27',
      },
    ],
    // Carnaval across a leap day: Easter 2024-03-31 − 48 days.
    [
      2024,
      {
        carnivalMonday: '2024-02-12',
        carnivalTuesday: '2024-02-13',
        goodFriday: '2024-03-29',
        corpusChristi: '2024-05-30',
      },
    ],
  ])('movable holidays of %i', (year, expected) => {
    const byKey = Object.fromEntries(brazilNationalHolidays(year).map((h) => [h.key, h.date]));
    expect(byKey).toMatchObject(expected);
  });

  it('gives dates the settings schema accepts; a date with two holidays is added once', () => {
    for (const year of [2000, 2026, 2027]) {
      const merged = mergeHolidays([], brazilNationalHolidays(year));
      expect(holidaysSchema.safeParse(merged).success).toBe(true);
    }
    // 2000: Good Friday fell on Tiradentes (April 21).
    const y2000 = brazilNationalHolidays(2000).filter((h) => h.date === '2000-04-21');
    expect(y2000.map((h) => h.key)).toEqual(['goodFriday', 'tiradentes']);
    expect(mergeHolidays([], brazilNationalHolidays(2000))).toHaveLength(12);
  });
});

describe('mergeHolidays', () => {
  it('keeps the listed name of a date already there and sorts by date', () => {
    const mine = [
      { date: '2026-12-31', name: 'Véspera' },
      { date: '2026-12-25', name: 'Natal (loja fechada)' },
    ];
    const merged = mergeHolidays(mine, brazilNationalHolidays(2026));
    expect(merged).toHaveLength(14);
    expect(merged.find((h) => h.date === '2026-12-25')?.name).toBe('Natal (loja fechada)');
    expect(merged.map((h) => h.date)).toEqual([...merged.map((h) => h.date)].sort());
  });
});

describe('holidaysSchema', () => {
  it('sorts by date and trims names', () => {
    expect(
      holidaysSchema.parse([
        { date: '2026-12-25', name: ' Natal ' },
        { date: '2026-01-01', name: 'Ano novo' },
      ]),
    ).toEqual([
      { date: '2026-01-01', name: 'Ano novo' },
      { date: '2026-12-25', name: 'Natal' },
    ]);
  });

  it('flags impossible dates, repeated dates, empty and long names, and too many', () => {
    const result = holidaysSchema.safeParse([
      { date: '2026-02-30', name: 'Nope' },
      { date: '2026-13-01', name: 'Nope' },
      { date: '26-12-25', name: 'Nope' },
      { date: '2026-12-25', name: 'Natal' },
      { date: '2026-12-25', name: 'Natal de novo' },
      { date: '2026-12-31', name: '   ' },
      { date: '2026-12-30', name: 'x'.repeat(81) },
    ]);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.path.join('.'), i.code])).toEqual([
      ['0.date', 'invalid_format'],
      ['1.date', 'invalid_format'],
      ['2.date', 'invalid_format'],
      ['5.name', 'too_small'],
      ['6.name', 'too_big'],
      ['4.date', 'custom'],
    ]);
    const repeated = holidaysSchema.safeParse([
      { date: '2026-12-25', name: 'Natal' },
      { date: '2026-12-25', name: 'Natal de novo' },
    ]);
    expect(repeated.error!.issues.map((i) => [i.path.join('.'), i.code])).toEqual([['1.date', 'custom']]);
    expect(holidaysSchema.safeParse([{ date: '2028-02-29', name: 'Bissexto' }]).success).toBe(true);
    expect(holidaysSchema.safeParse([{ date: '2027-02-29', name: 'Não bissexto' }]).success).toBe(false);
    const many = Array.from({ length: HOLIDAYS_MAX + 1 }, (_, i) => ({
      date: localDate(new Date(Date.UTC(2026, 0, 1 + i)), 'UTC'),
      name: `Dia ${i}`,
    }));
    expect(holidaysSchema.safeParse(many).error!.issues[0]).toMatchObject({ code: 'too_big', path: [] });
    expect(holidaysSchema.safeParse(many.slice(0, HOLIDAYS_MAX)).success).toBe(true);
  });
});

describe('localDate', () => {
  it('reads the calendar date in the time zone', () => {
    // 01:30 UTC on Christmas is still the 24th in São Paulo (UTC−3).
    const t = new Date('2026-12-25T01:30:00Z');
    expect(localDate(t, 'America/Sao_Paulo')).toBe('2026-12-24');
    expect(localDate(t, 'UTC')).toBe('2026-12-25');
    expect(localDate(new Date('2026-12-25T03:00:00Z'), 'America/Sao_Paulo')).toBe('2026-12-25');
  });
});
