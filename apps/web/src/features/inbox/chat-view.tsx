'use client';

import {
  ArrowDownIcon,
  ArrowLeftIcon,
  EyeIcon,
  FileUpIcon,
  Loader2Icon,
  MessagesSquareIcon,
  PanelRightIcon,
  RotateCcwIcon,
  TimerOffIcon,
} from 'lucide-react';
import { useTranslations } from 'next-intl';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import { Avatar, AvatarFallback } from '@/components/ui/avatar';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';
import { useCan, useMe } from '@/features/auth/me-context';
import { useTicking } from '@/features/channels/relative-time';
import { useWindowState, WindowBadge } from '@/features/sandbox/window-badge';
import type { RealtimeStatus } from '@/lib/realtime';
import { useErrorMessage } from '@/lib/use-error-message';
import { cn, initials } from '@/lib/utils';
import { carriesFiles, pastedFiles } from './attachment-preview';
import { Composer, type ComposerHandle, type QuickReplyItem } from './composer';
import { avatarColor, dayKey, displayPhone, useDayLabel } from './format';
import { MessageBubble } from './message-bubble';
import {
  conversationAssignee,
  conversationQueue,
  conversationStatus,
  flattenMessages,
  useConversation,
  useDepartments,
  useMarkRead,
  useMessages,
  useSendMessage,
  useSendTyping,
  useTicketAction,
} from './queries';
import { QueueBadge, StatusBadge, TicketActions, type TicketDialog } from './ticket-actions';
import type { Message } from './types';
import { useTyping } from './typing-store';

export type ChatHandle = {
  focusComposer: (prefix?: string) => void;
  openDialog: (d: TicketDialog) => void;
  /** The `a` shortcut: takes the open ticket (no-op when it is already yours, resolved, or you only view). */
  assignToMe: () => void;
};

function TypingLine({ conversationId }: { conversationId: string }) {
  const t = useTranslations('inbox.chat');
  const typing = useTyping(conversationId);
  if (!typing.length) return null;
  const names = typing.map((e) => e.name || t('someone'));
  return (
    <span className="truncate text-primary text-xs" data-testid="agent-typing">
      {t('typing', { names: names.join(', '), count: names.length })}
    </span>
  );
}

/** The open conversation: header with the ticket, messages grouped by day, and the composer. */
export const ChatView = forwardRef<
  ChatHandle,
  {
    conversationId: string;
    live: RealtimeStatus;
    contactPanelOpen: boolean;
    onToggleContactPanel: () => void;
    onBack?: () => void;
  }
