import { getTranslations } from 'next-intl/server';
import { SettingsNav } from '@/features/settings/settings-nav';
import { PageContainer, PageHeader } from '@/features/shell/page-header';

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const t = await getTranslations('settings');
  return (
    <PageContainer className="max-w-7xl">
      <PageHeader title={t('title')} description={t('description')} />
      <div className="mt-8 flex flex-col gap-6 lg:flex-row lg:gap-10">
        <aside className="lg:w-52 lg:shrink-0">
          <SettingsNav />
        </aside>
        <div className="min-w-0 flex-1">{children}</div>
      </div>
    </PageContainer>
  );
}
