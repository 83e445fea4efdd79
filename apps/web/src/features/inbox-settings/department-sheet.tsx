'use client';

import {
  type BusinessHours,
  createDepartmentSchema,
  type DepartmentView,
  type InboxSettingsView,
  updateDepartmentSchema,
} from '@conversa/shared';
import { CircleAlertIcon, Loader2Icon, Trash2Icon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useId, useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from '@/components/ui/alert-dialog';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Kbd } from '@/components/ui/kbd';
import { Label } from '@/components/ui/label';
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from '@/components/ui/sheet';
import { Textarea } from '@/components/ui/textarea';
import { useErrorMessage } from '@/lib/use-error-message';
import { cn } from '@/lib/utils';
import { BusinessHoursEditor, type HoursMode } from './business-hours-editor';
import { compactHours, hasHours } from './hours';
import { OptionPicker, type PickerOption } from './option-picker';
import { useChannelOptions, useDeleteDepartment, useSaveDepartment, useWorkspaceUsers } from './queries';
import { newRowKey, QuickRepliesEditor, type QuickReplyRow } from './quick-replies-editor';
import { focusFirstInvalid, submitOnModEnter } from './save-bar';
import { HoursSummary, PersonAvatar } from './status';
import { type FieldErrors, scopeErrors, useApiFieldErrors, useSchemaErrors } from './validation';
import { awayMessageMax } from './workspace-hours-card';

type Draft = {
  name: string;
  memberIds: string[];
  channelIds: string[];
  mode: HoursMode;
  hours: BusinessHours;
  capacity: string;
  awayMessage: string;
  quickReplies: QuickReplyRow[];
};

const toDraft = (d: DepartmentView | null): Draft => ({
  name: d?.name ?? '',
  memberIds: d?.members.map((m) => m.id) ?? [],
  channelIds: d?.channelIds ?? [],
  mode: d && hasHours(d.businessHours) ? 'custom' : 'none',
  hours: d?.businessHours ?? {},
  capacity: d?.maxOpenPerAgent == null ? '' : String(d.maxOpenPerAgent),
  awayMessage: d?.awayMessage ?? '',
  quickReplies: (d?.quickReplies ?? []).map((q) => ({ key: newRowKey(), ...q })),
});

/** The draft as the API's fields (before the schema's trims and defaults). */
const toValues = (d: Draft) => ({
  name: d.name,
  memberIds: d.memberIds,
  channelIds: d.channelIds,
  businessHours: d.mode === 'custom' ? compactHours(d.hours) : {},
  maxOpenPerAgent: d.capacity.trim() === '' ? null : Number(d.capacity),
  awayMessage: d.awayMessage,
  quickReplies: d.quickReplies.map(({ shortcut, text }) => ({ shortcut, text })),
});
type Values = ReturnType<typeof toValues>;

const at = (values: unknown, path: string) =>
  path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], values);