>(function ChatView({ conversationId, live, contactPanelOpen, onToggleContactPanel, onBack }, ref) {
  const t = useTranslations('inbox.chat');
  const me = useMe();
  const canAnswer = useCan('AGENT');
  const errorMessage = useErrorMessage();
  const conversationQuery = useConversation(conversationId);
  const conversation = conversationQuery.data;
  const messagesQuery = useMessages(conversationId, live);
  const messages = useMemo(() => flattenMessages(messagesQuery.data), [messagesQuery.data]);
  const { send, retry, resend, discard } = useSendMessage(conversationId, errorMessage);
  const markRead = useMarkRead();
  const sendTyping = useSendTyping(conversationId);
  const departments = useDepartments();
  const composerRef = useRef<ComposerHandle>(null);
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [dialog, setDialog] = useState<TicketDialog>(null);
  const now = useTicking(60_000);
  const dayLabel = useDayLabel(me.tenant.timezone);
  const tTicket = useTranslations('inbox.ticket');
  const ticketAction = useTicketAction(conversationId);

  const assignState = useRef({ conversation, canAnswer });
  useEffect(() => {
    assignState.current = { conversation, canAnswer };
  });
  const { mutate: runTicketAction, isPending: ticketActionPending } = ticketAction;
  const assignToMe = useCallback(() => {
    const { conversation: c, canAnswer: may } = assignState.current;
    if (!c || !may || ticketActionPending) return;
    const status = conversationStatus(c);
    if (status === 'RESOLVED' || status === '' || conversationAssignee(c)?.id === me.user.id) return;
    runTicketAction(
      { action: 'assign', body: { userId: me.user.id } },
      {
        onSuccess: () => toast.success(tTicket('assignedToYou')),
        onError: (error) => toast.error(tTicket('failed'), { description: errorMessage(error) }),
      },
    );
  }, [me.user.id, runTicketAction, ticketActionPending, tTicket, errorMessage]);

  useImperativeHandle(
    ref,
    () => ({
      focusComposer: (prefix) => composerRef.current?.focus(prefix),
      openDialog: (d) => setDialog(d),
      assignToMe,
    }),
    [assignToMe],
  );

  // Opening marks read; so does a new customer message while the conversation is on screen.
  const lastInboundId = messages.findLast((m) => m.direction === 'inbound')?.id;
  const unread = conversation?.unreadCount ?? 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when a new inbound message shows.
  useEffect(() => {
    if (!canAnswer || document.visibilityState !== 'visible') return;
    if (unread > 0 || lastInboundId) markRead(conversationId);
  }, [conversationId, lastInboundId, canAnswer, markRead]);
  useEffect(() => {
    if (!canAnswer) return;
    const onVisible = () => {
      if (document.visibilityState === 'visible' && unread > 0) markRead(conversationId);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [conversationId, unread, canAnswer, markRead]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a reply belongs to the conversation it was started in.
  useEffect(() => setReplyTo(null), [conversationId]);

  const byId = useMemo(() => new Map(messages.map((m) => [m.id, m])), [messages]);
  const reactionsFor = useMemo(() => {
    const map = new Map<string, Message[]>();
    for (const m of messages) {
      if (m.type !== 'reaction' || !m.replyTo) continue;
      // The latest reaction of each side wins (WhatsApp keeps one per person).
      const list = (map.get(m.replyTo) ?? []).filter((r) => r.direction !== m.direction);
      if (m.text) list.push(m);
      map.set(m.replyTo, list);
    }
    return map;
  }, [messages]);
  const visible = useMemo(() => messages.filter((m) => m.type !== 'reaction'), [messages]);

  // Infinite scroll back in time: a sentinel at the top loads the previous page.
  const scrollRef = useRef<HTMLDivElement>(null);
  const topRef = useRef<HTMLLIElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = messagesQuery;
  useEffect(() => {
    const el = topRef.current;
    const root = scrollRef.current;
    if (!el || !root || !hasNextPage) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { root, rootMargin: '400px 0px 0px 0px' },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  // column-reverse keeps the view pinned to the newest message; show a jump button when scrolled up.
  const [scrolledUp, setScrolledUp] = useState(false);
  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (el) setScrolledUp(el.scrollTop < -240);
  }, []);
  const toBottom = () => scrollRef.current?.scrollTo({ top: 0, behavior: 'smooth' });
  // Sending scrolls to the bottom like WhatsApp does.
  const sendAndScroll = useCallback(
    (body: Parameters<typeof send>[0]) => {
      requestAnimationFrame(() => scrollRef.current?.scrollTo({ top: 0 }));
      return send(body);
    },
    [send],
  );

  const onQuoteClick = useCallback((id: string) => {
    const el = document.getElementById(`m-${id}`);
    if (!el) return;
    el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    el.animate(
      [
        { backgroundColor: 'color-mix(in oklch, var(--brand) 25%, transparent)' },
        { backgroundColor: 'transparent' },
      ],
      {
        duration: 1200,
      },
    );
  }, []);
  const onReact = useCallback(
    (m: Message, emoji: string) => void send({ type: 'reaction', messageId: m.id, emoji }),
    [send],
  );
  const onReply = useCallback((m: Message) => {
    setReplyTo(m);
    composerRef.current?.focus();
  }, []);
  const tMessage = useTranslations('inbox.message');
  const onRetry = useCallback(
    async (m: Message, confirmUnknown?: boolean) => {
      if (m.local) return retry(m);
      try {
        await resend(m, confirmUnknown);
      } catch (error) {
        toast.error(tMessage('resendFailed'), { description: errorMessage(error) });
      }
    },
    [retry, resend, errorMessage, tMessage],
  );

  // Like a WhatsApp group: who on the team sent it, "You" for the signed-in person (AI and bots keep theirs).
  const senderLabel = (m: Message) => {
    if (m.direction !== 'outbound' || m.senderType !== 'agent' || !m.sender) return null;
    return m.sender.id === me.user.id ? tMessage('you') : m.sender.name || tMessage('formerAgent');
  };

  // Files dropped or pasted anywhere on the chat go to the composer's preview, when it can send them;
  // otherwise they are refused with the reason the composer itself shows (read-only role, closed window).
  const tComposer = useTranslations('inbox.composer');
  const serviceWindow = useWindowState(conversation?.windowExpiresAt);
  const canSend = !!conversation && canAnswer && serviceWindow.open;
  const refusal = !canAnswer
    ? { title: tComposer('readOnly'), hint: '' }
    : {
        title: conversation?.windowExpiresAt
          ? tComposer('window.closedTitle')
          : tComposer('window.neverTitle'),
        hint: tComposer('window.closedHint'),
      };
  const [dragging, setDragging] = useState(false);
  const receive = (files: File[]) => {
    if (!files.length || !conversation) return;
    if (canSend) composerRef.current?.attach(files);
    else toast.error(refusal.title, refusal.hint ? { description: refusal.hint } : undefined);
  };
  const receiveRef = useRef(receive);
  receiveRef.current = receive;
  useEffect(() => {
    // A paste outside any field (say, right after clicking the conversation in the list) attaches too.
    const onPaste = (event: ClipboardEvent) => {
      if (event.defaultPrevented) return;
      const target = event.target instanceof Element ? event.target : null;
      if (
        target?.closest(
          'input, textarea, select, [contenteditable]:not([contenteditable=false]), [role=dialog]',
        )
      )
        return;
      const files = pastedFiles(event.clipboardData);
      if (!files.length) return;
      event.preventDefault();
      receiveRef.current(files);
    };
    // Files let go outside the chat would make the browser open them in place of the inbox (and lose drafts).
    const guard = (event: DragEvent) => {
      if (event.defaultPrevented || !carriesFiles(event.dataTransfer)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'none';
      if (event.type === 'drop') setDragging(false);
    };
    document.addEventListener('paste', onPaste);
    window.addEventListener('dragover', guard);
    window.addEventListener('drop', guard);
    return () => {
      document.removeEventListener('paste', onPaste);
      window.removeEventListener('dragover', guard);
      window.removeEventListener('drop', guard);
    };
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a drag belongs to the conversation it started over.
  useEffect(() => setDragging(false), [conversationId]);

  const quickReplies = useMemo<QuickReplyItem[]>(() => {
    const own = departments.data?.items ?? [];
    const mineFirst = [...own].sort((a, b) => {
      const ina = a.members?.some((x) => (typeof x === 'string' ? x : x.id) === me.user.id) ? 0 : 1;
      const inb = b.members?.some((x) => (typeof x === 'string' ? x : x.id) === me.user.id) ? 0 : 1;
      return ina - inb;
    });
    return mineFirst.flatMap((d) => (d.quickReplies ?? []).map((q) => ({ ...q, department: d.name })));
  }, [departments.data, me.user.id]);

  if (conversationQuery.isError && !conversation) {
    return (
      <div className="flex h-full items-center justify-center">
        <EmptyState
          icon={<MessagesSquareIcon />}
          title={t('loadFailed')}
          description={errorMessage(conversationQuery.error)}
          action={
            <Button variant="outline" size="sm" onClick={() => conversationQuery.refetch()}>
              <RotateCcwIcon />
              {t('retry')}
            </Button>
          }
        />
      </div>
    );
  }

  const name = conversation?.contact.name || displayPhone(conversation?.contact.phone) || '';
  const status = conversation ? conversationStatus(conversation) : '';

  return (
    <section
      className="relative flex h-full min-w-0 flex-col"
      aria-label={t('label')}
      data-testid="chat"
      data-conversation-id={conversationId}
      onDragEnter={(event) => {
        if (!conversation || !carriesFiles(event.dataTransfer)) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragOver={(event) => {
        if (!conversation || !carriesFiles(event.dataTransfer)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setDragging(true);
      }}
    >
      {dragging && conversation && (
        <DropOverlay
          canSend={canSend}
          readOnly={!canAnswer}
          title={canSend ? tComposer('attach.drop.title', { name }) : refusal.title}
          hint={canSend ? tComposer('attach.drop.hint') : refusal.hint}
          onLeave={() => setDragging(false)}
          onDrop={(files) => {
            setDragging(false);
            receive(files);
          }}
        />
      )}
      <header className="flex h-14 shrink-0 items-center gap-3 border-b bg-muted/30 px-3 dark:bg-[#202c33]/60">
        {onBack && (
          <Button variant="ghost" size="icon-sm" onClick={onBack} aria-label={t('back')}>
            <ArrowLeftIcon />
          </Button>
        )}
        {conversation ? (
          <>
            <button
              type="button"
              onClick={onToggleContactPanel}
              className="flex min-w-0 flex-1 items-center gap-3 rounded-md text-left outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
              aria-label={t('contactInfo')}
            >
              <Avatar className="size-10">
                <AvatarFallback className={cn('font-semibold text-sm', avatarColor(conversation.contact.id))}>
                  {initials(conversation.contact.name || conversation.contact.phone.slice(-2))}
                </AvatarFallback>
              </Avatar>
              <span className="grid min-w-0">
                <span className="truncate font-medium" data-testid="chat-contact-name">
                  {name}
                </span>
                <span className="flex min-w-0 items-center gap-2">
                  <TypingLine conversationId={conversationId} />
                  {conversation.contact.name && (
                    <span className="truncate font-mono text-muted-foreground text-xs">
                      {displayPhone(conversation.contact.phone)}
                    </span>
                  )}
                </span>
              </span>
            </button>
            <span className="hidden xl:inline-flex">
              <WindowBadge expiresAt={conversation.windowExpiresAt} />
            </span>
            <Tooltip>
              <TooltipTrigger asChild>
                <Button
                  variant="ghost"
                  size="icon-sm"
                  onClick={onToggleContactPanel}
                  aria-label={t('contactInfo')}
                  aria-pressed={contactPanelOpen}
                  className={cn(contactPanelOpen && 'bg-accent')}
                >
                  <PanelRightIcon />
                </Button>
              </TooltipTrigger>
              <TooltipContent>{t('contactInfo')}</TooltipContent>
            </Tooltip>
          </>
        ) : (
          <div className="flex flex-1 items-center gap-3">
            <Skeleton className="size-10 rounded-full" />
            <div className="grid gap-1.5">
              <Skeleton className="h-4 w-40" />
              <Skeleton className="h-3 w-28" />
            </div>
          </div>
        )}
      </header>
      {conversation && (
        <div
          // A container: the actions drop their labels by the chat column's width, not the window's
          // (the list and contact panel are resizable).
          className="@container flex h-11 shrink-0 items-center gap-2 overflow-x-auto border-b bg-background px-3"
          data-testid="ticket-bar"
        >
          <StatusBadge status={status} />
          <QueueBadge queue={conversationQueue(conversation)} />
          {conversation.department && (
            <span className="truncate text-muted-foreground text-xs">{conversation.department.name}</span>
          )}
          <span className="flex-1" />
          <TicketActions conversation={conversation} dialog={dialog} onDialog={setDialog} />
        </div>
      )}

      <div className="relative min-h-0 flex-1 bg-[#efeae2] dark:bg-[#0b141a]">
        <div
          aria-hidden="true"
          className="pointer-events-none absolute inset-0 opacity-[0.05] [background-image:radial-gradient(currentColor_1px,transparent_1px)] [background-size:18px_18px] dark:opacity-[0.06]"
        />
        <div
          ref={scrollRef}
          onScroll={onScroll}
          className="relative flex h-full flex-col-reverse overflow-y-auto overscroll-contain py-3"
          data-testid="chat-messages"
        >
          {messagesQuery.isPending ? (
            <div className="grid gap-3 px-[4%] py-2">
              <Skeleton className="h-10 w-2/5 rounded-lg bg-white/60 dark:bg-white/5" />
              <Skeleton className="ml-auto h-14 w-1/3 rounded-lg bg-white/60 dark:bg-white/5" />
              <Skeleton className="h-10 w-1/2 rounded-lg bg-white/60 dark:bg-white/5" />
              <Skeleton className="ml-auto h-10 w-1/4 rounded-lg bg-white/60 dark:bg-white/5" />
            </div>
          ) : messagesQuery.isError && visible.length === 0 ? (
            <EmptyState
              className="h-full"
              title={t('messagesFailed')}
              description={errorMessage(messagesQuery.error)}
              action={
                <Button variant="outline" size="sm" onClick={() => messagesQuery.refetch()}>
                  <RotateCcwIcon />
                  {t('retry')}
                </Button>
              }
            />
          ) : visible.length === 0 ? (
            <EmptyState
              className="h-full"
              icon={<MessagesSquareIcon />}
              title={t('empty')}
              description={t('emptyHint')}
            />
          ) : (
            <ol className="flex flex-col pb-1" aria-live="polite" aria-relevant="additions">
              <li ref={topRef} aria-hidden="true" className="h-px" />
              {isFetchingNextPage && (
                <li className="flex justify-center py-2 text-muted-foreground">
                  <Loader2Icon className="size-4 animate-spin" />
                </li>
              )}
              {!hasNextPage && (
                <li className="mx-auto my-2 max-w-md rounded-lg bg-amber-100/80 px-3 py-1.5 text-center text-[12px] text-amber-900 dark:bg-[#182229] dark:text-[#ffd279]">
                  {t('start')}
                </li>
              )}
              {visible.map((m, i) => {
                const prev = visible[i - 1];
                const newDay =
                  !prev ||
                  dayKey(prev.createdAt, me.tenant.timezone) !== dayKey(m.createdAt, me.tenant.timezone);
                const first =
                  newDay ||
                  !prev ||
                  prev.direction !== m.direction ||
                  prev.senderType !== m.senderType ||
                  (prev.sender?.id ?? null) !== (m.sender?.id ?? null);
                return (
                  <DayAndBubble key={m.id} newDay={newDay} label={newDay ? dayLabel(m.createdAt, now) : ''}>
                    <MessageBubble
                      message={m}
                      quoted={m.replyTo ? byId.get(m.replyTo) : undefined}
                      reactions={reactionsFor.get(m.id) ?? emptyList}
                      contactName={name}
                      senderName={senderLabel(m)}
                      first={first}
                      canAnswer={canAnswer}
                      onReply={onReply}
                      onReact={onReact}
                      onRetry={onRetry}
                      onDiscard={discard}
                      onQuoteClick={onQuoteClick}
                    />
                  </DayAndBubble>
                );
              })}
            </ol>
          )}
        </div>
        {scrolledUp && (
          <button
            type="button"
            onClick={toBottom}
            aria-label={t('toBottom')}
            className="absolute right-5 bottom-4 flex size-10 items-center justify-center rounded-full border bg-background text-muted-foreground shadow-md hover:text-foreground"
          >
            <ArrowDownIcon className="size-5" />
          </button>
        )}
      </div>

      {conversation ? (
        <Composer
          ref={composerRef}
          conversation={conversation}
          canAnswer={canAnswer}
          replyTo={replyTo}
          contactName={name}
          quickReplies={quickReplies}
          onCancelReply={() => setReplyTo(null)}
          onSend={sendAndScroll}
          onTyping={sendTyping}
        />
      ) : (
        <div className="h-16 border-t" />
      )}
    </section>
  );
});

const emptyList: Message[] = [];

/** Covers the whole chat column while files are dragged over it: where they go, or why they cannot. */
function DropOverlay({
  canSend,
  readOnly,
  title,
  hint,
  onLeave,
  onDrop,
}: {
  canSend: boolean;
  readOnly: boolean;
  title: string;
  hint: string;
  onLeave: () => void;
  onDrop: (files: File[]) => void;
}) {
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target only a pointer drag reaches; the keyboard attaches from the paperclip.
    <div
      className="absolute inset-0 z-40 flex items-center justify-center bg-[#efeae2]/90 p-4 backdrop-blur-sm dark:bg-[#0b141a]/90"
      data-testid="drop-overlay"
      data-can-send={canSend}
      onDragOver={(event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = canSend ? 'copy' : 'none';
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) onLeave();
      }}
      onDrop={(event) => {
        event.preventDefault();
        onDrop(Array.from(event.dataTransfer.files));
      }}
    >
      <div
        className={cn(
          'pointer-events-none flex size-full flex-col items-center justify-center gap-4 rounded-2xl border-2 border-dashed px-6 text-center',
          canSend ? 'border-primary/60 bg-primary/5' : 'border-destructive/50 bg-destructive/5',
        )}
      >
        <span
          className={cn(
            'flex size-20 items-center justify-center rounded-full shadow-lg',
            canSend ? 'bg-primary text-primary-foreground' : 'bg-destructive/15 text-destructive',
          )}
        >
          {canSend ? (
            <FileUpIcon className="size-9" />
          ) : readOnly ? (
            <EyeIcon className="size-9" />
          ) : (
            <TimerOffIcon className="size-9" />
          )}
        </span>
        <div className="grid max-w-md gap-1.5">
          <p className="font-semibold text-xl" role="status">
            {title}
          </p>
          {hint && <p className="text-muted-foreground text-sm">{hint}</p>}
        </div>
      </div>
    </div>
  );
}

function DayAndBubble({
  newDay,
  label,
  children,
}: {
  newDay: boolean;
  label: string;
  children: React.ReactNode;
}) {
  return (
    <>
      {newDay && (
        <li className="sticky top-0 z-10 flex justify-center py-2" data-testid="day-separator">
          <span className="rounded-lg bg-white/95 px-3 py-1 font-medium text-[12px] text-[#54656f] uppercase shadow-xs dark:bg-[#182229] dark:text-[#8696a0]">
            {label}
          </span>
        </li>
      )}
      {children}
    </>
  );
}
