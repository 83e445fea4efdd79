import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { getMe } from '@/features/auth/queries';
import { CreateTenantDialog } from '@/features/settings/create-tenant-dialog';
import { LoadError } from '@/features/settings/load-error';
import { NoAccess } from '@/features/settings/no-access';
import { SectionHeader } from '@/features/settings/section-header';
import { TenantsTable } from '@/features/settings/tenants-table';
import { serverApi } from '@/lib/server-api';
import type { Page, TenantRow } from '@/lib/types';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('settings.nav'))('tenants') };
}

export default async function TenantsPage() {
  const me = await getMe();
  const t = await getTranslations('settings.tenants');
  if (!me.user.isSuperAdmin) {
    return (
      <div className="grid gap-6">
        <SectionHeader title={t('title')} description={t('description')} />
        <NoAccess needed="SUPER_ADMIN" />
      </div>
    );
  }
  const result = await serverApi<Page<TenantRow>>('/tenants?limit=200');
  return (
    <div className="grid gap-6">
      <SectionHeader title={t('title')} description={t('description')} actions={<CreateTenantDialog />} />
      {result.ok ? (
        <TenantsTable initialData={result.data} />
      ) : (
        <LoadError status={result.status} problem={result.problem} />
      )}
    </div>
  );
}
