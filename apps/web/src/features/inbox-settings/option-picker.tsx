'use client';

import { CheckIcon, SearchIcon, XIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useId, useMemo, useRef, useState } from 'react';
import { Skeleton } from '@/components/ui/skeleton';
import { cn } from '@/lib/utils';

export type PickerOption = {
  id: string;
  label: string;
  /** Matched by the search too (e-mail, phone number). */
  description?: string;
  leading?: React.ReactNode;
  trailing?: React.ReactNode;
};

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/**
 * A searchable multi-select that stays open (it lives in a form, not a popover): the chosen ones as
 * removable chips, a search box (↓ goes into the list) and a list of checkboxes (↑/↓ move, Space toggles).
 */
export function OptionPicker({
  label,
  options,
  value,
  onChange,
  searchPlaceholder,
  emptyText,
  loading,
  problem,
  disabled,
  testId,
}: {
  label: string;
  options: PickerOption[];
  value: string[];
  onChange: (value: string[]) => void;
  searchPlaceholder: string;
  emptyText: string;
  loading?: boolean;
  /** Shown instead of the list when the options could not be read. */
  problem?: React.ReactNode;
  disabled?: boolean;
  testId: string;
}) {
  const t = useTranslations('inboxSettings.picker');
  const id = useId();
  const [query, setQuery] = useState('');
  const listRef = useRef<HTMLFieldSetElement>(null);
  const selected = new Set(value);
  const byId = useMemo(() => new Map(options.map((o) => [o.id, o])), [options]);
  const q = fold(query.trim());
  const visible = q ? options.filter((o) => fold(`${o.label} ${o.description ?? ''}`).includes(q)) : options;

  const toggle = (optionId: string) =>
    onChange(selected.has(optionId) ? value.filter((v) => v !== optionId) : [...value, optionId]);

  const boxes = () => [
    ...(listRef.current?.querySelectorAll<HTMLInputElement>('input[type=checkbox]') ?? []),
  ];
  const onListKeyDown = (event: React.KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const all = boxes();
    const at = all.indexOf(document.activeElement as HTMLInputElement);
    const next = event.key === 'ArrowDown' ? Math.min(all.length - 1, at + 1) : at - 1;
    if (next < 0) document.getElementById(`${id}-search`)?.focus();
    else all[next]?.focus();
  };

  return (
    <div className="grid gap-2" data-testid={testId}>
      {value.length > 0 && (
        <ul className="flex flex-wrap gap-1.5" aria-label={t('chosen', { label })}>
          {value.map((v) => {
            const option = byId.get(v);
            return (
              <li
                key={v}
                className="inline-flex h-7 items-center gap-1.5 rounded-md border bg-secondary/60 pr-1 pl-1.5 text-xs"
                data-testid={`${testId}-chip`}
              >
                {option?.leading}
                <span className="max-w-48 truncate">{option?.label ?? t('unknown')}</span>
                {!disabled && (
                  <button
                    type="button"
                    className="flex size-5 items-center justify-center rounded text-muted-foreground outline-none hover:bg-accent hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring/50"
                    aria-label={t('remove', { name: option?.label ?? '' })}
                    onClick={() => toggle(v)}
                  >
                    <XIcon className="size-3" />
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {!disabled && (
        <div className="overflow-hidden rounded-lg border">
          <div className="relative border-b">
            <SearchIcon className="-translate-y-1/2 pointer-events-none absolute top-1/2 left-3 size-4 text-muted-foreground" />
            <input
              id={`${id}-search`}
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'ArrowDown') {
                  e.preventDefault();
                  boxes()[0]?.focus();
                }
                // Enter in the search picks the only match instead of submitting the form.
                if (e.key === 'Enter') {
                  e.preventDefault();
                  if (visible.length === 1 && visible[0]) toggle(visible[0].id);
                }
              }}
              placeholder={searchPlaceholder}
              aria-label={searchPlaceholder}
              autoComplete="off"
              className="h-9 w-full bg-transparent pr-3 pl-9 text-sm outline-none placeholder:text-muted-foreground focus-visible:bg-accent/30"
              data-testid={`${testId}-search`}
            />
          </div>
          <fieldset ref={listRef} className="max-h-56 overflow-y-auto p-1" onKeyDown={onListKeyDown}>
            <legend className="sr-only">{label}</legend>
            {problem ? (
              <div className="px-3 py-4 text-sm">{problem}</div>
            ) : loading ? (
              <div className="grid gap-1 p-1">
                {[0, 1, 2].map((i) => (
                  <Skeleton key={i} className="h-9" />
                ))}
              </div>
            ) : visible.length === 0 ? (
              <p className="px-3 py-4 text-center text-muted-foreground text-sm">
                {q ? t('noMatch', { query: query.trim() }) : emptyText}
              </p>
            ) : (
              visible.map((option) => {
                const checked = selected.has(option.id);
                return (
                  <label
                    key={option.id}
                    className={cn(
                      'flex w-full cursor-pointer items-center gap-3 rounded-md px-2 py-1.5 text-left text-sm transition-colors',
                      'hover:bg-accent has-[:focus-visible]:bg-accent has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring/40',
                    )}
                    data-testid={`${testId}-option`}
                  >
                    <input
                      type="checkbox"
                      className="sr-only"
                      checked={checked}
                      onChange={() => toggle(option.id)}
                      onKeyDown={(e) => {
                        // Enter toggles too, instead of submitting the form.
                        if (e.key === 'Enter') {
                          e.preventDefault();
                          toggle(option.id);
                        }
                      }}
                    />
                    <span
                      className={cn(
                        'flex size-4 shrink-0 items-center justify-center rounded-[4px] border transition-colors',
                        checked ? 'border-primary bg-primary text-primary-foreground' : 'border-input',
                      )}
                      aria-hidden
                    >
                      {checked && <CheckIcon className="size-3" strokeWidth={3} />}
                    </span>
                    {option.leading}
                    <span className="grid min-w-0 flex-1">
                      <span className="truncate">{option.label}</span>
                      {option.description && (
                        <span className="truncate text-muted-foreground text-xs">{option.description}</span>
                      )}
                    </span>
                    {option.trailing}
                  </label>
                );
              })
            )}
          </fieldset>
        </div>
      )}
    </div>
  );
}
