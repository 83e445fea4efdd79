'use client';

import { type BusinessHours, weekdays } from '@conversa/shared';
import { CalendarClockIcon, CopyIcon, PlusIcon, SparklesIcon, XIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useId, useRef } from 'react';
import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { Switch } from '@/components/ui/switch';
import { cn } from '@/lib/utils';
import {
  copyMondayToWeekdays,
  type Interval,
  nextInterval,
  type PresetKey,
  presets,
  type Weekday,
} from './hours';
import { Segmented } from './segmented';
import { TimeField } from './time-field';
import type { FieldErrors } from './validation';

export type HoursMode = 'none' | 'custom';
const maxIntervals = 6;

/**
 * The weekly hours editor, for the workspace and for each department: per weekday open or closed and
 * one or more intervals, presets and "copy Monday to weekdays". `mode: 'none'` stores no hours (the
 * workspace is then always open; a department follows the workspace's hours).
 */
export function BusinessHoursEditor({
  mode,
  onModeChange,
  value,
  onChange,
  errors,
  noneLabel,
  customLabel,
  noneDescription,
  disabled,
  testId = 'hours',
}: {
  mode: HoursMode;
  onModeChange: (mode: HoursMode) => void;
  value: BusinessHours;
  onChange: (value: BusinessHours) => void;
  /** Relative to the hours (`mon.0`, `mon.0.1`, '' for the whole). */
  errors: FieldErrors;
  noneLabel: string;
  customLabel: string;
  noneDescription: React.ReactNode;
  disabled?: boolean;
  testId?: string;
}) {
  const t = useTranslations('inboxSettings.hours');
  // A day switched off and on again gets its intervals back.
  const memory = useRef<Partial<Record<Weekday, Interval[]>>>({});

  const setDay = (day: Weekday, intervals: Interval[] | null) => {
    const next: BusinessHours = { ...value };
    if (intervals && intervals.length > 0) next[day] = intervals;
    else delete next[day];
    onChange(next);
  };

  const toggleDay = (day: Weekday, open: boolean) => {
    if (!open) {
      memory.current[day] = (value[day] ?? []) as Interval[];
      setDay(day, null);
      return;
    }
    const remembered = memory.current[day];
    // Else the closest open day before it (Saturday after a Friday 08–18 opens 08–18), else 08–18.
    const before = weekdays.slice(0, weekdays.indexOf(day)).reverse();
    const template = before.map((d) => value[d]).find((v) => v && v.length > 0) as Interval[] | undefined;
    setDay(
      day,
      remembered?.length ? remembered : template ? template.map(([a, b]) => [a, b]) : [['08:00', '18:00']],
    );
  };

  const changeMode = (next: HoursMode) => {
    onModeChange(next);
    if (next === 'custom' && !weekdays.some((d) => value[d]?.length)) onChange(presets.weekdays());
  };

  return (
    <div className="grid gap-4" data-testid={testId}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Segmented
          aria-label={t('modeLabel')}
          value={mode}
          onChange={changeMode}
          disabled={disabled}
          options={[
            { value: 'none', label: noneLabel, testId: `${testId}-mode-none` },
            { value: 'custom', label: customLabel, testId: `${testId}-mode-custom` },
          ]}
        />
        {mode === 'custom' && !disabled && (
          <div className="flex flex-wrap items-center gap-2">
            <DropdownMenu>
              <DropdownMenuTrigger asChild>
                <Button type="button" variant="outline" size="sm" data-testid={`${testId}-presets`}>
                  <SparklesIcon />
                  {t('presets')}
                </Button>
              </DropdownMenuTrigger>
              <DropdownMenuContent align="end" className="w-64">
                <DropdownMenuLabel className="text-muted-foreground text-xs">
                  {t('presetsHint')}
                </DropdownMenuLabel>
                {(Object.keys(presets) as PresetKey[]).map((key) => (
                  <DropdownMenuItem
                    key={key}
                    data-testid={`${testId}-preset-${key}`}
                    onSelect={() => onChange(presets[key]())}
                  >
                    <CalendarClockIcon />
                    {t(`preset.${key}`)}
                  </DropdownMenuItem>
                ))}
              </DropdownMenuContent>
            </DropdownMenu>
            <Button
              type="button"
              variant="outline"
              size="sm"
              disabled={!value.mon?.length}
              onClick={() => onChange(copyMondayToWeekdays(value))}
              data-testid={`${testId}-copy-monday`}
            >
              <CopyIcon />
              {t('copyMonday')}
            </Button>
          </div>
        )}
      </div>

      {mode === 'none' ? (
        <p className="rounded-lg border border-dashed px-4 py-3 text-muted-foreground text-sm">
          {noneDescription}
        </p>
      ) : (
        <div className="grid gap-2">
          <div className="divide-y rounded-lg border">
            {weekdays.map((day) => (
              <DayRow
                key={day}
                day={day}
                intervals={(value[day] ?? []) as Interval[]}
                errors={errors}
                disabled={disabled}
                testId={testId}
                onToggle={(open) => toggleDay(day, open)}
                onChange={(intervals) => setDay(day, intervals)}
              />
            ))}
          </div>
          {errors[''] && (
            <p className="text-destructive text-xs" data-testid={`${testId}-error`}>
              {errors['']}
            </p>
          )}
        </div>
      )}
    </div>
  );
}

