'use client';

import { checkTemplate, templateLanguages, templateLimits, templateParameters } from '@conversa/shared';
import {
  ArrowLeftIcon,
  BracesIcon,
  CircleAlertIcon,
  CircleCheckIcon,
  EllipsisIcon,
  FileTextIcon,
  HourglassIcon,
  ImageIcon,
  InfoIcon,
  Loader2Icon,
  MapPinIcon,
  OctagonPauseIcon,
  RotateCcwIcon,
  SaveIcon,
  SendIcon,
  SmartphoneIcon,
  Trash2Icon,
  TypeIcon,
  VideoIcon,
  XIcon,
} from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from '@/components/ui/alert-dialog';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { Kbd } from '@/components/ui/kbd';
import { Label } from '@/components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Textarea } from '@/components/ui/textarea';
import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';
import { useCan } from '@/features/auth/me-context';
import { PageContainer } from '@/features/shell/page-header';
import { ApiError } from '@/lib/api-client';
import { cn } from '@/lib/utils';
import { ButtonsEditor } from './buttons-editor';
import {
  type Draft,
  editableInPlace,
  emptyDraft,
  type FieldProblems,
  fromTemplate,
  groupProblems,
  type HeaderChoice,
  parameterNames,
  sameDraft,
  toBody,
  toComponents,
} from './draft';
import { FieldNotes, hasErrors, useProblemText } from './field-problems';
import {
  useDeleteTemplate,
  useRollbackTemplate,
  useSaveTemplate,
  useSubmitTemplate,
  useTemplate,
} from './queries';
import { HistoryCard, VersionsCard } from './template-history';
import { TemplatePreview } from './template-preview';
import { CategoryBadge, TemplateStatusBadge, useLanguageName } from './template-status';
import type { ChannelOption } from './templates-list';
import { type Template, type TemplateCategory, type TemplateStatus, templateCategoryList } from './types';
import { useRejection } from './use-rejection';
import { useTemplateErrorMessage } from './use-template-error';

const headerChoices: { value: HeaderChoice; icon: typeof TypeIcon }[] = [
  { value: 'NONE', icon: XIcon },
  { value: 'TEXT', icon: TypeIcon },
  { value: 'IMAGE', icon: ImageIcon },
  { value: 'VIDEO', icon: VideoIcon },
  { value: 'DOCUMENT', icon: FileTextIcon },
  { value: 'LOCATION', icon: MapPinIcon },
];

function Counter({ value, max }: { value: number; max: number }) {
  return (
    <span
      className={cn(
        'text-[11px] tabular-nums',
        value > max ? 'font-medium text-destructive' : 'text-muted-foreground/70',
      )}
    >
      {value}/{max}
    </span>
  );
}

function Section({
  title,
  description,
  optional,
  children,
  testId,
}: {
  title: string;
  description?: string;
  optional?: boolean;
  children: React.ReactNode;
  testId?: string;
}) {
  const t = useTranslations('templates.editor');
  return (
    <Card className="gap-4 py-5" data-testid={testId}>
      <CardHeader className="px-5">
        <CardTitle className="flex items-center gap-2 text-[15px]">
          {title}
          {optional && (
            <Badge variant="muted" className="font-normal">
              {t('optional')}
            </Badge>
          )}
        </CardTitle>
        {description && <CardDescription>{description}</CardDescription>}
      </CardHeader>
      <CardContent className="grid gap-4 px-5">{children}</CardContent>
    </Card>
  );
}

/** The status banner under the title: what Meta decided, what it means, and what to do now. */
function StatusAlert({ template, live }: { template: Template; live: string }) {
  const t = useTranslations('templates.editor.statusAlert');
  const rejection = useRejection();
  if (template.status === 'REJECTED' || template.status === 'PAUSED' || template.status === 'DISABLED') {
    const info = rejection(template.rejectionReason, template.status);
    const Icon = template.status === 'PAUSED' ? OctagonPauseIcon : CircleAlertIcon;
    return (
      <Alert
        variant={template.status === 'PAUSED' ? 'warning' : 'destructive'}
        data-testid="template-rejection"
        className="border-2 py-4"
      >
        <Icon />
        <AlertTitle className="text-[15px]">{t(`${template.status}.title`)}</AlertTitle>
        <AlertDescription className="grid gap-2">
          <p>
            <span className="font-medium">{t('reason')}</span> {info.title}
            {info.code && !info.known && <code className="ml-1 font-mono text-xs">({info.code})</code>}
          </p>
          <p className="text-foreground/85">
            <span className="font-medium">{t('whatToDo')}</span> {info.fix}
            {template.status === 'REJECTED' && ` ${t('REJECTED.next')}`}
          </p>
        </AlertDescription>
      </Alert>
    );
  }
  if (template.status === 'DEPRECATED') {
    return (
      <Alert data-testid="template-replaced">
        <InfoIcon />
        <AlertTitle>{t('DEPRECATED.title')}</AlertTitle>
        <AlertDescription>{t('DEPRECATED.description')}</AlertDescription>
      </Alert>
    );
  }
  if (template.status === 'SUBMITTED') {
    return (
      <Alert className="border-sky-400/30 bg-sky-400/5" data-testid="template-in-review">
        <HourglassIcon className="text-sky-400" />
        <AlertTitle>{t('SUBMITTED.title')}</AlertTitle>
        <AlertDescription>
          {t('SUBMITTED.description')} {live === 'open' ? t('live') : t('polling')}
        </AlertDescription>
      </Alert>
    );
  }
  return null;
}

