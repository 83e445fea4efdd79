import { ShieldCheckIcon } from 'lucide-react';
import { getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent } from '@/components/ui/card';
import type { Me } from '@/lib/types';
import { initials } from '@/lib/utils';

export async function ProfileSummary({ me }: { me: Me }) {
  const t = await getTranslations('settings.profile');
  const tRoles = await getTranslations('common.roles');
  const rows = [
    { label: t('name'), value: me.user.name || '—' },
    { label: t('email'), value: me.user.email },
    { label: t('tenant'), value: me.tenant.name },
    { label: t('timezone'), value: me.tenant.timezone },
  ];
  return (
    <Card className="gap-0 py-0">
      <CardContent className="flex flex-col gap-6 p-6 sm:flex-row sm:items-center">
        <div className="flex items-center gap-4">
          <div className="flex size-14 shrink-0 items-center justify-center rounded-full border bg-primary/10 font-semibold text-lg text-primary">
            {initials(me.user.name, me.user.email)}
          </div>
          <div className="grid gap-1">
            <div className="font-semibold">{me.user.name || me.user.email}</div>
            <div className="flex flex-wrap items-center gap-1.5">
              <Badge variant="outline">{tRoles(me.role)}</Badge>
              {me.user.isSuperAdmin && (
                <Badge variant="success">
                  <ShieldCheckIcon />
                  {t('superAdmin')}
                </Badge>
              )}
            </div>
          </div>
        </div>
        <dl className="grid flex-1 grid-cols-2 gap-x-6 gap-y-3 text-sm sm:border-l sm:pl-6">
          {rows.map((row) => (
            <div key={row.label} className="grid min-w-0 gap-0.5">
              <dt className="text-muted-foreground text-xs">{row.label}</dt>
              <dd className="truncate">{row.value}</dd>
            </div>
          ))}
        </dl>
      </CardContent>
    </Card>
  );
}
