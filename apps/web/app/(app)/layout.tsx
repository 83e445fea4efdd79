import { cookies } from 'next/headers';
import { NextIntlClientProvider } from 'next-intl';
import { MeProvider } from '@/features/auth/me-context';
import { getMe } from '@/features/auth/queries';
import { AppShell, sidebarCookie } from '@/features/shell/app-shell';
import { DefaultPasswordBanner } from '@/features/shell/default-password-banner';

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const me = await getMe();
  const collapsed = (await cookies()).get(sidebarCookie)?.value === 'collapsed';
  return (
    // Dates in tables read in the tenant's own time zone (ARCHITECTURE §4).
    <NextIntlClientProvider timeZone={me.tenant.timezone}>
      <MeProvider me={me}>
        <AppShell
          defaultCollapsed={collapsed}
          banner={me.defaultPasswordInUse ? <DefaultPasswordBanner /> : null}
        >
          {children}
        </AppShell>
      </MeProvider>
    </NextIntlClientProvider>
  );
}
