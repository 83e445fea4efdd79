'use client';

import { createUserSchema, type Role, roleAtLeast, roles } from '@conversa/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Loader2Icon, UserPlusIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from '@/components/ui/dialog';
import {
  Form,
  FormControl,
  FormDescription,
  FormField,
  FormItem,
  FormLabel,
  FormMessage,
} from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { useMe } from '@/features/auth/me-context';
import { ApiError, api } from '@/lib/api-client';
import { useApplyApiFieldErrors, useZodResolver } from '@/lib/form-errors';
import type { Member } from '@/lib/types';
import { useErrorMessage } from '@/lib/use-error-message';

/** Roles a person may hand out: never above their own. */
export function assignableRoles(myRole: Role): Role[] {
  return roles.filter((r) => roleAtLeast(myRole, r));
}

export function InviteUserDialog() {
  const me = useMe();
  const t = useTranslations('settings.users.invite');
  const tRoles = useTranslations('common.roles');
  const tRoleHelp = useTranslations('common.roleDescriptions');
  const tActions = useTranslations('common.actions');
  const [open, setOpen] = useState(false);
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const applyFieldErrors = useApplyApiFieldErrors();

  const form = useForm({
    resolver: useZodResolver(createUserSchema),
    defaultValues: { email: '', name: '', role: 'AGENT' as Role, password: undefined },
  });

  const invite = useMutation({
    mutationFn: (body: ReturnType<typeof createUserSchema.parse>) =>
      api<Member>('/users', { method: 'POST', body }),
    onSuccess: (member) => {
      toast.success(t('added', { name: member?.name || member?.email || '' }));
      queryClient.invalidateQueries({ queryKey: ['users'] });
      setOpen(false);
      form.reset();
    },
    onError: (error) => {
      // 409 email-taken names no field, but it can only be about the e-mail.
      if (error instanceof ApiError && error.code === 'email-taken') {
        form.setError('email', { type: 'server', message: errorMessage(error) }, { shouldFocus: true });
        return;
      }
      if (applyFieldErrors(error, form.setError, ['email', 'name', 'role', 'password'])) return;
      toast.error(t('failed'), { description: errorMessage(error) });
    },
  });

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) form.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button data-testid="invite-user">
          <UserPlusIcon />
          {t('button')}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={tActions('close')}>
        <Form {...form}>
          <form
            noValidate
            className="grid gap-5"
            onSubmit={form.handleSubmit((values) => invite.mutate(values))}
          >
            <DialogHeader>
              <DialogTitle>{t('title')}</DialogTitle>
              <DialogDescription>{t('description')}</DialogDescription>
            </DialogHeader>
            <div className="grid gap-4 sm:grid-cols-2">
              <FormField
                control={form.control}
                name="name"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>{t('name')}</FormLabel>
                    <FormControl>
                      <Input autoFocus autoComplete="off" placeholder={t('namePlaceholder')} {...field} />
                    </FormControl>
                    <FormMessage />
                  </FormItem>
                )}
              />
              <FormField
                control={form.control}
                name="email"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>{t('email')}</FormLabel>
                    <FormControl>
                      <Input type="email" autoComplete="off" placeholder={t('emailPlaceholder')} {...field} />
                    </FormControl>
                    <FormMessage />
                  </FormItem>
                )}
              />
            </div>
            <FormField
              control={form.control}
              name="role"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>{t('role')}</FormLabel>
                  <Select value={field.value} onValueChange={field.onChange}>
                    <FormControl>
                      <SelectTrigger className="w-full">
                        <SelectValue />
                      </SelectTrigger>
                    </FormControl>
                    <SelectContent>
                      {assignableRoles(me.role).map((role) => (
                        <SelectItem key={role} value={role}>
                          {tRoles(role)}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                  <FormDescription>{tRoleHelp(field.value)}</FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="password"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>
                    {t('password')} <span className="font-normal text-muted-foreground">{t('optional')}</span>
                  </FormLabel>
                  <FormControl>
                    <Input
                      type="password"
                      autoComplete="new-password"
                      name={field.name}
                      ref={field.ref}
                      onBlur={field.onBlur}
                      value={field.value ?? ''}
                      // An empty box means "no password": the schema's optional() then applies.
                      onChange={(e) => field.onChange(e.target.value === '' ? undefined : e.target.value)}
                    />
                  </FormControl>
                  <FormDescription>{t('passwordHelp')}</FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => setOpen(false)}>
                {tActions('cancel')}
              </Button>
              <Button type="submit" disabled={invite.isPending} data-testid="invite-submit">
                {invite.isPending && <Loader2Icon className="animate-spin" />}
                {t('submit')}
              </Button>
            </DialogFooter>
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
