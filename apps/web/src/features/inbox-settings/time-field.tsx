'use client';

import { useEffect, useState } from 'react';
import { cn } from '@/lib/utils';
import { normalizeTime, stepTime } from './hours';

const complete = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * A 24-hour HH:MM box that reads the same in every browser locale (a native time input shows AM/PM
 * in English browsers). Accepts `8`, `830`, `8h30`…; ↑/↓ move 15 minutes, with Shift one hour.
 * While focused only complete times reach the parent, so half-typed values do not flash an error.
 */
export function TimeField({
  value,
  onChange,
  invalid,
  disabled,
  className,
  ...props
}: {
  value: string;
  onChange: (value: string) => void;
  invalid?: boolean;
  disabled?: boolean;
  className?: string;
} & Pick<React.ComponentProps<'input'>, 'aria-label' | 'aria-describedby' | 'id'> & {
    'data-testid'?: string;
  }) {
  const [draft, setDraft] = useState(value);
  const [focused, setFocused] = useState(false);
  useEffect(() => {
    if (!focused) setDraft(value);
  }, [value, focused]);

  const commit = () => {
    const next = normalizeTime(draft) ?? draft;
    setDraft(next);
    if (next !== value) onChange(next);
  };

  return (
    <input
      {...props}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      spellCheck={false}
      placeholder="00:00"
      maxLength={5}
      disabled={disabled}
      value={draft}
      aria-invalid={invalid || undefined}
      onFocus={(e) => {
        setFocused(true);
        e.currentTarget.select();
      }}
      onChange={(e) => {
        const next = e.target.value;
        setDraft(next);
        if (complete.test(next)) onChange(next);
      }}
      onBlur={() => {
        setFocused(false);
        commit();
      }}
      onKeyDown={(e) => {
        // Enter keeps what was typed (`8` → 08:00) instead of submitting the form with the old value.
        if (e.key === 'Enter') {
          e.preventDefault();
          commit();
          return;
        }
        if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
        const base = normalizeTime(draft);
        if (!base) return;
        e.preventDefault();
        const step = e.shiftKey ? 60 : 15;
        const next = stepTime(base, e.key === 'ArrowUp' ? step : -step);
        if (next) {
          setDraft(next);
          onChange(next);
        }
      }}
      className={cn(
        'h-8 w-[3.75rem] rounded-md border border-input bg-transparent px-1.5 text-center font-mono text-sm tabular-nums shadow-xs outline-none transition-[color,box-shadow] placeholder:text-muted-foreground/60 disabled:cursor-not-allowed disabled:opacity-60 dark:bg-input/30',
        'focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50',
        'aria-invalid:border-destructive aria-invalid:ring-destructive/20 dark:aria-invalid:ring-destructive/40',
        className,
      )}
    />
  );
}
