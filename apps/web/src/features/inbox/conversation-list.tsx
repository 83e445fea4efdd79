'use client';

import type { AgentLoad } from '@conversa/shared';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  ArrowUpIcon,
  BuildingIcon,
  FilterIcon,
  InboxIcon,
  Loader2Icon,
  RotateCcwIcon,
  SearchIcon,
  UserRoundIcon,
  UsersRoundIcon,
  XIcon,
} from 'lucide-react';
import { useTranslations } from 'next-intl';
import {
  memo,
  type RefObject,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { toast } from 'sonner';
import { Avatar, AvatarFallback } from '@/components/ui/avatar';
import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { Switch } from '@/components/ui/switch';
import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';
import { useCan, useMe } from '@/features/auth/me-context';
import { useTicking } from '@/features/channels/relative-time';
import type { Channel } from '@/features/channels/types';
import { LiveIndicator } from '@/features/sandbox/agent-conversation';
import { MessageStatusIcon } from '@/features/sandbox/message-status';
import type { RealtimeStatus } from '@/lib/realtime';
import { useErrorMessage } from '@/lib/use-error-message';
import { cn, initials } from '@/lib/utils';
import { avatarColor, displayPhone, useListTime } from './format';
import { anchorShift } from './list-anchor';
import { useMessageSummary } from './message-bubble';
import {
  conversationAssignee,
  conversationQueue,
  lastActivity,
  useAgents,
  useAvailability,
  useDepartments,
  useInboxCounts,
} from './queries';
import {
  assigneeViews,
  type Conversation,
  type Department,
  type InboxFilters,
  isAgentFilter,
  type Message,
  queues,
  statusFilters,
} from './types';

export const rowHeight = 76;
const skeletonRows = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const noDepartments: Department[] = [];
const noIds: string[] = [];

/**
 * Who wrote an outbound last message, as the preview names them (WhatsApp Web's "Ana: …"): "You", a
 * teammate's first name, the assistant or the automation. Null for the customer's own messages, and for
 * outbound ones sent by nobody in the team (their ticks say enough).
 */
function useSenderLabel() {
  const t = useTranslations('inbox.list');
  return (m: Message, meId: string): string | null => {
    if (m.direction !== 'outbound') return null;
    if (m.senderType === 'ai' || m.senderType === 'bot') return t(`sender.${m.senderType}`);
    if (m.senderType !== 'agent' || !m.sender) return null;
    if (m.sender.id === meId) return t('you');
    return m.sender.name.trim().split(/\s+/)[0] || t('sender.agent');
  };
}

const Row = memo(function Row({
  conversation: c,
  active,
  channelName,
  time,
  meId,
  onSelect,
}: {
  conversation: Conversation;
  active: boolean;
  channelName: string | null;
  time: string;
  meId: string;
  onSelect: (id: string) => void;
}) {
  const t = useTranslations('inbox.list');
  const tQueue = useTranslations('inbox.queue');
  const summary = useMessageSummary();
  const senderLabel = useSenderLabel();
  const name = c.contact.name || displayPhone(c.contact.phone);
  const last = c.lastMessage;
  const by = last ? senderLabel(last, meId) : null;
  const assignee = conversationAssignee(c);
  const queue = conversationQueue(c);
  const unread = c.unreadCount > 0;
  return (
    <button
      type="button"
      onClick={() => onSelect(c.id)}
      aria-current={active ? 'true' : undefined}
      data-testid="conversation-row"
      data-conversation-id={c.id}
      data-unread={c.unreadCount}
      className={cn(
        'flex h-full w-full items-center gap-3 px-3 text-left outline-none transition-colors focus-visible:bg-accent',
        active ? 'bg-accent' : 'hover:bg-accent/50',
      )}
    >
      <Avatar className="size-12">
        <AvatarFallback className={cn('font-semibold text-sm', avatarColor(c.contact.id))}>
          {initials(c.contact.name || c.contact.phone.slice(-2))}
        </AvatarFallback>
      </Avatar>
      <span className="flex h-full min-w-0 flex-1 flex-col justify-center gap-0.5 border-b pr-1">
        <span className="flex items-baseline gap-2">
          <span className="flex-1 truncate font-medium text-[15px]" data-testid="conversation-name">
            {name}
          </span>
          <span
            className={cn(
              'shrink-0 text-[11px]',
              unread ? 'font-medium text-primary' : 'text-muted-foreground',
            )}
          >
            {time}
          </span>
        </span>
        <span className="flex items-center gap-1.5">
          <span className="flex min-w-0 flex-1 items-center gap-1 text-[13px] text-muted-foreground">
            {last?.direction === 'outbound' && (
              <MessageStatusIcon message={last} className={cn(last.status === 'read' && 'text-[#53bdeb]')} />
            )}
            <span className="truncate" data-testid="conversation-preview">
              {!last
                ? t('noMessages')
                : by
                  ? t.rich('byline', {
                      name: by,
                      text: summary(last),
                      who: (chunks) => (
                        <span
                          className="font-medium text-foreground/75"
                          data-testid="conversation-preview-sender"
                        >
                          {chunks}
                        </span>
                      ),
                    })
                  : summary(last)}
            </span>
          </span>
          {unread && (
            <span
              className="flex h-5 min-w-5 shrink-0 items-center justify-center rounded-full bg-primary px-1.5 font-semibold text-[11px] text-primary-foreground"
              data-testid="unread-badge"
              title={t('unread', { count: c.unreadCount })}
            >
              {c.unreadCount > 99 ? '99+' : c.unreadCount}
              <span className="sr-only">{t('unread', { count: c.unreadCount })}</span>
            </span>
          )}
        </span>
        <span className="flex min-w-0 items-center gap-1 overflow-hidden text-[10.5px]">
          {channelName && (
            <span className="max-w-24 shrink-0 truncate rounded bg-muted px-1.5 py-px text-muted-foreground">
              {channelName}
            </span>
          )}
          {queue && (
            <span
              className={cn(
                'shrink-0 rounded px-1.5 py-px',
                queue === 'ai' && 'bg-violet-500/15 text-violet-700 dark:text-violet-300',
                queue === 'human' && 'bg-sky-500/15 text-sky-700 dark:text-sky-300',
                queue === 'pending' && 'bg-amber-500/15 text-amber-700 dark:text-amber-300',
              )}
            >
              {tQueue.has(queue) ? tQueue(queue) : queue}
            </span>
          )}
          <span
            className={cn(
              'inline-flex min-w-0 items-center gap-0.5 truncate rounded px-1.5 py-px',
              assignee ? 'bg-muted text-muted-foreground' : 'text-muted-foreground/80 italic',
            )}
          >
            <UserRoundIcon className="size-2.5 shrink-0" />
            <span className="truncate">
              {assignee ? (assignee.id === meId ? t('you') : assignee.name) : t('unassigned')}
            </span>
          </span>
        </span>
      </span>
    </button>
  );
});

function ViewTabs({
  value,
  onChange,
  live,
  departmentId,
}: {
  value: InboxFilters['assignee'];
  onChange: (v: InboxFilters['assignee']) => void;
  live: RealtimeStatus;
  departmentId: InboxFilters['departmentId'];
}) {
  const t = useTranslations('inbox.views');
  const counts = useInboxCounts(live, departmentId);
  return (
    <div className="grid grid-cols-3 gap-1 rounded-lg bg-muted p-1" role="tablist" aria-label={t('label')}>
      {assigneeViews.map((v) => {
        const c = counts.data?.[v === 'me' ? 'mine' : v];
        return (
          <button
            key={v}
            type="button"
            role="tab"
            aria-selected={value === v}
            onClick={() => onChange(v)}
            data-testid={`view-${v}`}
            className={cn(
              'flex min-w-0 items-center justify-center gap-1 whitespace-nowrap rounded-md px-1.5 py-1 font-medium text-xs outline-none transition-colors focus-visible:ring-[3px] focus-visible:ring-ring/50',
              value === v
                ? 'bg-background text-foreground shadow-xs'
                : 'text-muted-foreground hover:text-foreground',
            )}
          >
            <span className="truncate">{t(v)}</span>
            {c && c.open > 0 && (
              <span
                className={cn(
                  'rounded-full px-1.5 text-[10px] tabular-nums',
                  c.unread > 0 ? 'bg-primary text-primary-foreground' : 'bg-muted-foreground/15',
                )}
              >
                {c.unread > 0 ? c.unread : c.open}
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}

function AvailabilityDot({ available, className }: { available: boolean; className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        'size-2 shrink-0 rounded-full',
        available ? 'bg-success' : 'bg-muted-foreground/40',
        className,
      )}
    />
  );
}

/** Managers and up: one agent's conversations (the per-agent view); picking yourself is "Mine". */
function AgentPicker({
  value,
  onChange,
  agents,
}: {
  value: InboxFilters['assignee'];
  onChange: (assignee: InboxFilters['assignee']) => void;
  agents: AgentLoad[];
}) {
  const t = useTranslations('inbox.views');
  const tTicket = useTranslations('inbox.ticket');
  const me = useMe();
  const active = isAgentFilter(value);
  return (
    <DropdownMenu>
      <Tooltip>
        <TooltipTrigger asChild>
          <DropdownMenuTrigger asChild>
            <Button
              variant="ghost"
              size="icon-sm"
              aria-label={t('byAgent')}
              aria-pressed={active}
              data-testid="agent-filter"
              className={cn('shrink-0', active && 'bg-primary/10 text-primary hover:bg-primary/15')}
            >
              <UsersRoundIcon />
            </Button>
          </DropdownMenuTrigger>
        </TooltipTrigger>
        <TooltipContent>{t('byAgent')}</TooltipContent>
      </Tooltip>
      <DropdownMenuContent align="end" className="w-72">
        <DropdownMenuLabel className="text-muted-foreground text-xs">{t('agentsLabel')}</DropdownMenuLabel>
        {agents.length === 0 ? (
          <p className="px-2 py-1.5 text-muted-foreground text-sm">{t('noAgents')}</p>
        ) : (
          <DropdownMenuRadioGroup
            value={value === 'me' ? me.user.id : value}
            onValueChange={(id) => onChange(id === me.user.id ? 'me' : id)}
            className="max-h-72 overflow-y-auto"
          >
            {agents.map((a) => (
              <DropdownMenuRadioItem
                key={a.id}
                value={a.id}
                data-testid="agent-option"
                data-agent-id={a.id}
                className="gap-2"
              >
                <AvailabilityDot available={a.available} />
                <span className="min-w-0 flex-1 truncate">
                  {a.name || t('someAgent')}
                  {a.id === me.user.id && <span className="text-muted-foreground"> {t('youSuffix')}</span>}
                </span>
                <span
                  className="shrink-0 text-muted-foreground text-xs tabular-nums"
                  title={a.available ? t('available') : t('away')}
                >
                  {tTicket('load', { count: a.openTickets })}
                </span>
              </DropdownMenuRadioItem>
            ))}
          </DropdownMenuRadioGroup>
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

/** What the list is narrowed to beyond the views: one agent, one department. Each chip clears itself. */
function ScopeBar({
  agentId,
  agentName,
  agent,
  department,
  onClearAgent,
  onClearDepartment,
}: {
  agentId: string | null;
  agentName: string;
  agent: AgentLoad | undefined;
  department: Department | undefined;
  onClearAgent: () => void;
  onClearDepartment: () => void;
}) {
  const t = useTranslations('inbox.views');
  const tTicket = useTranslations('inbox.ticket');
  if (!agentId && !department) return null;
  const chip = 'inline-flex h-7 min-w-0 max-w-full items-center gap-1.5 rounded-full border pr-0.5 text-xs';
  const clear =
    'flex size-6 shrink-0 items-center justify-center rounded-full text-muted-foreground outline-none hover:bg-foreground/10 hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50';
  return (
    <div className="flex min-w-0 flex-wrap items-center gap-1.5" data-testid="inbox-scope">
      {agentId && (
        <span
          className={cn(chip, 'border-primary/30 bg-primary/10 pl-0.5')}
          data-testid="agent-view"
          data-agent-id={agentId}
        >
          <span className="relative shrink-0">
            <Avatar className="size-6">
              <AvatarFallback className={cn('font-semibold text-[9px]', avatarColor(agentId))}>
                {initials(agentName)}
              </AvatarFallback>
            </Avatar>
            {agent && (
              <AvailabilityDot
                available={agent.available}
                className="-right-0.5 -bottom-0.5 absolute size-2.5 ring-2 ring-background"
              />
            )}
          </span>
          <span className="truncate font-medium">{t('agentView', { name: agentName })}</span>
          {agent && (
            <span className="shrink-0 text-muted-foreground tabular-nums">
              · {tTicket('load', { count: agent.openTickets })}
            </span>
          )}
          <button
            type="button"
            onClick={onClearAgent}
            aria-label={t('clearAgent')}
            className={clear}
            data-testid="agent-view-clear"
          >
            <XIcon className="size-3.5" />
          </button>
        </span>
      )}
      {department && (
        <span
          className={cn(chip, 'bg-muted pl-2')}
          data-testid="department-view"
          data-department-id={department.id}
        >
          <BuildingIcon className="size-3.5 shrink-0 text-muted-foreground" />
          <span className="truncate font-medium">{t('departmentView', { name: department.name })}</span>
          <button
            type="button"
            onClick={onClearDepartment}
            aria-label={t('clearDepartment')}
            className={clear}
            data-testid="department-view-clear"
          >
            <XIcon className="size-3.5" />
          </button>
        </span>
      )}
    </div>
  );
}

function AvailabilityToggle() {
  const t = useTranslations('inbox.availability');
  const me = useMe();
  const errorMessage = useErrorMessage();
  const [available, setAvailable] = useState(me.available);
  const mutation = useAvailability();
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <div className="flex items-center gap-1.5 text-muted-foreground text-xs" data-testid="availability">
          <Switch
            checked={available}
            disabled={mutation.isPending}
            onCheckedChange={(next) => {
              setAvailable(next);
              mutation.mutate(next, {
                onSuccess: () => toast.success(next ? t('nowAvailable') : t('nowAway')),
                onError: (error) => {
                  setAvailable(!next);
                  toast.error(t('failed'), { description: errorMessage(error) });
                },
              });
            }}
            aria-label={t('label')}
          />
          <span className={cn(available && 'text-success')}>{available ? t('available') : t('away')}</span>
        </div>
      </TooltipTrigger>
      <TooltipContent className="max-w-64">{t('hint')}</TooltipContent>
    </Tooltip>
  );
}

function Filters({
  filters,
  onChange,
  channels,
  departments,
}: {
  filters: InboxFilters;
  onChange: (patch: Partial<InboxFilters>) => void;
  channels: Channel[];
  departments: Department[];
}) {
  const t = useTranslations('inbox.filters');
  const tStatus = useTranslations('inbox.status');
  const tQueue = useTranslations('inbox.queue');
  const [tag, setTag] = useState(filters.tag);
  useEffect(() => setTag(filters.tag), [filters.tag]);
  const active =
    (filters.status !== 'active' ? 1 : 0) +
    (filters.queue !== 'all' ? 1 : 0) +
    (filters.channelId !== 'all' ? 1 : 0) +
    (filters.departmentId !== 'all' ? 1 : 0) +
    (filters.tag ? 1 : 0);
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          size="icon-sm"
          aria-label={t('open')}
          data-testid="filters-open"
          className={cn('relative', active > 0 && 'text-primary')}
        >
          <FilterIcon />
          {active > 0 && (
            <span className="-top-0.5 -right-0.5 absolute flex size-4 items-center justify-center rounded-full bg-primary font-semibold text-[9px] text-primary-foreground">
              {active}
            </span>
          )}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-60">
        <DropdownMenuLabel className="text-muted-foreground text-xs">{t('status')}</DropdownMenuLabel>
        <DropdownMenuRadioGroup
          value={filters.status}
          onValueChange={(v) => onChange({ status: v as InboxFilters['status'] })}
        >
          {statusFilters.map((s) => (
            <DropdownMenuRadioItem key={s} value={s} data-testid={`filter-status-${s}`}>
              {s === 'active' ? t('active') : s === 'all' ? t('any') : tStatus(s)}
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
        <DropdownMenuSeparator />
        <DropdownMenuLabel className="text-muted-foreground text-xs">{t('queue')}</DropdownMenuLabel>
        <DropdownMenuRadioGroup
          value={filters.queue}
          onValueChange={(v) => onChange({ queue: v as InboxFilters['queue'] })}
        >
          <DropdownMenuRadioItem value="all">{t('any')}</DropdownMenuRadioItem>
          {queues.map((q) => (
            <DropdownMenuRadioItem key={q} value={q} data-testid={`filter-queue-${q}`}>
              {tQueue(q)}
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
        {departments.length > 0 && (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuLabel className="text-muted-foreground text-xs">{t('department')}</DropdownMenuLabel>
            <DropdownMenuRadioGroup
              value={filters.departmentId}
              onValueChange={(v) => onChange({ departmentId: v })}
              className="max-h-48 overflow-y-auto"
            >
              <DropdownMenuRadioItem value="all">{t('any')}</DropdownMenuRadioItem>
              {departments.map((d) => (
                <DropdownMenuRadioItem
                  key={d.id}
                  value={d.id}
                  data-testid="filter-department"
                  data-department-id={d.id}
                >
                  <span className="truncate">{d.name}</span>
                </DropdownMenuRadioItem>
              ))}
            </DropdownMenuRadioGroup>
          </>
        )}
        {channels.length > 1 && (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuLabel className="text-muted-foreground text-xs">{t('channel')}</DropdownMenuLabel>
            <DropdownMenuRadioGroup
              value={filters.channelId}
              onValueChange={(v) => onChange({ channelId: v })}
            >
              <DropdownMenuRadioItem value="all">{t('any')}</DropdownMenuRadioItem>
              {channels.map((c) => (
                <DropdownMenuRadioItem key={c.id} value={c.id}>
                  <span className="truncate">{c.name}</span>
                </DropdownMenuRadioItem>
              ))}
            </DropdownMenuRadioGroup>
          </>
        )}
        <DropdownMenuSeparator />
        <DropdownMenuLabel className="text-muted-foreground text-xs">{t('tag')}</DropdownMenuLabel>
        <form
          className="flex gap-1 px-2 pb-1.5"
          onSubmit={(event) => {
            event.preventDefault();
            onChange({ tag: tag.trim() });
          }}
        >
          <Input
            value={tag}
            onChange={(e) => setTag(e.target.value)}
            onKeyDown={(e) => e.stopPropagation()}
            placeholder={t('tagPlaceholder')}
            className="h-8 text-sm"
            maxLength={64}
            data-testid="filter-tag"
          />
          <Button type="submit" size="sm" variant="secondary">
            {t('apply')}
          </Button>
        </form>
        {active > 0 && (
          <>
            <DropdownMenuSeparator />
            <button
              type="button"
              onClick={() =>
                onChange({ status: 'active', queue: 'all', channelId: 'all', departmentId: 'all', tag: '' })
              }
              className="flex w-full items-center gap-2 rounded-sm px-2 py-1.5 text-sm hover:bg-accent"
            >
              <XIcon className="size-4" />
              {t('clear')}
            </button>
          </>
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

/**
 * The conversation list: views (mine / unassigned / all, or one agent's for managers) with counts, search
 * and filters, and a virtualised list that keeps 10,000 rows smooth (only the rows on screen exist in the DOM).
 */
export function ConversationList({
  conversations,
  selectedId,
  onSelect,
  filters,
  onFilters,
  channels,
  live,
  searchRef,
  status,
}: {
  conversations: Conversation[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  filters: InboxFilters;
  onFilters: (patch: Partial<InboxFilters>) => void;
  channels: Channel[];
  live: RealtimeStatus;
  /** The search box, for the `/` and Ctrl+K shortcuts. */
  searchRef?: RefObject<HTMLInputElement | null>;
  status: {
    pending: boolean;
    error: unknown;
    hasNextPage: boolean;
    fetchingNextPage: boolean;
    fetchNextPage: () => void;
    refetch: () => void;
  };
}) {
  const t = useTranslations('inbox.list');
  const me = useMe();
  const canAnswer = useCan('AGENT');
  const canPickAgent = useCan('MANAGER');
  const errorMessage = useErrorMessage();
  const agents = useAgents();
  const departmentsQuery = useDepartments();
  const departments = departmentsQuery.data?.items ?? noDepartments;
  const now = useTicking(60_000);
  const listTime = useListTime(me.tenant.timezone);
  const [search, setSearch] = useState(filters.q);
  useEffect(() => setSearch(filters.q), [filters.q]);
  // Search as you type, without a request per key.
  useEffect(() => {
    if (search === filters.q) return;
    const timer = setTimeout(() => onFilters({ q: search }), 300);
    return () => clearTimeout(timer);
  }, [search, filters.q, onFilters]);

  // A remembered department that no longer exists would leave the list empty for no visible reason.
  const departmentGone =
    filters.departmentId !== 'all' &&
    departmentsQuery.isSuccess &&
    !departments.some((d) => d.id === filters.departmentId);
  useEffect(() => {
    if (departmentGone) onFilters({ departmentId: 'all' });
  }, [departmentGone, onFilters]);
  const department =
    filters.departmentId === 'all' ? undefined : departments.find((d) => d.id === filters.departmentId);
  const agentId = isAgentFilter(filters.assignee) ? filters.assignee : null;
  const agent = agentId ? agents.data?.find((a) => a.id === agentId) : undefined;
  const agentName =
    agent?.name ||
    (agentId ? conversations.map(conversationAssignee).find((a) => a?.id === agentId)?.name : null) ||
    t('someAgent');

  const channelNames = useMemo(() => new Map(channels.map((c) => [c.id, c.name])), [channels]);
  const showChannel = channels.length > 1;

  const parentRef = useRef<HTMLDivElement>(null);
  // Stable between renders: a new key function makes the virtualizer re-measure every row from 0.
  const getItemKey = useCallback((index: number) => conversations[index]?.id ?? index, [conversations]);
  const virtualizer = useVirtualizer({
    count: conversations.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    getItemKey,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;
  const { hasNextPage, fetchingNextPage, fetchNextPage } = status;
  useEffect(() => {
    if (hasNextPage && !fetchingNextPage && lastIndex >= conversations.length - 15) fetchNextPage();
  }, [lastIndex, conversations.length, hasNextPage, fetchingNextPage, fetchNextPage]);

  // Keep the selected row in view when the selection moves (j/k, or once it is first listed), not when
  // live traffic moves the row: that would pull the list away from what the reader is looking at.
  const selectedIndex = selectedId ? conversations.findIndex((c) => c.id === selectedId) : -1;
  const revealed = useRef<string | null>(null);
  useEffect(() => {
    if (!selectedId) revealed.current = null;
    if (!selectedId || selectedIndex < 0 || revealed.current === selectedId) return;
    revealed.current = selectedId;
    virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedId, selectedIndex, virtualizer]);

  // Scrolled down, the rows on screen stay still while conversations come to the top above them (WhatsApp
  // Web does the same): the scroll position moves by the rows added or removed above, and a pill offers
  // the way back up. At the very top new rows simply appear.
  const [raised, setRaised] = useState<string[]>(noIds);
  const previous = useRef(conversations);
  const headingUp = useRef<number | null>(null);
  const openId = useRef(selectedId);
  useLayoutEffect(() => {
    openId.current = selectedId;
  });
  useLayoutEffect(() => {
    const prev = previous.current;
    previous.current = conversations;
    const el = parentRef.current;
    if (prev === conversations || !el) return;
    const top = el.scrollTop;
    if (top <= 0 || prev.length === 0 || headingUp.current !== null) return;
    const shift = anchorShift(
      prev.map((c) => c.id),
      conversations.map((c) => c.id),
      Math.floor(top / rowHeight),
      Math.floor((top + el.clientHeight - 1) / rowHeight),
    );
    if (!shift) {
      setRaised(noIds);
      return;
    }
    if (shift.rows !== 0) el.scrollTop = top + shift.rows * rowHeight;
    // The open conversation's news is on screen already (and a reply of one's own is no news).
    const news = shift.raised.filter((id) => id !== openId.current);
    if (news.length > 0)
      setRaised((ids) => {
        const added = news.filter((id) => !ids.includes(id));
        return added.length > 0 ? [...ids, ...added] : ids;
      });
  }, [conversations]);
  // Another list (filters), or back at the top: nothing new above any more.
  const listKey = listIdentity(filters);
  useEffect(() => {
    void listKey;
    setRaised(noIds);
  }, [listKey]);
  const onScroll = useCallback(() => {
    const el = parentRef.current;
    if (!el || el.scrollTop > 1) return;
    if (headingUp.current !== null) {
      window.clearTimeout(headingUp.current);
      headingUp.current = null;
    }
    setRaised(noIds);
  }, []);
  useEffect(() => () => window.clearTimeout(headingUp.current ?? undefined), []);
  const backToTop = useCallback(() => {
    const el = parentRef.current;
    if (!el) return;
    setRaised(noIds);
    // While it glides up, rows arriving above are not held in place: the reader is on the way to them.
    if (headingUp.current !== null) window.clearTimeout(headingUp.current);
    headingUp.current = window.setTimeout(() => {
      headingUp.current = null;
    }, 1_500);
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    el.scrollTo({ top: 0, behavior: reduce ? 'auto' : 'smooth' });
  }, []);

  const searching =
    filters.q.trim() !== '' ||
    filters.tag !== '' ||
    filters.queue !== 'all' ||
    filters.channelId !== 'all' ||
    filters.status !== 'active';

  return (
    <section className="flex h-full min-w-0 flex-col" aria-label={t('label')} data-testid="conversation-list">
      <div className="grid gap-2.5 border-b px-3 pt-3 pb-2.5">
        <div className="flex items-center justify-between gap-2">
          <h1 className="font-semibold text-lg tracking-tight">{t('title')}</h1>
          <div className="flex items-center gap-2">
            <LiveIndicator status={live} />
            {canAnswer && <AvailabilityToggle />}
          </div>
        </div>
        <ViewTabs
          value={filters.assignee}
          onChange={(assignee) => onFilters({ assignee })}
          live={live}
          departmentId={filters.departmentId}
        />
        <div className="flex items-center gap-1">
          <div className="relative flex-1">
            <SearchIcon className="-translate-y-1/2 absolute top-1/2 left-3 size-4 text-muted-foreground" />
            <Input
              ref={searchRef}
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Escape') {
                  setSearch('');
                  onFilters({ q: '' });
                  event.currentTarget.blur();
                }
              }}
              placeholder={t('search')}
              aria-label={t('search')}
              className="h-9 rounded-lg border-0 bg-muted pl-9 shadow-none"
              data-testid="conversation-search"
              maxLength={100}
            />
          </div>
          {canPickAgent && (
            <AgentPicker
              value={filters.assignee}
              onChange={(assignee) => onFilters({ assignee })}
              agents={agents.data ?? []}
            />
          )}
          <Filters filters={filters} onChange={onFilters} channels={channels} departments={departments} />
        </div>
        <ScopeBar
          agentId={agentId}
          agentName={agentName}
          agent={agent}
          department={department}
          onClearAgent={() => onFilters({ assignee: 'all' })}
          onClearDepartment={() => onFilters({ departmentId: 'all' })}
        />
      </div>

      <div className="relative min-h-0 flex-1">
        {raised.length > 0 && (
          <button
            type="button"
            onClick={backToTop}
            title={t('backToTop')}
            data-testid="new-activity"
            className="-translate-x-1/2 fade-in slide-in-from-top-2 absolute top-2 left-1/2 z-10 inline-flex h-8 animate-in items-center gap-1.5 whitespace-nowrap rounded-full bg-primary pr-3.5 pl-2.5 font-medium text-primary-foreground text-xs shadow-black/20 shadow-lg outline-none ring-1 ring-black/5 transition-colors duration-200 hover:bg-primary/90 focus-visible:ring-[3px] focus-visible:ring-ring/50"
          >
            <ArrowUpIcon className="size-3.5" />
            {t('newActivity', { count: raised.length })}
          </button>
        )}
        <div
          ref={parentRef}
          onScroll={onScroll}
          className="h-full overflow-y-auto"
          data-testid="conversation-scroller"
        >
          {status.pending ? (
            <div className="grid">
              {skeletonRows.map((i) => (
                <div key={i} className="flex items-center gap-3 px-3" style={{ height: rowHeight }}>
                  <Skeleton className="size-12 rounded-full" />
                  <div className="grid flex-1 gap-2">
                    <Skeleton className="h-4 w-3/5" />
                    <Skeleton className="h-3 w-4/5" />
                  </div>
                </div>
              ))}
            </div>
          ) : status.error && conversations.length === 0 ? (
            <EmptyState
              title={t('loadFailed')}
              description={errorMessage(status.error)}
              action={
                <Button variant="outline" size="sm" onClick={status.refetch}>
                  <RotateCcwIcon />
                  {t('retry')}
                </Button>
              }
            />
          ) : conversations.length === 0 ? (
            <ListEmpty
              searching={searching}
              assignee={filters.assignee}
              agentName={agentName}
              department={department}
              onFilters={onFilters}
            />
          ) : (
            <ul style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const c = conversations[item.index] as Conversation;
                return (
                  <li
                    key={item.key}
                    style={{
                      position: 'absolute',
                      top: 0,
                      left: 0,
                      width: '100%',
                      height: item.size,
                      transform: `translateY(${item.start}px)`,
                    }}
                  >
                    <Row
                      conversation={c}
                      active={c.id === selectedId}
                      channelName={showChannel ? (channelNames.get(c.channelId) ?? null) : null}
                      time={listTime(lastActivity(c), now)}
                      meId={me.user.id}
                      onSelect={onSelect}
                    />
                  </li>
                );
              })}
            </ul>
          )}
          {fetchingNextPage && (
            <div className="flex justify-center py-3 text-muted-foreground">
              <Loader2Icon className="size-4 animate-spin" />
            </div>
          )}
        </div>
      </div>
    </section>
  );
}

/** The filters that make a different list (the text search too): a change of these starts afresh. */
const listIdentity = (f: InboxFilters) =>
  [f.status, f.queue, f.assignee, f.channelId, f.departmentId, f.tag, f.q].join('\u0000');

/** Why the list is empty, in the words of what it shows: a search, one agent's, one department's, mine, all. */
function ListEmpty({
  searching,
  assignee,
  agentName,
  department,
  onFilters,
}: {
  searching: boolean;
  assignee: InboxFilters['assignee'];
  agentName: string;
  department: Department | undefined;
  onFilters: (patch: Partial<InboxFilters>) => void;
}) {
  const t = useTranslations('inbox.list');
  if (searching) {
    return (
      <EmptyState
        icon={<SearchIcon />}
        title={t('noMatch')}
        description={t('noMatchHint')}
        action={
          <Button
            variant="outline"
            size="sm"
            onClick={() =>
              onFilters({
                q: '',
                tag: '',
                queue: 'all',
                channelId: 'all',
                departmentId: 'all',
                status: 'active',
              })
            }
          >
            <XIcon />
            {t('clearFilters')}
          </Button>
        }
      />
    );
  }
  if (isAgentFilter(assignee)) {
    return (
      <EmptyState
        icon={<UserRoundIcon />}
        title={
          department
            ? t('emptyAgentIn', { name: agentName, department: department.name })
            : t('emptyAgent', { name: agentName })
        }
        description={t('emptyAgentHint', { name: agentName })}
        action={
          <Button variant="outline" size="sm" onClick={() => onFilters({ assignee: 'all' })}>
            <InboxIcon />
            {t('showAll')}
          </Button>
        }
      />
    );
  }
  if (department) {
    return (
      <EmptyState
        icon={<BuildingIcon />}
        title={t('emptyDepartment', { view: assignee, department: department.name })}
        description={t('emptyDepartmentHint')}
        action={
          <Button variant="outline" size="sm" onClick={() => onFilters({ departmentId: 'all' })}>
            <XIcon />
            {t('allDepartments')}
          </Button>
        }
      />
    );
  }
  return (
    <EmptyState
      icon={<InboxIcon />}
      title={assignee === 'me' ? t('emptyMine') : t('empty')}
      description={assignee === 'me' ? t('emptyMineHint') : t('emptyHint')}
    />
  );
}
