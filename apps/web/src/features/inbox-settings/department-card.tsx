'use client';

import type { DepartmentView, InboxSettingsView } from '@conversa/shared';
import { ClockIcon, PencilIcon, SmartphoneIcon, UserRoundPlusIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import type { Channel } from '@/features/channels/types';
import { hasHours } from './hours';
import { HoursSummary, LoadMeter, OpenBadge, PersonAvatar } from './status';

const shownMembers = 6;
const shownReplies = 5;

/** One department at a glance: open or not (and by whose hours), who answers and how loaded they are. */
export function DepartmentCard({
  department,
  workspace,
  channels,
  canEdit,
  onEdit,
}: {
  department: DepartmentView;
  workspace: InboxSettingsView | undefined;
  channels: Map<string, Channel> | null;
  canEdit: boolean;
  onEdit: () => void;
}) {
  const t = useTranslations('inboxSettings.card');
  const hours =
    department.hoursFrom === 'department' ? department.businessHours : (workspace?.businessHours ?? {});
  const capacity = department.maxOpenPerAgent ?? workspace?.maxOpenPerAgent ?? null;
  const members = [...department.members].sort(
    (a, b) => Number(b.available) - Number(a.available) || a.name.localeCompare(b.name),
  );
  const availableCount = members.filter((m) => m.available).length;

  return (
    <Card className="gap-0 overflow-hidden py-0" data-testid="department-card" data-name={department.name}>
      <div className="flex items-start justify-between gap-3 px-5 pt-5 pb-4">
        <div className="grid min-w-0 gap-2">
          <h3 className="truncate font-semibold text-base leading-tight" data-testid="department-card-name">
            {department.name}
          </h3>
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-muted-foreground text-xs">
            <OpenBadge
              open={department.openNow}
              holiday={department.closedReason === 'holiday' ? workspace?.holidayToday?.name : null}
            />
            <span data-testid="department-hours-from">{t(`hoursFrom.${department.hoursFrom}`)}</span>
          </div>
        </div>
        {canEdit && (
          <Button
            variant="outline"
            size="sm"
            onClick={onEdit}
            aria-label={t('editNamed', { name: department.name })}
            data-testid="department-edit"
          >
            <PencilIcon />
            {t('edit')}
          </Button>
        )}
      </div>

      <div className="flex items-start gap-2 px-5 pb-4 text-muted-foreground text-xs">
        <ClockIcon className="mt-px size-3.5 shrink-0" />
        {hasHours(hours) ? <HoursSummary hours={hours} /> : <span>{t('alwaysOpen')}</span>}
      </div>

      <div className="border-t px-5 py-4">
        <div className="mb-2.5 flex items-baseline justify-between gap-2">
          <h4 className="font-medium text-muted-foreground text-xs uppercase tracking-wide">
            {t('members', { count: members.length })}
          </h4>
          {members.length > 0 && (
            <span className="text-muted-foreground text-xs">
              {t('availableCount', { count: availableCount })}
              {capacity !== null && <> · {t('capacity', { n: capacity })}</>}
            </span>
          )}
        </div>
        {members.length === 0 ? (
          <p className="flex items-center gap-2 text-sm text-warning" data-testid="department-no-members">
            <UserRoundPlusIcon className="size-4 shrink-0" />
            {t('noMembers')}
          </p>
        ) : (
          <ul className="grid gap-2">
            {members.slice(0, shownMembers).map((m) => (
              <li key={m.id} className="flex items-center gap-3" data-testid="department-member">
                <PersonAvatar name={m.name} email={m.email} available={m.available} />
                <div className="grid min-w-0 flex-1">
                  <span className="truncate text-sm">{m.name || m.email}</span>
                  <span className="truncate text-muted-foreground text-xs">
                    {m.available ? t('available') : t('away')}
                  </span>
                </div>
                {capacity !== null ? (
                  <LoadMeter open={m.openTickets} capacity={capacity} />
                ) : (
                  <span className="font-mono text-muted-foreground text-xs">{m.openTickets}</span>
                )}
              </li>
            ))}
            {members.length > shownMembers && (
              <li className="pl-10 text-muted-foreground text-xs">
                {t('moreMembers', { count: members.length - shownMembers })}
              </li>
            )}
          </ul>
        )}
      </div>

      <div className="mt-auto grid gap-3 border-t bg-muted/15 px-5 py-4">
        <div className="flex flex-wrap items-center gap-1.5" data-testid="department-channels">
          <span className="mr-1 text-muted-foreground text-xs">{t('numbers')}</span>
          {department.channelIds.length === 0 ? (
            <span className="text-muted-foreground text-xs">{t('noNumbers')}</span>
          ) : (
            department.channelIds.map((id) => {
              const channel = channels?.get(id);
              return (
                <Badge key={id} variant="outline" className="gap-1 font-normal">
                  <SmartphoneIcon />
                  {channel ? channel.name : t('unknownNumber')}
                  {channel?.displayPhone && (
                    <span className="font-mono text-muted-foreground">{channel.displayPhone}</span>
                  )}
                </Badge>
              );
            })
          )}
        </div>
        <div className="flex flex-wrap items-center gap-1.5" data-testid="department-quick-replies">
          <span className="mr-1 text-muted-foreground text-xs">{t('quickReplies')}</span>
          {department.quickReplies.length === 0 ? (
            <span className="text-muted-foreground text-xs">{t('noQuickReplies')}</span>
          ) : (
            <>
              {department.quickReplies.slice(0, shownReplies).map((q) => (
                <Badge key={q.shortcut} variant="secondary" className="font-mono font-normal" title={q.text}>
                  /{q.shortcut}
                </Badge>
              ))}
              {department.quickReplies.length > shownReplies && (
                <span className="text-muted-foreground text-xs">
                  +{department.quickReplies.length - shownReplies}
                </span>
              )}
            </>
          )}
        </div>
      </div>
    </Card>
  );
}
