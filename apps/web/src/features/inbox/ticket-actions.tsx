'use client';

import {
  ArrowRightLeftIcon,
  BuildingIcon,
  CheckCircle2Icon,
  ChevronDownIcon,
  HandIcon,
  HourglassIcon,
  Loader2Icon,
  MoreVerticalIcon,
  RotateCcwIcon,
  ShuffleIcon,
  StickyNoteIcon,
  UserCheckIcon,
  UserMinusIcon,
  UserRoundIcon,
  WrenchIcon,
} from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
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
} from '@/components/ui/alert-dialog';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { Label } from '@/components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Textarea } from '@/components/ui/textarea';
import { useCan, useMe } from '@/features/auth/me-context';
import { useErrorMessage } from '@/lib/use-error-message';
import { cn } from '@/lib/utils';
import {
  conversationAssignee,
  conversationStatus,
  useAgents,
  useDepartments,
  useRepairTicket,
  useTicketAction,
} from './queries';
import { type Conversation, ticketOutcomes } from './types';

export type TicketDialog = 'resolve' | 'handoff' | 'note' | 'repair' | null;

export function StatusBadge({ status }: { status: string }) {
  const t = useTranslations('inbox.status');
  const variant = status === 'OPEN' ? 'success' : status === 'FOLLOW_UP' ? 'warning' : 'muted';
  return (
    <Badge variant={variant} data-testid="ticket-status" data-status={status}>
      {t.has(status) ? t(status) : t('none')}
    </Badge>
  );
}

export function QueueBadge({ queue }: { queue: string | null }) {
  const t = useTranslations('inbox.queue');
  if (!queue) return null;
  return (
    <Badge
      variant="outline"
      className={cn(
        queue === 'ai' && 'border-violet-500/30 text-violet-600 dark:text-violet-300',
        queue === 'human' && 'border-sky-500/30 text-sky-600 dark:text-sky-300',
        queue === 'pending' && 'border-amber-500/30 text-amber-600 dark:text-amber-300',
      )}
      data-testid="ticket-queue"
    >
      {t.has(queue) ? t(queue) : queue}
    </Badge>
  );
}

