'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  ArrowLeftIcon,
  CheckIcon,
  CloudIcon,
  FlaskConicalIcon,
  Loader2Icon,
  LockKeyholeIcon,
  PlusIcon,
  QrCodeIcon,
} from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { z } from 'zod';
import { Badge } from '@/components/ui/badge';
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
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { useMe } from '@/features/auth/me-context';
import { api } from '@/lib/api-client';
import { useApplyApiFieldErrors, useZodResolver } from '@/lib/form-errors';
import { useErrorMessage } from '@/lib/use-error-message';
import { cn } from '@/lib/utils';
import {
  CloudCredentialsFields,
  cloudCredentialPaths,
  cloudCredentialsBody,
  emptyCloudCredentials,
  useCloudCredentialsSchema,
} from './cloud-credentials-fields';
import { channelKeys } from './queries';
import type { Channel } from './types';

type Kind = 'cloud' | 'sandbox';

const kindOptions = [
  { kind: 'cloud', icon: CloudIcon },
  { kind: 'sandbox', icon: FlaskConicalIcon },
] as const;

function KindPicker({ value, onChange }: { value: Kind; onChange: (kind: Kind) => void }) {
  const t = useTranslations('channels.add');
  return (
    <fieldset className="grid gap-3">
      <legend className="sr-only">{t('kindLegend')}</legend>
      {kindOptions.map(({ kind, icon: Icon }) => (
        <label
          key={kind}
          data-testid={`channel-kind-${kind}`}
          className={cn(
            'relative flex cursor-pointer items-start gap-4 rounded-xl border p-4 transition-colors',
            'has-[input:focus-visible]:ring-[3px] has-[input:focus-visible]:ring-ring/50',
            value === kind
              ? 'border-primary/60 bg-primary/5'
              : 'hover:border-foreground/20 hover:bg-muted/40',
          )}
        >
          <input
            type="radio"
            name="channel-kind"
            value={kind}
            checked={value === kind}
            onChange={() => onChange(kind)}
            className="sr-only"
          />
          <span
            className={cn(
              'flex size-10 shrink-0 items-center justify-center rounded-lg border',
              kind === 'sandbox' ? 'bg-sky-500/10 text-sky-400' : 'bg-primary/10 text-primary',
            )}
          >
            <Icon className="size-5" />
          </span>
          <span className="grid flex-1 gap-1">
            <span className="flex items-center gap-2 font-medium text-sm">
              {t(`${kind}.title`)}
              <Badge variant={kind === 'cloud' ? 'success' : 'muted'} className="font-normal">
                {t(`${kind}.badge`)}
              </Badge>
            </span>
            <span className="text-muted-foreground text-sm leading-relaxed">{t(`${kind}.description`)}</span>
          </span>
          <span
            aria-hidden="true"
            className={cn(
              'mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full border',
              value === kind ? 'border-primary bg-primary text-primary-foreground' : 'border-input',
            )}
          >
            {value === kind && <CheckIcon className="size-3" />}
          </span>
        </label>
      ))}
      <div className="flex items-start gap-4 rounded-xl border border-dashed p-4 opacity-60">
        <span className="flex size-10 shrink-0 items-center justify-center rounded-lg border bg-muted/50 text-muted-foreground">
          <QrCodeIcon className="size-5" />
        </span>
        <span className="grid flex-1 gap-1">
          <span className="flex items-center gap-2 font-medium text-sm">
            {t('qr.title')}
            <Badge variant="muted" className="font-normal">
              {t('qr.badge')}
            </Badge>
          </span>
          <span className="text-muted-foreground text-sm leading-relaxed">{t('qr.description')}</span>
        </span>
      </div>
    </fieldset>
  );
}

type DetailsProps = { onCreated: (channel: Channel) => void; onBack: () => void; onCancel: () => void };

