'use client';

import { ChevronRightIcon, EyeIcon, EyeOffIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useId, useMemo, useState } from 'react';
import type { Control, FieldPath } from 'react-hook-form';
import { z } from 'zod';
import { Button } from '@/components/ui/button';
import {
  FormControl,
  FormDescription,
  FormField,
  FormItem,
  FormLabel,
  FormMessage,
} from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { cn } from '@/lib/utils';

/**
 * The bounds of `cloudCredentialsSchema` (@conversa/shared), restated because its English messages would
 * bypass the translated resolver. Meta's ids are long numbers; a pasted phone number is the usual mistake.
 */
const metaId = /^\d{5,30}$/;

export function useCloudCredentialsSchema() {
  const t = useTranslations('channels.cloudForm');
  return useMemo(
    () =>
      z.object({
        wabaId: z
          .string()
          .trim()
          .min(1)
          .regex(metaId, { error: () => t('digitsOnly') }),
        phoneNumberId: z
          .string()
          .trim()
          .min(1)
          .regex(metaId, { error: () => t('digitsOnly') }),
        accessToken: z.string().trim().min(10),
        appSecret: z.string().trim().min(8),
        appId: z
          .string()
          .trim()
          .refine((v) => v === '' || metaId.test(v), { error: () => t('digitsOnly') }),
        graphApiBaseUrl: z
          .string()
          .trim()
          .refine((v) => v === '' || /^https?:\/\/\S+$/.test(v), { error: () => t('urlInvalid') }),
      }),
    [t],
  );
}

export type CloudCredentialsForm = z.output<ReturnType<typeof useCloudCredentialsSchema>>;

export const emptyCloudCredentials: CloudCredentialsForm = {
  wabaId: '',
  phoneNumberId: '',
  accessToken: '',
  appSecret: '',
  appId: '',
  graphApiBaseUrl: '',
};

/** Only what was filled in goes to the API: empty optional fields are left out. */
export function cloudCredentialsBody(values: CloudCredentialsForm) {
  return {
    wabaId: values.wabaId,
    phoneNumberId: values.phoneNumberId,
    accessToken: values.accessToken,
    appSecret: values.appSecret,
    ...(values.appId ? { appId: values.appId } : {}),
    ...(values.graphApiBaseUrl ? { graphApiBaseUrl: values.graphApiBaseUrl } : {}),
  };
}

export const cloudCredentialPaths = [
  'credentials.wabaId',
  'credentials.phoneNumberId',
  'credentials.accessToken',
  'credentials.appSecret',
  'credentials.appId',
  'credentials.graphApiBaseUrl',
] as const;

/** A secret typed once: hidden by default, never filled by the browser's password manager. */
function SecretInput(props: React.ComponentProps<typeof Input>) {
  const t = useTranslations('channels.cloudForm');
  const [shown, setShown] = useState(false);
  return (
    <div className="relative">
      <Input
        {...props}
        type={shown ? 'text' : 'password'}
        autoComplete="new-password"
        spellCheck={false}
        data-1p-ignore
        data-lpignore="true"
        className={cn('pr-10 font-mono', props.className)}
      />
      <Button
        type="button"
        variant="ghost"
        size="icon-xs"
        className="absolute top-1 right-1 text-muted-foreground"
        aria-label={shown ? t('hide') : t('show')}
        aria-pressed={shown}
        onClick={() => setShown((v) => !v)}
      >
        {shown ? <EyeOffIcon /> : <EyeIcon />}
      </Button>
    </div>
  );
}

