import { ArrowLeftIcon, CompassIcon } from 'lucide-react';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';

export default async function NotFound() {
  const t = await getTranslations('common.notFound');
  return (
    <div className="flex min-h-dvh items-center justify-center p-6">
      <EmptyState
        icon={<CompassIcon />}
        title={t('title')}
        description={t('description')}
        action={
          <Button asChild variant="outline">
            <Link href="/">
              <ArrowLeftIcon />
              {t('back')}
            </Link>
          </Button>
        }
      />
    </div>
  );
}
