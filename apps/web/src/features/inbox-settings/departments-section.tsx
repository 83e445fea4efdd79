'use client';

import type { DepartmentView, InboxSettingsView } from '@conversa/shared';
import { LayersIcon, PlusIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useEffect, useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Kbd } from '@/components/ui/kbd';
import { pageShortcut } from '@/features/templates/keyboard';
import { DepartmentCard } from './department-card';
import { DepartmentSheet } from './department-sheet';
import { type DepartmentList, useChannelOptions, useDepartmentList } from './queries';
import { QueryError } from './query-error';
import { DepartmentsSkeleton } from './skeletons';

type Editing = { department: DepartmentView | null } | null;

/** The departments: a card each, create and edit in a side sheet (MANAGER+); `n` starts a new one. */
export function DepartmentsSection({
  initialData,
  workspace,
  canEdit,
}: {
  initialData?: DepartmentList;
  workspace: InboxSettingsView | undefined;
  canEdit: boolean;
}) {
  const t = useTranslations('inboxSettings.departments');
  const query = useDepartmentList(initialData);
  const channels = useChannelOptions();
  const [editing, setEditing] = useState<Editing>(null);
  const [sheetOpen, setSheetOpen] = useState(false);
  const departments = useMemo(
    () => [...(query.data?.items ?? [])].sort((a, b) => a.name.localeCompare(b.name)),
    [query.data],
  );
  const channelMap = useMemo(
    () => (channels.data ? new Map(channels.data.items.map((c) => [c.id, c])) : null),
    [channels.data],
  );

  const openSheet = (department: DepartmentView | null) => {
    setEditing({ department });
    setSheetOpen(true);
  };

  useEffect(() => {
    if (!canEdit) return;
    const onKeyDown = pageShortcut({
      n: () => {
        setEditing({ department: null });
        setSheetOpen(true);
      },
    });
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [canEdit]);

  const createButton = canEdit && (
    <Button onClick={() => openSheet(null)} data-testid="department-create">
      <PlusIcon />
      {t('create')}
      <Kbd className="ml-1 hidden border-primary-foreground/25 bg-primary-foreground/10 text-primary-foreground sm:inline-flex">
        N
      </Kbd>
    </Button>
  );

  return (
    <section className="grid gap-5" aria-labelledby="departments-heading" data-testid="departments-section">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div className="grid gap-1">
          <h2 id="departments-heading" className="font-semibold text-lg tracking-tight">
            {t('title')}
          </h2>
          <p className="max-w-2xl text-muted-foreground text-sm">
            {canEdit ? t('description') : t('readOnly')}
          </p>
        </div>
        {departments.length > 0 && createButton}
      </div>

      {query.data ? (
        departments.length === 0 ? (
          <div className="rounded-xl border border-dashed">
            <EmptyState
              data-testid="departments-empty"
              icon={<LayersIcon />}
              title={t('emptyTitle')}
              description={canEdit ? t('emptyDescription') : t('emptyReadOnly')}
              action={createButton || undefined}
            />
          </div>
        ) : (
          <div className="grid items-stretch gap-4 xl:grid-cols-2" data-testid="departments-list">
            {departments.map((d) => (
              <DepartmentCard
                key={d.id}
                department={d}
                workspace={workspace}
                channels={channelMap}
                canEdit={canEdit}
                onEdit={() => openSheet(d)}
              />
            ))}
          </div>
        )
      ) : query.isError ? (
        <QueryError
          testId="departments-error"
          title={t('loadFailed')}
          error={query.error}
          onRetry={() => query.refetch()}
          retrying={query.isFetching}
        />
      ) : (
        <DepartmentsSkeleton />
      )}

      {canEdit && editing && (
        <DepartmentSheet
          open={sheetOpen}
          onOpenChange={setSheetOpen}
          department={editing.department}
          workspace={workspace}
          departments={departments}
        />
      )}
    </section>
  );
}
