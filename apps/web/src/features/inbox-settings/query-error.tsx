'use client';

import { CircleAlertIcon, RotateCwIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ApiError } from '@/lib/api-client';
import { useErrorMessage } from '@/lib/use-error-message';

/** A part of the screen could not be read: what came back, what to do, and a retry. */
export function QueryError({
  title,
  error,
  onRetry,
  retrying,
  testId,
}: {
  title: string;
  error: unknown;
  onRetry: () => void;
  retrying: boolean;
  testId: string;
}) {
  const t = useTranslations('inboxSettings.loadError');
  const errorMessage = useErrorMessage();
  // 404: this server has no such route yet (an older version); nothing the person can fix by retrying.
  const missing = error instanceof ApiError && error.status === 404;
  return (
    <Alert variant="destructive" data-testid={testId}>
      <CircleAlertIcon />
      <AlertTitle>{title}</AlertTitle>
      <AlertDescription>
        <p>{missing ? t('notAvailable') : errorMessage(error)}</p>
        <p>{missing ? t('notAvailableHint') : t('hint')}</p>
        <Button variant="outline" size="sm" className="mt-2" onClick={onRetry} disabled={retrying}>
          <RotateCwIcon className={retrying ? 'animate-spin' : undefined} />
          {t('retry')}
        </Button>
      </AlertDescription>
    </Alert>
  );
}
