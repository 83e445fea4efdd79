import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AlertsCard } from '@/features/alerts/alerts-card';
import { getMe } from '@/features/auth/queries';
import { ChangePasswordCard } from '@/features/settings/change-password-card';
import { ProfileSummary } from '@/features/settings/profile-summary';
import { SectionHeader } from '@/features/settings/section-header';
import { TwoFactorCard } from '@/features/settings/two-factor-card';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('settings.nav'))('profile') };
}

export default async function ProfilePage() {
  const me = await getMe();
  const t = await getTranslations('settings.profile');
  return (
    <div className="grid gap-6">
      <SectionHeader title={t('title')} description={t('description')} />
      <ProfileSummary me={me} />
      <ChangePasswordCard defaultPasswordInUse={me.defaultPasswordInUse} />
      <TwoFactorCard enabled={me.user.mfaEnabled} />
      <AlertsCard />
    </div>
  );
}
