import { TriangleAlertIcon } from 'lucide-react';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

/** Shown while the built-in admin password still works (ARCHITECTURE §6). */
export async function DefaultPasswordBanner() {
  const t = await getTranslations('shell.banner');
  return (
    <div
      role="alert"
      data-testid="default-password-banner"
      className="flex items-center justify-center gap-2 border-warning/30 border-b bg-warning/10 px-4 py-2 text-center text-sm text-warning-foreground dark:text-warning"
    >
      <TriangleAlertIcon className="size-4 shrink-0 text-warning" />
      <p className="text-foreground/90">
        {t.rich('defaultPassword', {
          link: (chunks) => (
            <Link
              href="/settings/profile#password"
              className="font-medium text-foreground underline decoration-warning/60 underline-offset-4 hover:decoration-warning"
            >
              {chunks}
            </Link>
          ),
        })}
      </p>
    </div>
  );
}
