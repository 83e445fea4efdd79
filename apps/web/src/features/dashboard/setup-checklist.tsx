import { ArrowRightIcon, CheckIcon } from 'lucide-react';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { cn } from '@/lib/utils';

export type ChecklistStep = {
  key: 'password' | 'mfa' | 'team' | 'channel';
  href: string;
  done: boolean;
  soon?: boolean;
};

/** First steps computed from real account state; nothing here is decorative. */
export async function SetupChecklist({ steps }: { steps: ChecklistStep[] }) {
  const t = await getTranslations('dashboard.checklist');
  const done = steps.filter((s) => s.done).length;
  return (
    <Card className="gap-4" data-testid="setup-checklist">
      <CardHeader>
        <CardTitle>{t('title')}</CardTitle>
        <CardDescription>{t('progress', { done, total: steps.length })}</CardDescription>
        <div className="col-span-full mt-2 h-1.5 overflow-hidden rounded-full bg-muted">
          <div
            className="h-full rounded-full bg-primary transition-all"
            style={{ width: `${(done / steps.length) * 100}%` }}
          />
        </div>
      </CardHeader>
      <CardContent className="px-3">
        <ol className="grid gap-0.5">
          {steps.map((step, index) => (
            <li key={step.key}>
              <Link
                href={step.href}
                className="group flex items-center gap-3 rounded-lg px-3 py-2.5 outline-none transition-colors hover:bg-muted/60 focus-visible:ring-[3px] focus-visible:ring-ring/50"
              >
                <span
                  className={cn(
                    'flex size-6 shrink-0 items-center justify-center rounded-full border font-medium text-xs',
                    step.done ? 'border-primary bg-primary text-primary-foreground' : 'text-muted-foreground',
                  )}
                >
                  {step.done ? <CheckIcon className="size-3.5" /> : index + 1}
                </span>
                <span className="grid min-w-0 flex-1 gap-0.5">
                  <span
                    className={cn(
                      'font-medium text-sm',
                      step.done && 'text-muted-foreground line-through decoration-muted-foreground/50',
                    )}
                  >
                    {t(`${step.key}.title`)}
                  </span>
                  <span className="truncate text-muted-foreground text-xs">
                    {t(`${step.key}.description`)}
                  </span>
                </span>
                {step.soon && <Badge variant="muted">{t('soon')}</Badge>}
                <ArrowRightIcon className="size-4 shrink-0 text-muted-foreground opacity-0 transition-opacity group-hover:opacity-100" />
              </Link>
            </li>
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}