function useCreateChannel(onCreated: (channel: Channel) => void) {
  const me = useMe();
  const t = useTranslations('channels.add');
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { kind: Kind; name: string; credentials?: unknown }) =>
      api<Channel>('/channels', { method: 'POST', body }),
    onSuccess: (channel) => {
      queryClient.setQueryData(channelKeys.one(me.tenant.id, channel.id), channel);
      queryClient.invalidateQueries({ queryKey: channelKeys.all });
      toast.success(t('created', { name: channel.name }));
      onCreated(channel);
    },
  });
}

function DetailsFooter({
  pending,
  onBack,
  onCancel,
}: {
  pending: boolean;
  onBack: () => void;
  onCancel: () => void;
}) {
  const t = useTranslations('channels.add');
  const tActions = useTranslations('common.actions');
  return (
    <DialogFooter className="sm:justify-between">
      <Button type="button" variant="ghost" onClick={onBack}>
        <ArrowLeftIcon />
        {t('back')}
      </Button>
      <div className="flex flex-col-reverse gap-2 sm:flex-row">
        <Button type="button" variant="outline" onClick={onCancel}>
          {tActions('cancel')}
        </Button>
        <Button type="submit" disabled={pending} data-testid="add-channel-submit">
          {pending && <Loader2Icon className="animate-spin" />}
          {t('submit')}
        </Button>
      </div>
    </DialogFooter>
  );
}

function NameField({ kind }: { kind: Kind }) {
  const t = useTranslations('channels.add');
  return (
    <FormField
      name="name"
      render={({ field }) => (
        <FormItem>
          <FormLabel>{t('name')}</FormLabel>
          <FormControl>
            <Input autoFocus autoComplete="off" placeholder={t(`${kind}.namePlaceholder`)} {...field} />
          </FormControl>
          <FormMessage />
        </FormItem>
      )}
    />
  );
}

const nameSchema = z.string().trim().min(1).max(80);

function CloudDetails({ onCreated, onBack, onCancel }: DetailsProps) {
  const t = useTranslations('channels.add');
  const errorMessage = useErrorMessage();
  const applyFieldErrors = useApplyApiFieldErrors();
  const credentials = useCloudCredentialsSchema();
  const schema = useMemo(() => z.object({ name: nameSchema, credentials }), [credentials]);
  const form = useForm({
    resolver: useZodResolver(schema),
    defaultValues: { name: '', credentials: emptyCloudCredentials },
  });
  const create = useCreateChannel(onCreated);
  return (
    <Form {...form}>
      <form
        noValidate
        className="grid gap-5"
        onSubmit={form.handleSubmit((values) =>
          create.mutate(
            { kind: 'cloud', name: values.name, credentials: cloudCredentialsBody(values.credentials) },
            {
              onError: (error) => {
                if (applyFieldErrors(error, form.setError, ['name', ...cloudCredentialPaths])) return;
                toast.error(t('failed'), { description: errorMessage(error) });
              },
            },
          ),
        )}
      >
        <DialogHeader>
          <p className="text-muted-foreground text-xs">{t('stepOf', { step: 2, total: 2 })}</p>
          <DialogTitle>{t('cloud.formTitle')}</DialogTitle>
          <DialogDescription>{t('cloud.formDescription')}</DialogDescription>
        </DialogHeader>
        <NameField kind="cloud" />
        <CloudCredentialsFields control={form.control} />
        <p className="flex items-start gap-2 rounded-lg border bg-muted/40 px-3 py-2.5 text-muted-foreground text-xs leading-relaxed">
          <LockKeyholeIcon className="mt-0.5 size-3.5 shrink-0" />
          {t('cloud.secretsNote')}
        </p>
        {create.isPending && (
          <p className="flex items-center gap-2 text-muted-foreground text-sm" role="status">
            <Loader2Icon className="size-4 animate-spin" />
            {t('cloud.creating')}
          </p>
        )}
        <DetailsFooter pending={create.isPending} onBack={onBack} onCancel={onCancel} />
      </form>
    </Form>
  );
}

