'use client';

import {
  brazilNationalHolidays,
  type Holiday,
  type InboxSettingsView,
  inboxSettingsSchema,
  localDate,
  mergeHolidays,
} from '@conversa/shared';
import {
  CalendarIcon,
  CalendarOffIcon,
  CheckIcon,
  ChevronDownIcon,
  LandmarkIcon,
  PlusIcon,
  XIcon,
} from 'lucide-react';
import { useFormatter, useTranslations } from 'next-intl';
import { useId, useRef, useState } from 'react';
import { toast } from 'sonner';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { useErrorMessage } from '@/lib/use-error-message';
import { cn } from '@/lib/utils';
import { useSaveInboxSettings } from './queries';
import { focusFirstInvalid, SaveBar, submitOnModEnter } from './save-bar';
import { OpenBadge } from './status';
import { useDraft } from './use-draft';
import { type FieldErrors, useApiFieldErrors, useSchemaErrors } from './validation';

const schema = inboxSettingsSchema.pick({ holidays: true });
const toSaved = (list: Holiday[]) => list.map((h) => ({ date: h.date, name: h.name.trim() }));
/** Noon UTC of a calendar date, formatted in UTC: the same day in any browser zone. */
const asDate = (date: string) => new Date(`${date}T12:00:00Z`);

type Row = { holiday: Holiday; index: number };

/**
 * The workspace's closed dates (feriados): on one, the workspace and every department are closed all
 * day (ADR 0007). The national holidays of this year and the next are one click away.
 */