/** Create or edit a department in a side sheet; closing with unsaved changes asks first. */
export function DepartmentSheet({
  open,
  onOpenChange,
  department,
  workspace,
  departments,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** null: a new department. */
  department: DepartmentView | null;
  workspace: InboxSettingsView | undefined;
  departments: DepartmentView[];
}) {
  const t = useTranslations('inboxSettings.department');
  const tActions = useTranslations('inboxSettings.actions');
  const dirty = useRef(false);
  const [confirming, setConfirming] = useState(false);

  const requestClose = (next: boolean) => {
    if (next) return onOpenChange(true);
    if (dirty.current) setConfirming(true);
    else onOpenChange(false);
  };

  return (
    <>
      <Sheet open={open} onOpenChange={requestClose}>
        <SheetContent
          className="w-full gap-0 p-0 sm:max-w-2xl"
          closeLabel={tActions('close')}
          data-testid="department-sheet"
          onOpenAutoFocus={(e) => {
            // The name field takes the focus (autoFocus), not the close button.
            e.preventDefault();
          }}
        >
          <SheetHeader className="border-b px-6 py-5">
            <SheetTitle className="text-lg">
              {department ? t('editTitle', { name: department.name }) : t('createTitle')}
            </SheetTitle>
            <SheetDescription>{t('sheetDescription')}</SheetDescription>
          </SheetHeader>
          {open && (
            <DepartmentForm
              key={department?.id ?? 'new'}
              department={department}
              workspace={workspace}
              departments={departments}
              onDirtyChange={(d) => {
                dirty.current = d;
              }}
              onDone={() => {
                dirty.current = false;
                onOpenChange(false);
              }}
              onCancel={() => requestClose(false)}
            />
          )}
        </SheetContent>
      </Sheet>
      <AlertDialog open={confirming} onOpenChange={setConfirming}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>{t('discardTitle')}</AlertDialogTitle>
            <AlertDialogDescription>{t('discardDescription')}</AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>{t('keepEditing')}</AlertDialogCancel>
            <AlertDialogAction
              variant="destructive"
              onClick={() => {
                dirty.current = false;
                onOpenChange(false);
              }}
              data-testid="department-discard"
            >
              {tActions('discard')}
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}

function DepartmentForm({
  department,
  workspace,
  departments,
  onDirtyChange,
  onDone,
  onCancel,
}: {
  department: DepartmentView | null;
  workspace: InboxSettingsView | undefined;
  departments: DepartmentView[];
  onDirtyChange: (dirty: boolean) => void;
  onDone: () => void;
  onCancel: () => void;
}) {
  const t = useTranslations('inboxSettings.department');
  const tHours = useTranslations('inboxSettings.workspaceHours');
  const tErrors = useTranslations('inboxSettings.errors');
  const tActions = useTranslations('inboxSettings.actions');
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const errorMessage = useErrorMessage();
  const schemaErrors = useSchemaErrors();
  const apiFieldErrors = useApiFieldErrors();
  const save = useSaveDepartment();
  const [initial] = useState(() => toDraft(department));
  const [draft, setDraft] = useState(initial);
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});

  const values = toValues(draft);
  const initialValues = useMemo(() => toValues(initial), [initial]);
  const changed = (Object.keys(values) as (keyof Values)[]).filter(
    (k) => JSON.stringify(values[k]) !== JSON.stringify(initialValues[k]),
  );
  const dirty = changed.length > 0;
  onDirtyChange(dirty);

  const errors = (() => {
    const out: FieldErrors = schemaErrors(createDepartmentSchema, values);
    // A repeated shortcut is flagged on every row that repeats it, not once for the list.
    const seen = new Map<string, number>();
    values.quickReplies.forEach((q, i) => {
      const key = q.shortcut.trim().toLowerCase();
      if (!key) return;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else {
        out[`quickReplies.${first}.shortcut`] ??= tErrors('shortcutDuplicate');
        out[`quickReplies.${i}.shortcut`] ??= tErrors('shortcutDuplicate');
      }
    });
    if (Object.keys(out).some((k) => k.startsWith('quickReplies.'))) delete out.quickReplies;
    if (draft.mode === 'custom' && !hasHours(draft.hours)) out.businessHours = tErrors('openOneDay');
    return { ...out, ...serverErrors };
  })();

  // "Fill this in" waits for the first save attempt; everything else shows as the person types.
  const shown: FieldErrors = submitted
    ? errors
    : Object.fromEntries(
        Object.entries(errors).filter(([path]) => {
          const v = at(values, path);
          return !(typeof v === 'string' && v.trim() === '');
        }),
      );

  const update = (patch: Partial<Draft>) => {
    setServerErrors({});
    setDraft((d) => ({ ...d, ...patch }));
  };

  const users = useWorkspaceUsers();
  const channels = useChannelOptions();

  const memberOptions = useMemo<PickerOption[]>(() => {
    const options: PickerOption[] = (users.data?.items ?? [])
      .filter((u) => !u.disabled && (u.role !== 'VIEWER' || initial.memberIds.includes(u.id)))
      .map((u) => ({
        id: u.id,
        label: u.name || u.email,
        description: u.email,
        leading: <PersonAvatar name={u.name} email={u.email} available={u.available} />,
      }));
    // Members the list does not hold (disabled since) stay visible so they can be removed.
    for (const m of department?.members ?? [])
      if (!options.some((o) => o.id === m.id))
        options.push({
          id: m.id,
          label: m.name || m.email,
          description: m.email,
          leading: <PersonAvatar name={m.name} email={m.email} available={m.available} />,
        });
    return options.sort((a, b) => a.label.localeCompare(b.label));
  }, [users.data, department, initial.memberIds]);

  const channelOptions = useMemo<PickerOption[]>(
    () =>
      (channels.data?.items ?? []).map((c) => {
        const elsewhere = departments.find((d) => d.id !== department?.id && d.channelIds.includes(c.id));
        return {
          id: c.id,
          label: c.name,
          description: c.displayPhone ?? undefined,
          trailing: elsewhere ? (
            <Badge variant="muted" className="max-w-40 truncate font-normal">
              {t('routedTo', { name: elsewhere.name })}
            </Badge>
          ) : undefined,
        };
      }),
    [channels.data, departments, department, t],
  );

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (save.isPending) return;
    setSubmitted(true);
    if (Object.keys(errors).length) return focusFirstInvalid(formRef.current);
    if (department && !dirty) return onDone();
    const input = department
      ? {
          id: department.id,
          body: updateDepartmentSchema.parse(Object.fromEntries(changed.map((k) => [k, values[k]]))),
        }
      : { id: null, body: createDepartmentSchema.parse(values) };
    save.mutate(input, {
      onSuccess: (saved) => {
        toast.success(department ? t('updated', { name: saved.name }) : t('created', { name: saved.name }));
        onDone();
      },
      onError: (error) => {
        const fields = apiFieldErrors(error);
        if (Object.keys(fields).length) {
          setServerErrors(fields);
          focusFirstInvalid(formRef.current);
        } else
          toast.error(department ? t('updateFailed') : t('createFailed'), {
            description: errorMessage(error),
          });
      },
    });
  };

  const problemCount = Object.keys(shown).length;
  const capacityDefault = workspace?.maxOpenPerAgent;
  const workspaceHours = workspace?.businessHours ?? {};
  const awayLength = draft.awayMessage.trim().length;

  return (
    <form
      ref={formRef}
      noValidate
      onSubmit={submit}
      onKeyDown={submitOnModEnter}
      className="flex min-h-0 flex-1 flex-col"
      data-testid="department-form"
    >
      <div className="grid flex-1 content-start gap-8 overflow-y-auto px-6 py-6">
        <Section>
          <div className="grid gap-2">
            <Label htmlFor={`${id}-name`} className="font-semibold">
              {t('name')}
            </Label>
            <Input
              id={`${id}-name`}
              name="name"
              autoFocus
              maxLength={80}
              value={draft.name}
              placeholder={t('namePlaceholder')}
              aria-invalid={!!shown.name}
              onChange={(e) => update({ name: e.target.value })}
              data-testid="department-name"
            />
            {shown.name && (
              <p className="text-destructive text-xs" data-testid="department-name-error">
                {shown.name}
              </p>
            )}
          </div>
        </Section>

        <Section title={t('sections.members')} description={t('membersHint')}>
          <OptionPicker
            label={t('sections.members')}
            testId="member-picker"
            options={memberOptions}
            value={draft.memberIds}
            onChange={(memberIds) => update({ memberIds })}
            searchPlaceholder={t('membersSearch')}
            emptyText={t('membersEmpty')}
            loading={users.isPending}
            problem={
              users.isError ? <LoadProblem error={users.error} onRetry={() => users.refetch()} /> : null
            }
          />
          {shown.memberIds && <p className="text-destructive text-xs">{shown.memberIds}</p>}
        </Section>

        <Section title={t('sections.channels')} description={t('channelsHint')}>
          <OptionPicker
            label={t('sections.channels')}
            testId="channel-picker"
            options={channelOptions}
            value={draft.channelIds}
            onChange={(channelIds) => update({ channelIds })}
            searchPlaceholder={t('channelsSearch')}
            emptyText={t('channelsEmpty')}
            loading={channels.isPending}
            problem={
              channels.isError ? (
                <LoadProblem error={channels.error} onRetry={() => channels.refetch()} />
              ) : null
            }
          />
        </Section>

        <Section title={t('sections.hours')}>
          <BusinessHoursEditor
            testId="department-hours"
            mode={draft.mode}
            onModeChange={(mode) => update({ mode })}
            value={draft.hours}
            onChange={(hours) => update({ hours })}
            errors={scopeErrors(shown, 'businessHours')}
            noneLabel={t('hoursWorkspace')}
            customLabel={t('hoursOwn')}
            noneDescription={
              hasHours(workspaceHours) ? (
                <>
                  {t('followsWorkspace')} <HoursSummary hours={workspaceHours} />
                </>
              ) : (
                t('followsWorkspaceAlways')
              )
            }
          />
        </Section>

        <Section title={t('sections.limits')}>
          <div className="grid gap-5 sm:grid-cols-[12.5rem_1fr]">
            <div className="grid content-start gap-2">
              <Label htmlFor={`${id}-capacity`}>{t('capacity')}</Label>
              <Input
                id={`${id}-capacity`}
                type="number"
                inputMode="numeric"
                min={1}
                max={1000}
                className="tabular-nums"
                value={draft.capacity}
                placeholder={capacityDefault ? String(capacityDefault) : ''}
                aria-invalid={!!shown.maxOpenPerAgent}
                onChange={(e) => update({ capacity: e.target.value })}
                data-testid="department-capacity"
              />
              <p
                className={cn(
                  'text-xs',
                  shown.maxOpenPerAgent ? 'text-destructive' : 'text-muted-foreground',
                )}
              >
                {shown.maxOpenPerAgent ??
                  (capacityDefault ? t('capacityHint', { n: capacityDefault }) : t('capacityHintGeneric'))}
              </p>
            </div>
            <div className="grid content-start gap-2">
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
                placeholder={workspace?.awayMessage ?? tHours('awayPlaceholder')}
                aria-invalid={!!shown.awayMessage}
                onChange={(e) => update({ awayMessage: e.target.value })}
                data-testid="department-away"
              />
              <p className={cn('text-xs', shown.awayMessage ? 'text-destructive' : 'text-muted-foreground')}>
                {shown.awayMessage ?? (workspace?.awayMessage ? t('awayHintWorkspace') : t('awayHintNone'))}
              </p>
            </div>
          </div>
        </Section>

        <Section title={t('sections.quickReplies')} description={t('quickRepliesHint')}>
          <QuickRepliesEditor
            rows={draft.quickReplies}
            onChange={(quickReplies) => update({ quickReplies })}
            errors={scopeErrors(shown, 'quickReplies')}
          />
          {shown.quickReplies && <p className="text-destructive text-xs">{shown.quickReplies}</p>}
        </Section>
      </div>

      <div className="flex flex-wrap items-center justify-between gap-3 border-t bg-card/50 px-6 py-4">
        <div className="min-h-5 text-xs" aria-live="polite">
          {submitted && problemCount > 0 ? (
            <span
              className="flex items-center gap-1.5 text-destructive"
              data-testid="department-form-problems"
            >
              <CircleAlertIcon className="size-3.5" />
              {t('problems', { count: problemCount })}
            </span>
          ) : (
            <span className="hidden items-center gap-1 text-muted-foreground sm:flex">
              <Kbd>Ctrl</Kbd>
              <Kbd>Enter</Kbd>
              {tActions('toSave')}
            </span>
          )}
        </div>
        <div className="flex gap-2">
          {department && <DeleteDepartment department={department} onDeleted={onDone} />}
          <Button type="button" variant="ghost" onClick={onCancel}>
            {tActions('cancel')}
          </Button>
          <Button type="submit" disabled={save.isPending} data-testid="department-save">
            {save.isPending && <Loader2Icon className="animate-spin" />}
            {department ? tActions('save') : t('create')}
          </Button>
        </div>
      </div>
    </form>
  );
}

