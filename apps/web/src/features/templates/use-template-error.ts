'use client';

import { useCallback } from 'react';
import { ApiError } from '@/lib/api-client';
import { useErrorMessage } from '@/lib/use-error-message';

// These problems carry values (Meta's words, a status) that only the API can fill in; it sends the sentence,
// already in the request's language, as the problem title.
const filledByServer = new Set(['template-provider-rejected', 'template-not-submittable']);

/** `useErrorMessage`, plus the template problems whose text the API filled in. */
export function useTemplateErrorMessage() {
  const errorMessage = useErrorMessage();
  return useCallback(
    (error: unknown) =>
      error instanceof ApiError && filledByServer.has(error.code) && error.problem?.title
        ? error.problem.title
        : errorMessage(error),
    [errorMessage],
  );
}
