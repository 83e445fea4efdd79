import { roleAtLeast } from '@conversa/shared';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { getMe } from '@/features/auth/queries';
import { AuditLogTable } from '@/features/settings/audit-log-table';
import { LoadError } from '@/features/settings/load-error';
import { NoAccess } from '@/features/settings/no-access';
import { SectionHeader } from '@/features/settings/section-header';
import { serverApi } from '@/lib/server-api';
import type { AuditLogEntry, Page } from '@/lib/types';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('settings.nav'))('auditLog') };
}

export default async function AuditLogPage() {
  const me = await getMe();
  const t = await getTranslations('settings.auditLog');
  const header = <SectionHeader title={t('title')} description={t('description')} />;
  if (!roleAtLeast(me.role, 'ADMIN')) {
    return (
      <div className="grid gap-6">
        {header}
        <NoAccess needed="ADMIN" />
      </div>
    );
  }
  const result = await serverApi<Page<AuditLogEntry>>('/audit-logs?limit=50');
  return (
    <div className="grid gap-6">
      {header}
      {result.ok ? (
        <AuditLogTable initialData={result.data} />
      ) : result.status === 403 ? (
        <NoAccess needed="ADMIN" />
      ) : (
        <LoadError status={result.status} problem={result.problem} />
      )}
    </div>
  );
}