function SandboxDetails({ onCreated, onBack, onCancel }: DetailsProps) {
  const t = useTranslations('channels.add');
  const errorMessage = useErrorMessage();
  const applyFieldErrors = useApplyApiFieldErrors();
  const schema = useMemo(() => z.object({ name: nameSchema }), []);
  const form = useForm({
    resolver: useZodResolver(schema),
    defaultValues: { name: t('sandbox.defaultName') },
  });
  const create = useCreateChannel(onCreated);
  return (
    <Form {...form}>
      <form
        noValidate
        className="grid gap-5"
        onSubmit={form.handleSubmit((values) =>
          create.mutate(
            { kind: 'sandbox', name: values.name },
            {
              onError: (error) => {
                if (applyFieldErrors(error, form.setError, ['name'])) return;
                toast.error(t('failed'), { description: errorMessage(error) });
              },
            },
          ),
        )}
      >
        <DialogHeader>
          <p className="text-muted-foreground text-xs">{t('stepOf', { step: 2, total: 2 })}</p>
          <DialogTitle>{t('sandbox.formTitle')}</DialogTitle>
          <DialogDescription>{t('sandbox.formDescription')}</DialogDescription>
        </DialogHeader>
        <NameField kind="sandbox" />
        <ul className="grid gap-2 rounded-lg border bg-muted/30 p-4 text-sm">
          {(['one', 'two', 'three'] as const).map((k) => (
            <li key={k} className="flex items-start gap-2.5">
              <CheckIcon className="mt-0.5 size-4 shrink-0 text-primary" />
              <span className="text-foreground/85">{t(`sandbox.points.${k}`)}</span>
            </li>
          ))}
        </ul>
        <DetailsFooter pending={create.isPending} onBack={onBack} onCancel={onCancel} />
      </form>
    </Form>
  );
}

export function AddChannelDialog() {
  const t = useTranslations('channels.add');
  const tActions = useTranslations('common.actions');
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [step, setStep] = useState<'kind' | 'details'>('kind');
  const [kind, setKind] = useState<Kind>('cloud');

  const close = () => {
    setOpen(false);
    // The details form (and any secret typed into it) unmounts with the step.
    setTimeout(() => {
      setStep('kind');
      setKind('cloud');
    }, 200);
  };

  const onCreated = (channel: Channel) => {
    close();
    // A new Cloud channel gets its first live check on arrival; a sandbox opens on its simulator.
    router.push(
      channel.kind === 'cloud' ? `/channels/${channel.id}?check=1` : `/channels/${channel.id}#simulator`,
    );
  };

  return (
    <Dialog open={open} onOpenChange={(next) => (next ? setOpen(true) : close())}>
      <DialogTrigger asChild>
        <Button data-testid="add-channel">
          <PlusIcon />
          {t('button')}
        </Button>
      </DialogTrigger>
      <DialogContent
        closeLabel={tActions('close')}
        className={cn(step === 'details' && kind === 'cloud' && 'sm:max-w-2xl')}
        // A half-typed token must not vanish on a stray click outside.
        onInteractOutside={(event) => step === 'details' && event.preventDefault()}
      >
        {step === 'kind' ? (
          <form
            className="grid gap-5"
            onSubmit={(event) => {
              event.preventDefault();
              setStep('details');
            }}
          >
            <DialogHeader>
              <p className="text-muted-foreground text-xs">{t('stepOf', { step: 1, total: 2 })}</p>
              <DialogTitle>{t('title')}</DialogTitle>
              <DialogDescription>{t('description')}</DialogDescription>
            </DialogHeader>
            <KindPicker value={kind} onChange={setKind} />
            <DialogFooter>
              <Button type="button" variant="outline" onClick={close}>
                {tActions('cancel')}
              </Button>
              <Button type="submit" data-testid="add-channel-next">
                {t('next')}
              </Button>
            </DialogFooter>
          </form>
        ) : kind === 'cloud' ? (
          <CloudDetails onCreated={onCreated} onBack={() => setStep('kind')} onCancel={close} />
        ) : (
          <SandboxDetails onCreated={onCreated} onBack={() => setStep('kind')} onCancel={close} />
        )}
      </DialogContent>
    </Dialog>
  );
}
