import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { LoginForm } from '@/features/auth/login-form';
import { LoginLocaleSelect } from '@/features/auth/login-locale-select';
import { Logo } from '@/features/shell/logo';
import { safeNextPath } from '@/lib/utils';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth.login');
  return { title: t('metaTitle') };
}

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const { next } = await searchParams;
  const t = await getTranslations('auth.login');
  return (
    <div className="relative flex min-h-dvh flex-col overflow-hidden bg-background">
      {/* Soft brand glow and a faint grid: depth without an image download. */}
      <div
        aria-hidden="true"
        className="pointer-events-none absolute inset-0 bg-[radial-gradient(60%_50%_at_50%_0%,color-mix(in_oklch,var(--brand)_18%,transparent),transparent)]"
      />
      <div
        aria-hidden="true"
        className="pointer-events-none absolute inset-0 bg-[linear-gradient(to_right,var(--border)_1px,transparent_1px),linear-gradient(to_bottom,var(--border)_1px,transparent_1px)] bg-[size:48px_48px] opacity-40 [mask-image:radial-gradient(ellipse_60%_50%_at_50%_0%,#000_40%,transparent_100%)]"
      />
      <header className="relative z-10 flex items-center justify-between px-6 py-5">
        <Logo />
        <LoginLocaleSelect />
      </header>
      <main className="relative z-10 flex flex-1 flex-col items-center justify-center px-4 pb-16">
        <div className="w-full max-w-sm rounded-2xl border bg-card/80 p-8 shadow-2xl shadow-black/5 backdrop-blur-sm dark:shadow-black/40">
          <LoginForm next={safeNextPath(typeof next === 'string' ? next : undefined)} />
        </div>
        <p className="mt-6 max-w-md text-center text-muted-foreground text-xs">{t('footer')}</p>
      </main>
    </div>
  );
}
