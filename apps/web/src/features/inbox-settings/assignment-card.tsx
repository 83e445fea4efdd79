'use client';

import { type InboxSettingsView, inboxSettingsSchema } from '@conversa/shared';
import { ArrowDownWideNarrowIcon, GaugeIcon, RefreshCwIcon, UserRoundXIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useId, useRef, useState } from 'react';
import { toast } from 'sonner';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Switch } from '@/components/ui/switch';
import { useErrorMessage } from '@/lib/use-error-message';
import { cn } from '@/lib/utils';
import { useSaveInboxSettings } from './queries';
import { focusFirstInvalid, SaveBar, submitOnModEnter } from './save-bar';
import { useDraft } from './use-draft';
import { type FieldErrors, useApiFieldErrors, useSchemaErrors } from './validation';

const schema = inboxSettingsSchema.pick({ autoAssign: true, maxOpenPerAgent: true });
type Draft = { autoAssign: boolean; capacity: string };
const toValues = (d: Draft) => ({
  autoAssign: d.autoAssign,
  maxOpenPerAgent: d.capacity.trim() === '' ? Number.NaN : Number(d.capacity),
});

/** Automatic assignment on or off, and how many open conversations one agent holds at most. */
export function AssignmentCard({ settings, canEdit }: { settings: InboxSettingsView; canEdit: boolean }) {
  const t = useTranslations('inboxSettings.assignment');
  const tCommon = useTranslations('inboxSettings');
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const errorMessage = useErrorMessage();
  const schemaErrors = useSchemaErrors();
  const apiFieldErrors = useApiFieldErrors();
  const save = useSaveInboxSettings();
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const { draft, setDraft, dirty, reset } = useDraft<Draft>(
    { autoAssign: settings.autoAssign, capacity: String(settings.maxOpenPerAgent) },
    toValues,
  );
  const errors = { ...schemaErrors(schema, toValues(draft)), ...serverErrors };
  const capacityError = errors.maxOpenPerAgent;

  const update = (patch: Partial<Draft>) => {
    setServerErrors({});
    setDraft((d) => ({ ...d, ...patch }));
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!canEdit || !dirty || save.isPending) return;
    if (Object.keys(errors).length) return focusFirstInvalid(formRef.current);
    save.mutate(toValues(draft), {
      onSuccess: (view) => {
        reset({ autoAssign: view.autoAssign, capacity: String(view.maxOpenPerAgent) });
        toast.success(view.autoAssign ? t('savedOn') : t('savedOff'));
      },
      onError: (error) => {
        const fields = apiFieldErrors(error);
        if (Object.keys(fields).length) {
          setServerErrors(fields);
          focusFirstInvalid(formRef.current);
        } else toast.error(tCommon('saveFailed'), { description: errorMessage(error) });
      },
    });
  };

  const rules = [
    { icon: RefreshCwIcon, key: 'roundRobin' },
    { icon: GaugeIcon, key: 'capacity' },
    { icon: UserRoundXIcon, key: 'skipsAway' },
    { icon: ArrowDownWideNarrowIcon, key: 'oldestFirst' },
  ] as const;

  return (
    <Card className="gap-0 py-0" data-testid="assignment-card">
      <form ref={formRef} noValidate onSubmit={submit} onKeyDown={submitOnModEnter}>
        <CardHeader className="border-b py-5">
          <CardTitle>{t('title')}</CardTitle>
          <CardDescription>{t('description')}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-6 py-5">
          <div className="flex items-start justify-between gap-6">
            <div className="grid gap-1">
              <Label htmlFor={`${id}-auto`} className="text-sm">
                {t('autoAssign')}
              </Label>
              <p className="text-muted-foreground text-sm">{draft.autoAssign ? t('onHint') : t('offHint')}</p>
            </div>
            <Switch
              id={`${id}-auto`}
              checked={draft.autoAssign}
              onCheckedChange={(autoAssign) => update({ autoAssign })}
              disabled={!canEdit}
              data-testid="auto-assign-switch"
            />
          </div>

          <ul
            className={cn(
              'grid gap-3 rounded-lg border bg-muted/20 p-4 transition-opacity sm:grid-cols-2',
              !draft.autoAssign && 'opacity-50',
            )}
            aria-label={t('howItWorks')}
          >
            {rules.map(({ icon: Icon, key }) => (
              <li key={key} className="flex gap-3">
                <span className="flex size-7 shrink-0 items-center justify-center rounded-md bg-primary/10 text-primary">
                  <Icon className="size-3.5" />
                </span>
                <div className="grid gap-0.5">
                  <span className="font-medium text-sm">{t(`rules.${key}.title`)}</span>
                  <span className="text-muted-foreground text-xs leading-relaxed">
                    {t(`rules.${key}.text`)}
                  </span>
                </div>
              </li>
            ))}
          </ul>

          <div className="grid gap-2">
            <Label htmlFor={`${id}-capacity`}>{t('capacity')}</Label>
            <div className="flex items-center gap-2">
              <Input
                id={`${id}-capacity`}
                type="number"
                inputMode="numeric"
                min={1}
                max={1000}
                step={1}
                className="w-28 tabular-nums"
                value={draft.capacity}
                disabled={!canEdit}
                aria-invalid={!!capacityError}
                aria-describedby={`${id}-capacity-hint`}
                onChange={(e) => update({ capacity: e.target.value })}
                data-testid="capacity-input"
              />
              <span className="text-muted-foreground text-sm">{t('capacityUnit')}</span>
            </div>
            <p
              id={`${id}-capacity-hint`}
              className={cn('text-xs', capacityError ? 'text-destructive' : 'text-muted-foreground')}
              data-testid={capacityError ? 'capacity-error' : undefined}
            >
              {capacityError ?? t('capacityHint')}
            </p>
          </div>
        </CardContent>
        <SaveBar
          canEdit={canEdit}
          readOnlyHint={tCommon('adminOnly')}
          dirty={dirty}
          saving={save.isPending}
          onDiscard={() => {
            setServerErrors({});
            reset();
          }}
          testId="assignment-save"
        />
      </form>
    </Card>
  );
}
