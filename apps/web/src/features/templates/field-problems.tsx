'use client';

import type { TemplateProblem } from '@conversa/shared';
import { CircleAlertIcon, LightbulbIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useCallback } from 'react';
import { cn } from '@/lib/utils';
import type { FieldProblems } from './draft';

/** A checker finding in the screen's language (`templates.rules.*`, filled with its params). */
export function useProblemText() {
  const t = useTranslations();
  return useCallback(
    (problem: TemplateProblem) =>
      t.has(problem.messageKey) ? t(problem.messageKey, problem.params ?? {}) : problem.code,
    [t],
  );
}

/**
 * The errors and warnings of one field, right under it. Errors only once the field was touched (or a save
 * was tried), so a blank form does not open in red; warnings are hints and always show.
 */
export function FieldNotes({
  problems,
  field,
  showErrors,
  id,
  className,
}: {
  problems: FieldProblems;
  field: string | string[];
  showErrors: boolean;
  id?: string;
  className?: string;
}) {
  const text = useProblemText();
  const keys = Array.isArray(field) ? field : [field];
  const errors = showErrors ? keys.flatMap((k) => problems[k]?.errors ?? []) : [];
  const warnings = keys.flatMap((k) => problems[k]?.warnings ?? []);
  if (errors.length === 0 && warnings.length === 0) return null;
  const seen = new Set<string>();
  const once = (p: TemplateProblem) => {
    const key = `${p.code}:${JSON.stringify(p.params ?? {})}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  return (
    <ul id={id} className={cn('grid gap-1', className)} aria-live="polite">
      {errors.filter(once).map((p) => (
        <li
          key={`e-${p.code}-${JSON.stringify(p.params ?? {})}`}
          className="flex items-start gap-1.5 text-destructive text-xs"
          data-testid="field-error"
          data-code={p.code}
        >
          <CircleAlertIcon className="mt-px size-3.5 shrink-0" />
          <span>{text(p)}</span>
        </li>
      ))}
      {warnings.filter(once).map((p) => (
        <li
          key={`w-${p.code}-${JSON.stringify(p.params ?? {})}`}
          className="flex items-start gap-1.5 text-warning text-xs"
          data-testid="field-warning"
          data-code={p.code}
        >
          <LightbulbIcon className="mt-px size-3.5 shrink-0" />
          <span>{text(p)}</span>
        </li>
      ))}
    </ul>
  );
}

export const hasErrors = (problems: FieldProblems, field: string | string[]) =>
  (Array.isArray(field) ? field : [field]).some((k) => (problems[k]?.errors.length ?? 0) > 0);
