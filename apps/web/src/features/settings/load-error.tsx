import type { Problem } from '@conversa/shared';
import { CircleAlertIcon } from 'lucide-react';
import { getTranslations } from 'next-intl/server';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';

/** A list could not be read on the server: say which status came back and what to try. */
export async function LoadError({ status, problem }: { status: number; problem: Problem | null }) {
  const t = await getTranslations();
  const code = problem?.code;
  const detail =
    code && t.has(`errors.${code}`)
      ? t(`errors.${code}`, { seconds: 60, requestId: problem?.requestId ?? '—', limit: '' })
      : t('common.errors.status', { status });
  return (
    <Alert variant="destructive">
      <CircleAlertIcon />
      <AlertTitle>{t('common.loadError.title')}</AlertTitle>
      <AlertDescription>
        <p>{detail}</p>
        <p>{t('common.loadError.hint')}</p>
      </AlertDescription>
    </Alert>
  );
}
