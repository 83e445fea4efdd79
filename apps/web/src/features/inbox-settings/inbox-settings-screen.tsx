'use client';

import type { InboxSettingsView } from '@conversa/shared';
import { useTranslations } from 'next-intl';
import { useCan } from '@/features/auth/me-context';
import { AssignmentCard } from './assignment-card';
import { DepartmentsSection } from './departments-section';
import { HolidaysCard } from './holidays-card';
import { type DepartmentList, useInboxSettings } from './queries';
import { QueryError } from './query-error';
import { WorkspaceSkeleton } from './skeletons';
import { WorkspaceHoursCard } from './workspace-hours-card';

/**
 * Settings → Inbox: how conversations reach people. Everyone may look; MANAGER+ edits departments,
 * ADMIN+ the workspace-wide settings (the API enforces the same).
 */
export function InboxSettingsScreen({
  initialSettings,
  initialDepartments,
}: {
  initialSettings?: InboxSettingsView;
  initialDepartments?: DepartmentList;
}) {
  const t = useTranslations('inboxSettings.workspace');
  const canEditWorkspace = useCan('ADMIN');
  const canEditDepartments = useCan('MANAGER');
  const settings = useInboxSettings(initialSettings);

  return (
    <div className="grid gap-12">
      <section className="grid gap-5" aria-labelledby="workspace-heading" data-testid="workspace-section">
        <div className="grid gap-1">
          <h2 id="workspace-heading" className="font-semibold text-lg tracking-tight">
            {t('title')}
          </h2>
          <p className="max-w-2xl text-muted-foreground text-sm">
            {canEditWorkspace ? t('description') : t('readOnly')}
          </p>
        </div>
        {settings.data ? (
          <div className="grid gap-6">
            <AssignmentCard settings={settings.data} canEdit={canEditWorkspace} />
            <WorkspaceHoursCard settings={settings.data} canEdit={canEditWorkspace} />
            <HolidaysCard settings={settings.data} canEdit={canEditWorkspace} />
          </div>
        ) : settings.isError ? (
          <QueryError
            testId="settings-error"
            title={t('loadFailed')}
            error={settings.error}
            onRetry={() => settings.refetch()}
            retrying={settings.isFetching}
          />
        ) : (
          <WorkspaceSkeleton />
        )}
      </section>

      <DepartmentsSection
        initialData={initialDepartments}
        workspace={settings.data}
        canEdit={canEditDepartments}
      />
    </div>
  );
}
