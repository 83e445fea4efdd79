'use client';

import { type BusinessHours, type InboxSettingsView, inboxSettingsSchema } from '@conversa/shared';
import { useTranslations } from 'next-intl';
import { useId, useRef, useState } from 'react';
import { toast } from 'sonner';
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Label } from '@/components/ui/label';
import { Textarea } from '@/components/ui/textarea';
import { useErrorMessage } from '@/lib/use-error-message';
import { cn } from '@/lib/utils';
import { BusinessHoursEditor, type HoursMode } from './business-hours-editor';
import { compactHours, hasHours } from './hours';
import { useSaveInboxSettings } from './queries';
import { focusFirstInvalid, SaveBar, submitOnModEnter } from './save-bar';
import { HoursSummary, OpenBadge } from './status';
import { TimezoneField } from './timezone-field';
import { useDraft } from './use-draft';
import { type FieldErrors, scopeErrors, useApiFieldErrors, useSchemaErrors } from './validation';

const schema = inboxSettingsSchema.pick({ businessHours: true, awayMessage: true, timezone: true });
export const awayMessageMax = 1024;

type Draft = { mode: HoursMode; hours: BusinessHours; timezone: string; awayMessage: string };
const toDraft = (s: InboxSettingsView): Draft => ({
  mode: hasHours(s.businessHours) ? 'custom' : 'none',
  hours: s.businessHours,
  timezone: s.timezone,
  awayMessage: s.awayMessage ?? '',
});
const toValues = (d: Draft) => ({
  businessHours: d.mode === 'custom' ? compactHours(d.hours) : {},
  timezone: d.timezone,
  awayMessage: d.awayMessage,
});

/** The workspace's weekly hours, the zone they are read in, and the answer sent outside them. */
export function WorkspaceHoursCard({ settings, canEdit }: { settings: InboxSettingsView; canEdit: boolean }) {
  const t = useTranslations('inboxSettings.workspaceHours');
  const tCommon = useTranslations('inboxSettings');
  const tErrors = useTranslations('inboxSettings.errors');
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const errorMessage = useErrorMessage();
  const schemaErrors = useSchemaErrors();
  const apiFieldErrors = useApiFieldErrors();
  const save = useSaveInboxSettings();
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const { draft, setDraft, dirty, reset } = useDraft<Draft>(toDraft(settings), toValues);

  const errors: FieldErrors = { ...schemaErrors(schema, toValues(draft)), ...serverErrors };
  if (draft.mode === 'custom' && !hasHours(draft.hours)) errors.businessHours = tErrors('openOneDay');

  const update = (patch: Partial<Draft>) => {
    setServerErrors({});
    setDraft((d) => ({ ...d, ...patch }));
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!canEdit || !dirty || save.isPending) return;
    if (Object.keys(errors).length) return focusFirstInvalid(formRef.current);
    const values = toValues(draft);
    save.mutate(
      { ...values, awayMessage: values.awayMessage.trim() || null },
      {
        onSuccess: (view) => {
          reset(toDraft(view));
          toast.success(t('saved'), {
            description: view.openNow
              ? tCommon('status.openNow')
              : view.holidayToday
                ? tCommon('status.closedHoliday', { name: view.holidayToday.name })
                : tCommon('status.closedNow'),
          });
        },
        onError: (error) => {
          const fields = apiFieldErrors(error);
          if (Object.keys(fields).length) {
            setServerErrors(fields);
            focusFirstInvalid(formRef.current);
          } else toast.error(tCommon('saveFailed'), { description: errorMessage(error) });
        },
      },
    );
  };

  const awayLength = draft.awayMessage.trim().length;

  return (
    <Card className="gap-0 py-0" data-testid="workspace-hours-card">
      <form ref={formRef} noValidate onSubmit={submit} onKeyDown={submitOnModEnter}>
        <CardHeader className="border-b py-5">
          <CardTitle>{t('title')}</CardTitle>
          <CardDescription>
            {hasHours(settings.businessHours) ? (
              <HoursSummary hours={settings.businessHours} />
            ) : (
              t('alwaysOpenSummary')
            )}
          </CardDescription>
          <CardAction>
            <OpenBadge open={settings.openNow} holiday={settings.holidayToday?.name} />
          </CardAction>
        </CardHeader>
        <CardContent className="grid gap-6 py-5">
          <div className="grid gap-2">
            <Label htmlFor={`${id}-tz`}>{t('timezone')}</Label>
            <TimezoneField
              id={`${id}-tz`}
              value={draft.timezone}
              onChange={(timezone) => update({ timezone })}
              error={errors.timezone}
              disabled={!canEdit}
            />
          </div>

          <div className="grid gap-2">
            <span className="font-medium text-sm">{t('hours')}</span>
            <BusinessHoursEditor
              testId="workspace-hours"
              mode={draft.mode}
              onModeChange={(mode) => update({ mode })}
              value={draft.hours}
              onChange={(hours) => update({ hours })}
              errors={scopeErrors(errors, 'businessHours')}
              noneLabel={t('modeAlways')}
              customLabel={t('modeCustom')}
              noneDescription={t('alwaysOpenHint')}
              disabled={!canEdit}
            />
          </div>

          <div className="grid gap-2">
            <div className="flex items-baseline justify-between gap-3">
              <Label htmlFor={`${id}-away`}>{t('awayMessage')}</Label>
              <span
                className={cn(
                  'font-mono text-xs tabular-nums',
                  awayLength > awayMessageMax ? 'text-destructive' : 'text-muted-foreground',
                )}
              >
                {awayLength}/{awayMessageMax}
              </span>
            </div>
            <Textarea
              id={`${id}-away`}
              rows={3}
              className="min-h-20"
              value={draft.awayMessage}
              disabled={!canEdit}
              placeholder={t('awayPlaceholder')}
              aria-invalid={!!errors.awayMessage}
              aria-describedby={`${id}-away-hint`}
              onChange={(e) => update({ awayMessage: e.target.value })}
              data-testid="away-message"
            />
            <p
              id={`${id}-away-hint`}
              className={cn('text-xs', errors.awayMessage ? 'text-destructive' : 'text-muted-foreground')}
            >
              {errors.awayMessage ?? t('awayHint')}
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
          testId="workspace-hours-save"
        />
      </form>
    </Card>
  );
}
