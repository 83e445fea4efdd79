import { roleAtLeast } from '@conversa/shared';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { getMe } from '@/features/auth/queries';
import type { Channel } from '@/features/channels/types';
import { LoadError } from '@/features/settings/load-error';
import { PageContainer } from '@/features/shell/page-header';
import { TemplateEditor } from '@/features/templates/template-editor';
import { serverApi } from '@/lib/server-api';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('templates.editor'))('newTitle') };
}

export default async function NewTemplatePage() {
  const me = await getMe();
  // Agents read templates; creating one is for managers and up (the API refuses it too).
  if (!roleAtLeast(me.role, 'MANAGER')) redirect('/templates');
  const channels = await serverApi<{ items: Channel[] }>('/channels');
  if (!channels.ok) {
    return (
      <PageContainer>
        <LoadError status={channels.status} problem={channels.problem} />
      </PageContainer>
    );
  }
  const locale = await getLocale();
  return (
    <TemplateEditor
      initialTemplate={null}
      channels={channels.data.items.map((c) => ({ id: c.id, name: c.name, kind: c.kind }))}
      defaultLanguage={locale === 'pt-BR' ? 'pt_BR' : 'en_US'}
    />
  );
}
