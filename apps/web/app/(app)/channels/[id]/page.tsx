import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { cache } from 'react';
import { ChannelDetail } from '@/features/channels/channel-detail';
import type { Channel } from '@/features/channels/types';
import { LoadError } from '@/features/settings/load-error';
import { PageContainer } from '@/features/shell/page-header';
import { serverApi } from '@/lib/server-api';

const getChannel = cache((id: string) => serverApi<Channel>(`/channels/${encodeURIComponent(id)}`));

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const result = await getChannel((await params).id);
  return { title: result.ok ? result.data.name : (await getTranslations('shell.nav'))('channels') };
}

export default async function ChannelPage({ params }: Props) {
  const result = await getChannel((await params).id);
  if (!result.ok) {
    // Another tenant's id, a deleted channel or a malformed id: all "not here".
    if ([400, 404, 422].includes(result.status)) notFound();
    return (
      <PageContainer>
        <LoadError status={result.status} problem={result.problem} />
      </PageContainer>
    );
  }
  return <ChannelDetail initialData={result.data} />;
}
