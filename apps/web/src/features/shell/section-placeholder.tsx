import { ArrowLeftIcon, CheckIcon, ConstructionIcon } from 'lucide-react';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { type NavKey, navItems } from './nav-items';
import { PageContainer, PageHeader } from './page-header';

type Section = Exclude<NavKey, 'dashboard' | 'settings'>;

/** An honest page for a section that is not built yet: what will live here, and no invented data. */
export async function SectionPlaceholder({ section }: { section: Section }) {
  const t = await getTranslations(`sections.${section}`);
  const tCommon = await getTranslations('sections.common');
  const tNav = await getTranslations('shell.nav');
  const Icon = navItems.find((i) => i.key === section)?.icon ?? ConstructionIcon;
  const features = ['one', 'two', 'three', 'four'] as const;
  return (
    <PageContainer>
      <PageHeader title={tNav(section)} description={t('description')} />
      <section
        data-testid="section-placeholder"
        className="relative mt-8 overflow-hidden rounded-2xl border border-dashed bg-card/40 px-6 py-12 sm:px-12"
      >
        <div
          aria-hidden="true"
          className="pointer-events-none absolute inset-x-0 top-0 h-40 bg-[radial-gradient(50%_100%_at_50%_0%,color-mix(in_oklch,var(--brand)_12%,transparent),transparent)]"
        />
        <div className="relative mx-auto flex max-w-xl flex-col items-center text-center">
          <div className="flex size-14 items-center justify-center rounded-2xl border bg-background shadow-sm">
            <Icon className="size-6 text-primary" />
          </div>
          <Badge variant="muted" className="mt-5">
            <ConstructionIcon />
            {tCommon('badge')}
          </Badge>
          <h2 className="mt-3 font-semibold text-xl tracking-tight">{t('title')}</h2>
          <p className="mt-2 text-balance text-muted-foreground text-sm">{tCommon('explanation')}</p>
        </div>
        <ul className="relative mx-auto mt-8 grid max-w-2xl gap-3 sm:grid-cols-2">
          {features.map((f) => (
            <li key={f} className="flex items-start gap-3 rounded-xl border bg-background/60 p-4 text-sm">
              <span className="mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full bg-primary/15 text-primary">
                <CheckIcon className="size-3" />
              </span>
              <span className="text-foreground/90">{t(`features.${f}`)}</span>
            </li>
          ))}
        </ul>
        <div className="relative mt-8 flex justify-center">
          <Button variant="outline" asChild>
            <Link href="/">
              <ArrowLeftIcon />
              {tCommon('back')}
            </Link>
          </Button>
        </div>
      </section>
    </PageContainer>
  );
}
