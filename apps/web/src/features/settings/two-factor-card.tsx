'use client';

import { mfaCodeSchema } from '@conversa/shared';
import { useMutation } from '@tanstack/react-query';
import { DownloadIcon, Loader2Icon, ShieldCheckIcon, ShieldOffIcon, TriangleAlertIcon } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardAction, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { ApiError, api } from '@/lib/api-client';
import { useZodResolver } from '@/lib/form-errors';
import { useErrorMessage } from '@/lib/use-error-message';

type Setup = { secret: string; otpauthUri: string; qrDataUrl: string };

function CodeField({ label, numeric = true }: { label: string; numeric?: boolean }) {
  return (
    <FormField
      name="code"
      render={({ field }) => (
        <FormItem>
          <FormLabel>{label}</FormLabel>
          <FormControl>
            <Input
              autoFocus
              autoComplete="one-time-code"
              inputMode={numeric ? 'numeric' : 'text'}
              placeholder={numeric ? '000000' : undefined}
              className="h-11 max-w-48 text-center font-mono text-lg tracking-[0.3em]"
              {...field}
            />
          </FormControl>
          <FormMessage />
        </FormItem>
      )}
    />
  );
}

export function TwoFactorCard({ enabled }: { enabled: boolean }) {
  const t = useTranslations('settings.twoFactor');
  const tActions = useTranslations('common.actions');
  const router = useRouter();
  const errorMessage = useErrorMessage();
  const [step, setStep] = useState<'closed' | 'scan' | 'codes'>('closed');
  const [setup, setSetup] = useState<Setup | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>([]);
  const [disableOpen, setDisableOpen] = useState(false);

  const enableForm = useForm({ resolver: useZodResolver(mfaCodeSchema), defaultValues: { code: '' } });
  const disableForm = useForm({ resolver: useZodResolver(mfaCodeSchema), defaultValues: { code: '' } });

  const start = useMutation({
    mutationFn: () => api<Setup>('/auth/mfa/setup', { method: 'POST' }),
    onSuccess: (data) => {
      setSetup(data);
      enableForm.reset();
      setStep('scan');
    },
    onError: (error) => toast.error(t('setupFailed'), { description: errorMessage(error) }),
  });

  const enable = useMutation({
    mutationFn: (code: string) =>
      api<{ recoveryCodes: string[] }>('/auth/mfa/enable', { method: 'POST', body: { code } }),
    onSuccess: (data) => {
      setRecoveryCodes(data.recoveryCodes);
      setStep('codes');
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'mfa-invalid') {
        enableForm.setError('code', { type: 'server', message: errorMessage(error) }, { shouldFocus: true });
        return;
      }
      toast.error(t('enableFailed'), { description: errorMessage(error) });
    },
  });

  const disable = useMutation({
    mutationFn: (code: string) => api('/auth/mfa/disable', { method: 'POST', body: { code } }),
    onSuccess: () => {
      setDisableOpen(false);
      disableForm.reset();
      toast.success(t('disabled'));
      router.refresh();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'mfa-invalid') {
        disableForm.setError('code', { type: 'server', message: errorMessage(error) }, { shouldFocus: true });
        return;
      }
      toast.error(t('disableFailed'), { description: errorMessage(error) });
    },
  });

  const finish = () => {
    setStep('closed');
    setSetup(null);
    setRecoveryCodes([]);
    toast.success(t('enabled'));
    router.refresh();
  };

  const download = () => {
    const text = `${t('fileHeader')}\n\n${recoveryCodes.join('\n')}\n`;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'conversa-recovery-codes.txt';
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Card id="two-factor" className="scroll-mt-24" data-testid="two-factor-card">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          {t('title')}
          {enabled ? (
            <Badge variant="success">
              <ShieldCheckIcon />
              {t('on')}
            </Badge>
          ) : (
            <Badge variant="muted">{t('off')}</Badge>
          )}
        </CardTitle>
        <CardDescription>{enabled ? t('onDescription') : t('offDescription')}</CardDescription>
        <CardAction>
          {enabled ? (
            <Button variant="outline" onClick={() => setDisableOpen(true)}>
              <ShieldOffIcon />
              {t('disable')}
            </Button>
          ) : (
            <Button onClick={() => start.mutate()} disabled={start.isPending} data-testid="mfa-enable">
              {start.isPending ? <Loader2Icon className="animate-spin" /> : <ShieldCheckIcon />}
              {t('enable')}
            </Button>
          )}
        </CardAction>
      </CardHeader>
      <CardFooter className="text-muted-foreground text-xs">{t('apps')}</CardFooter>

      {/* Enrolment: scan → confirm with a code → recovery codes, shown this once. */}
      <Dialog
        open={step !== 'closed'}
        onOpenChange={(open) => {
          if (open) return;
          if (step === 'codes') finish();
          else setStep('closed');
        }}
      >
        <DialogContent
          closeLabel={tActions('close')}
          onInteractOutside={(event) => step === 'codes' && event.preventDefault()}
        >
          {step === 'scan' && setup && (
            <Form {...enableForm}>
              <form
                noValidate
                className="grid gap-5"
                onSubmit={enableForm.handleSubmit(({ code }) => enable.mutate(code))}
              >
                <DialogHeader>
                  <DialogTitle>{t('scanTitle')}</DialogTitle>
                  <DialogDescription>{t('scanDescription')}</DialogDescription>
                </DialogHeader>
                <div className="flex flex-col items-center gap-4 sm:flex-row sm:items-start">
                  {/* biome-ignore lint/performance/noImgElement: a data: URL from the API; next/image adds nothing here. */}
                  <img
                    src={setup.qrDataUrl}
                    alt={t('qrAlt')}
                    width={176}
                    height={176}
                    className="size-44 shrink-0 rounded-lg border bg-white p-2"
                  />
                  <div className="grid min-w-0 gap-2 text-sm">
                    <p className="text-muted-foreground">{t('manualEntry')}</p>
                    <div className="flex items-center gap-2">
                      <code className="min-w-0 flex-1 break-all rounded-md border bg-muted/50 px-2 py-1.5 font-mono text-xs">
                        {setup.secret}
                      </code>
                      <CopyButton
                        value={setup.secret}
                        label={tActions('copy')}
                        copiedLabel={tActions('copied')}
                      />
                    </div>
                  </div>
                </div>
                <CodeField label={t('codeLabel')} />
                <DialogFooter>
                  <Button type="button" variant="outline" onClick={() => setStep('closed')}>
                    {tActions('cancel')}
                  </Button>
                  <Button type="submit" disabled={enable.isPending}>
                    {enable.isPending && <Loader2Icon className="animate-spin" />}
                    {t('confirm')}
                  </Button>
                </DialogFooter>
              </form>
            </Form>
          )}
          {step === 'codes' && (
            <div className="grid gap-5">
              <DialogHeader>
                <DialogTitle>{t('codesTitle')}</DialogTitle>
                <DialogDescription>{t('codesDescription')}</DialogDescription>
              </DialogHeader>
              <Alert variant="warning">
                <TriangleAlertIcon />
                <AlertDescription className="text-foreground/80">{t('codesWarning')}</AlertDescription>
              </Alert>
              <ul
                className="grid grid-cols-2 gap-2 rounded-lg border bg-muted/40 p-4 font-mono text-sm"
                data-testid="recovery-codes"
              >
                {recoveryCodes.map((code) => (
                  <li key={code} className="text-center tracking-wider">
                    {code}
                  </li>
                ))}
              </ul>
              <div className="flex flex-wrap gap-2">
                <CopyButton
                  value={recoveryCodes.join('\n')}
                  label={t('copyAll')}
                  copiedLabel={tActions('copied')}
                  showLabel
                />
                <Button type="button" variant="outline" size="sm" onClick={download}>
                  <DownloadIcon />
                  {t('download')}
                </Button>
              </div>
              <DialogFooter>
                <Button type="button" onClick={finish}>
                  {t('saved')}
                </Button>
              </DialogFooter>
            </div>
          )}
        </DialogContent>
      </Dialog>

      <Dialog
        open={disableOpen}
        onOpenChange={(open) => {
          setDisableOpen(open);
          if (!open) disableForm.reset();
        }}
      >
        <DialogContent closeLabel={tActions('close')} className="sm:max-w-md">
          <Form {...disableForm}>
            <form
              noValidate
              className="grid gap-5"
              onSubmit={disableForm.handleSubmit(({ code }) => disable.mutate(code))}
            >
              <DialogHeader>
                <DialogTitle>{t('disableTitle')}</DialogTitle>
                <DialogDescription>{t('disableDescription')}</DialogDescription>
              </DialogHeader>
              <CodeField label={t('codeOrRecovery')} numeric={false} />
              <DialogFooter>
                <Button type="button" variant="outline" onClick={() => setDisableOpen(false)}>
                  {tActions('cancel')}
                </Button>
                <Button type="submit" variant="destructive" disabled={disable.isPending}>
                  {disable.isPending && <Loader2Icon className="animate-spin" />}
                  {t('disable')}
                </Button>
              </DialogFooter>
            </form>
          </Form>
        </DialogContent>
      </Dialog>
    </Card>
  );
}
