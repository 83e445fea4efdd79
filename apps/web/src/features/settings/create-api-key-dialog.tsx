'use client';

import { createApiKeySchema, roleAtLeast, roles } from '@conversa/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { KeyRoundIcon, Loader2Icon, PlusIcon, TriangleAlertIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import type { z } from 'zod';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
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
import { api } from '@/lib/api-client';
import { useApplyApiFieldErrors, useZodResolver } from '@/lib/form-errors';
import type { CreatedApiKey } from '@/lib/types';
import { useErrorMessage } from '@/lib/use-error-message';

// An API key acts for the tenant, never as its owner (the shared schema excludes OWNER).
const keyRoles = roles.filter((r) => r !== 'OWNER');

export function CreateApiKeyDialog() {
  const me = useMe();
  const t = useTranslations('settings.apiKeys.create');
  const tRoles = useTranslations('common.roles');
  const tRoleHelp = useTranslations('common.roleDescriptions');
  const tActions = useTranslations('common.actions');
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const applyFieldErrors = useApplyApiFieldErrors();

  const form = useForm({
    resolver: useZodResolver(createApiKeySchema),
    defaultValues: { name: '', role: 'ADMIN' as const },
  });

  const create = useMutation({
    mutationFn: (body: z.output<typeof createApiKeySchema>) =>
      api<CreatedApiKey>('/api-keys', { method: 'POST', body }),
    onSuccess: (key) => {
      setCreated(key);
      queryClient.invalidateQueries({ queryKey: ['api-keys'] });
    },
    onError: (error) => {
      if (applyFieldErrors(error, form.setError, ['name', 'role'])) return;
      toast.error(t('failed'), { description: errorMessage(error) });
    },
  });

  const close = () => {
    setOpen(false);
    // The secret leaves memory with the dialog: it is never shown again.
    setTimeout(() => {
      setCreated(null);
      form.reset();
    }, 200);
  };

  return (
    <Dialog open={open} onOpenChange={(next) => (next ? setOpen(true) : close())}>
      <DialogTrigger asChild>
        <Button data-testid="create-api-key">
          <PlusIcon />
          {t('button')}
        </Button>
      </DialogTrigger>
      <DialogContent
        closeLabel={tActions('close')}
        onInteractOutside={(event) => created && event.preventDefault()}
      >
        {created ? (
          <div className="grid gap-5">
            <DialogHeader>
              <DialogTitle className="flex items-center gap-2">
                <KeyRoundIcon className="size-5 text-primary" />
                {t('createdTitle')}
              </DialogTitle>
              <DialogDescription>{t('createdDescription', { name: created.name })}</DialogDescription>
            </DialogHeader>
            <Alert variant="warning">
              <TriangleAlertIcon />
              <AlertDescription className="text-foreground/80">{t('onceWarning')}</AlertDescription>
            </Alert>
            <div className="flex items-center gap-2">
              <code
                data-testid="api-key-secret"
                className="min-w-0 flex-1 select-all break-all rounded-md border bg-muted/50 px-3 py-2 font-mono text-sm"
              >
                {created.secret}
              </code>
              <CopyButton
                value={created.secret}
                label={tActions('copy')}
                copiedLabel={tActions('copied')}
                showLabel
                variant="default"
                size="default"
              />
            </div>
            <p className="text-muted-foreground text-xs">{t('usage')}</p>
            <DialogFooter>
              <Button type="button" variant="outline" onClick={close}>
                {t('done')}
              </Button>
            </DialogFooter>
          </div>
        ) : (
          <Form {...form}>
            <form
              noValidate
              className="grid gap-5"
              onSubmit={form.handleSubmit((values) => create.mutate(values))}
            >
              <DialogHeader>
                <DialogTitle>{t('title')}</DialogTitle>
                <DialogDescription>{t('description')}</DialogDescription>
              </DialogHeader>
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
                        {keyRoles.map((role) => (
                          <SelectItem key={role} value={role} disabled={!roleAtLeast(me.role, role)}>
                            {tRoles(role)}
                          </SelectItem>
                        ))}
                      </SelectContent>
                    </Select>
                    {field.value && <FormDescription>{tRoleHelp(field.value)}</FormDescription>}
                    <FormMessage />
                  </FormItem>
                )}
              />
              <DialogFooter>
                <Button type="button" variant="outline" onClick={close}>
                  {tActions('cancel')}
                </Button>
                <Button type="submit" disabled={create.isPending} data-testid="create-api-key-submit">
                  {create.isPending && <Loader2Icon className="animate-spin" />}
                  {t('submit')}
                </Button>
              </DialogFooter>
            </form>
          </Form>
        )}
      </DialogContent>
    </Dialog>
  );
}
