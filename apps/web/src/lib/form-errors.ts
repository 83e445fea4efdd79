'use client';

import type { FieldProblem } from '@conversa/shared';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useCallback } from 'react';
import type { FieldValues, Path, Resolver, UseFormSetError } from 'react-hook-form';
import type { z } from 'zod';
import { ApiError } from '@/lib/api-client';

type Translate = ReturnType<typeof useTranslations<'validation'>>;

/** zod's default messages are English (STACK.md): every issue becomes a `validation.*` key instead. */
function messageFor(issue: z.core.$ZodRawIssue, t: Translate): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') {
        const min = Number(issue.minimum);
        return min <= 1 ? t('required') : t('tooShort', { min });
      }
      return t('invalid');
    case 'too_big':
      return issue.origin === 'string' ? t('tooLong', { max: Number(issue.maximum) }) : t('invalid');
    case 'invalid_format':
      return issue.format === 'email' ? t('email') : t('invalid');
    case 'invalid_type':
      return issue.input === undefined || issue.input === null || issue.input === ''
        ? t('required')
        : t('invalid');
    case 'invalid_value':
      return t('choose');
    default:
      return t('invalid');
  }
}

/** A react-hook-form resolver for a shared zod schema whose messages come out in the UI's language. */
export function useZodResolver<S extends z.ZodType<FieldValues, FieldValues>>(
  schema: S,
): Resolver<z.input<S>, unknown, z.output<S>> {
  const t = useTranslations('validation');
  return zodResolver(schema as never, {
    error: (issue) => messageFor(issue as z.core.$ZodRawIssue, t),
  }) as unknown as Resolver<z.input<S>, unknown, z.output<S>>;
}

/** The API's zod codes when a 422 names a field, in words (no English from the server reaches the screen). */
const apiCodeKeys: Record<string, 'tooShortGeneric' | 'tooLongGeneric' | 'invalid' | 'email' | 'required'> = {
  too_small: 'tooShortGeneric',
  too_big: 'tooLongGeneric',
  invalid_format: 'invalid',
  invalid_type: 'invalid',
  invalid_value: 'invalid',
  custom: 'invalid',
};

/** One field problem in the UI's language; the bound comes from zod's standard message when it has one. */
function apiFieldMessage(problem: FieldProblem, t: ReturnType<typeof useTranslations>): string {
  if (t.has(`errors.${problem.code}`))
    return t(`errors.${problem.code}`, { seconds: 60, requestId: '—', limit: '' });
  const bound = Number(problem.message.match(/[<>]=?\s*(\d+)/)?.[1]);
  if (problem.code === 'too_small' && Number.isFinite(bound)) {
    return bound <= 1 ? t('validation.required') : t('validation.tooShort', { min: bound });
  }
  if (problem.code === 'too_big' && Number.isFinite(bound)) return t('validation.tooLong', { max: bound });
  if (problem.code === 'invalid_format' && /email/i.test(`${problem.path} ${problem.message}`))
    return t('validation.email');
  return t(`validation.${apiCodeKeys[problem.code] ?? 'invalid'}`);
}

/**
 * Puts the field problems of a 422 (`errors[]: {path, message, code}`) under their fields.
 * Answers whether any was shown, so the caller can fall back to a toast for the rest.
 */
export function useApplyApiFieldErrors() {
  const t = useTranslations();
  return useCallback(
    <T extends FieldValues>(
      error: unknown,
      setError: UseFormSetError<T>,
      fields: readonly Path<T>[],
    ): boolean => {
      if (!(error instanceof ApiError) || !error.problem?.errors?.length) return false;
      let shown = false;
      for (const problem of error.problem.errors) {
        const path = problem.path
          .replace(/^\/+/, '')
          .replaceAll('/', '.')
          .replace(/^body\./, '') as Path<T>;
        if (!fields.includes(path)) continue;
        setError(path, { type: 'server', message: apiFieldMessage(problem, t) }, { shouldFocus: !shown });
        shown = true;
      }
      return shown;
    },
    [t],
  );
}
