import { roleAtLeast } from '@conversa/shared';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { getMe } from '@/features/auth/queries';
import { AddChannelDialog } from '@/features/channels/add-channel-dialog';
import { ChannelsList } from '@/features/channels/channels-list';
import type { Channel } from '@/features/channels/types';
import { LoadError } from '@/features/settings/load-error';
import { PageContainer, PageHeader } from '@/features/shell/page-header';
import { serverApi } from '@/lib/server-api';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('shell.nav'))('channels') };
}

export default async function ChannelsPage() {
  const me = await getMe();
  const t = await getTranslations('channels.list');
  const result = await serverApi<{ items: Channel[] }>('/channels');
  const canManage = roleAtLeast(me.role, 'ADMIN');
  return (
    <PageContainer>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={canManage && result.ok && result.data.items.length > 0 ? <AddChannelDialog /> : undefined}
      />
      <div className="mt-8">
        {result.ok ? (
          <ChannelsList initialData={result.data} />
        ) : (
          <LoadError status={result.status} problem={result.problem} />
        )}
      </div>
    </PageContainer>
  );
}
