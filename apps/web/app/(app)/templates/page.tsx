import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { SectionPlaceholder } from '@/features/shell/section-placeholder';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('shell.nav'))('templates') };
}

export default function Page() {
  return <SectionPlaceholder section="templates" />;
}