/** Deleting keeps the department's conversations and numbers: they are left outside any department. */
function DeleteDepartment({ department, onDeleted }: { department: DepartmentView; onDeleted: () => void }) {
  const t = useTranslations('inboxSettings.department');
  const tActions = useTranslations('inboxSettings.actions');
  const errorMessage = useErrorMessage();
  const remove = useDeleteDepartment();
  return (
    <AlertDialog>
      <AlertDialogTrigger asChild>
        <Button type="button" variant="ghost" className="text-destructive" data-testid="department-delete">
          <Trash2Icon />
          {t('delete')}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{t('deleteTitle', { name: department.name })}</AlertDialogTitle>
          <AlertDialogDescription>{t('deleteDescription')}</AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>{tActions('cancel')}</AlertDialogCancel>
          <AlertDialogAction
            variant="destructive"
            data-testid="department-delete-confirm"
            onClick={() =>
              remove.mutate(department.id, {
                onSuccess: () => {
                  toast.success(t('deleted', { name: department.name }));
                  onDeleted();
                },
                onError: (error) => toast.error(t('deleteFailed'), { description: errorMessage(error) }),
              })
            }
          >
            {t('delete')}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

function Section({
  title,
  description,
  children,
}: {
  title?: string;
  description?: string;
  children: React.ReactNode;
}) {
  return (
    <section className="grid gap-3">
      {title && (
        <div className="grid gap-0.5">
          <h3 className="font-semibold text-sm">{title}</h3>
          {description && <p className="text-muted-foreground text-xs leading-relaxed">{description}</p>}
        </div>
      )}
      {children}
    </section>
  );
}

function LoadProblem({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const t = useTranslations('inboxSettings');
  const errorMessage = useErrorMessage();
  return (
    <div className="grid gap-2 text-destructive">
      <p>{errorMessage(error)}</p>
      <Button type="button" variant="outline" size="sm" className="w-fit" onClick={onRetry}>
        {t('actions.retry')}
      </Button>
    </div>
  );
}
