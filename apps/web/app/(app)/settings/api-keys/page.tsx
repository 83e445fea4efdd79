import { roleAtLeast } from '@conversa/shared';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { getMe } from '@/features/auth/queries';
import { ApiKeysTable } from '@/features/settings/api-keys-table';
import { CreateApiKeyDialog } from '@/features/settings/create-api-key-dialog';
import { LoadError } from '@/features/settings/load-error';
import { NoAccess } from '@/features/settings/no-access';
import { SectionHeader } from '@/features/settings/section-header';
import { serverApi } from '@/lib/server-api';
import type { ApiKey, Page } from '@/lib/types';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('settings.nav'))('apiKeys') };
}

export default async function ApiKeysPage() {
  const me = await getMe();
  const t = await getTranslations('settings.apiKeys');
  if (!roleAtLeast(me.role, 'ADMIN')) {
    return (
      <div className="grid gap-6">
        <SectionHeader title={t('title')} description={t('description')} />
        <NoAccess needed="ADMIN" />
      </div>
    );
  }
  const result = await serverApi<Page<ApiKey>>('/api-keys?limit=200');
  return (
    <div className="grid gap-6">
      <SectionHeader title={t('title')} description={t('description')} actions={<CreateApiKeyDialog />} />
      {result.ok ? (
        <ApiKeysTable initialData={result.data} />
      ) : (
        <LoadError status={result.status} problem={result.problem} />
      )}
    </div>
  );
}
