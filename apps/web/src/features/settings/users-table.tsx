'use client';

import { type Role, roleAtLeast } from '@conversa/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  EllipsisIcon,
  ShieldCheckIcon,
  UserCheckIcon,
  UserCogIcon,
  UsersIcon,
  UserXIcon,
} from 'lucide-react';
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
import { Avatar, AvatarFallback } from '@/components/ui/avatar';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuSub,
  DropdownMenuSubContent,
  DropdownMenuSubTrigger,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { useMe } from '@/features/auth/me-context';
import { api } from '@/lib/api-client';
import type { Member, Page } from '@/lib/types';
import { useDateTime } from '@/lib/use-date-time';
import { useErrorMessage } from '@/lib/use-error-message';
import { cn, initials } from '@/lib/utils';
import { assignableRoles } from './invite-user-dialog';
import { RoleBadge } from './role-badge';

export function UsersTable({ initialData }: { initialData: Page<Member> }) {
  const me = useMe();
  const t = useTranslations('settings.users');
  const tRoles = useTranslations('common.roles');
  const formatDate = useDateTime();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const canManage = roleAtLeast(me.role, 'ADMIN');
  const [toDisable, setToDisable] = useState<Member | null>(null);

  const { data } = useQuery({
    queryKey: ['users', me.tenant.id],
    queryFn: () => api<Page<Member>>('/users?limit=200'),
    initialData,
  });

  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: { role?: Role; disabled?: boolean } }) =>
      api<Member>(`/users/${id}`, { method: 'PATCH', body }),
    onSuccess: (_member, { body }) => {
      toast.success(body.role ? t('roleChanged') : body.disabled ? t('disabledToast') : t('enabledToast'));
      queryClient.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (error) => toast.error(t('updateFailed'), { description: errorMessage(error) }),
  });

  const members = data.items;
  if (members.length === 0) {
    return (
      <div className="rounded-xl border border-dashed">
        <EmptyState icon={<UsersIcon />} title={t('emptyTitle')} description={t('emptyDescription')} />
      </div>
    );
  }

  return (
    <div className="grid gap-3">
      <div className="overflow-hidden rounded-xl border bg-card">
        <Table data-testid="users-table">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead className="pl-4">{t('columns.member')}</TableHead>
              <TableHead>{t('columns.role')}</TableHead>
              <TableHead>{t('columns.twoFactor')}</TableHead>
              <TableHead>{t('columns.lastLogin')}</TableHead>
              <TableHead>{t('columns.status')}</TableHead>
              <TableHead className="w-12 pr-4">
                <span className="sr-only">{t('columns.actions')}</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {members.map((member) => {
              const isMe = member.id === me.user.id;
              // Nobody edits themselves here (no self-lockout), nor someone ranked above them.
              const editable = canManage && !isMe && roleAtLeast(me.role, member.role);
              return (
                <TableRow
                  key={member.id}
                  className={cn(member.disabled && 'opacity-60')}
                  data-testid="user-row"
                >
                  <TableCell className="pl-4">
                    <div className="flex min-w-56 items-center gap-3">
                      <Avatar className="size-8">
                        <AvatarFallback className="bg-muted text-[11px]">
                          {initials(member.name, member.email)}
                        </AvatarFallback>
                      </Avatar>
                      <div className="grid min-w-0">
                        <span className="flex items-center gap-1.5 truncate font-medium">
                          {member.name || member.email}
                          {isMe && (
                            <Badge variant="muted" className="px-1.5 py-0 text-[10px]">
                              {t('you')}
                            </Badge>
                          )}
                        </span>
                        <span className="truncate text-muted-foreground text-xs">{member.email}</span>
                      </div>
                    </div>
                  </TableCell>
                  <TableCell>
                    <RoleBadge role={member.role} />
                  </TableCell>
                  <TableCell>
                    {member.mfaEnabled ? (
                      <span className="inline-flex items-center gap-1.5 text-success text-xs">
                        <ShieldCheckIcon className="size-3.5" />
                        {t('mfaOn')}
                      </span>
                    ) : (
                      <span className="text-muted-foreground text-xs">{t('mfaOff')}</span>
                    )}
                  </TableCell>
                  <TableCell className="text-muted-foreground">{formatDate(member.lastLoginAt)}</TableCell>
                  <TableCell>
                    {member.disabled ? (
                      <Badge variant="destructive">{t('statusDisabled')}</Badge>
                    ) : (
                      <Badge variant="outline" className="gap-1.5 font-normal">
                        <span
                          className={cn(
                            'size-1.5 rounded-full',
                            member.available ? 'bg-success' : 'bg-muted-foreground/50',
                          )}
                        />
                        {member.available ? t('statusAvailable') : t('statusAway')}
                      </Badge>
                    )}
                  </TableCell>
                  <TableCell className="pr-4 text-right">
                    {editable && (
                      <DropdownMenu>
                        <DropdownMenuTrigger asChild>
                          <Button
                            variant="ghost"
                            size="icon-sm"
                            aria-label={t('actionsFor', { name: member.name || member.email })}
                          >
                            <EllipsisIcon />
                          </Button>
                        </DropdownMenuTrigger>
                        <DropdownMenuContent align="end" className="w-52">
                          <DropdownMenuLabel className="truncate text-muted-foreground text-xs">
                            {member.email}
                          </DropdownMenuLabel>
                          <DropdownMenuSub>
                            <DropdownMenuSubTrigger>
                              <UserCogIcon />
                              {t('changeRole')}
                            </DropdownMenuSubTrigger>
                            <DropdownMenuSubContent>
                              <DropdownMenuRadioGroup
                                value={member.role}
                                onValueChange={(role) =>
                                  role !== member.role &&
                                  update.mutate({ id: member.id, body: { role: role as Role } })
                                }
                              >
                                {assignableRoles(me.role).map((role) => (
                                  <DropdownMenuRadioItem key={role} value={role}>
                                    {tRoles(role)}
                                  </DropdownMenuRadioItem>
                                ))}
                              </DropdownMenuRadioGroup>
                            </DropdownMenuSubContent>
                          </DropdownMenuSub>
                          <DropdownMenuSeparator />
                          {member.disabled ? (
                            <DropdownMenuItem
                              onSelect={() => update.mutate({ id: member.id, body: { disabled: false } })}
                            >
                              <UserCheckIcon />
                              {t('enable')}
                            </DropdownMenuItem>
                          ) : (
                            <DropdownMenuItem variant="destructive" onSelect={() => setToDisable(member)}>
                              <UserXIcon />
                              {t('disable')}
                            </DropdownMenuItem>
                          )}
                        </DropdownMenuContent>
                      </DropdownMenu>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
      <p className="text-muted-foreground text-xs">{t('count', { count: members.length })}</p>

      <AlertDialog open={toDisable !== null} onOpenChange={(open) => !open && setToDisable(null)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>
              {t('disableTitle', { name: toDisable?.name || toDisable?.email || '' })}
            </AlertDialogTitle>
            <AlertDialogDescription>{t('disableDescription')}</AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>{t('cancel')}</AlertDialogCancel>
            <AlertDialogAction
              variant="destructive"
              onClick={() => toDisable && update.mutate({ id: toDisable.id, body: { disabled: true } })}
            >
              {t('disable')}
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </div>
  );
}
