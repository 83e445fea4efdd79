'use client';

import { RefreshCwIcon, ServerCrashIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';

/** A page failed to render on the server: most often the API is restarting or unreachable. */
export function PageError({ error, retry }: { error: unknown; retry: () => void }) {
  const t = useTranslations('common.pageError');
  // Next hides server error messages in production; the digest ties this screen to the server log.
  const digest =
    typeof error === 'object' && error !== null && 'digest' in error ? String(error.digest) : null;
  return (
    <div className="flex h-full min-h-[60dvh] items-center justify-center p-6" data-testid="page-error">
      <EmptyState
        icon={<ServerCrashIcon />}
        title={t('title')}
        description={
          <>
            {t('description')}
            {digest && (
              <span className="mt-2 block font-mono text-xs opacity-70">{t('reference', { digest })}</span>
            )}
          </>
        }
        action={
          <Button onClick={() => retry()} variant="outline">
            <RefreshCwIcon />
            {t('retry')}
          </Button>
        }
      />
    </div>
  );
}