/** Status, queue and assignee of the current ticket, and every action on it. */
export function TicketActions({
  conversation,
  dialog,
  onDialog,
}: {
  conversation: Conversation;
  dialog: TicketDialog;
  onDialog: (dialog: TicketDialog) => void;
}) {
  const t = useTranslations('inbox.ticket');
  const me = useMe();
  const canAnswer = useCan('AGENT');
  const canAssignOthers = useCan('MANAGER');
  const canRepair = useCan('ADMIN');
  const errorMessage = useErrorMessage();
  const action = useTicketAction(conversation.id);
  const agents = useAgents();
  const departments = useDepartments();
  const status = conversationStatus(conversation);
  const assignee = conversationAssignee(conversation);
  const resolved = status === 'RESOLVED' || status === '';
  const mine = assignee?.id === me.user.id;

  const run = (input: Parameters<typeof action.mutate>[0], done: string) =>
    action.mutate(input, {
      onSuccess: () => {
        toast.success(done);
        onDialog(null);
      },
      onError: (error) => toast.error(t('failed'), { description: errorMessage(error) }),
    });

  if (!canAnswer) return null;

  return (
    <div className="flex shrink-0 items-center gap-1.5">
      {resolved ? (
        <Button
          size="sm"
          variant="outline"
          onClick={() => run({ action: 'reopen' }, t('reopened'))}
          disabled={action.isPending || !conversation.ticket}
          data-testid="ticket-reopen"
        >
          {action.isPending ? <Loader2Icon className="animate-spin" /> : <RotateCcwIcon />}
          {t('reopen')}
        </Button>
      ) : (
        <>
          {!mine && (
            <Button
              size="sm"
              variant="outline"
              onClick={() => run({ action: 'assign', body: { userId: me.user.id } }, t('assignedToYou'))}
              disabled={action.isPending}
              data-testid="ticket-take"
              aria-label={t('take')}
              title={t('take')}
            >
              <HandIcon />
              {/* Taking a waiting conversation is an agent's first move: always on the bar, its word when it fits. */}
              <span className="hidden @lg:inline">{t('take')}</span>
            </Button>
          )}
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button size="sm" variant="outline" data-testid="ticket-assign" disabled={action.isPending}>
                <UserRoundIcon />
                <span className="hidden max-w-28 truncate @2xl:inline">
                  {assignee ? (mine ? t('you') : assignee.name) : t('unassigned')}
                </span>
                <ChevronDownIcon className="opacity-60" />
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="end" className="w-64">
              <DropdownMenuLabel className="text-muted-foreground text-xs">{t('assignTo')}</DropdownMenuLabel>
              {!mine && (
                <DropdownMenuItem
                  onSelect={() => run({ action: 'assign', body: { userId: me.user.id } }, t('assignedToYou'))}
                  data-testid="assign-me"
                >
                  <UserCheckIcon />
                  {t('assignMe')}
                </DropdownMenuItem>
              )}
              <DropdownMenuItem
                onSelect={() => run({ action: 'assign', body: {} }, t('assignedAuto'))}
                data-testid="assign-auto"
              >
                <ShuffleIcon />
                {t('assignAuto')}
              </DropdownMenuItem>
              {assignee && (mine || canAssignOthers) && (
                <DropdownMenuItem
                  onSelect={() => run({ action: 'assign', body: { userId: null } }, t('unassignedDone'))}
                  data-testid="assign-none"
                >
                  <UserMinusIcon />
                  {t('unassign')}
                </DropdownMenuItem>
              )}
              {canAssignOthers && (agents.data?.length ?? 0) > 0 && (
                <>
                  <DropdownMenuSeparator />
                  <DropdownMenuLabel className="text-muted-foreground text-xs">
                    {t('agents')}
                  </DropdownMenuLabel>
                  <div className="max-h-56 overflow-y-auto">
                    {agents.data
                      ?.filter((a) => a.id !== me.user.id)
                      .map((a) => (
                        <DropdownMenuItem
                          key={a.id}
                          onSelect={() =>
                            run(
                              { action: 'assign', body: { userId: a.id } },
                              t('assignedTo', { name: a.name }),
                            )
                          }
                          data-testid="assign-agent"
                        >
                          <span
                            className={cn(
                              'size-2 rounded-full',
                              a.available ? 'bg-success' : 'bg-muted-foreground/40',
                            )}
                          />
                          <span className="flex-1 truncate">{a.name}</span>
                          <span className="text-muted-foreground text-xs">
                            {t('load', { count: a.openTickets })}
                          </span>
                        </DropdownMenuItem>
                      ))}
                  </div>
                </>
              )}
              {(departments.data?.items.length ?? 0) > 0 && (
                <>
                  <DropdownMenuSeparator />
                  <DropdownMenuLabel className="text-muted-foreground text-xs">
                    {t('transferTo')}
                  </DropdownMenuLabel>
                  {departments.data?.items.map((d) => (
                    <DropdownMenuItem
                      key={d.id}
                      onSelect={() =>
                        run(
                          { action: 'assign', body: { departmentId: d.id } },
                          t('transferred', { name: d.name }),
                        )
                      }
                    >
                      <BuildingIcon />
                      {d.name}
                    </DropdownMenuItem>
                  ))}
                </>
              )}
            </DropdownMenuContent>
          </DropdownMenu>
          <Button
            size="sm"
            variant="outline"
            onClick={() => onDialog('handoff')}
            data-testid="ticket-handoff"
            aria-label={t('handoff')}
            title={t('handoff')}
          >
            <ArrowRightLeftIcon />
            <span className="hidden @3xl:inline">{t('handoff')}</span>
          </Button>
          {status === 'OPEN' && conversation.ticket && (
            // Waiting on the customer: their next message moves the ticket back to OPEN.
            <Button
              size="icon-sm"
              variant="ghost"
              onClick={() => run({ action: 'follow-up', ticketId: conversation.ticket!.id }, t('followedUp'))}
              disabled={action.isPending}
              aria-label={t('followUp')}
              title={t('followUpHint')}
              data-testid="ticket-follow-up"
            >
              <HourglassIcon />
            </Button>
          )}
          <Button
            size="sm"
            onClick={() => onDialog('resolve')}
            data-testid="ticket-resolve"
            aria-label={t('resolve')}
            title={t('resolve')}
          >
            <CheckCircle2Icon />
            <span className="hidden @xl:inline">{t('resolve')}</span>
          </Button>
        </>
      )}
      <Button
        size="icon-sm"
        variant="ghost"
        onClick={() => onDialog('note')}
        aria-label={t('addNote')}
        data-testid="ticket-note"
      >
        <StickyNoteIcon />
      </Button>
      {canRepair && conversation.ticket && (
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button size="icon-sm" variant="ghost" aria-label={t('more')} data-testid="ticket-more">
              <MoreVerticalIcon />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="end" className="w-56">
            <DropdownMenuLabel className="text-muted-foreground text-xs">{t('adminTools')}</DropdownMenuLabel>
            <DropdownMenuItem onSelect={() => onDialog('repair')} data-testid="ticket-repair">
              <WrenchIcon />
              {t('repair')}
            </DropdownMenuItem>
          </DropdownMenuContent>
        </DropdownMenu>
      )}
      {canRepair && conversation.ticket && (
        <RepairDialog
          open={dialog === 'repair'}
          onOpenChange={(o) => onDialog(o ? 'repair' : null)}
          conversationId={conversation.id}
          ticketId={conversation.ticket.id}
        />
      )}

      <ResolveDialog
        open={dialog === 'resolve'}
        onOpenChange={(o) => onDialog(o ? 'resolve' : null)}
        pending={action.isPending}
        onConfirm={(outcome, note) =>
          run({ action: 'resolve', body: { outcome, ...(note ? { note } : {}) } }, t('resolved'))
        }
      />
      <HandoffDialog
        open={dialog === 'handoff'}
        onOpenChange={(o) => onDialog(o ? 'handoff' : null)}
        pending={action.isPending}
        departments={departments.data?.items ?? []}
        agents={canAssignOthers ? (agents.data ?? []) : []}
        onConfirm={(body) => run({ action: 'handoff', body }, t('handedOff'))}
      />
      <NoteDialog
        open={dialog === 'note'}
        onOpenChange={(o) => onDialog(o ? 'note' : null)}
        pending={action.isPending}
        onConfirm={(text) => run({ action: 'notes', body: { text } }, t('noteAdded'))}
      />
    </div>
  );
}

