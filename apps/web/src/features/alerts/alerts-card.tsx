'use client';

import { BellRingIcon, TriangleAlertIcon, Volume2Icon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useEffect, useId, useState } from 'react';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Label } from '@/components/ui/label';
import { Switch } from '@/components/ui/switch';
import { useCan } from '@/features/auth/me-context';
import { playChime } from './chime';
import { type NotificationPermissionState, notificationPermission, useAlertPreferences } from './preferences';

/** Settings → Profile: how this browser tells its person about new customer messages. */
export function AlertsCard() {
  const t = useTranslations('alerts');
  const canAnswer = useCan('AGENT');
  const [preferences, update] = useAlertPreferences();
  const [permission, setPermission] = useState<NotificationPermissionState>('default');
  useEffect(() => setPermission(notificationPermission()), []);
  const desktopId = useId();
  const soundId = useId();
  if (!canAnswer) return null;

  const desktopOn = preferences.desktop && permission === 'granted';
  const setDesktop = async (on: boolean) => {
    if (!on) return update({ desktop: false });
    if (permission === 'unsupported') return;
    // Browsers ask only from a click like this one.
    const answer = permission === 'granted' ? 'granted' : await Notification.requestPermission();
    setPermission(answer);
    update({ desktop: answer === 'granted' });
  };
  const test = () => {
    if (preferences.sound) playChime();
    if (desktopOn) new Notification(t('testTitle'), { body: t('testBody'), icon: '/icon.svg' });
  };

  return (
    <Card data-testid="alerts-card">
      <CardHeader>
        <CardTitle>{t('title')}</CardTitle>
        <CardDescription>{t('description')}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <div className="flex items-start justify-between gap-4">
          <div className="flex gap-3">
            <BellRingIcon className="mt-0.5 size-4 shrink-0 text-muted-foreground" />
            <div className="grid gap-1">
              <Label htmlFor={desktopId}>{t('desktop')}</Label>
              <p className="text-muted-foreground text-sm">{t('desktopHint')}</p>
            </div>
          </div>
          <Switch
            id={desktopId}
            checked={desktopOn}
            disabled={permission === 'unsupported' || permission === 'denied'}
            onCheckedChange={(on) => void setDesktop(on)}
            data-testid="alerts-desktop"
          />
        </div>
        {(permission === 'denied' || permission === 'unsupported') && (
          <Alert variant="warning" data-testid="alerts-blocked">
            <TriangleAlertIcon />
            <AlertDescription>{t(permission === 'denied' ? 'blocked' : 'unsupported')}</AlertDescription>
          </Alert>
        )}
        <div className="flex items-start justify-between gap-4">
          <div className="flex gap-3">
            <Volume2Icon className="mt-0.5 size-4 shrink-0 text-muted-foreground" />
            <div className="grid gap-1">
              <Label htmlFor={soundId}>{t('sound')}</Label>
              <p className="text-muted-foreground text-sm">{t('soundHint')}</p>
            </div>
          </div>
          <Switch
            id={soundId}
            checked={preferences.sound}
            onCheckedChange={(on) => update({ sound: on })}
            data-testid="alerts-sound"
          />
        </div>
        <div className="flex flex-wrap items-center justify-between gap-2 border-t pt-4">
          <p className="text-muted-foreground text-xs">{t('which')}</p>
          <Button
            variant="outline"
            size="sm"
            onClick={test}
            disabled={!preferences.sound && !desktopOn}
            data-testid="alerts-test"
          >
            {t('test')}
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}
