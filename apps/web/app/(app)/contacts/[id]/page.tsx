import type { ContactDetail as ContactDetailView } from '@conversa/shared';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { cache } from 'react';
import { ContactDetail } from '@/features/contacts/contact-detail';
import { LoadError } from '@/features/settings/load-error';
import { PageContainer } from '@/features/shell/page-header';
import { serverApi } from '@/lib/server-api';

const getContact = cache((id: string) => serverApi<ContactDetailView>(`/contacts/${encodeURIComponent(id)}`));

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const result = await getContact((await params).id);
  const fallback = (await getTranslations('shell.nav'))('contacts');
  return { title: result.ok ? result.data.name || result.data.phone || fallback : fallback };
}

export default async function ContactPage({ params }: Props) {
  const result = await getContact((await params).id);
  if (!result.ok) {
    // Another tenant's id, an unknown or malformed id: all "not here".
    if ([400, 404, 422].includes(result.status)) notFound();
    return (
      <PageContainer>
        <LoadError status={result.status} problem={result.problem} />
      </PageContainer>
    );
  }
  return <ContactDetail initialData={result.data} />;
}