export function HolidaysCard({ settings, canEdit }: { settings: InboxSettingsView; canEdit: boolean }) {
  const t = useTranslations('inboxSettings.holidays');
  const tCommon = useTranslations('inboxSettings');
  const tErrors = useTranslations('inboxSettings.errors');
  const tValidation = useTranslations('validation');
  const format = useFormatter();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const errorMessage = useErrorMessage();
  const schemaErrors = useSchemaErrors();
  const apiFieldErrors = useApiFieldErrors();
  const save = useSaveInboxSettings();
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [showPast, setShowPast] = useState(false);
  const [newDate, setNewDate] = useState('');
  const [newName, setNewName] = useState('');
  const [tried, setTried] = useState(false);
  const { draft, setDraft, dirty, reset } = useDraft<Holiday[]>(settings.holidays ?? [], toSaved);

  const errors: FieldErrors = { ...schemaErrors(schema, { holidays: toSaved(draft) }), ...serverErrors };
  const today = localDate(new Date(), settings.timezone);
  const year = Number(today.slice(0, 4));
  // The next closed day in effect (saved), for the header.
  const next = (settings.holidays ?? []).find((h) => h.date >= today) ?? null;

  const longDate = (date: string) =>
    format.dateTime(asDate(date), {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });

  const update = (next: (list: Holiday[]) => Holiday[]) => {
    setServerErrors({});
    setDraft((list) => next(list));
  };

  // ------------------------------------------------ the "another date" row
  const taken = newDate !== '' && draft.some((h) => h.date === newDate);
  const newErrors: { date?: string; name?: string } = {};
  if (taken) newErrors.date = tErrors('holidayDuplicate');
  else if (tried && !/^\d{4}-\d{2}-\d{2}$/.test(newDate)) newErrors.date = tErrors('holidayDate');
  if (newName.trim().length > 80) newErrors.name = tValidation('tooLong', { max: 80 });
  else if (tried && newName.trim() === '') newErrors.name = tValidation('required');

  const addOne = () => {
    setTried(true);
    const name = newName.trim();
    if (taken || !/^\d{4}-\d{2}-\d{2}$/.test(newDate) || !name || name.length > 80) return;
    update((list) => mergeHolidays(list, [{ date: newDate, name }]));
    setNewDate('');
    setNewName('');
    setTried(false);
    if (newDate < today) setShowPast(true);
  };
  const addOnEnter = (event: React.KeyboardEvent) => {
    if (event.key === 'Enter' && !event.metaKey && !event.ctrlKey) {
      event.preventDefault();
      addOne();
    }
  };

  // ------------------------------------------------ national holidays of this year and the next
  const national = [year, year + 1]
    .map((y) => ({
      year: y,
      dates: brazilNationalHolidays(y)
        .filter((h) => h.date >= today)
        .map((h) => ({ date: h.date, name: t(`national.names.${h.key}`) })),
    }))
    .filter((n) => n.dates.length > 0);
  const addNational = (n: (typeof national)[number]) => {
    const missing = n.dates.filter((h) => !draft.some((d) => d.date === h.date));
    update((list) => mergeHolidays(list, n.dates));
    toast.success(t('national.addedToast', { count: missing.length, year: n.year }), {
      description: t('addHint'),
    });
  };

  // ------------------------------------------------ the list: upcoming by year, past behind a toggle
  const rows: Row[] = draft.map((holiday, index) => ({ holiday, index }));
  const upcoming = rows.filter((r) => r.holiday.date >= today);
  const past = rows.filter((r) => r.holiday.date < today);
  const years = [...new Set(upcoming.map((r) => r.holiday.date.slice(0, 4)))];
  // A problem on a past row must not hide behind the toggle.
  const pastInvalid = past.some((r) => Object.keys(errors).some((k) => k.startsWith(`holidays.${r.index}.`)));
  const pastShown = showPast || pastInvalid;
  const listError = errors.holidays;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!canEdit || !dirty || save.isPending) return;
    if (Object.keys(errors).length) return focusFirstInvalid(formRef.current);
    save.mutate(
      { holidays: toSaved(draft) },
      {
        onSuccess: (view) => {
          reset(view.holidays);
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

  const renderRow = ({ holiday, index }: Row, muted = false) => {
    const nameError = errors[`holidays.${index}.name`];
    const dateError = errors[`holidays.${index}.date`];
    const isToday = holiday.date === today;
    const date = asDate(holiday.date);
    const label = longDate(holiday.date);
    return (
      <li
        key={holiday.date}
        className={cn(
          'group flex items-center gap-3 px-4 py-2 transition-colors hover:bg-muted/30',
          isToday && 'bg-warning/5',
          muted && 'opacity-60',
        )}
        data-testid="holiday-row"
        data-date={holiday.date}
        data-past={holiday.date < today}
      >
        <div
          className={cn(
            'flex size-10 shrink-0 flex-col items-center justify-center rounded-lg border bg-muted/40 leading-none',
            isToday && 'border-warning/40 bg-warning/10 text-warning',
          )}
          aria-hidden
        >
          <span className="font-semibold text-sm tabular-nums">
            {format.dateTime(date, { day: 'numeric', timeZone: 'UTC' })}
          </span>
          <span className="mt-0.5 font-medium text-[10px] text-muted-foreground uppercase tracking-wide">
            {format.dateTime(date, { month: 'short', timeZone: 'UTC' }).replace('.', '')}
          </span>
        </div>
        <div className="grid min-w-0 flex-1 gap-0.5">
          {canEdit ? (
            <Input
              value={holiday.name}
              onChange={(e) =>
                update((list) => list.map((h, i) => (i === index ? { ...h, name: e.target.value } : h)))
              }
              aria-label={t('nameLabel', { date: label })}
              aria-invalid={!!nameError}
              className="-ml-2 h-7 border-transparent bg-transparent px-2 font-medium shadow-none hover:border-input focus-visible:border-ring dark:bg-transparent"
              data-testid="holiday-name"
            />
          ) : (
            <span className="truncate font-medium text-sm" data-testid="holiday-name">
              {holiday.name}
            </span>
          )}
          <span className="truncate text-muted-foreground text-xs first-letter:uppercase">{label}</span>
          {(nameError || dateError) && (
            <span className="text-destructive text-xs" data-testid="holiday-row-error">
              {dateError ?? nameError}
            </span>
          )}
        </div>
        {isToday && (
          <Badge variant="warning" className="shrink-0">
            {t('today')}
          </Badge>
        )}
        {canEdit && (
          <Button
            type="button"
            variant="ghost"
            size="icon"
            className="size-8 shrink-0 text-muted-foreground opacity-60 hover:text-destructive group-hover:opacity-100 focus-visible:opacity-100"
            onClick={() => update((list) => list.filter((_, i) => i !== index))}
            aria-label={t('remove', { date: label })}
            data-testid="holiday-remove"
          >
            <XIcon />
          </Button>
        )}
      </li>
    );
  };

  return (
    <Card className="gap-0 py-0" data-testid="holidays-card">
      <form ref={formRef} noValidate onSubmit={submit} onKeyDown={submitOnModEnter}>
        <CardHeader className="border-b py-5">
          <CardTitle>{t('title')}</CardTitle>
          <CardDescription>{canEdit ? t('description') : t('readOnly')}</CardDescription>
          <CardAction>
            {settings.holidayToday ? (
              <OpenBadge open={false} holiday={settings.holidayToday.name} />
            ) : (
              next && (
                <Badge variant="muted" className="max-w-64" data-testid="holidays-next">
                  <CalendarIcon />
                  <span className="truncate">
                    {t('next', {
                      name: next.name,
                      date: format.dateTime(asDate(next.date), {
                        day: 'numeric',
                        month: 'short',
                        timeZone: 'UTC',
                      }),
                    })}
                  </span>
                </Badge>
              )
            )}
          </CardAction>
        </CardHeader>
        <CardContent className="grid gap-6 py-5">
          {canEdit && (
            <div className="grid gap-3 rounded-lg border bg-muted/20 p-4">
              <div className="flex gap-3">
                <span className="flex size-7 shrink-0 items-center justify-center rounded-md bg-primary/10 text-primary">
                  <LandmarkIcon className="size-3.5" />
                </span>
                <div className="grid gap-0.5">
                  <span className="font-medium text-sm">{t('national.title')}</span>
                  <span className="text-muted-foreground text-xs leading-relaxed">{t('national.hint')}</span>
                </div>
              </div>
              <div className="flex flex-wrap gap-2 sm:pl-10">
                {national.map((n) => {
                  const done = n.dates.every((h) => draft.some((d) => d.date === h.date));
                  return (
                    <Button
                      key={n.year}
                      type="button"
                      variant="outline"
                      size="sm"
                      disabled={done}
                      onClick={() => addNational(n)}
                      data-testid={`holidays-national-${n.year}`}
                      data-done={done}
                    >
                      {done ? <CheckIcon className="text-success" /> : <PlusIcon />}
                      {done ? t('national.added', { year: n.year }) : t('national.add', { year: n.year })}
                    </Button>
                  );
                })}
              </div>
            </div>
          )}

          <div className="grid gap-2">
            {listError && (
              <p className="text-destructive text-xs" data-testid="holidays-error">
                {listError}
              </p>
            )}
            {draft.length === 0 ? (
              <EmptyState
                className="rounded-lg border border-dashed py-8"
                icon={<CalendarOffIcon />}
                title={t('emptyTitle')}
                description={canEdit ? t('emptyDescription') : t('emptyReadOnly')}
                data-testid="holidays-empty"
              />
            ) : (
              <div className="overflow-hidden rounded-lg border" data-testid="holidays-list">
                {years.map((y) => {
                  const inYear = upcoming.filter((r) => r.holiday.date.startsWith(y));
                  return (
                    <section key={y} aria-label={y} className="border-b last:border-b-0">
                      <h3 className="border-b bg-muted/30 px-4 py-1.5 font-medium text-muted-foreground text-xs tabular-nums">
                        {t('year', { year: y, count: inYear.length })}
                      </h3>
                      <ul className="divide-y">{inYear.map((r) => renderRow(r))}</ul>
                    </section>
                  );
                })}
                {upcoming.length === 0 && (
                  <p className="border-b px-4 py-4 text-center text-muted-foreground text-sm last:border-b-0">
                    {t('noUpcoming')}
                  </p>
                )}
                {past.length > 0 && pastShown && (
                  <section aria-label={t('past')} className="border-b last:border-b-0">
                    <h3 className="border-b bg-muted/30 px-4 py-1.5 font-medium text-muted-foreground text-xs">
                      {t('past')}
                    </h3>
                    <ul className="divide-y">{[...past].reverse().map((r) => renderRow(r, true))}</ul>
                  </section>
                )}
                {past.length > 0 && !pastInvalid && (
                  <button
                    type="button"
                    onClick={() => setShowPast((v) => !v)}
                    className="flex w-full items-center justify-center gap-1.5 px-4 py-2 text-muted-foreground text-xs transition-colors hover:bg-muted/30 hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring/50"
                    aria-expanded={pastShown}
                    data-testid="holidays-show-past"
                  >
                    <ChevronDownIcon
                      className={cn('size-3.5 transition-transform', pastShown && 'rotate-180')}
                    />
                    {pastShown ? t('hidePast') : t('showPast', { count: past.length })}
                  </button>
                )}
              </div>
            )}
          </div>

          {canEdit && (
            <fieldset className="grid gap-2">
              <legend className="mb-2 font-medium text-sm">{t('addTitle')}</legend>
              <div className="grid items-start gap-3 sm:grid-cols-[11rem_minmax(0,1fr)_auto]">
                <div className="grid gap-1.5">
                  <Label htmlFor={`${id}-date`} className="text-muted-foreground text-xs">
                    {t('date')}
                  </Label>
                  <Input
                    id={`${id}-date`}
                    type="date"
                    value={newDate}
                    onChange={(e) => setNewDate(e.target.value)}
                    onKeyDown={addOnEnter}
                    aria-invalid={!!newErrors.date}
                    aria-describedby={newErrors.date ? `${id}-date-error` : undefined}
                    className="tabular-nums"
                    data-testid="holiday-new-date"
                  />
                  {newErrors.date && (
                    <p
                      id={`${id}-date-error`}
                      className="text-destructive text-xs"
                      data-testid="holiday-new-date-error"
                    >
                      {newErrors.date}
                    </p>
                  )}
                </div>
                <div className="grid gap-1.5">
                  <Label htmlFor={`${id}-name`} className="text-muted-foreground text-xs">
                    {t('name')}
                  </Label>
                  <Input
                    id={`${id}-name`}
                    value={newName}
                    placeholder={t('namePlaceholder')}
                    onChange={(e) => setNewName(e.target.value)}
                    onKeyDown={addOnEnter}
                    aria-invalid={!!newErrors.name}
                    aria-describedby={newErrors.name ? `${id}-name-error` : `${id}-add-hint`}
                    data-testid="holiday-new-name"
                  />
                  {newErrors.name && (
                    <p
                      id={`${id}-name-error`}
                      className="text-destructive text-xs"
                      data-testid="holiday-new-name-error"
                    >
                      {newErrors.name}
                    </p>
                  )}
                </div>
                <Button
                  type="button"
                  variant="secondary"
                  className="sm:mt-[1.375rem]"
                  onClick={addOne}
                  data-testid="holiday-add"
                >
                  <PlusIcon />
                  {t('add')}
                </Button>
              </div>
              <p id={`${id}-add-hint`} className="text-muted-foreground text-xs">
                {t('addHint')}
              </p>
            </fieldset>
          )}
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
          testId="holidays-save"
        />
      </form>
    </Card>
  );
}