function ResolveDialog({
  open,
  onOpenChange,
  pending,
  onConfirm,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  pending: boolean;
  onConfirm: (outcome: string, note: string) => void;
}) {
  const t = useTranslations('inbox.ticket');
  const tOutcome = useTranslations('inbox.outcome');
  const tCommon = useTranslations('common.actions');
  const [outcome, setOutcome] = useState<string | null>(null);
  const [note, setNote] = useState('');
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        onOpenChange(o);
        if (!o) {
          setOutcome(null);
          setNote('');
        }
      }}
    >
      <DialogContent className="sm:max-w-md" closeLabel={tCommon('close')} data-testid="resolve-dialog">
        <DialogHeader>
          <DialogTitle>{t('resolveTitle')}</DialogTitle>
          <DialogDescription>{t('resolveDescription')}</DialogDescription>
        </DialogHeader>
        <div className="grid gap-2" role="radiogroup" aria-label={t('outcome')}>
          {ticketOutcomes.map((o) => (
            // biome-ignore lint/a11y/useSemanticElements: a styled radio card; role and aria-checked give the semantics.
            <button
              key={o}
              type="button"
              role="radio"
              aria-checked={outcome === o}
              onClick={() => setOutcome(o)}
              data-testid={`resolve-outcome-${o}`}
              className={cn(
                'flex items-center gap-3 rounded-lg border px-3 py-2 text-left text-sm outline-none transition-colors focus-visible:ring-[3px] focus-visible:ring-ring/50',
                outcome === o ? 'border-primary bg-primary/10' : 'hover:bg-accent',
              )}
            >
              <span
                className={cn(
                  'flex size-4 items-center justify-center rounded-full border',
                  outcome === o && 'border-primary',
                )}
              >
                {outcome === o && <span className="size-2 rounded-full bg-primary" />}
              </span>
              {tOutcome(o)}
            </button>
          ))}
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="resolve-note" className="text-xs">
            {t('noteOptional')}
          </Label>
          <Textarea
            id="resolve-note"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={4000}
            rows={2}
          />
        </div>
        <DialogFooter>
          <Button
            disabled={!outcome || pending}
            onClick={() => outcome && onConfirm(outcome, note.trim())}
            data-testid="resolve-confirm"
          >
            {pending ? <Loader2Icon className="animate-spin" /> : <CheckCircle2Icon />}
            {t('resolve')}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

