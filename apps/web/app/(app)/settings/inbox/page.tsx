import type { DepartmentView, InboxSettingsView } from '@conversa/shared';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { InboxSettingsScreen } from '@/features/inbox-settings/inbox-settings-screen';
import { SectionHeader } from '@/features/settings/section-header';
import { serverApi } from '@/lib/server-api';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('settings.nav'))('inbox') };
}

export default async function InboxSettingsPage() {
  const t = await getTranslations('inboxSettings');
  // Read on the server for the first paint; a part that fails is read again (and explained) in the browser.
  const [settings, departments] = await Promise.all([
    serverApi<InboxSettingsView>('/inbox/settings'),
    serverApi<{ items: DepartmentView[] }>('/departments'),
  ]);
  return (
    <div className="grid gap-8">
      <SectionHeader title={t('title')} description={t('description')} />
      <InboxSettingsScreen
        initialSettings={settings.ok ? settings.data : undefined}
        initialDepartments={departments.ok ? departments.data : undefined}
      />
    </div>
  );
}
