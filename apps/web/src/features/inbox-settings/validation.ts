'use client';

import { HOLIDAYS_MAX, weekdays } from '@conversa/shared';
import { useTranslations } from 'next-intl';
import { useCallback } from 'react';
import type { z } from 'zod';
import { ApiError } from '@/lib/api-client';

/** Problems by dotted path (`businessHours.mon.0`, `quickReplies.2.shortcut`), in the UI's language. */
export type FieldErrors = Record<string, string>;

const isWeekday = (v: unknown): boolean => (weekdays as readonly unknown[]).includes(v);

/** The part of `errors` under `prefix`, with paths relative to it ('' is the prefix itself). */
export function scopeErrors(errors: FieldErrors, prefix: string): FieldErrors {
  const out: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    if (path === prefix) out[''] = message;
    else if (path.startsWith(`${prefix}.`)) out[path.slice(prefix.length + 1)] = message;
  }
  return out;
}

type Issue = z.core.$ZodIssue;

/**
 * Turns the issues of the shared schemas into sentences that say what to fix, knowing where each
 * field of the inbox settings lives (zod's own messages are English and generic).
 */
export function useIssueMessage() {
  const t = useTranslations('inboxSettings.errors');
  const tValidation = useTranslations('validation');
  return useCallback(
    (issue: Pick<Issue, 'code' | 'path'> & Partial<Issue>): string => {
      const path = issue.path.map(String);
      const last = path.at(-1) ?? '';
      const top = path[0] ?? '';
      if (top === 'businessHours') {
        // businessHours.<day>: too many intervals; .<day>.<i>: start after end; .<day>.<i>.<0|1>: not HH:MM.
        if (path.length === 2 && isWeekday(last)) return t('tooManyIntervals', { max: 6 });
        if (path.length === 3) return t('intervalOrder');
        if (path.length === 4) return t('timeFormat');
        return t('hoursInvalid');
      }
      if (top === 'holidays') {
        // holidays: too many; holidays.<i>.date: not a calendar date, or (custom) repeated.
        if (path.length === 1) return t('tooManyHolidays', { max: HOLIDAYS_MAX });
        if (last === 'date') return issue.code === 'custom' ? t('holidayDuplicate') : t('holidayDate');
      }
      if (top === 'maxOpenPerAgent') return t('capacity', { min: 1, max: 1000 });
      if (top === 'timezone') return t('timezone');
      if (top === 'quickReplies') {
        if (last === 'shortcut')
          return issue.code === 'invalid_format' ? t('shortcutFormat') : tValidation('required');
        if (path.length === 1) return t('shortcutDuplicate');
      }
      if (issue.code === 'too_small' && issue.origin === 'string') return tValidation('required');
      if (issue.code === 'too_big' && issue.origin === 'string')
        return issue.maximum === undefined
          ? tValidation('tooLongGeneric')
          : tValidation('tooLong', { max: Number(issue.maximum) });
      return tValidation('invalid');
    },
    [t, tValidation],
  );
}

/** Field problems of a value checked against a shared schema, as the person types. */
export function useSchemaErrors() {
  const issueMessage = useIssueMessage();
  return useCallback(
    (schema: z.ZodType, value: unknown): FieldErrors => {
      const result = schema.safeParse(value);
      if (result.success) return {};
      const out: FieldErrors = {};
      for (const issue of result.error.issues) {
        const path = issue.path.map(String).join('.');
        if (!(path in out)) out[path] = issueMessage(issue);
      }
      return out;
    },
    [issueMessage],
  );
}

/** The field problems of a 422 from the API (`errors[]: {path, code}`), keyed like `useSchemaErrors`. */
export function useApiFieldErrors() {
  const issueMessage = useIssueMessage();
  return useCallback(
    (error: unknown): FieldErrors => {
      if (!(error instanceof ApiError)) return {};
      const out: FieldErrors = {};
      for (const problem of error.problem?.errors ?? []) {
        const parts = problem.path
          .replace(/^\/+/, '')
          .replace(/^body[./]/, '')
          .split(/[./]/)
          .filter(Boolean);
        if (parts.length === 0) continue;
        const path = parts.join('.');
        if (!(path in out))
          out[path] = issueMessage({
            code: problem.code as Issue['code'],
            path: parts,
            origin: 'string',
          } as Issue);
      }
      return out;
    },
    [issueMessage],
  );
}