function HandoffDialog({
  open,
  onOpenChange,
  pending,
  departments,
  agents,
  onConfirm,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  pending: boolean;
  departments: { id: string; name: string }[];
  agents: { id: string; name: string; available: boolean }[];
  onConfirm: (body: { reason: string; toUserId?: string; toDepartmentId?: string; note?: string }) => void;
}) {
  const t = useTranslations('inbox.ticket');
  const tCommon = useTranslations('common.actions');
  const [reason, setReason] = useState('');
  const [target, setTarget] = useState('auto');
  const [note, setNote] = useState('');
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-md" closeLabel={tCommon('close')} data-testid="handoff-dialog">
        <DialogHeader>
          <DialogTitle>{t('handoffTitle')}</DialogTitle>
          <DialogDescription>{t('handoffDescription')}</DialogDescription>
        </DialogHeader>
        <div className="grid gap-3">
          <div className="grid gap-1.5">
            <Label htmlFor="handoff-reason" className="text-xs">
              {t('reason')}
            </Label>
            <Textarea
              id="handoff-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={500}
              rows={2}
              placeholder={t('reasonPlaceholder')}
              data-testid="handoff-reason"
            />
          </div>
          <div className="grid gap-1.5">
            <Label className="text-xs">{t('handoffTo')}</Label>
            <Select value={target} onValueChange={setTarget}>
              <SelectTrigger className="w-full">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="auto">{t('assignAuto')}</SelectItem>
                {departments.map((d) => (
                  <SelectItem key={d.id} value={`d:${d.id}`}>
                    {t('department', { name: d.name })}
                  </SelectItem>
                ))}
                {agents.map((a) => (
                  <SelectItem key={a.id} value={`u:${a.id}`}>
                    {a.name}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="handoff-note" className="text-xs">
              {t('noteOptional')}
            </Label>
            <Textarea
              id="handoff-note"
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={4000}
              rows={2}
            />
          </div>
        </div>
        <DialogFooter>
          <Button
            disabled={!reason.trim() || pending}
            data-testid="handoff-confirm"
            onClick={() =>
              onConfirm({
                reason: reason.trim(),
                ...(target.startsWith('u:') ? { toUserId: target.slice(2) } : {}),
                ...(target.startsWith('d:') ? { toDepartmentId: target.slice(2) } : {}),
                ...(note.trim() ? { note: note.trim() } : {}),
              })
            }
          >
            {pending ? <Loader2Icon className="animate-spin" /> : <ArrowRightLeftIcon />}
            {t('handoff')}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

function NoteDialog({
  open,
  onOpenChange,
  pending,
  onConfirm,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  pending: boolean;
  onConfirm: (text: string) => void;
}) {
  const t = useTranslations('inbox.ticket');
  const tCommon = useTranslations('common.actions');
  const [text, setText] = useState('');
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        onOpenChange(o);
        if (!o) setText('');
      }}
    >
      <DialogContent className="sm:max-w-md" closeLabel={tCommon('close')}>
        <DialogHeader>
          <DialogTitle>{t('noteTitle')}</DialogTitle>
          <DialogDescription>{t('noteDescription')}</DialogDescription>
        </DialogHeader>
        <Textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={4000}
          rows={4}
          autoFocus
          data-testid="note-text"
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.metaKey || event.ctrlKey) && text.trim())
              onConfirm(text.trim());
          }}
        />
        <DialogFooter>
          <Button
            disabled={!text.trim() || pending}
            onClick={() => onConfirm(text.trim())}
            data-testid="note-save"
          >
            {pending ? <Loader2Icon className="animate-spin" /> : <StickyNoteIcon />}
            {t('saveNote')}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

