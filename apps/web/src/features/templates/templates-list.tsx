'use client';

import {
  CircleAlertIcon,
  FileTextIcon,
  FilterXIcon,
  LayoutTemplateIcon,
  Loader2Icon,
  PlusIcon,
  RefreshCwIcon,
  SearchIcon,
  SmartphoneIcon,
} from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { Kbd } from '@/components/ui/kbd';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { useCan } from '@/features/auth/me-context';
import { RelativeTime } from '@/features/channels/relative-time';
import { useErrorMessage } from '@/lib/use-error-message';
import { cn } from '@/lib/utils';
import { pageShortcut } from './keyboard';
import { useSyncTemplates, useTemplateStats, useTemplates } from './queries';
import { TemplateStatsPanel } from './template-stats';
import { CategoryBadge, StatusDot, statusTone, useLanguageName } from './template-status';
import {
  type Template,
  type TemplatePage,
  type TemplateStats,
  type TemplateStatus,
  templateCategoryList,
  templateStatusList,
} from './types';

export type ChannelOption = { id: string; name: string; kind: string };

const all = 'all';
type Filters = { channel: string; status: string; category: string; language: string; q: string };
const noFilters: Filters = { channel: all, status: all, category: all, language: all, q: '' };

const bodyOf = (t: Template) => {
  const body = t.components.find((c) => c.type === 'BODY');
  return body && 'text' in body && typeof body.text === 'string' ? body.text : '';
};
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** One name on one channel, with its languages: Meta approves each language separately. */
type Family = {
  key: string;
  name: string;
  channelId: string;
  category: Template['category'];
  items: Current[];
};

function families(templates: Current[]): Family[] {
  const map = new Map<string, Family>();
  for (const t of templates) {
    const key = `${t.channelId}:${t.name}`;
    const family = map.get(key) ?? {
      key,
      name: t.name,
      channelId: t.channelId,
      category: t.category,
      items: [],
    };
    family.items.push(t);
    map.set(key, family);
  }
  const list = [...map.values()];
  for (const f of list) f.items.sort((a, b) => a.language.localeCompare(b.language));
  const latest = (f: Family) => Math.max(...f.items.map((t) => new Date(t.updatedAt).getTime()));
  return list.sort((a, b) => latest(b) - latest(a));
}

