'use client';

import { loginSchema, mfaCodeSchema } from '@conversa/shared';
import { useMutation } from '@tanstack/react-query';
import {
  AlertCircleIcon,
  ArrowLeftIcon,
  EyeIcon,
  EyeOffIcon,
  KeyRoundIcon,
  Loader2Icon,
  ShieldCheckIcon,
} from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { ApiError, api } from '@/lib/api-client';
import { useZodResolver } from '@/lib/form-errors';
import type { Me } from '@/lib/types';
import { useErrorMessage } from '@/lib/use-error-message';

type LoginAnswer = { mfaRequired: true } | (Me & { mfaRequired: false });
type Credentials = z.output<typeof loginSchema>;

/** Seconds left of a 429's Retry-After, ticking down so the button unlocks by itself. */
function useCountdown() {
  const [until, setUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until <= Date.now()) return;
    const id = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(id);
  }, [until]);
  const left = Math.max(0, Math.ceil((until - now) / 1000));
  return {
    left,
    start: (seconds: number) => {
      setNow(Date.now());
      setUntil(Date.now() + seconds * 1000);
    },
  };
}

export function LoginForm({ next }: { next: string }) {
  const t = useTranslations('auth.login');
  const tErrors = useTranslations('errors');
  const router = useRouter();
  const errorMessage = useErrorMessage();
  const countdown = useCountdown();
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [credentials, setCredentials] = useState<Credentials | null>(null);
  const [useRecovery, setUseRecovery] = useState(false);
  const [showPassword, setShowPassword] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const passwordForm = useForm({
    resolver: useZodResolver(loginSchema),
    defaultValues: { email: '', password: '' },
  });
  const codeForm = useForm({ resolver: useZodResolver(mfaCodeSchema), defaultValues: { code: '' } });

  const login = useMutation({
    mutationFn: (body: Credentials) => api<LoginAnswer>('/auth/login', { method: 'POST', body }),
    onMutate: () => setError(null),
    onSuccess: (answer, body) => {
      if (answer.mfaRequired) {
        setCredentials({ email: body.email, password: body.password });
        setStep('code');
        return;
      }
      router.replace(next);
      router.refresh();
    },
    onError: (err, body) => {
      setError(err);
      if (err instanceof ApiError && err.code === 'rate-limited') countdown.start(err.retryAfter ?? 60);
      if (err instanceof ApiError && err.code === 'invalid-credentials' && body.totp) {
        // The password no longer matches (changed meanwhile): start again from the first step.
        setStep('password');
        codeForm.reset();
      }
      if (err instanceof ApiError && err.code === 'mfa-invalid') codeForm.setFocus('code');
    },
  });

  // A signed-in answer keeps the button busy while the next page loads; `mfaRequired` does not.
  const busy = login.isPending || (login.isSuccess && login.data?.mfaRequired === false);
  const locked = countdown.left > 0;
  const shownError =
    error instanceof ApiError && error.code === 'rate-limited'
      ? locked
        ? tErrors('rate-limited', { seconds: countdown.left })
        : null
      : error
        ? errorMessage(error)
        : null;

  return (
    <div className="grid gap-6">
      <div className="grid gap-1.5 text-center">
        <h1 className="font-semibold text-2xl tracking-tight">
          {step === 'password' ? t('title') : t('codeTitle')}
        </h1>
        <p className="text-balance text-muted-foreground text-sm">
          {step === 'password' ? t('subtitle') : t('codeSubtitle', { email: credentials?.email ?? '' })}
        </p>
      </div>
      {shownError && (
        <Alert variant="destructive" data-testid="login-error" aria-live="polite">
          <AlertCircleIcon />
          <AlertDescription>{shownError}</AlertDescription>
        </Alert>
      )}

      {step === 'password' ? (
        <Form {...passwordForm}>
          <form
            noValidate
            className="grid gap-4"
            onSubmit={passwordForm.handleSubmit((values) => login.mutate(values))}
          >
            <FormField
              control={passwordForm.control}
              name="email"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>{t('email')}</FormLabel>
                  <FormControl>
                    <Input
                      type="email"
                      autoComplete="username"
                      autoFocus
                      placeholder={t('emailPlaceholder')}
                      {...field}
                    />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormField
              control={passwordForm.control}
              name="password"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>{t('password')}</FormLabel>
                  <div className="relative">
                    <FormControl>
                      <Input
                        type={showPassword ? 'text' : 'password'}
                        autoComplete="current-password"
                        className="pr-10"
                        {...field}
                      />
                    </FormControl>
                    <button
                      type="button"
                      onClick={() => setShowPassword((v) => !v)}
                      className="absolute inset-y-0 right-0 flex w-10 items-center justify-center rounded-r-md text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
                      aria-label={showPassword ? t('hidePassword') : t('showPassword')}
                      aria-pressed={showPassword}
                    >
                      {showPassword ? <EyeOffIcon className="size-4" /> : <EyeIcon className="size-4" />}
                    </button>
                  </div>
                  <FormMessage />
                </FormItem>
              )}
            />
            <Button type="submit" size="lg" className="mt-2 w-full" disabled={busy || locked}>
              {busy && <Loader2Icon className="animate-spin" />}
              {busy ? t('submitting') : t('submit')}
            </Button>
          </form>
        </Form>
      ) : (
        <Form {...codeForm}>
          <form
            noValidate
            className="grid gap-4"
            onSubmit={codeForm.handleSubmit(
              ({ code }) => credentials && login.mutate({ ...credentials, totp: code }),
            )}
          >
            <div className="flex items-start gap-3 rounded-lg border bg-muted/40 p-3">
              {useRecovery ? (
                <KeyRoundIcon className="mt-0.5 size-4 shrink-0 text-primary" />
              ) : (
                <ShieldCheckIcon className="mt-0.5 size-4 shrink-0 text-primary" />
              )}
              <p className="text-muted-foreground text-sm">
                {useRecovery ? t('recoveryHelp') : t('codeHelp')}
              </p>
            </div>
            <FormField
              control={codeForm.control}
              name="code"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>{useRecovery ? t('recoveryCode') : t('code')}</FormLabel>
                  <FormControl>
                    <Input
                      autoFocus
                      autoComplete="one-time-code"
                      inputMode={useRecovery ? 'text' : 'numeric'}
                      placeholder={useRecovery ? 'xxxxx-xxxxx' : '000000'}
                      maxLength={useRecovery ? 32 : 6}
                      className="h-11 text-center font-mono text-lg tracking-[0.3em]"
                      {...field}
                    />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            <Button type="submit" size="lg" className="w-full" disabled={busy || locked}>
              {busy && <Loader2Icon className="animate-spin" />}
              {busy ? t('verifying') : t('verify')}
            </Button>
            <div className="flex items-center justify-between text-sm">
              <Button
                type="button"
                variant="link"
                className="h-auto px-0 text-muted-foreground"
                onClick={() => {
                  setStep('password');
                  setError(null);
                  codeForm.reset();
                }}
              >
                <ArrowLeftIcon />
                {t('back')}
              </Button>
              <Button
                type="button"
                variant="link"
                className="h-auto px-0"
                onClick={() => {
                  setUseRecovery((v) => !v);
                  codeForm.reset();
                  setError(null);
                }}
              >
                {useRecovery ? t('useAuthenticator') : t('useRecoveryCode')}
              </Button>
            </div>
          </form>
        </Form>
      )}
    </div>
  );
}