/** Each repair action code in plain words (tickets.service.ts `repair()`); an unknown code shows as is. */
function useRepairActionText() {
  const t = useTranslations('inbox.repair.actions');
  const agents = useAgents();
  const me = useMe();
  return (codes: string[]): string[] => {
    const out: string[] = [];
    let duplicates = 0;
    for (const code of codes) {
      const [kind, arg = ''] = code.split(/:(.*)/s, 2) as [string, string | undefined];
      switch (kind) {
        case 'closed-duplicate-open':
          duplicates++;
          break;
        case 'attached-messages':
        case 'reattached-messages':
          out.push(t('reattachedMessages', { count: Number(arg) || 0 }));
          break;
        case 'released-ineligible-assignee':
        case 'released-disabled-assignee':
          out.push(t('releasedAssignee'));
          break;
        case 'resolved-without-activity':
          out.push(t('resolvedWithoutActivity'));
          break;
        case 'assigned': {
          const name = arg === me.user.id ? null : agents.data?.find((a) => a.id === arg)?.name;
          out.push(
            arg === me.user.id ? t('assignedToYou') : name ? t('assignedTo', { name }) : t('assigned'),
          );
          break;
        }
        case 'resynced-conversation':
          out.push(t('resynced'));
          break;
        default:
          out.push(code);
      }
    }
    if (duplicates) out.unshift(t('closedDuplicates', { count: duplicates }));
    return out;
  };
}

/** ADMIN+: fixes a stuck ticket without deleting anything, then says in plain words what it fixed. */
function RepairDialog({
  open,
  onOpenChange,
  conversationId,
  ticketId,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  conversationId: string;
  ticketId: string;
}) {
  const t = useTranslations('inbox.repair');
  const tTicket = useTranslations('inbox.ticket');
  const errorMessage = useErrorMessage();
  const repair = useRepairTicket(conversationId);
  const describe = useRepairActionText();
  return (
    <AlertDialog open={open} onOpenChange={(o) => !repair.isPending && onOpenChange(o)}>
      <AlertDialogContent data-testid="repair-dialog">
        <AlertDialogHeader>
          <AlertDialogTitle className="flex items-center gap-2">
            <WrenchIcon className="size-4.5 text-muted-foreground" />
            {t('title')}
          </AlertDialogTitle>
          <AlertDialogDescription>{t('description')}</AlertDialogDescription>
        </AlertDialogHeader>
        <ul className="grid list-disc gap-1 pl-5 text-muted-foreground text-sm marker:text-muted-foreground/60">
          <li>{t('checks.duplicates')}</li>
          <li>{t('checks.messages')}</li>
          <li>{t('checks.assignee')}</li>
          <li>{t('checks.sync')}</li>
        </ul>
        <p className="rounded-md bg-muted px-3 py-2 text-sm">{t('safe')}</p>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={repair.isPending}>{t('cancel')}</AlertDialogCancel>
          <AlertDialogAction
            disabled={repair.isPending}
            data-testid="repair-confirm"
            onClick={(event) => {
              // Stays open while it runs; the result toast replaces it.
              event.preventDefault();
              repair.mutate(ticketId, {
                onSuccess: (result) => {
                  const fixed = describe(result?.actions ?? []);
                  onOpenChange(false);
                  if (fixed.length === 0) {
                    toast.success(t('nothingTitle'), {
                      description: (
                        <span data-testid="repair-result" data-actions="0">
                          {t('nothingHint')}
                        </span>
                      ),
                    });
                    return;
                  }
                  toast.success(t('doneTitle', { count: fixed.length }), {
                    duration: 10_000,
                    description: (
                      <ul
                        className="mt-1 grid list-disc gap-0.5 pl-4"
                        data-testid="repair-result"
                        data-actions={fixed.length}
                      >
                        {fixed.map((line, i) => (
                          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list shown once.
                          <li key={i}>{line}</li>
                        ))}
                      </ul>
                    ),
                  });
                },
                onError: (error) => toast.error(tTicket('failed'), { description: errorMessage(error) }),
              });
            }}
          >
            {repair.isPending ? <Loader2Icon className="animate-spin" /> : <WrenchIcon />}
            {t('confirm')}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
