import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import type { Channel } from '@/features/channels/types';
import { LoadError } from '@/features/settings/load-error';
import { PageContainer, PageHeader } from '@/features/shell/page-header';
import { TemplateListActions, TemplatesList } from '@/features/templates/templates-list';
import type { TemplatePage, TemplateStats } from '@/features/templates/types';
import { serverApi } from '@/lib/server-api';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('shell.nav'))('templates') };
}

export default async function TemplatesPage() {
  const t = await getTranslations('templates.list');
  const [templates, stats, channels] = await Promise.all([
    serverApi<TemplatePage>('/templates?allVersions=true&limit=200'),
    serverApi<TemplateStats>('/templates/stats'),
    serverApi<{ items: Channel[] }>('/channels'),
  ]);
  const channelOptions = channels.ok
    ? channels.data.items.map((c) => ({ id: c.id, name: c.name, kind: c.kind }))
    : [];
  const hasChannel = channelOptions.some((c) => c.kind === 'cloud' || c.kind === 'sandbox');
  return (
    <PageContainer className="max-w-7xl">
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          templates.ok ? (
            <TemplateListActions
              hasChannel={hasChannel}
              hasCloud={channelOptions.some((c) => c.kind === 'cloud')}
            />
          ) : undefined
        }
      />
      <div className="mt-8">
        {templates.ok ? (
          <TemplatesList
            initialData={templates.data}
            initialStats={stats.ok ? stats.data : null}
            channels={channelOptions}
          />
        ) : (
          <LoadError status={templates.status} problem={templates.problem} />
        )}
      </div>
    </PageContainer>
  );
}