function DayRow({
  day,
  intervals,
  errors,
  disabled,
  testId,
  onToggle,
  onChange,
}: {
  day: Weekday;
  intervals: Interval[];
  errors: FieldErrors;
  disabled?: boolean;
  testId: string;
  onToggle: (open: boolean) => void;
  onChange: (intervals: Interval[]) => void;
}) {
  const t = useTranslations('inboxSettings.hours');
  const tDays = useTranslations('inboxSettings.days');
  const id = useId();
  const open = intervals.length > 0;
  const dayName = tDays(day);
  const messages = [
    ...new Set(
      Object.entries(errors)
        .filter(([path]) => path === day || path.startsWith(`${day}.`))
        .map(([, message]) => message),
    ),
  ];
  const invalid = (i: number, side: 0 | 1) => Boolean(errors[`${day}.${i}`] || errors[`${day}.${i}.${side}`]);
  const errorId = `${id}-error`;

  const setAt = (i: number, side: 0 | 1, time: string) =>
    onChange(
      intervals.map((iv, j) => (j === i ? ((side === 0 ? [time, iv[1]] : [iv[0], time]) as Interval) : iv)),
    );

  return (
    <fieldset
      className={cn('grid gap-x-4 gap-y-2 px-3 py-2.5 sm:grid-cols-[9.5rem_1fr]', !open && 'bg-muted/20')}
      data-testid={`${testId}-day-${day}`}
      data-open={open}
      aria-describedby={messages.length ? errorId : undefined}
    >
      <legend className="sr-only">{dayName}</legend>
      <div className="flex h-[2.375rem] items-center gap-3">
        <Switch
          id={`${id}-open`}
          checked={open}
          onCheckedChange={onToggle}
          disabled={disabled}
          aria-label={t('openOn', { day: dayName })}
          data-testid={`${testId}-toggle-${day}`}
        />
        <label htmlFor={`${id}-open`} className={cn('font-medium text-sm', !open && 'text-muted-foreground')}>
          {dayName}
        </label>
      </div>
      <div className="grid gap-1.5">
        {open ? (
          <div className="flex flex-wrap items-center gap-2">
            {intervals.map(([start, end], i) => (
              <div
                // biome-ignore lint/suspicious/noArrayIndexKey: intervals have no identity besides their place.
                key={i}
                className="inline-flex h-[2.375rem] items-center gap-1 rounded-lg border bg-muted/30 p-[2px]"
                data-testid={`${testId}-interval-${day}-${i}`}
              >
                <TimeField
                  value={start}
                  onChange={(v) => setAt(i, 0, v)}
                  invalid={invalid(i, 0)}
                  disabled={disabled}
                  aria-label={t('start', { day: dayName, n: i + 1 })}
                  aria-describedby={messages.length ? errorId : undefined}
                  data-testid={`${testId}-${day}-${i}-start`}
                />
                <span className="text-muted-foreground text-xs" aria-hidden>
                  –
                </span>
                <TimeField
                  value={end}
                  onChange={(v) => setAt(i, 1, v)}
                  invalid={invalid(i, 1)}
                  disabled={disabled}
                  aria-label={t('end', { day: dayName, n: i + 1 })}
                  aria-describedby={messages.length ? errorId : undefined}
                  data-testid={`${testId}-${day}-${i}-end`}
                />
                {!disabled && intervals.length > 1 && (
                  <Button
                    type="button"
                    variant="ghost"
                    size="icon-xs"
                    className="size-6 text-muted-foreground"
                    aria-label={t('removeInterval', { day: dayName, n: i + 1 })}
                    onClick={() => onChange(intervals.filter((_, j) => j !== i))}
                  >
                    <XIcon className="size-3.5" />
                  </Button>
                )}
              </div>
            ))}
            {!disabled && intervals.length < maxIntervals && (
              <Button
                type="button"
                variant="ghost"
                size="sm"
                className="h-8 text-muted-foreground"
                aria-label={t('addInterval', { day: dayName })}
                onClick={() => onChange([...intervals, nextInterval(intervals)])}
                data-testid={`${testId}-add-${day}`}
              >
                <PlusIcon />
                <span className="hidden md:inline">{t('interval')}</span>
              </Button>
            )}
          </div>
        ) : (
          <span className="flex h-[2.375rem] items-center text-muted-foreground text-sm">{t('closed')}</span>
        )}
        {messages.length > 0 && (
          <p id={errorId} className="text-destructive text-xs" data-testid={`${testId}-error-${day}`}>
            {messages.join(' ')}
          </p>
        )}
      </div>
    </fieldset>
  );
}
