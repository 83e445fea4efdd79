'use client';

import { useQuery } from '@tanstack/react-query';
import { Building2Icon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { useMe } from '@/features/auth/me-context';
import { api } from '@/lib/api-client';
import type { Page, TenantRow } from '@/lib/types';
import { useDateTime } from '@/lib/use-date-time';

export function TenantsTable({ initialData }: { initialData: Page<TenantRow> }) {
  const me = useMe();
  const t = useTranslations('settings.tenants');
  const formatDate = useDateTime();
  const { data } = useQuery({
    queryKey: ['tenants'],
    queryFn: () => api<Page<TenantRow>>('/tenants?limit=200'),
    initialData,
  });

  if (data.items.length === 0) {
    return (
      <div className="rounded-xl border border-dashed">
        <EmptyState icon={<Building2Icon />} title={t('emptyTitle')} description={t('emptyDescription')} />
      </div>
    );
  }

  return (
    <div className="overflow-hidden rounded-xl border bg-card">
      <Table data-testid="tenants-table">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead className="pl-4">{t('columns.name')}</TableHead>
            <TableHead>{t('columns.timezone')}</TableHead>
            <TableHead className="text-right">{t('columns.members')}</TableHead>
            <TableHead className="pr-4">{t('columns.created')}</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {data.items.map((tenant) => (
            <TableRow key={tenant.id}>
              <TableCell className="pl-4">
                <div className="flex min-w-48 items-center gap-3">
                  <span className="flex size-8 items-center justify-center rounded-md border bg-muted font-semibold text-xs uppercase">
                    {tenant.name.charAt(0)}
                  </span>
                  <span className="grid">
                    <span className="flex items-center gap-2 font-medium">
                      {tenant.name}
                      {tenant.id === me.tenant.id && (
                        <Badge variant="muted" className="px-1.5 py-0 text-[10px]">
                          {t('current')}
                        </Badge>
                      )}
                    </span>
                    <span className="font-mono text-muted-foreground text-xs">{tenant.slug}</span>
                  </span>
                </div>
              </TableCell>
              <TableCell className="text-muted-foreground">{tenant.timezone}</TableCell>
              <TableCell className="text-right tabular-nums">{tenant.members}</TableCell>
              <TableCell className="pr-4 text-muted-foreground">{formatDate(tenant.createdAt)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