/** The Cloud API fields with where each value lives in Meta's dashboards; used to create and to update. */
export function CloudCredentialsFields<T extends { credentials: CloudCredentialsForm }>({
  control,
}: {
  control: Control<T>;
}) {
  const t = useTranslations('channels.cloudForm');
  const [advanced, setAdvanced] = useState(false);
  const advancedId = useId();
  const name = (field: keyof CloudCredentialsForm) => `credentials.${field}` as FieldPath<T>;
  const rich = {
    b: (chunks: React.ReactNode) => <span className="font-medium text-foreground/90">{chunks}</span>,
    code: (chunks: React.ReactNode) => (
      <code className="rounded bg-muted px-1 py-0.5 font-mono text-[11px] text-foreground/90">{chunks}</code>
    ),
  };

  return (
    <div className="grid gap-5">
      <div className="grid gap-5 sm:grid-cols-2">
        {(
          [
            ['wabaId', '102290129340398'],
            ['phoneNumberId', '106540352242922'],
          ] as const
        ).map(([id, placeholder]) => (
          <FormField
            key={id}
            control={control}
            name={name(id)}
            render={({ field }) => (
              <FormItem>
                <FormLabel>{t(id)}</FormLabel>
                <FormControl>
                  <Input
                    inputMode="numeric"
                    autoComplete="off"
                    spellCheck={false}
                    className="font-mono"
                    placeholder={placeholder}
                    {...field}
                    value={String(field.value ?? '')}
                  />
                </FormControl>
                <FormDescription>{t.rich(`${id}Help`, rich)}</FormDescription>
                <FormMessage />
              </FormItem>
            )}
          />
        ))}
      </div>
      <FormField
        control={control}
        name={name('accessToken')}
        render={({ field }) => (
          <FormItem>
            <FormLabel>{t('accessToken')}</FormLabel>
            <FormControl>
              <SecretInput {...field} value={String(field.value ?? '')} placeholder="EAAG…" />
            </FormControl>
            <FormDescription>{t.rich('accessTokenHelp', rich)}</FormDescription>
            <FormMessage />
          </FormItem>
        )}
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <FormField
          control={control}
          name={name('appSecret')}
          render={({ field }) => (
            <FormItem>
              <FormLabel>{t('appSecret')}</FormLabel>
              <FormControl>
                <SecretInput {...field} value={String(field.value ?? '')} />
              </FormControl>
              <FormDescription>{t.rich('appSecretHelp', rich)}</FormDescription>
              <FormMessage />
            </FormItem>
          )}
        />
        <FormField
          control={control}
          name={name('appId')}
          render={({ field }) => (
            <FormItem>
              <FormLabel>
                {t('appId')} <span className="font-normal text-muted-foreground">{t('optional')}</span>
              </FormLabel>
              <FormControl>
                <Input
                  inputMode="numeric"
                  autoComplete="off"
                  spellCheck={false}
                  className="font-mono"
                  {...field}
                  value={String(field.value ?? '')}
                />
              </FormControl>
              <FormDescription>{t.rich('appIdHelp', rich)}</FormDescription>
              <FormMessage />
            </FormItem>
          )}
        />
      </div>
      <div className="grid gap-3">
        <button
          type="button"
          aria-expanded={advanced}
          aria-controls={advancedId}
          onClick={() => setAdvanced((v) => !v)}
          className="flex w-fit items-center gap-1 rounded-sm text-muted-foreground text-xs outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
        >
          <ChevronRightIcon className={cn('size-3.5 transition-transform', advanced && 'rotate-90')} />
          {t('advanced')}
        </button>
        <div id={advancedId} hidden={!advanced}>
          <FormField
            control={control}
            name={name('graphApiBaseUrl')}
            render={({ field }) => (
              <FormItem>
                <FormLabel>
                  {t('graphApiBaseUrl')}{' '}
                  <span className="font-normal text-muted-foreground">{t('optional')}</span>
                </FormLabel>
                <FormControl>
                  <Input
                    autoComplete="off"
                    spellCheck={false}
                    className="font-mono"
                    placeholder="https://graph.facebook.com"
                    {...field}
                    value={String(field.value ?? '')}
                  />
                </FormControl>
                <FormDescription>{t('graphApiBaseUrlHelp')}</FormDescription>
                <FormMessage />
              </FormItem>
            )}
          />
        </div>
      </div>
    </div>
  );
}
