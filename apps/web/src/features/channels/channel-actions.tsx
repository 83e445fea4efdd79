'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { EllipsisIcon, KeyRoundIcon, Loader2Icon, PencilIcon, Trash2Icon } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { z } from 'zod';
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
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { useMe } from '@/features/auth/me-context';
import { api } from '@/lib/api-client';
import { useApplyApiFieldErrors, useZodResolver } from '@/lib/form-errors';
import { useErrorMessage } from '@/lib/use-error-message';
import {
  CloudCredentialsFields,
  cloudCredentialPaths,
  cloudCredentialsBody,
  emptyCloudCredentials,
  useCloudCredentialsSchema,
} from './cloud-credentials-fields';
import { channelKeys } from './queries';
import type { Channel } from './types';

export function usePatchChannel(channel: Channel) {
  const me = useMe();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name?: string; credentials?: unknown; sendRatePerSecond?: number | null }) =>
      api<Channel>(`/channels/${channel.id}`, { method: 'PATCH', body }),
    onSuccess: (updated) => {
      queryClient.setQueryData(channelKeys.one(me.tenant.id, channel.id), updated);
      queryClient.invalidateQueries({ queryKey: channelKeys.list(me.tenant.id) });
    },
  });
}

function RenameDialog({
  channel,
  open,
  onOpenChange,
}: {
  channel: Channel;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const t = useTranslations('channels.actions');
  const tActions = useTranslations('common.actions');
  const errorMessage = useErrorMessage();
  const applyFieldErrors = useApplyApiFieldErrors();
  const schema = useMemo(() => z.object({ name: z.string().trim().min(1).max(80) }), []);
  const form = useForm({ resolver: useZodResolver(schema), values: { name: channel.name } });
  const patch = usePatchChannel(channel);
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent closeLabel={tActions('close')} className="sm:max-w-md">
        <Form {...form}>
          <form
            noValidate
            className="grid gap-5"
            onSubmit={form.handleSubmit((values) =>
              patch.mutate(values, {
                onSuccess: () => {
                  toast.success(t('renamed'));
                  onOpenChange(false);
                },
                onError: (error) => {
                  if (applyFieldErrors(error, form.setError, ['name'])) return;
                  toast.error(t('renameFailed'), { description: errorMessage(error) });
                },
              }),
            )}
          >
            <DialogHeader>
              <DialogTitle>{t('renameTitle')}</DialogTitle>
              <DialogDescription>{t('renameDescription')}</DialogDescription>
            </DialogHeader>
            <FormField
              control={form.control}
              name="name"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>{t('name')}</FormLabel>
                  <FormControl>
                    <Input autoFocus autoComplete="off" {...field} data-testid="rename-input" />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
                {tActions('cancel')}
              </Button>
              <Button type="submit" disabled={patch.isPending} data-testid="rename-submit">
                {patch.isPending && <Loader2Icon className="animate-spin" />}
                {t('save')}
              </Button>
            </DialogFooter>
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}

function CredentialsDialog({
  channel,
  open,
  onOpenChange,
  onSaved,
}: {
  channel: Channel;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSaved: () => void;
}) {
  const t = useTranslations('channels.actions');
  const tActions = useTranslations('common.actions');
  const errorMessage = useErrorMessage();
  const applyFieldErrors = useApplyApiFieldErrors();
  const credentials = useCloudCredentialsSchema();
  const schema = useMemo(() => z.object({ credentials }), [credentials]);
  const form = useForm({
    resolver: useZodResolver(schema),
    defaultValues: { credentials: emptyCloudCredentials },
  });
  const patch = usePatchChannel(channel);
  const close = (next: boolean) => {
    onOpenChange(next);
    // Secrets never outlive the dialog.
    if (!next) setTimeout(() => form.reset({ credentials: emptyCloudCredentials }), 200);
  };
  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent
        closeLabel={tActions('close')}
        className="sm:max-w-2xl"
        onInteractOutside={(event) => event.preventDefault()}
      >
        <Form {...form}>
          <form
            noValidate
            className="grid gap-5"
            onSubmit={form.handleSubmit((values) =>
              patch.mutate(
                { credentials: cloudCredentialsBody(values.credentials) },
                {
                  onSuccess: () => {
                    toast.success(t('credentialsSaved'));
                    close(false);
                    onSaved();
                  },
                  onError: (error) => {
                    if (applyFieldErrors(error, form.setError, cloudCredentialPaths)) return;
                    toast.error(t('credentialsFailed'), { description: errorMessage(error) });
                  },
                },
              ),
            )}
          >
            <DialogHeader>
              <DialogTitle>{t('credentialsTitle')}</DialogTitle>
              <DialogDescription>{t('credentialsDescription')}</DialogDescription>
            </DialogHeader>
            <CloudCredentialsFields control={form.control} />
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => close(false)}>
                {tActions('cancel')}
              </Button>
              <Button type="submit" disabled={patch.isPending}>
                {patch.isPending && <Loader2Icon className="animate-spin" />}
                {t('saveAndCheck')}
              </Button>
            </DialogFooter>
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}

