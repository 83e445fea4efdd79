'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { KeyRoundIcon, Trash2Icon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from '@/components/ui/alert-dialog';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';
import { useMe } from '@/features/auth/me-context';
import { api } from '@/lib/api-client';
import type { ApiKey, Page } from '@/lib/types';
import { useDateTime } from '@/lib/use-date-time';
import { useErrorMessage } from '@/lib/use-error-message';
import { cn } from '@/lib/utils';
import { RoleBadge } from './role-badge';

export function ApiKeysTable({ initialData }: { initialData: Page<ApiKey> }) {
  const me = useMe();
  const t = useTranslations('settings.apiKeys');
  const formatDate = useDateTime();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const [toRevoke, setToRevoke] = useState<ApiKey | null>(null);

  const { data } = useQuery({
    queryKey: ['api-keys', me.tenant.id],
    queryFn: () => api<Page<ApiKey>>('/api-keys?limit=200'),
    initialData,
  });

  const revoke = useMutation({
    mutationFn: (id: string) => api(`/api-keys/${id}`, { method: 'DELETE' }),
    onSuccess: () => {
      toast.success(t('revoked'));
      queryClient.invalidateQueries({ queryKey: ['api-keys'] });
    },
    onError: (error) => toast.error(t('revokeFailed'), { description: errorMessage(error) }),
  });

  if (data.items.length === 0) {
    return (
      <div className="rounded-xl border border-dashed" data-testid="api-keys-empty">
        <EmptyState icon={<KeyRoundIcon />} title={t('emptyTitle')} description={t('emptyDescription')} />
      </div>
    );
  }

  return (
    <>
      <div className="overflow-hidden rounded-xl border bg-card">
        <Table data-testid="api-keys-table">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead className="pl-4">{t('columns.name')}</TableHead>
              <TableHead>{t('columns.key')}</TableHead>
              <TableHead>{t('columns.role')}</TableHead>
              <TableHead>{t('columns.created')}</TableHead>
              <TableHead>{t('columns.lastUsed')}</TableHead>
              <TableHead>{t('columns.status')}</TableHead>
              <TableHead className="w-12 pr-4">
                <span className="sr-only">{t('columns.actions')}</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.items.map((key) => (
              <TableRow key={key.id} className={cn(key.revokedAt && 'opacity-55')} data-testid="api-key-row">
                <TableCell className="max-w-64 truncate pl-4 font-medium" title={key.name}>
                  {key.name}
                </TableCell>
                <TableCell>
                  <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{key.prefix}…</code>
                </TableCell>
                <TableCell>
                  <RoleBadge role={key.role} />
                </TableCell>
                <TableCell className="text-muted-foreground">{formatDate(key.createdAt)}</TableCell>
                <TableCell className="text-muted-foreground">{formatDate(key.lastUsedAt)}</TableCell>
                <TableCell>
                  {key.revokedAt ? (
                    <Badge variant="destructive">{t('statusRevoked')}</Badge>
                  ) : (
                    <Badge variant="success">{t('statusActive')}</Badge>
                  )}
                </TableCell>
                <TableCell className="pr-4 text-right">
                  {!key.revokedAt && (
                    <Tooltip>
                      <TooltipTrigger asChild>
                        <Button
                          variant="ghost"
                          size="icon-sm"
                          aria-label={t('revokeLabel', { name: key.name })}
                          onClick={() => setToRevoke(key)}
                          className="text-muted-foreground hover:text-destructive"
                        >
                          <Trash2Icon />
                        </Button>
                      </TooltipTrigger>
                      <TooltipContent>{t('revoke')}</TooltipContent>
                    </Tooltip>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>

      <AlertDialog open={toRevoke !== null} onOpenChange={(open) => !open && setToRevoke(null)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>{t('revokeTitle', { name: toRevoke?.name ?? '' })}</AlertDialogTitle>
            <AlertDialogDescription>{t('revokeDescription')}</AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>{t('cancel')}</AlertDialogCancel>
            <AlertDialogAction variant="destructive" onClick={() => toRevoke && revoke.mutate(toRevoke.id)}>
              {t('revoke')}
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}
