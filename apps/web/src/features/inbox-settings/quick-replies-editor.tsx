'use client';

import { MessageSquareTextIcon, PlusIcon, Trash2Icon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import { Button } from '@/components/ui/button';
import { Textarea } from '@/components/ui/textarea';
import { cn } from '@/lib/utils';
import type { FieldErrors } from './validation';

export type QuickReplyRow = { key: string; shortcut: string; text: string };
const maxReplies = 200;

let counter = 0;
export const newRowKey = () => `qr-${++counter}`;

/** The department's `/shortcut` → text answers; problems show under the row they are about. */
export function QuickRepliesEditor({
  rows,
  onChange,
  errors,
  disabled,
}: {
  rows: QuickReplyRow[];
  onChange: (rows: QuickReplyRow[]) => void;
  /** Relative to the list (`2.shortcut`, `2.text`). */
  errors: FieldErrors;
  disabled?: boolean;
}) {
  const t = useTranslations('inboxSettings.quickReplies');
  const listRef = useRef<HTMLUListElement>(null);
  const focusKey = useRef<string | null>(null);
  useEffect(() => {
    if (!focusKey.current) return;
    listRef.current?.querySelector<HTMLInputElement>(`[data-row="${focusKey.current}"] input`)?.focus();
    focusKey.current = null;
  });

  const set = (key: string, patch: Partial<QuickReplyRow>) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const add = () => {
    const key = newRowKey();
    focusKey.current = key;
    onChange([...rows, { key, shortcut: '', text: '' }]);
  };

  return (
    <div className="grid gap-2" data-testid="quick-replies">
      {rows.length === 0 ? (
        <div className="flex items-center gap-3 rounded-lg border border-dashed px-4 py-3 text-muted-foreground text-sm">
          <MessageSquareTextIcon className="size-4 shrink-0" />
          {t('empty')}
        </div>
      ) : (
        <ul ref={listRef} className="grid gap-2">
          {rows.map((row, i) => {
            const shortcutError = errors[`${i}.shortcut`];
            const textError = errors[`${i}.text`];
            return (
              <li
                key={row.key}
                data-row={row.key}
                className="grid gap-2 rounded-lg border bg-muted/20 p-2.5 sm:grid-cols-[11rem_1fr_auto]"
                data-testid="quick-reply-row"
              >
                <div className="grid min-w-0 content-start gap-1">
                  <div
                    className={cn(
                      'flex h-9 items-center rounded-md border border-input bg-transparent shadow-xs focus-within:border-ring focus-within:ring-[3px] focus-within:ring-ring/50 dark:bg-input/30',
                      shortcutError && 'border-destructive ring-destructive/20 dark:ring-destructive/40',
                    )}
                  >
                    <span className="pl-3 font-mono text-muted-foreground text-sm" aria-hidden>
                      /
                    </span>
                    <input
                      value={row.shortcut}
                      disabled={disabled}
                      // Typing the slash is natural: it is part of how agents use it, not of the name.
                      onChange={(e) =>
                        set(row.key, { shortcut: e.target.value.replace(/^\/+/, '').replace(/\s/g, '') })
                      }
                      placeholder={t('shortcutPlaceholder')}
                      aria-label={t('shortcutLabel', { n: i + 1 })}
                      aria-invalid={!!shortcutError}
                      maxLength={32}
                      autoComplete="off"
                      spellCheck={false}
                      className="h-full w-full min-w-0 bg-transparent pr-3 pl-0.5 font-mono text-sm outline-none placeholder:text-muted-foreground/70"
                      data-testid="quick-reply-shortcut"
                    />
                  </div>
                  {shortcutError && (
                    <p className="text-destructive text-xs" data-testid="quick-reply-shortcut-error">
                      {shortcutError}
                    </p>
                  )}
                </div>
                <div className="grid min-w-0 content-start gap-1">
                  <Textarea
                    value={row.text}
                    disabled={disabled}
                    onChange={(e) => set(row.key, { text: e.target.value })}
                    placeholder={t('textPlaceholder')}
                    aria-label={t('textLabel', { n: i + 1 })}
                    aria-invalid={!!textError}
                    rows={1}
                    className="min-h-9 py-1.5"
                    data-testid="quick-reply-text"
                  />
                  {textError && <p className="text-destructive text-xs">{textError}</p>}
                </div>
                {!disabled && (
                  <Button
                    type="button"
                    variant="ghost"
                    size="icon-sm"
                    className="text-muted-foreground hover:text-destructive"
                    aria-label={t('remove', { shortcut: row.shortcut || String(i + 1) })}
                    onClick={() => onChange(rows.filter((r) => r.key !== row.key))}
                  >
                    <Trash2Icon />
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {!disabled && rows.length < maxReplies && (
        <Button
          type="button"
          variant="outline"
          size="sm"
          className="w-fit"
          onClick={add}
          data-testid="quick-reply-add"
        >
          <PlusIcon />
          {t('add')}
        </Button>
      )}
    </div>
  );
}