function FilterSelect({
  value,
  onChange,
  label,
  allLabel,
  options,
  testId,
}: {
  value: string;
  onChange: (value: string) => void;
  label: string;
  allLabel: string;
  options: { value: string; label: React.ReactNode }[];
  testId: string;
}) {
  return (
    <Select value={value} onValueChange={onChange}>
      <SelectTrigger
        size="sm"
        aria-label={label}
        data-testid={testId}
        className={cn('min-w-36', value !== all && 'border-primary/40 text-foreground')}
      >
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        <SelectItem value={all}>{allLabel}</SelectItem>
        {options.map((o) => (
          <SelectItem key={o.value} value={o.value}>
            {o.label}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}

/** A name + language as the list shows it: the version sends use, and a newer draft or review beside it. */
type Current = Template & { pending?: Template };
const inForce = new Set(['APPROVED', 'PAUSED', 'DISABLED']);

/**
 * The list reads every version; per name + language it shows the one in force (approved, paused or
 * disabled), else the newest one still alive, so a rollback or a draft v2 does not hide what is in use.
 */
function currentVersions(all: Template[]): Current[] {
  const groups = new Map<string, Template[]>();
  for (const t of all) {
    const key = `${t.channelId}:${t.name}:${t.language}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  return [...groups.values()].map((group) => {
    const sorted = [...group].sort((a, b) => b.version - a.version);
    const newest = sorted[0] as Template;
    const primary =
      sorted.find((t) => inForce.has(t.status)) ?? sorted.find((t) => t.status !== 'DEPRECATED') ?? newest;
    const pending =
      newest !== primary && ['DRAFT', 'SUBMITTED', 'REJECTED'].includes(newest.status) ? newest : undefined;
    return { ...primary, pending };
  });
}

function LanguageChip({ template }: { template: Current }) {
  const t = useTranslations('templates');
  const languageName = useLanguageName();
  const tone = statusTone[template.status as TemplateStatus] ?? statusTone.DRAFT;
  const chip = (
    <Link
      href={`/templates/${template.id}`}
      className={cn(
        'relative z-10 inline-flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs outline-none transition-colors hover:brightness-125 focus-visible:ring-[3px] focus-visible:ring-ring/50',
        tone.badge,
      )}
      title={`${languageName(template.language)} · ${t(`status.${template.status}`)}`}
      data-testid="template-language"
      data-language={template.language}
      data-status={template.status}
    >
      <StatusDot status={template.status as TemplateStatus} />
      <span className="font-mono">{template.language}</span>
      <span className="opacity-90">{t(`status.${template.status}`)}</span>
      {template.version > 1 && <span className="opacity-60">v{template.version}</span>}
    </Link>
  );
  if (!template.pending) return chip;
  const pending = template.pending;
  return (
    <span className="inline-flex items-center gap-1">
      {chip}
      <Link
        href={`/templates/${pending.id}`}
        className="relative z-10 inline-flex items-center gap-1 rounded-full border border-dashed px-1.5 py-0.5 text-[11px] text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
        data-testid="template-pending-version"
        data-status={pending.status}
      >
        <StatusDot status={pending.status as TemplateStatus} />v{pending.version}{' '}
        {t(`status.${pending.status}`)}
      </Link>
    </span>
  );
}

/** Sync from Meta (admins) and New template (managers); in the page header and in the empty state. */
export function TemplateListActions({ hasChannel, hasCloud }: { hasChannel: boolean; hasCloud: boolean }) {
  const t = useTranslations('templates.list');
  const canCreate = useCan('MANAGER');
  const canSync = useCan('ADMIN');
  const errorMessage = useErrorMessage();
  const sync = useSyncTemplates();
  if (!hasChannel) return null;
  const runSync = () =>
    sync.mutate(undefined, {
      onSuccess: (r) =>
        toast.success(t('synced'), {
          description: t('syncedDetail', { created: r.created, updated: r.updated, unchanged: r.unchanged }),
        }),
      onError: (error) => toast.error(t('syncFailed'), { description: errorMessage(error) }),
    });
  return (
    <>
      {/* Only Cloud API numbers have a Meta account to pull templates from. */}
      {canSync && hasCloud && (
        <Button variant="outline" onClick={runSync} disabled={sync.isPending} data-testid="templates-sync">
          {sync.isPending ? <Loader2Icon className="animate-spin" /> : <RefreshCwIcon />}
          {sync.isPending ? t('syncing') : t('sync')}
        </Button>
      )}
      {canCreate && (
        <Button asChild>
          <Link href="/templates/new" data-testid="template-new">
            <PlusIcon />
            {t('new')}
            <Kbd className="ml-1 hidden border-primary-foreground/25 bg-primary-foreground/10 text-primary-foreground sm:inline-flex">
              N
            </Kbd>
          </Link>
        </Button>
      )}
    </>
  );
}

export function TemplatesList({
  initialData,
  initialStats,
  channels,
}: {
  initialData: TemplatePage;
  initialStats: TemplateStats | null;
  channels: ChannelOption[];
}) {
  const t = useTranslations('templates.list');
  const tStatus = useTranslations('templates.status');
  const tCategory = useTranslations('templates.category');
  const canCreate = useCan('MANAGER');
  const router = useRouter();
  const languageName = useLanguageName();
  const locale = useLocale();
  const errorMessage = useErrorMessage();
  const searchRef = useRef<HTMLInputElement>(null);
  const [filters, setFilters] = useState<Filters>(noFilters);
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  const { query } = useTemplates(initialData);
  const stats = useTemplateStats(filters.channel === all ? null : filters.channel, initialStats ?? undefined);
  const templates = useMemo(() => currentVersions(query.data?.items ?? []), [query.data]);
  const channelName = useMemo(() => new Map(channels.map((c) => [c.id, c.name])), [channels]);
  const templateChannels = channels.filter((c) => c.kind === 'cloud' || c.kind === 'sandbox');
  const languages = useMemo(() => [...new Set(templates.map((x) => x.language))].sort(), [templates]);

  const filtered = useMemo(() => {
    const q = fold(filters.q.trim());
    return templates.filter(
      (x) =>
        (filters.channel === all || x.channelId === filters.channel) &&
        (filters.status === all || x.status === filters.status) &&
        (filters.category === all || x.category === filters.category) &&
        (filters.language === all || x.language === filters.language) &&
        (!q || fold(x.name).includes(q) || fold(bodyOf(x)).includes(q)),
    );
  }, [templates, filters]);
  const rows = useMemo(() => families(filtered), [filtered]);
  const filtering = JSON.stringify(filters) !== JSON.stringify(noFilters);

  // `/` searches, `n` starts a new template (for those who may), like the rest of the app's shortcuts.
  const hasChannel = templateChannels.length > 0;
  useEffect(() => {
    const onKeyDown = pageShortcut({
      '/': () => searchRef.current?.focus(),
      n: () => {
        if (canCreate && hasChannel) router.push('/templates/new');
      },
    });
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [canCreate, hasChannel, router]);

  if (!hasChannel && templates.length === 0) {
    return (
      <div className="rounded-xl border border-dashed" data-testid="templates-no-channel">
        <EmptyState
          icon={<SmartphoneIcon />}
          title={t('noChannelTitle')}
          description={t('noChannelDescription')}
          action={
            <Button asChild variant="outline">
              <Link href="/channels">{t('goToChannels')}</Link>
            </Button>
          }
        />
      </div>
    );
  }

  return (
    <div className="grid gap-6">
      <TemplateStatsPanel stats={stats.data} loading={stats.isLoading} />
      {stats.isError && (
        <p className="-mt-3 text-muted-foreground text-xs" data-testid="stats-error">
          {t('statsFailed', { reason: errorMessage(stats.error) })}
        </p>
      )}

      {templates.length === 0 ? (
        <div className="rounded-xl border border-dashed" data-testid="templates-empty">
          <EmptyState
            icon={<LayoutTemplateIcon />}
            title={t('emptyTitle')}
            description={canCreate ? t('emptyDescription') : t('emptyDescriptionReader')}
            action={
              <div className="flex flex-wrap justify-center gap-2">
                <TemplateListActions
                  hasChannel={hasChannel}
                  hasCloud={channels.some((c) => c.kind === 'cloud')}
                />
              </div>
            }
          />
        </div>
      ) : (
        <div className="grid gap-3">
          <search className="flex flex-wrap items-center gap-2" aria-label={t('filters')}>
            <div className="relative min-w-56 flex-1 sm:max-w-xs">
              <SearchIcon className="-translate-y-1/2 pointer-events-none absolute top-1/2 left-2.5 size-4 text-muted-foreground" />
              <Input
                ref={searchRef}
                type="search"
                value={filters.q}
                onChange={(e) => set({ q: e.target.value })}
                onKeyDown={(e) => {
                  if (e.key === 'Escape') {
                    set({ q: '' });
                    e.currentTarget.blur();
                  }
                }}
                placeholder={t('search')}
                aria-label={t('search')}
                className="h-8 pr-8 pl-8"
                data-testid="templates-search"
              />
              <Kbd className="-translate-y-1/2 pointer-events-none absolute top-1/2 right-2">/</Kbd>
            </div>
            {channels.length > 1 && (
              <FilterSelect
                value={filters.channel}
                onChange={(v) => set({ channel: v })}
                label={t('channel')}
                allLabel={t('allChannels')}
                options={channels.map((c) => ({ value: c.id, label: c.name }))}
                testId="filter-channel"
              />
            )}
            <FilterSelect
              value={filters.status}
              onChange={(v) => set({ status: v })}
              label={t('status')}
              allLabel={t('allStatuses')}
              options={templateStatusList.map((s) => ({
                value: s,
                label: (
                  <span className="flex items-center gap-2">
                    <StatusDot status={s} />
                    {tStatus(s)}
                  </span>
                ),
              }))}
              testId="filter-status"
            />
            <FilterSelect
              value={filters.category}
              onChange={(v) => set({ category: v })}
              label={t('category')}
              allLabel={t('allCategories')}
              options={templateCategoryList.map((c) => ({ value: c, label: tCategory(c) }))}
              testId="filter-category"
            />
            <FilterSelect
              value={filters.language}
              onChange={(v) => set({ language: v })}
              label={t('language')}
              allLabel={t('allLanguages')}
              options={languages.map((l) => ({ value: l, label: `${languageName(l)} (${l})` }))}
              testId="filter-language"
            />
            {filtering && (
              <Button
                variant="ghost"
                size="sm"
                onClick={() => setFilters(noFilters)}
                data-testid="filters-clear"
              >
                <FilterXIcon />
                {t('clearFilters')}
              </Button>
            )}
          </search>

          {query.isError && (
            <Alert variant="destructive">
              <CircleAlertIcon />
              <AlertTitle>{t('refreshFailed')}</AlertTitle>
              <AlertDescription>
                <p>{errorMessage(query.error)}</p>
                <Button variant="outline" size="sm" className="mt-2" onClick={() => query.refetch()}>
                  <RefreshCwIcon />
                  {t('retry')}
                </Button>
              </AlertDescription>
            </Alert>
          )}

          {rows.length === 0 ? (
            <div className="rounded-xl border border-dashed" data-testid="templates-no-match">
              <EmptyState
                icon={<SearchIcon />}
                title={t('noMatchTitle')}
                description={t('noMatchDescription')}
                action={
                  <Button variant="outline" size="sm" onClick={() => setFilters(noFilters)}>
                    <FilterXIcon />
                    {t('clearFilters')}
                  </Button>
                }
              />
            </div>
          ) : (
            <div className="overflow-hidden rounded-xl border bg-card">
              <Table data-testid="templates-table">
                <TableHeader>
                  <TableRow className="hover:bg-transparent">
                    <TableHead className="pl-4">{t('columns.name')}</TableHead>
                    <TableHead>{t('columns.category')}</TableHead>
                    <TableHead>{t('columns.languages')}</TableHead>
                    {channels.length > 1 && <TableHead>{t('columns.channel')}</TableHead>}
                    <TableHead className="pr-4 text-right">{t('columns.updated')}</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {rows.map((family) => {
                    // The excerpt in the screen's language when the template has it.
                    const first =
                      family.items.find(
                        (i) => i.language.replace('_', '-') === locale || i.language === locale.split('-')[0],
                      ) ?? (family.items[0] as Template);
                    const updated = family.items.reduce((a, b) => (a.updatedAt > b.updatedAt ? a : b));
                    return (
                      <TableRow
                        key={family.key}
                        className="group relative has-[a[data-row-link]:focus-visible]:bg-muted/40"
                        data-testid="template-row"
                        data-name={family.name}
                      >
                        <TableCell className="max-w-0 pl-4 sm:w-[38%]">
                          <div className="flex min-w-0 items-center gap-3">
                            <span className="flex size-8 shrink-0 items-center justify-center rounded-lg border bg-muted/50 text-muted-foreground">
                              <FileTextIcon className="size-4" />
                            </span>
                            <div className="grid min-w-0 gap-0.5">
                              <Link
                                href={`/templates/${first.id}`}
                                data-row-link
                                className="truncate font-medium font-mono text-[13px] outline-none after:absolute after:inset-0 hover:underline"
                              >
                                {family.name}
                              </Link>
                              <span className="truncate text-muted-foreground text-xs">
                                {bodyOf(first) || '—'}
                              </span>
                            </div>
                          </div>
                        </TableCell>
                        <TableCell>
                          <CategoryBadge category={family.category} />
                        </TableCell>
                        <TableCell className="whitespace-normal">
                          <div className="flex flex-wrap gap-1.5">
                            {family.items.map((item) => (
                              <LanguageChip key={item.id} template={item} />
                            ))}
                          </div>
                        </TableCell>
                        {channels.length > 1 && (
                          <TableCell className="text-muted-foreground">
                            {channelName.get(family.channelId) ?? '—'}
                          </TableCell>
                        )}
                        <TableCell className="pr-4 text-right text-muted-foreground">
                          <span className="relative z-10">
                            <RelativeTime value={updated.updatedAt} />
                          </span>
                        </TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            </div>
          )}
          <p className="text-muted-foreground text-xs" data-testid="templates-count">
            {filtering
              ? t('countFiltered', { shown: filtered.length, total: templates.length })
              : t('count', { count: templates.length })}
          </p>
        </div>
      )}
    </div>
  );
}
