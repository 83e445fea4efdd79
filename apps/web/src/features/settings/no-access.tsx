import { LockIcon } from 'lucide-react';
import { getTranslations } from 'next-intl/server';
import { EmptyState } from '@/components/ui/empty-state';

/** Shown instead of a screen the person's role cannot use (the API would answer 403 anyway). */
export async function NoAccess({ needed }: { needed: 'ADMIN' | 'SUPER_ADMIN' }) {
  const t = await getTranslations('settings.noAccess');
  return (
    <div className="rounded-xl border border-dashed">
      <EmptyState
        data-testid="no-access"
        icon={<LockIcon />}
        title={t('title')}
        description={needed === 'SUPER_ADMIN' ? t('superAdmin') : t('admin')}
      />
    </div>
  );
}
