'use client';

import { createTenantSchema } from '@conversa/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Loader2Icon, PlusIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import type { z } from 'zod';
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
import {
  Select,
  SelectContent,
  SelectGroup,
  SelectItem,
  SelectLabel,
  SelectSeparator,
  SelectTrigger,
  SelectValue,
} from '@/components/ui/select';
import { Separator } from '@/components/ui/separator';
import { defaultTimeZone } from '@/i18n/config';
import { api } from '@/lib/api-client';
import { useApplyApiFieldErrors, useZodResolver } from '@/lib/form-errors';
import type { TenantRow } from '@/lib/types';
import { useErrorMessage } from '@/lib/use-error-message';

// Brazilian zones first: that is where almost every tenant is.
const brazilZones = [
  'America/Sao_Paulo',
  'America/Bahia',
  'America/Fortaleza',
  'America/Recife',
  'America/Maceio',
  'America/Belem',
  'America/Araguaina',
  'America/Santarem',
  'America/Manaus',
  'America/Cuiaba',
  'America/Campo_Grande',
  'America/Porto_Velho',
  'America/Boa_Vista',
  'America/Rio_Branco',
  'America/Eirunepe',
  'America/Noronha',
];

function useTimeZones() {
  return useMemo(() => {
    const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    return { brazil: brazilZones, others: all.filter((z) => !brazilZones.includes(z)) };
  }, []);
}

const fields = ['name', 'timezone', 'owner.name', 'owner.email', 'owner.password'] as const;

export function CreateTenantDialog() {
  const t = useTranslations('settings.tenants.create');
  const tActions = useTranslations('common.actions');
  const [open, setOpen] = useState(false);
  const zones = useTimeZones();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const applyFieldErrors = useApplyApiFieldErrors();

  const form = useForm({
    resolver: useZodResolver(createTenantSchema),
    defaultValues: { name: '', timezone: defaultTimeZone, owner: { name: '', email: '', password: '' } },
  });

  const create = useMutation({
    mutationFn: (body: z.output<typeof createTenantSchema>) =>
      api<TenantRow>('/tenants', { method: 'POST', body }),
    onSuccess: (_tenant, body) => {
      toast.success(t('created', { name: body.name }));
      queryClient.invalidateQueries({ queryKey: ['tenants'] });
      setOpen(false);
      form.reset();
    },
    onError: (error) => {
      if (applyFieldErrors(error, form.setError, fields)) return;
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
        <Button data-testid="create-tenant">
          <PlusIcon />
          {t('button')}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={tActions('close')} className="sm:max-w-xl">
        <Form {...form}>
          <form
            noValidate
            className="grid gap-5"
            onSubmit={form.handleSubmit((values) =>
              create.mutate({ ...values, owner: { ...values.owner, name: values.owner.name || undefined } }),
            )}
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
                name="timezone"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>{t('timezone')}</FormLabel>
                    <Select value={field.value} onValueChange={field.onChange}>
                      <FormControl>
                        <SelectTrigger className="w-full">
                          <SelectValue />
                        </SelectTrigger>
                      </FormControl>
                      <SelectContent className="max-h-72">
                        <SelectGroup>
                          <SelectLabel>{t('brazil')}</SelectLabel>
                          {zones.brazil.map((z) => (
                            <SelectItem key={z} value={z}>
                              {z.replace('America/', '').replaceAll('_', ' ')}
                            </SelectItem>
                          ))}
                        </SelectGroup>
                        <SelectSeparator />
                        <SelectGroup>
                          <SelectLabel>{t('otherZones')}</SelectLabel>
                          {zones.others.map((z) => (
                            <SelectItem key={z} value={z}>
                              {z.replaceAll('_', ' ')}
                            </SelectItem>
                          ))}
                        </SelectGroup>
                      </SelectContent>
                    </Select>
                    <FormMessage />
                  </FormItem>
                )}
              />
            </div>
            <Separator />
            <div className="grid gap-1">
              <h3 className="font-medium text-sm">{t('ownerTitle')}</h3>
              <p className="text-muted-foreground text-sm">{t('ownerDescription')}</p>
            </div>
            <div className="grid gap-4 sm:grid-cols-2">
              <FormField
                control={form.control}
                name="owner.name"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>
                      {t('ownerName')}{' '}
                      <span className="font-normal text-muted-foreground">{t('optional')}</span>
                    </FormLabel>
                    <FormControl>
                      <Input autoComplete="off" {...field} value={field.value ?? ''} />
                    </FormControl>
                    <FormMessage />
                  </FormItem>
                )}
              />
              <FormField
                control={form.control}
                name="owner.email"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>{t('ownerEmail')}</FormLabel>
                    <FormControl>
                      <Input type="email" autoComplete="off" {...field} />
                    </FormControl>
                    <FormMessage />
                  </FormItem>
                )}
              />
            </div>
            <FormField
              control={form.control}
              name="owner.password"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>{t('ownerPassword')}</FormLabel>
                  <FormControl>
                    <Input type="password" autoComplete="new-password" {...field} />
                  </FormControl>
                  <FormDescription>{t('ownerPasswordHelp')}</FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => setOpen(false)}>
                {tActions('cancel')}
              </Button>
              <Button type="submit" disabled={create.isPending} data-testid="create-tenant-submit">
                {create.isPending && <Loader2Icon className="animate-spin" />}
                {t('submit')}
              </Button>
            </DialogFooter>
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
