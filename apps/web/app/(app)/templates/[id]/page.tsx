import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { cache } from 'react';
import type { Channel } from '@/features/channels/types';
import { LoadError } from '@/features/settings/load-error';
import { PageContainer } from '@/features/shell/page-header';
import { TemplateEditor } from '@/features/templates/template-editor';
import type { Template } from '@/features/templates/types';
import { serverApi } from '@/lib/server-api';

const getTemplate = cache((id: string) => serverApi<Template>(`/templates/${encodeURIComponent(id)}`));

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const result = await getTemplate((await params).id);
  return { title: result.ok ? result.data.name : (await getTranslations('shell.nav'))('templates') };
}

export default async function TemplatePage({ params }: Props) {
  const [result, channels] = await Promise.all([
    getTemplate((await params).id),
    serverApi<{ items: Channel[] }>('/channels'),
  ]);
  if (!result.ok) {
    // Another tenant's id, a deleted template or a malformed id: all "not here".
    if ([400, 404, 422].includes(result.status)) notFound();
    return (
      <PageContainer>
        <LoadError status={result.status} problem={result.problem} />
      </PageContainer>
    );
  }
  return (
    <TemplateEditor
      // A different template (or version) is a fresh editor, not a re-seeded one.
      key={result.data.id}
      initialTemplate={result.data}
      channels={channels.ok ? channels.data.items.map((c) => ({ id: c.id, name: c.name, kind: c.kind })) : []}
      defaultLanguage={result.data.language}
    />
  );
}
