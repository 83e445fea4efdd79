'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Building2Icon, CheckIcon, ChevronsUpDownIcon, Loader2Icon } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { toast } from 'sonner';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { useMe } from '@/features/auth/me-context';
import { api } from '@/lib/api-client';
import type { Me } from '@/lib/types';
import { useErrorMessage } from '@/lib/use-error-message';

function TenantBadge({ name }: { name: string }) {
  return (
    <span className="flex size-6 shrink-0 items-center justify-center rounded-md bg-gradient-to-br from-zinc-600 to-zinc-800 font-semibold text-[11px] text-white uppercase dark:from-zinc-500 dark:to-zinc-700">
      {name.trim().charAt(0) || '?'}
    </span>
  );
}

/** The current tenant; people who belong to several can switch here (the session moves, then the page reloads). */
export function TenantSwitcher() {
  const me = useMe();
  const t = useTranslations('shell.tenant');
  const tRoles = useTranslations('common.roles');
  const router = useRouter();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();

  const switchTenant = useMutation({
    mutationFn: (tenantId: string) => api<Me>('/auth/switch-tenant', { method: 'POST', body: { tenantId } }),
    onSuccess: (next) => {
      // Cached lists belong to the previous tenant.
      queryClient.clear();
      router.refresh();
      toast.success(t('switched', { name: next.tenant?.name ?? '' }));
    },
    onError: (error) => toast.error(t('switchFailed'), { description: errorMessage(error) }),
  });

  if (me.tenants.length <= 1) {
    return (
      <div className="flex min-w-0 items-center gap-2 px-1" data-testid="tenant-name">
        <TenantBadge name={me.tenant.name} />
        <span className="truncate font-medium text-sm">{me.tenant.name}</span>
      </div>
    );
  }

  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        data-testid="tenant-switcher"
        className="flex min-w-0 items-center gap-2 rounded-md px-1.5 py-1 outline-none transition-colors hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50"
        aria-label={t('switch')}
      >
        <TenantBadge name={me.tenant.name} />
        <span className="truncate font-medium text-sm" data-testid="tenant-name">
          {me.tenant.name}
        </span>
        {switchTenant.isPending ? (
          <Loader2Icon className="size-3.5 animate-spin text-muted-foreground" />
        ) : (
          <ChevronsUpDownIcon className="size-3.5 text-muted-foreground" />
        )}
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-64">
        <DropdownMenuLabel className="text-muted-foreground text-xs">{t('label')}</DropdownMenuLabel>
        <DropdownMenuSeparator />
        {me.tenants.map((tenant) => (
          <DropdownMenuItem
            key={tenant.id}
            disabled={switchTenant.isPending}
            onSelect={() => tenant.id !== me.tenant.id && switchTenant.mutate(tenant.id)}
          >
            <Building2Icon />
            <span className="flex min-w-0 flex-col">
              <span className="truncate">{tenant.name}</span>
              <span className="text-muted-foreground text-xs">{tRoles(tenant.role)}</span>
            </span>
            {tenant.id === me.tenant.id && <CheckIcon className="ml-auto text-primary" />}
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
