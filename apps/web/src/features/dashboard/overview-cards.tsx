import { ArrowRightIcon, BotIcon, MegaphoneIcon, MessagesSquareIcon, SmartphoneIcon } from 'lucide-react';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';

const cards = [
  { key: 'channels', icon: SmartphoneIcon, href: '/channels' },
  { key: 'conversations', icon: MessagesSquareIcon, href: '/inbox' },
  { key: 'campaigns', icon: MegaphoneIcon, href: '/campaigns' },
  { key: 'assistant', icon: BotIcon, href: '/assistant' },
] as const;

/**
 * The four areas a business watches. Their data endpoints do not exist yet, so each card says so
 * and points to the next step instead of showing a made-up number.
 */
export async function OverviewCards() {
  const t = await getTranslations('dashboard.cards');
  return (
    <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
      {cards.map(({ key, icon: Icon, href }) => (
        <Card
          key={key}
          className="group gap-4 py-5 transition-colors hover:border-foreground/15"
          data-testid={`overview-${key}`}
        >
          <CardHeader className="px-5">
            <div className="flex items-center justify-between">
              <div className="flex size-9 items-center justify-center rounded-lg border bg-muted/50">
                <Icon className="size-4 text-primary" />
              </div>
              <Badge variant="muted" className="font-normal">
                <span className="size-1.5 rounded-full bg-muted-foreground/60" />
                {t('notConnected')}
              </Badge>
            </div>
            <CardTitle className="mt-3 text-sm">{t(`${key}.title`)}</CardTitle>
          </CardHeader>
          <CardContent className="flex-1 px-5">
            <p className="text-muted-foreground text-sm leading-relaxed">{t(`${key}.empty`)}</p>
          </CardContent>
          <CardFooter className="px-5">
            <Button variant="outline" size="sm" asChild className="w-full justify-between">
              <Link href={href}>
                {t(`${key}.action`)}
                <ArrowRightIcon className="text-muted-foreground transition-transform group-hover:translate-x-0.5" />
              </Link>
            </Button>
          </CardFooter>
        </Card>
      ))}
    </div>
  );
}
