'use client';

import { changePasswordSchema } from '@conversa/shared';
import { useMutation } from '@tanstack/react-query';
import { Loader2Icon, TriangleAlertIcon } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { z } from 'zod';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
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
import { ApiError, api } from '@/lib/api-client';
import { useApplyApiFieldErrors, useZodResolver } from '@/lib/form-errors';
import { useErrorMessage } from '@/lib/use-error-message';

export function ChangePasswordCard({ defaultPasswordInUse }: { defaultPasswordInUse: boolean }) {
  const t = useTranslations('settings.password');
  const tValidation = useTranslations('validation');
  const router = useRouter();
  const errorMessage = useErrorMessage();
  const applyFieldErrors = useApplyApiFieldErrors();

  // The confirmation field exists only here; the API takes the shared schema's two fields.
  const schema = useMemo(
    () =>
      changePasswordSchema
        .extend({ confirmPassword: z.string() })
        .refine((v) => v.newPassword === v.confirmPassword, {
          path: ['confirmPassword'],
          message: tValidation('passwordMismatch'),
        }),
    [tValidation],
  );
  const form = useForm({
    resolver: useZodResolver(schema),
    defaultValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
  });

  const change = useMutation({
    mutationFn: ({ currentPassword, newPassword }: z.output<typeof schema>) =>
      api('/auth/password', { method: 'POST', body: { currentPassword, newPassword } }),
    onSuccess: () => {
      toast.success(t('changed'));
      form.reset();
      // The default-password banner and checklist are server-rendered from /auth/me.
      router.refresh();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'invalid-credentials') {
        form.setError(
          'currentPassword',
          { type: 'server', message: t('wrongCurrent') },
          { shouldFocus: true },
        );
        return;
      }
      if (applyFieldErrors(error, form.setError, ['currentPassword', 'newPassword'])) return;
      toast.error(t('failed'), { description: errorMessage(error) });
    },
  });

  return (
    <Card id="password" className="scroll-mt-24">
      <CardHeader>
        <CardTitle>{t('title')}</CardTitle>
        <CardDescription>{t('description')}</CardDescription>
      </CardHeader>
      <Form {...form}>
        <form
          noValidate
          onSubmit={form.handleSubmit((values) => change.mutate(values))}
          className="grid gap-6"
        >
          <CardContent className="grid gap-4">
            {defaultPasswordInUse && (
              <Alert variant="warning">
                <TriangleAlertIcon />
                <AlertDescription className="text-foreground/80">{t('defaultInUse')}</AlertDescription>
              </Alert>
            )}
            <FormField
              control={form.control}
              name="currentPassword"
              render={({ field }) => (
                <FormItem className="max-w-sm">
                  <FormLabel>{t('current')}</FormLabel>
                  <FormControl>
                    <Input type="password" autoComplete="current-password" {...field} />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            <div className="grid gap-4 sm:grid-cols-2">
              <FormField
                control={form.control}
                name="newPassword"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>{t('new')}</FormLabel>
                    <FormControl>
                      <Input type="password" autoComplete="new-password" {...field} />
                    </FormControl>
                    <FormDescription>{t('rules')}</FormDescription>
                    <FormMessage />
                  </FormItem>
                )}
              />
              <FormField
                control={form.control}
                name="confirmPassword"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>{t('confirm')}</FormLabel>
                    <FormControl>
                      <Input type="password" autoComplete="new-password" {...field} />
                    </FormControl>
                    <FormMessage />
                  </FormItem>
                )}
              />
            </div>
          </CardContent>
          <CardFooter className="justify-end border-t pt-6">
            <Button type="submit" disabled={change.isPending} data-testid="change-password-submit">
              {change.isPending && <Loader2Icon className="animate-spin" />}
              {t('submit')}
            </Button>
          </CardFooter>
        </form>
      </Form>
    </Card>
  );
}
