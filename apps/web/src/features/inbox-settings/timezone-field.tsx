'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { Input } from '@/components/ui/input';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';

/** Brazil's zones (and the labels that say where they apply); anything else is typed as an IANA name. */
const brazilianZones = [
  ['America/Sao_Paulo', 'saoPaulo'],
  ['America/Bahia', 'bahia'],
  ['America/Fortaleza', 'fortaleza'],
  ['America/Recife', 'recife'],
  ['America/Belem', 'belem'],
  ['America/Manaus', 'manaus'],
  ['America/Cuiaba', 'cuiaba'],
  ['America/Campo_Grande', 'campoGrande'],
  ['America/Porto_Velho', 'portoVelho'],
  ['America/Boa_Vista', 'boaVista'],
  ['America/Rio_Branco', 'rioBranco'],
  ['America/Noronha', 'noronha'],
] as const;
const other = '__other__';
const isKnown = (zone: string) => brazilianZones.some(([z]) => z === zone);

function offsetOf(zone: string): string {
  try {
    const part = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'shortOffset' })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName');
    return part?.value.replace('GMT', 'UTC') ?? '';
  } catch {
    return '';
  }
}

/** "seg., 14:32" in that zone, or null when the zone is not a real one. */
function useNowIn(zone: string): string | null {
  const locale = useLocale();
  // Set after mount: the server's clock and the browser's would disagree on the minute.
  const [now, setNow] = useState<Date | null>(null);
  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  if (!now) return null;
  try {
    return new Intl.DateTimeFormat(locale, {
      timeZone: zone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(now);
  } catch {
    return null;
  }
}

export function TimezoneField({
  id,
  value,
  onChange,
  error,
  disabled,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  disabled?: boolean;
}) {
  const t = useTranslations('inboxSettings.timezone');
  const [custom, setCustom] = useState(() => !isKnown(value));
  useEffect(() => {
    if (!isKnown(value)) setCustom(true);
  }, [value]);
  const now = useNowIn(value);
  const selectValue = custom ? other : value;

  return (
    <div className="grid gap-2">
      <div className="flex flex-col gap-2 sm:flex-row">
        <Select
          value={selectValue}
          disabled={disabled}
          onValueChange={(v) => {
            if (v === other) {
              setCustom(true);
              return;
            }
            setCustom(false);
            onChange(v);
          }}
        >
          <SelectTrigger
            id={id}
            className="w-full sm:w-80"
            aria-invalid={!custom && !!error}
            data-testid="timezone-select"
          >
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {brazilianZones.map(([zone, key]) => (
              <SelectItem key={zone} value={zone}>
                <span>{t(`zones.${key}`)}</span>
                <span className="text-muted-foreground text-xs">{offsetOf(zone)}</span>
              </SelectItem>
            ))}
            <SelectItem value={other}>{t('other')}</SelectItem>
          </SelectContent>
        </Select>
        {custom && (
          <Input
            aria-label={t('customLabel')}
            value={value}
            disabled={disabled}
            placeholder="America/Sao_Paulo"
            spellCheck={false}
            autoComplete="off"
            className="font-mono sm:w-64"
            aria-invalid={!!error}
            onChange={(e) => onChange(e.target.value.trim())}
            data-testid="timezone-custom"
          />
        )}
      </div>
      {error ? (
        <p className="text-destructive text-xs">{error}</p>
      ) : (
        now && <p className="text-muted-foreground text-xs">{t('nowThere', { now })}</p>
      )}
    </div>
  );
}