type Props = {
  initialTemplate: Template | null;
  channels: ChannelOption[];
  /** Default language for a new template (`pt_BR` for a pt-BR dashboard). */
  defaultLanguage: string;
};

export function TemplateEditor({ initialTemplate, channels, defaultLanguage }: Props) {
  const t = useTranslations('templates.editor');
  const tCategory = useTranslations('templates.category');
  const tList = useTranslations('templates.list');
  const tVersions = useTranslations('templates.versions');
  const router = useRouter();
  const errorMessage = useTemplateErrorMessage();
  const problemText = useProblemText();
  const languageName = useLanguageName();
  const canEdit = useCan('MANAGER');
  const canSubmit = useCan('ADMIN');

  const id = initialTemplate?.id ?? null;
  const { query, live } = useTemplate(id, initialTemplate ?? undefined);
  const template = id ? (query.data ?? initialTemplate) : null;
  // The sandbox approves at once; QR gateways have no templates (the API answers templates-unsupported).
  const templateChannels = channels.filter((c) => c.kind === 'cloud' || c.kind === 'sandbox');

  // The editor's baseline follows the stored template (a save, a verdict from Meta, a rollback), keyed by
  // its id and updatedAt; what the person is typing is kept unless they had no unsaved changes.
  const seedKey = template ? `${template.id}@${template.updatedAt}` : 'new';
  const makeSeed = () =>
    template ? fromTemplate(template) : emptyDraft(templateChannels[0]?.id ?? '', defaultLanguage);
  const [seed, setSeed] = useState(() => ({ key: seedKey, draft: makeSeed() }));
  const [saved, setSaved] = useState<Draft>(seed.draft);
  const [draft, setDraft] = useState<Draft>(seed.draft);
  if (seed.key !== seedKey) {
    const next = makeSeed();
    setSeed({ key: seedKey, draft: next });
    if (sameDraft(draft, saved)) setDraft(next);
    setSaved(next);
  }
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [attempted, setAttempted] = useState(false);
  const [confirm, setConfirm] = useState<'submit' | 'delete' | null>(null);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [rollingBack, setRollingBack] = useState<string | null>(null);
  const [rollbackTarget, setRollbackTarget] = useState<{ id: string; version: number } | null>(null);
  const [nameTaken, setNameTaken] = useState<string | null>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);

  const status = template?.status as TemplateStatus | undefined;
  const inReview = status === 'SUBMITTED';
  const readOnly = !canEdit || inReview || status === 'DEPRECATED';
  const dirty = !sameDraft(draft, saved);
  const newVersion = template !== null && !editableInPlace(status) && !inReview;
  // Meta keeps the category of a reviewed template; changing it means a new template.
  const categoryLocked = template !== null && !editableInPlace(status);

  const components = useMemo(() => toComponents(draft), [draft]);
  const result = useMemo(
    () => checkTemplate({ name: draft.name, language: draft.language, category: draft.category, components }),
    [draft.name, draft.language, draft.category, components],
  );
  const problems: FieldProblems = useMemo(() => groupProblems(result, components), [result, components]);
  const show = (field: string) => attempted || touched.has(field);

  const update = (field: string, patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setTouched((s) => (s.has(field) ? s : new Set(s).add(field)));
    setSubmitError(null);
  };

  // Leaving with unsaved changes asks first (the browser's own prompt).
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  const save = useSaveTemplate(id);
  const submit = useSubmitTemplate();
  const rollback = useRollbackTemplate();
  const remove = useDeleteTemplate(id ?? '');
  const busy = save.isPending || submit.isPending;

  /** Focus the first field with an error so the keyboard user lands where the fix is. */
  const focusFirstError = () => {
    requestAnimationFrame(() => {
      const el = document.querySelector<HTMLElement>('[data-template-editor] [aria-invalid="true"]');
      el?.focus();
      el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    });
  };

  const saveDraft = async (): Promise<Template | null> => {
    setAttempted(true);
    if (!draft.channelId) {
      toast.error(t('noChannel'));
      return null;
    }
    if (result.errors.length > 0) {
      toast.error(t('fixFirst', { count: result.errors.length }), { description: t('fixFirstHint') });
      focusFirstError();
      return null;
    }
    try {
      const stored = await save.mutateAsync(toBody(draft));
      setTouched(new Set());
      setAttempted(false);
      if (stored.id !== id) {
        toast.success(
          id ? t('versionCreated', { version: stored.version }) : t('created'),
          id ? { description: t('versionCreatedHint') } : undefined,
        );
        setSaved(fromTemplate(stored));
        router.replace(`/templates/${stored.id}`);
      } else {
        toast.success(t('saved'));
      }
      return stored;
    } catch (error) {
      const taken = error instanceof ApiError && error.problem?.errors?.some((e) => e.code === 'taken');
      if (taken) {
        setNameTaken(draft.name);
        focusFirstError();
      } else if (error instanceof ApiError && error.code === 'template-invalid') {
        toast.error(t('serverInvalid'), { description: t('fixFirstHint') });
        focusFirstError();
      } else {
        toast.error(t('saveFailed'), { description: errorMessage(error) });
      }
      return null;
    }
  };

  const runSubmit = async () => {
    setConfirm(null);
    setSubmitError(null);
    if (!id) return;
    if (dirty) {
      const stored = await saveDraft();
      if (!stored) return;
      if (stored.id !== id) {
        // A new version was created: submit it from its own page.
        toast.info(t('submitFromNewVersion'));
        return;
      }
    }
    submit.mutate(id, {
      onSuccess: () => toast.success(t('submitted'), { description: t('submittedHint') }),
      onError: (error) => {
        const unreachable = error instanceof ApiError && [0, 502, 503, 504].includes(error.status);
        setSubmitError(unreachable ? t('submitUnreachable') : errorMessage(error));
      },
    });
  };

  const askSubmit = () => {
    setAttempted(true);
    if (result.errors.length > 0) {
      toast.error(t('fixFirst', { count: result.errors.length }), { description: t('fixFirstHint') });
      focusFirstError();
      return;
    }
    setConfirm('submit');
  };

  const runRollback = (version: { id: string; version: number }) => {
    setRollingBack(version.id);
    rollback.mutate(
      { id: version.id },
      {
        onSettled: () => setRollingBack(null),
        onSuccess: (restored) => {
          toast.success(t('rolledBack', { version: version.version }), {
            description: restored.status === 'SUBMITTED' ? t('rolledBackReview') : undefined,
          });
          if (restored.id !== id) router.push(`/templates/${restored.id}`);
        },
        onError: (error) => toast.error(t('rollbackFailed'), { description: errorMessage(error) }),
      },
    );
  };

  // Ctrl/⌘+S saves, as in any editor.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        if (!readOnly && !busy && (dirty || !id)) void saveDraft();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  });

  const insertVariable = () => {
    const el = bodyRef.current;
    const names = parameterNames(draft.body);
    const named = names.some((n) => !/^\d+$/.test(n));
    const next = named
      ? `{{variable_${names.length + 1}}}`
      : `{{${Math.max(0, ...names.map(Number).filter(Number.isFinite)) + 1}}}`;
    const start = el?.selectionStart ?? draft.body.length;
    const end = el?.selectionEnd ?? draft.body.length;
    const before = draft.body.slice(0, start);
    const spacer = before && !/\s$/.test(before) ? ' ' : '';
    const body = `${before}${spacer}${next}${draft.body.slice(end)}`;
    update('body', { body });
    requestAnimationFrame(() => {
      el?.focus();
      const caret = start + spacer.length + next.length;
      el?.setSelectionRange(caret, caret);
    });
  };

  const bodyParams = parameterNames(draft.body);
  const headerParam =
    draft.header === 'TEXT'
      ? templateParameters(draft.headerText).find((p) => p.kind !== 'invalid')?.name
      : undefined;
  const channelName = channels.find((c) => c.id === draft.channelId)?.name ?? t('businessFallback');
  const errorCount = result.errors.length;
  const warningCount = result.warnings.length;

  const title = template ? template.name : t('newTitle');

  if (!template && templateChannels.length === 0) {
    return (
      <PageContainer>
        <div className="rounded-xl border border-dashed" data-testid="templates-no-channel">
          <EmptyState
            icon={<SmartphoneIcon />}
            title={tList('noChannelTitle')}
            description={tList('noChannelDescription')}
            action={
              <Button asChild variant="outline">
                <Link href="/channels">{tList('goToChannels')}</Link>
              </Button>
            }
          />
        </div>
      </PageContainer>
    );
  }

  return (
    <PageContainer className="max-w-7xl">
      <div className="grid gap-6" data-testid="template-editor" data-template-editor>
        <div className="grid gap-4">
          <Link
            href="/templates"
            className="flex w-fit items-center gap-1.5 rounded-sm text-muted-foreground text-sm outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
          >
            <ArrowLeftIcon className="size-4" />
            {t('back')}
          </Link>
          <div className="flex flex-col gap-4 lg:flex-row lg:items-center lg:justify-between">
            <div className="grid min-w-0 gap-1.5">
              <div className="flex flex-wrap items-center gap-2.5">
                <h1
                  className={cn(
                    'truncate font-semibold text-2xl tracking-tight',
                    template && 'font-mono text-xl',
                  )}
                  data-testid="template-title"
                >
                  {title}
                </h1>
                {status ? (
                  <TemplateStatusBadge status={status} />
                ) : (
                  <TemplateStatusBadge status="DRAFT" data-testid="template-status-new" />
                )}
                {template && (
                  <Badge variant="outline" className="font-mono font-normal text-muted-foreground">
                    v{template.version}
                  </Badge>
                )}
                {template?.qualityScore && template.status === 'APPROVED' && (
                  <Badge
                    variant="outline"
                    className={cn(
                      'font-normal',
                      template.qualityScore === 'high' && 'text-success',
                      template.qualityScore === 'medium' && 'text-warning',
                      template.qualityScore === 'low' && 'text-destructive',
                    )}
                  >
                    {t('quality', { score: t(`scores.${template.qualityScore}`) })}
                  </Badge>
                )}
              </div>
              <p className="flex flex-wrap items-center gap-2 text-muted-foreground text-sm">
                {template ? (
                  <>
                    <CategoryBadge category={template.category} />
                    <span>
                      {languageName(template.language)} ({template.language})
                    </span>
                    <span aria-hidden="true">·</span>
                    <span>{channels.find((c) => c.id === template.channelId)?.name ?? '—'}</span>
                  </>
                ) : (
                  t('newDescription')
                )}
              </p>
            </div>
            <div className="flex shrink-0 flex-wrap items-center gap-2">
              {dirty && !readOnly && (
                <span
                  className="flex items-center gap-1.5 text-muted-foreground text-xs"
                  data-testid="unsaved"
                >
                  <span className="size-1.5 rounded-full bg-warning" />
                  {t('unsaved')}
                </span>
              )}
              {!readOnly && (
                <Button
                  // A new template is saved first; submitting happens from its own page.
                  variant={template ? 'outline' : 'default'}
                  onClick={() => void saveDraft()}
                  disabled={busy || (!dirty && id !== null)}
                  data-testid="template-save"
                >
                  {save.isPending && !submit.isPending ? (
                    <Loader2Icon className="animate-spin" />
                  ) : (
                    <SaveIcon />
                  )}
                  {newVersion ? t('saveNewVersion') : t('save')}
                  <Kbd className="ml-0.5 hidden sm:inline-flex">Ctrl S</Kbd>
                </Button>
              )}
              {canSubmit && template && !readOnly && !newVersion && (
                <Button onClick={askSubmit} disabled={busy} data-testid="template-submit">
                  {submit.isPending ? <Loader2Icon className="animate-spin" /> : <SendIcon />}
                  {status === 'REJECTED' ? t('resubmit') : t('submit')}
                </Button>
              )}
              {canEdit && !canSubmit && !readOnly && !newVersion && template && (
                <Tooltip>
                  <TooltipTrigger asChild>
                    {/* aria-disabled, not disabled: it stays focusable so the tooltip can say why. */}
                    <Button
                      aria-disabled="true"
                      className="cursor-not-allowed opacity-50"
                      onClick={(e) => e.preventDefault()}
                      data-testid="template-submit-locked"
                    >
                      <SendIcon />
                      {t('submit')}
                    </Button>
                  </TooltipTrigger>
                  <TooltipContent>{t('submitAdminOnly')}</TooltipContent>
                </Tooltip>
              )}
              {canSubmit && template && (
                <DropdownMenu>
                  <DropdownMenuTrigger asChild>
                    <Button variant="outline" size="icon" aria-label={t('more')} data-testid="template-menu">
                      <EllipsisIcon />
                    </Button>
                  </DropdownMenuTrigger>
                  <DropdownMenuContent align="end" className="w-60">
                    {status === 'DEPRECATED' && (
                      <DropdownMenuItem
                        onSelect={() => setRollbackTarget({ id: template.id, version: template.version })}
                        data-testid="template-rollback"
                      >
                        <RotateCcwIcon />
                        {t('rollbackThis')}
                      </DropdownMenuItem>
                    )}
                    <DropdownMenuItem
                      variant="destructive"
                      onSelect={() => setConfirm('delete')}
                      data-testid="template-delete"
                    >
                      <Trash2Icon />
                      {t('delete')}
                    </DropdownMenuItem>
                  </DropdownMenuContent>
                </DropdownMenu>
              )}
            </div>
          </div>
        </div>

        {template && <StatusAlert template={template} live={live} />}
        {submitError && (
          <Alert variant="destructive" data-testid="submit-error">
            <CircleAlertIcon />
            <AlertTitle>{t('submitFailed')}</AlertTitle>
            <AlertDescription>
              <p>{submitError}</p>
              <p className="text-foreground/80">{t('submitFailedHint')}</p>
            </AlertDescription>
          </Alert>
        )}
        {newVersion && canEdit && (
          <Alert data-testid="new-version-note">
            <InfoIcon />
            <AlertTitle>{t('newVersionTitle', { version: (template?.version ?? 1) + 1 })}</AlertTitle>
            <AlertDescription>{t('newVersionDescription')}</AlertDescription>
          </Alert>
        )}
        {!canEdit && (
          <p className="flex items-center gap-2 text-muted-foreground text-sm" data-testid="read-only-note">
            <InfoIcon className="size-4" />
            {t('readOnly')}
          </p>
        )}

        <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_360px]">
          <fieldset disabled={readOnly} className="grid min-w-0 gap-5">
            <legend className="sr-only">{t('formLabel')}</legend>
            <Section title={t('basics.title')} description={t('basics.description')}>
              {!template && templateChannels.length > 1 && (
                <div className="grid gap-1.5">
                  <Label htmlFor="template-channel">{t('basics.channel')}</Label>
                  <Select
                    value={draft.channelId}
                    onValueChange={(channelId) => update('channel', { channelId })}
                  >
                    <SelectTrigger id="template-channel" className="w-full" data-testid="template-channel">
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      {templateChannels.map((c) => (
                        <SelectItem key={c.id} value={c.id}>
                          {c.name}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                </div>
              )}
              <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_220px]">
                <div className="grid content-start gap-1.5">
                  <div className="flex items-center justify-between">
                    <Label htmlFor="template-name">{t('basics.name')}</Label>
                    <Counter value={draft.name.length} max={templateLimits.name} />
                  </div>
                  <Input
                    id="template-name"
                    name="name"
                    value={draft.name}
                    // Meta's names are snake_case: spaces become underscores and letters lowercase as you type.
                    onChange={(e) =>
                      update('name', { name: e.target.value.toLowerCase().replace(/[\s-]+/g, '_') })
                    }
                    aria-invalid={
                      (show('name') && hasErrors(problems, 'name')) || nameTaken === draft.name || undefined
                    }
                    aria-describedby="template-name-notes template-name-hint"
                    placeholder={t('basics.namePlaceholder')}
                    className="font-mono text-[13px] md:text-[13px] read-only:bg-muted/40"
                    autoComplete="off"
                    readOnly={template !== null}
                    autoFocus={!template}
                    data-testid="template-name"
                  />
                  <p id="template-name-hint" className="text-muted-foreground text-xs">
                    {template ? t('basics.nameLocked') : t('basics.nameHint')}
                  </p>
                  <FieldNotes
                    id="template-name-notes"
                    problems={problems}
                    field="name"
                    showErrors={show('name')}
                  />
                  {nameTaken !== null && nameTaken === draft.name && (
                    <p className="flex items-start gap-1.5 text-destructive text-xs" data-testid="name-taken">
                      <CircleAlertIcon className="mt-px size-3.5 shrink-0" />
                      {t('basics.nameTaken')}
                    </p>
                  )}
                </div>
                <div className="grid content-start gap-1.5">
                  <Label htmlFor="template-language">{t('basics.language')}</Label>
                  <Select
                    value={draft.language}
                    onValueChange={(language) => update('language', { language })}
                    disabled={template !== null}
                  >
                    <SelectTrigger
                      id="template-language"
                      className="w-full"
                      data-testid="template-language"
                      aria-invalid={(show('language') && hasErrors(problems, 'language')) || undefined}
                    >
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent className="max-h-72">
                      {templateLanguages.map((code) => (
                        <SelectItem key={code} value={code}>
                          {languageName(code)}{' '}
                          <span className="font-mono text-muted-foreground text-xs">{code}</span>
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                  <FieldNotes problems={problems} field="language" showErrors={show('language')} />
                </div>
              </div>
              <div className="grid gap-1.5">
                <span className="font-medium text-sm" id="template-category-label">
                  {t('basics.category')}
                </span>
                <div
                  role="radiogroup"
                  aria-labelledby="template-category-label"
                  className="grid gap-2 sm:grid-cols-3"
                  data-testid="template-category-picker"
                >
                  {templateCategoryList.map((c: TemplateCategory) => {
                    const selected = draft.category === c;
                    const locked = categoryLocked && !selected;
                    return (
                      // biome-ignore lint/a11y/useSemanticElements: a card-like radio with a description.
                      <button
                        key={c}
                        type="button"
                        role="radio"
                        aria-checked={selected}
                        tabIndex={selected ? 0 : -1}
                        disabled={locked}
                        onClick={() => update('category', { category: c })}
                        onKeyDown={(e) => {
                          if (categoryLocked) return;
                          if (!['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp'].includes(e.key)) return;
                          e.preventDefault();
                          const i = templateCategoryList.indexOf(c);
                          const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : -1;
                          const next = templateCategoryList[(i + step + 3) % 3] as TemplateCategory;
                          update('category', { category: next });
                          const group = e.currentTarget.parentElement;
                          requestAnimationFrame(() =>
                            group?.querySelector<HTMLElement>('[aria-checked="true"]')?.focus(),
                          );
                        }}
                        className={cn(
                          'grid gap-0.5 rounded-lg border p-3 text-left outline-none transition-colors focus-visible:ring-[3px] focus-visible:ring-ring/50 disabled:opacity-60',
                          selected ? 'border-primary/60 bg-primary/8' : 'hover:bg-muted/40',
                        )}
                        data-testid={`category-${c}`}
                      >
                        <span className="flex items-center justify-between font-medium text-sm">
                          {tCategory(c)}
                          <span
                            className={cn(
                              'flex size-4 items-center justify-center rounded-full border',
                              selected && 'border-primary bg-primary',
                            )}
                          >
                            {selected && <span className="size-1.5 rounded-full bg-primary-foreground" />}
                          </span>
                        </span>
                        <span className="text-muted-foreground text-xs leading-snug">
                          {t(`categoryHints.${c}`)}
                        </span>
                      </button>
                    );
                  })}
                </div>
                {categoryLocked && (
                  <p className="text-muted-foreground text-xs">{t('basics.categoryLocked')}</p>
                )}
              </div>
            </Section>

            <Section
              title={t('header.title')}
              description={t('header.description')}
              optional
              testId="section-header"
            >
              <div
                role="radiogroup"
                aria-label={t('header.title')}
                className="flex flex-wrap gap-1.5"
                data-testid="header-format"
              >
                {headerChoices.map(({ value, icon: Icon }) => {
                  const selected = draft.header === value;
                  return (
                    // biome-ignore lint/a11y/useSemanticElements: segmented control.
                    <button
                      key={value}
                      type="button"
                      role="radio"
                      aria-checked={selected}
                      onClick={() => update('header', { header: value })}
                      className={cn(
                        'flex h-8 items-center gap-1.5 rounded-md border px-2.5 text-sm outline-none transition-colors focus-visible:ring-[3px] focus-visible:ring-ring/50',
                        selected
                          ? 'border-primary/60 bg-primary/10 text-foreground'
                          : 'text-muted-foreground hover:bg-muted/50 hover:text-foreground',
                      )}
                      data-testid={`header-${value}`}
                    >
                      <Icon className="size-3.5" />
                      {t(`header.formats.${value}`)}
                    </button>
                  );
                })}
              </div>
              <FieldNotes problems={problems} field="header.format" showErrors />
              {draft.header === 'TEXT' && (
                <div className="grid gap-3 sm:grid-cols-2">
                  <div className="grid content-start gap-1.5">
                    <div className="flex items-center justify-between">
                      <Label htmlFor="template-header-text">{t('header.text')}</Label>
                      <Counter value={draft.headerText.length} max={templateLimits.header} />
                    </div>
                    <Input
                      id="template-header-text"
                      value={draft.headerText}
                      onChange={(e) => update('header', { headerText: e.target.value })}
                      aria-invalid={(show('header') && hasErrors(problems, 'header.text')) || undefined}
                      placeholder={t('header.textPlaceholder')}
                      data-testid="template-header-text"
                    />
                    <FieldNotes problems={problems} field="header.text" showErrors={show('header')} />
                  </div>
                  {headerParam && (
                    <div className="grid content-start gap-1.5">
                      <Label htmlFor="template-header-example">
                        {t('header.example', { param: `{{${headerParam}}}` })}
                      </Label>
                      <Input
                        id="template-header-example"
                        value={draft.headerExample}
                        onChange={(e) => update('header', { headerExample: e.target.value })}
                        aria-invalid={(show('header') && hasErrors(problems, 'header.example')) || undefined}
                        data-testid="template-header-example"
                      />
                      <FieldNotes problems={problems} field="header.example" showErrors={show('header')} />
                    </div>
                  )}
                </div>
              )}
              {draft.header !== 'NONE' && draft.header !== 'TEXT' && draft.header !== 'LOCATION' && (
                <div className="grid gap-1.5">
                  <Label htmlFor="template-header-media">
                    {t('header.media', { format: t(`header.formats.${draft.header}`) })}
                  </Label>
                  <Input
                    id="template-header-media"
                    value={draft.headerMedia}
                    onChange={(e) => update('header', { headerMedia: e.target.value })}
                    aria-invalid={(show('header') && hasErrors(problems, 'header.example')) || undefined}
                    placeholder={t('header.mediaPlaceholder')}
                    className="font-mono text-[13px] md:text-[13px]"
                    data-testid="template-header-media"
                  />
                  <p className="text-muted-foreground text-xs">{t('header.mediaHint')}</p>
                  <FieldNotes problems={problems} field="header.example" showErrors={show('header')} />
                </div>
              )}
              {draft.header === 'LOCATION' && (
                <p className="text-muted-foreground text-xs">{t('header.locationHint')}</p>
              )}
            </Section>

            <Section title={t('body.title')} description={t('body.description')} testId="section-body">
              <div className="grid gap-1.5">
                <div className="flex items-center justify-between gap-2">
                  <Label htmlFor="template-body">{t('body.label')}</Label>
                  <div className="flex items-center gap-3">
                    <Button
                      type="button"
                      variant="ghost"
                      size="sm"
                      className="h-7 px-2 text-xs"
                      onClick={insertVariable}
                      data-testid="insert-variable"
                    >
                      <BracesIcon className="size-3.5" />
                      {t('body.addVariable')}
                    </Button>
                    <Counter value={draft.body.length} max={templateLimits.body} />
                  </div>
                </div>
                <Textarea
                  id="template-body"
                  ref={bodyRef}
                  value={draft.body}
                  onChange={(e) => update('body', { body: e.target.value })}
                  aria-invalid={(show('body') && hasErrors(problems, 'body.text')) || undefined}
                  aria-describedby="template-body-hint"
                  placeholder={t('body.placeholder', { param: '{{1}}' })}
                  className="min-h-36 resize-y text-[14px] leading-relaxed"
                  data-testid="template-body"
                />
                <p id="template-body-hint" className="text-muted-foreground text-xs">
                  {t('body.hint', { positional: '{{1}}', named: '{{customer_name}}' })}
                </p>
                <FieldNotes problems={problems} field="body.text" showErrors={show('body')} />
              </div>
              {bodyParams.length > 0 && (
                <div className="grid gap-2 rounded-lg border border-dashed p-3" data-testid="samples">
                  <div className="grid gap-0.5">
                    <span className="font-medium text-sm">{t('body.samples')}</span>
                    <span className="text-muted-foreground text-xs">{t('body.samplesHint')}</span>
                  </div>
                  <div className="grid gap-2 sm:grid-cols-2">
                    {bodyParams.map((name) => (
                      <div key={name} className="flex items-center gap-2">
                        <Label
                          htmlFor={`sample-${name}`}
                          className="min-w-10 max-w-32 shrink-0 truncate font-mono text-muted-foreground text-xs"
                        >
                          {`{{${name}}}`}
                        </Label>
                        <Input
                          id={`sample-${name}`}
                          value={draft.examples[name] ?? ''}
                          onChange={(e) =>
                            update('samples', { examples: { ...draft.examples, [name]: e.target.value } })
                          }
                          aria-invalid={
                            ((attempted || touched.has('samples')) &&
                              hasErrors(problems, 'body.example') &&
                              !(draft.examples[name] ?? '').trim()) ||
                            undefined
                          }
                          placeholder={t('body.samplePlaceholder')}
                          className="h-8"
                          data-testid={`sample-${name}`}
                        />
                      </div>
                    ))}
                  </div>
                  <FieldNotes
                    problems={problems}
                    field="body.example"
                    showErrors={attempted || touched.has('samples')}
                  />
                </div>
              )}
            </Section>

            <Section
              title={t('footer.title')}
              description={t('footer.description')}
              optional
              testId="section-footer"
            >
              <div className="grid gap-1.5">
                <div className="flex items-center justify-between">
                  <Label htmlFor="template-footer">{t('footer.label')}</Label>
                  <Counter value={draft.footer.length} max={templateLimits.footer} />
                </div>
                <Input
                  id="template-footer"
                  value={draft.footer}
                  onChange={(e) => update('footer', { footer: e.target.value })}
                  aria-invalid={(show('footer') && hasErrors(problems, 'footer.text')) || undefined}
                  placeholder={t('footer.placeholder')}
                  data-testid="template-footer"
                />
                <FieldNotes problems={problems} field="footer.text" showErrors={show('footer')} />
              </div>
            </Section>

            <Section
              title={t('buttons.title')}
              description={t('buttons.description')}
              optional
              testId="section-buttons"
            >
              <ButtonsEditor
                draft={draft}
                problems={problems}
                showErrors={show('buttons')}
                onChange={(buttons) => update('buttons', { buttons })}
              />
            </Section>
          </fieldset>

          <aside className="grid gap-4 lg:sticky lg:top-6" aria-label={t('preview')}>
            <div className="flex items-center justify-between">
              <h2 className="font-medium text-sm">{t('preview')}</h2>
              <span className="text-muted-foreground text-xs">{t('previewHint')}</span>
            </div>
            <TemplatePreview draft={draft} businessName={channelName} />
            <div
              className={cn(
                'rounded-xl border p-3 text-sm',
                errorCount > 0
                  ? 'border-destructive/30 bg-destructive/5'
                  : warningCount > 0
                    ? 'border-warning/30 bg-warning/5'
                    : 'border-success/30 bg-success/5',
              )}
              data-testid="check-summary"
              data-errors={errorCount}
              data-warnings={warningCount}
            >
              <p className="flex items-center gap-2 font-medium">
                {errorCount > 0 ? (
                  <CircleAlertIcon className="size-4 text-destructive" />
                ) : (
                  <CircleCheckIcon
                    className={cn('size-4', warningCount > 0 ? 'text-warning' : 'text-success')}
                  />
                )}
                {errorCount > 0
                  ? t('checks.errors', { count: errorCount })
                  : warningCount > 0
                    ? t('checks.warnings', { count: warningCount })
                    : t('checks.ok')}
              </p>
              {errorCount > 0 && (
                <ul className="mt-2 grid gap-1 text-muted-foreground text-xs">
                  {result.errors.slice(0, 4).map((p) => (
                    <li key={`${p.path}-${p.code}`} className="flex gap-1.5">
                      <span aria-hidden="true">·</span>
                      {problemText(p)}
                    </li>
                  ))}
                  {errorCount > 4 && <li>{t('checks.more', { count: errorCount - 4 })}</li>}
                </ul>
              )}
            </div>
          </aside>
        </div>

        {template && (
          <div className="grid items-start gap-6 lg:grid-cols-2">
            <HistoryCard template={template} />
            <VersionsCard
              template={template}
              canRollback={canSubmit}
              onRollback={setRollbackTarget}
              rollingBack={rollingBack}
            />
          </div>
        )}
      </div>

      <AlertDialog open={confirm === 'submit'} onOpenChange={(o) => setConfirm(o ? 'submit' : null)}>
        <AlertDialogContent data-testid="submit-dialog">
          <AlertDialogHeader>
            <AlertDialogTitle>{t('confirmSubmit.title', { name: draft.name })}</AlertDialogTitle>
            <AlertDialogDescription>{t('confirmSubmit.description')}</AlertDialogDescription>
          </AlertDialogHeader>
          <div className="grid gap-2 rounded-lg border bg-muted/30 p-3 text-sm">
            <p className="flex items-center justify-between gap-3">
              <span className="text-muted-foreground">{t('confirmSubmit.what')}</span>
              <span className="font-mono text-[13px]">
                {draft.name} · {draft.language}
              </span>
            </p>
            <p className="flex items-center justify-between gap-3">
              <span className="text-muted-foreground">{t('basics.category')}</span>
              <span>{tCategory(draft.category)}</span>
            </p>
          </div>
          {warningCount > 0 && (
            <div className="grid gap-1 rounded-lg border border-warning/30 bg-warning/5 p-3 text-xs">
              <p className="font-medium text-warning">
                {t('confirmSubmit.warnings', { count: warningCount })}
              </p>
              {result.warnings.map((w) => (
                <p key={`${w.path}-${w.code}`} className="text-foreground/80">
                  {problemText(w)}
                </p>
              ))}
            </div>
          )}
          <AlertDialogFooter>
            <AlertDialogCancel>{t('confirmSubmit.cancel')}</AlertDialogCancel>
            <AlertDialogAction onClick={() => void runSubmit()} data-testid="submit-confirm">
              <SendIcon />
              {dirty ? t('confirmSubmit.saveAndConfirm') : t('confirmSubmit.confirm')}
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>

      <AlertDialog open={rollbackTarget !== null} onOpenChange={(o) => !o && setRollbackTarget(null)}>
        <AlertDialogContent data-testid="rollback-dialog">
          <AlertDialogHeader>
            <AlertDialogTitle>
              {tVersions('confirmTitle', { version: rollbackTarget?.version ?? 0 })}
            </AlertDialogTitle>
            <AlertDialogDescription>{tVersions('confirmDescription')}</AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>{t('confirmSubmit.cancel')}</AlertDialogCancel>
            <AlertDialogAction
              onClick={() => {
                if (rollbackTarget) runRollback(rollbackTarget);
                setRollbackTarget(null);
              }}
              data-testid="rollback-confirm"
            >
              <RotateCcwIcon />
              {tVersions('confirm')}
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>

      <AlertDialog open={confirm === 'delete'} onOpenChange={(o) => setConfirm(o ? 'delete' : null)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>{t('confirmDelete.title', { name: template?.name ?? '' })}</AlertDialogTitle>
            <AlertDialogDescription>
              {status === 'DRAFT' || status === undefined
                ? t('confirmDelete.descriptionDraft')
                : t('confirmDelete.description')}
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>{t('confirmSubmit.cancel')}</AlertDialogCancel>
            <AlertDialogAction
              variant="destructive"
              disabled={remove.isPending}
              onClick={() =>
                remove.mutate(undefined, {
                  onSuccess: () => {
                    toast.success(t('deleted', { name: template?.name ?? '' }));
                    router.push('/templates');
                    router.refresh();
                  },
                  onError: (error) => toast.error(t('deleteFailed'), { description: errorMessage(error) }),
                })
              }
              data-testid="template-delete-confirm"
            >
              {t('delete')}
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </PageContainer>
  );
}