/** Rename, new credentials (Cloud) and delete, for admins; the API enforces the same rule. */
export function ChannelActions({
  channel,
  onCredentialsSaved,
}: {
  channel: Channel;
  onCredentialsSaved: () => void;
}) {
  const me = useMe();
  const t = useTranslations('channels.actions');
  const router = useRouter();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [dialog, setDialog] = useState<'rename' | 'credentials' | 'delete' | null>(null);

  const remove = useMutation({
    mutationFn: () => api(`/channels/${channel.id}`, { method: 'DELETE' }),
    onSuccess: () => {
      toast.success(t('deleted', { name: channel.name }));
      queryClient.removeQueries({ queryKey: channelKeys.one(me.tenant.id, channel.id) });
      // The list must not show the deleted channel even for the moment its refetch takes.
      queryClient.setQueryData<{ items: Channel[] }>(channelKeys.list(me.tenant.id), (old) =>
        old ? { ...old, items: old.items.filter((c) => c.id !== channel.id) } : old,
      );
      queryClient.invalidateQueries({ queryKey: channelKeys.list(me.tenant.id) });
      router.push('/channels');
      router.refresh();
    },
    onError: (error) => toast.error(t('deleteFailed'), { description: errorMessage(error) }),
  });

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="outline" size="icon" aria-label={t('menu')} data-testid="channel-menu">
            <EllipsisIcon />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-56">
          <DropdownMenuItem onSelect={() => setDialog('rename')} data-testid="channel-rename">
            <PencilIcon />
            {t('rename')}
          </DropdownMenuItem>
          {channel.kind === 'cloud' && (
            <DropdownMenuItem onSelect={() => setDialog('credentials')} data-testid="channel-credentials">
              <KeyRoundIcon />
              {t('credentials')}
            </DropdownMenuItem>
          )}
          <DropdownMenuSeparator />
          <DropdownMenuItem
            variant="destructive"
            onSelect={() => setDialog('delete')}
            data-testid="channel-delete"
          >
            <Trash2Icon />
            {t('delete')}
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>

      <RenameDialog
        channel={channel}
        open={dialog === 'rename'}
        onOpenChange={(o) => setDialog(o ? 'rename' : null)}
      />
      {channel.kind === 'cloud' && (
        <CredentialsDialog
          channel={channel}
          open={dialog === 'credentials'}
          onOpenChange={(o) => setDialog(o ? 'credentials' : null)}
          onSaved={onCredentialsSaved}
        />
      )}
      <AlertDialog open={dialog === 'delete'} onOpenChange={(o) => setDialog(o ? 'delete' : null)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>{t('deleteTitle', { name: channel.name })}</AlertDialogTitle>
            <AlertDialogDescription>
              {channel.kind === 'cloud' ? t('deleteDescriptionCloud') : t('deleteDescription')}
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>{t('cancel')}</AlertDialogCancel>
            <AlertDialogAction
              variant="destructive"
              disabled={remove.isPending}
              onClick={() => remove.mutate()}
              data-testid="channel-delete-confirm"
            >
              {t('delete')}
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}
