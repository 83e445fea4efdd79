'use client';

import { GaugeIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { useCan } from '@/features/auth/me-context';
import { ApiError } from '@/lib/api-client';
import { usePatchChannel } from './channel-actions';
import type { Channel } from './types';

/** The number's messages-per-second limit (shared by every worker through the database's token bucket). */
export function SendRateCard({ channel }: { channel: Channel }) {
  const t = useTranslations('channels.sendRate');
  const canManage = useCan('ADMIN');
  const patch = usePatchChannel(channel);
  const rate = channel.sendRatePerSecond ?? channel.sendRateDefault;
  const [value, setValue] = useState(String(rate));
  const parsed = Number(value);
  const valid = /^\d+$/.test(value.trim()) && parsed >= 1 && parsed <= 1000;
  const save = (sendRatePerSecond: number | null) =>
    patch.mutate(
      { sendRatePerSecond },
      {
        onSuccess: (updated) => {
          setValue(String(updated.sendRatePerSecond ?? updated.sendRateDefault));
          toast.success(t('saved'));
        },
        onError: (err) => toast.error(err instanceof ApiError ? err.message : String(err)),
      },
    );

  return (
    <Card className="gap-3" data-testid="channel-send-rate">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <GaugeIcon className="size-4 text-muted-foreground" />
          {t('title')}
        </CardTitle>
        <CardDescription>{t('help')}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        <div className="flex items-baseline justify-between gap-2">
          <span className="font-semibold text-lg tabular-nums">{t('current', { rate })}</span>
          <span className="text-muted-foreground text-xs">
            {channel.sendRatePerSecond === null ? t('default') : t('own')}
          </span>
        </div>
        {canManage && (
          <form
            className="grid gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              if (valid) save(parsed);
            }}
          >
            <Label htmlFor={`rate-${channel.id}`}>{t('label')}</Label>
            <div className="flex gap-2">
              <Input
                id={`rate-${channel.id}`}
                inputMode="numeric"
                value={value}
                onChange={(e) => setValue(e.target.value)}
                aria-invalid={!valid}
                className="w-28 tabular-nums"
              />
              <Button type="submit" disabled={!valid || patch.isPending || parsed === rate}>
                {t('save')}
              </Button>
              {channel.sendRatePerSecond !== null && (
                <Button type="button" variant="ghost" disabled={patch.isPending} onClick={() => save(null)}>
                  {t('useDefault')}
                </Button>
              )}
            </div>
            {!valid && <p className="text-destructive text-xs">{t('invalid')}</p>}
          </form>
        )}
      </CardContent>
    </Card>
  );
}
