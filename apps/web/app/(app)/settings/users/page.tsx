import { roleAtLeast } from '@conversa/shared';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { getMe } from '@/features/auth/queries';
import { InviteUserDialog } from '@/features/settings/invite-user-dialog';
import { LoadError } from '@/features/settings/load-error';
import { NoAccess } from '@/features/settings/no-access';
import { SectionHeader } from '@/features/settings/section-header';
import { UsersTable } from '@/features/settings/users-table';
import { serverApi } from '@/lib/server-api';
import type { Member, Page } from '@/lib/types';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('settings.nav'))('users') };
}

export default async function UsersPage() {
  const me = await getMe();
  const t = await getTranslations('settings.users');
  const result = await serverApi<Page<Member>>('/users?limit=200');
  const canManage = roleAtLeast(me.role, 'ADMIN');
  return (
    <div className="grid gap-6">
      <SectionHeader
        title={t('title')}
        description={canManage ? t('description') : t('readOnly')}
        actions={canManage ? <InviteUserDialog /> : null}
      />
      {result.ok ? (
        <UsersTable initialData={result.data} />
      ) : result.status === 403 ? (
        <NoAccess needed="ADMIN" />
      ) : (
        <LoadError status={result.status} problem={result.problem} />
      )}
    </div>
  );
}
