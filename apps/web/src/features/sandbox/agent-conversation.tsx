'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { HeadsetIcon, Loader2Icon, MessagesSquareIcon, SendHorizontalIcon } from 'lucide-react';
import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { toast } from 'sonner';
import { Avatar, AvatarFallback } from '@/components/ui/avatar';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { Textarea } from '@/components/ui/textarea';
import { useCan, useMe } from '@/features/auth/me-context';
import { inboxKeys, upsertMessage } from '@/features/channels/queries';
import type { Conversation, Message } from '@/features/channels/types';
import { ApiError, api } from '@/lib/api-client';
import type { RealtimeStatus } from '@/lib/realtime';
import type { Page } from '@/lib/types';
import { useErrorMessage } from '@/lib/use-error-message';
import { cn, initials } from '@/lib/utils';
import { MessageStatusIcon } from './message-status';
import { useWindowState, WindowBadge } from './window-badge';

export function LiveIndicator({ status }: { status: RealtimeStatus }) {
  const t = useTranslations('sandbox.live');
  const open = status === 'open';
  return (
    <span
      className="inline-flex items-center gap-1.5 text-muted-foreground text-xs"
      data-testid="live-indicator"
      data-status={status}
      role="status"
    >
      <span className="relative flex size-2">
        {open && (
          <span className="absolute inline-flex size-full animate-ping rounded-full bg-success opacity-50" />
        )}
        <span
          className={cn('relative inline-flex size-2 rounded-full', open ? 'bg-success' : 'bg-warning')}
        />
      </span>
      {open ? t('open') : status === 'idle' ? t('idle') : t('reconnecting')}
    </span>
  );
}

function Bubble({ message }: { message: Message }) {
  const t = useTranslations('sandbox.agent');
  const format = useFormatter();
  const outbound = message.direction === 'outbound';
  return (
    <li
      data-testid="agent-message"
      data-direction={message.direction}
      data-status={message.status}
      className={cn('flex', outbound ? 'justify-end' : 'justify-start')}
    >
      <div className={cn('grid max-w-[78%] gap-1', outbound && 'justify-items-end')}>
        {outbound && message.senderType !== 'agent' && (
          <span className="px-1 text-[11px] text-muted-foreground">{t(`sender.${message.senderType}`)}</span>
        )}
        <div
          className={cn(
            'rounded-2xl px-3.5 py-2 text-sm shadow-xs',
            outbound
              ? 'rounded-br-md border border-primary/25 bg-primary/15 text-foreground'
              : 'rounded-bl-md border bg-muted/60',
            message.status === 'failed' && 'border-destructive/40 bg-destructive/10',
          )}
        >
          <p className="whitespace-pre-wrap [overflow-wrap:anywhere]">
            {message.text ?? (
              <span className="text-muted-foreground italic">{t('nonText', { type: message.type })}</span>
            )}
          </p>
          <span className="mt-0.5 flex items-center justify-end gap-1 text-[11px] text-muted-foreground">
            <time dateTime={message.createdAt} suppressHydrationWarning>
              {format.dateTime(new Date(message.createdAt), { hour: '2-digit', minute: '2-digit' })}
            </time>
            {outbound && <MessageStatusIcon message={message} />}
          </span>
        </div>
      </div>
    </li>
  );
}

/** Sticks to the bottom when new messages arrive, unless the person scrolled up to read. */
export function useStickToBottom(dependency: unknown) {
  const ref = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onScroll = () => {
      pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
    };
    el.addEventListener('scroll', onScroll);
    return () => el.removeEventListener('scroll', onScroll);
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on purpose whenever the content changes.
  useEffect(() => {
    const el = ref.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [dependency]);
  return ref;
}

/**
 * The agent's side of one conversation: its messages with ticks, the 24-hour window and a composer.
 * A stand-in until the inbox screens exist; it reads and writes through the same routes they will.
 */
export function AgentConversation({
  conversation,
  messages,
  loading,
  live,
  emptyHint,
  className,
}: {
  conversation: Conversation | null;
  messages: Message[];
  loading: boolean;
  live: RealtimeStatus;
  emptyHint: React.ReactNode;
  className?: string;
}) {
  const me = useMe();
  const canAnswer = useCan('AGENT');
  const t = useTranslations('sandbox.agent');
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [text, setText] = useState('');
  const serviceWindow = useWindowState(conversation?.windowExpiresAt);
  const listRef = useStickToBottom(messages);
  const inputRef = useRef<HTMLTextAreaElement>(null);

  const send = useMutation({
    mutationFn: (body: string) =>
      api<Message>(`/conversations/${conversation?.id}/messages`, {
        method: 'POST',
        body: { type: 'text', text: body },
      }),
    onSuccess: (message) => {
      if (!conversation) return;
      queryClient.setQueryData<Page<Message>>(inboxKeys.messages(me.tenant.id, conversation.id), (old) =>
        old ? { ...old, items: upsertMessage(old.items, message) } : old,
      );
      setText('');
      inputRef.current?.focus();
    },
    onError: (error) => {
      const description =
        error instanceof ApiError && error.code === 'window-closed'
          ? t('windowClosedError')
          : errorMessage(error);
      toast.error(t('sendFailed'), { description });
    },
  });

  const submit = () => {
    const body = text.trim();
    if (!body || !conversation || send.isPending) return;
    send.mutate(body);
  };

  const contactName = conversation?.contact.name || conversation?.contact.phone || '';

  return (
    <section
      className={cn(
        'flex h-[616px] min-w-0 flex-col overflow-hidden rounded-xl border bg-card shadow-xs',
        className,
      )}
      aria-label={t('label')}
      data-testid="agent-view"
    >
      <header className="flex items-center gap-3 border-b px-4 py-3">
        {conversation ? (
          <>
            <Avatar className="size-9 border">
              <AvatarFallback className="bg-primary/15 font-semibold text-primary text-xs">
                {initials(contactName)}
              </AvatarFallback>
            </Avatar>
            <div className="grid min-w-0 flex-1">
              <span className="truncate font-medium text-sm" data-testid="agent-contact-name">
                {contactName}
              </span>
              <span className="truncate font-mono text-muted-foreground text-xs">
                {conversation.contact.phone}
              </span>
            </div>
            <WindowBadge expiresAt={conversation.windowExpiresAt} />
          </>
        ) : (
          <div className="flex flex-1 items-center gap-2 text-muted-foreground text-sm">
            <HeadsetIcon className="size-4" />
            {t('title')}
          </div>
        )}
        <LiveIndicator status={live} />
      </header>

      <div ref={listRef} className="min-h-0 flex-1 overflow-y-auto px-4 py-4" data-testid="agent-messages">
        {loading ? (
          <div className="grid gap-3">
            <Skeleton className="h-12 w-2/3 rounded-2xl" />
            <Skeleton className="ml-auto h-12 w-1/2 rounded-2xl" />
            <Skeleton className="h-12 w-3/5 rounded-2xl" />
          </div>
        ) : !conversation || messages.length === 0 ? (
          <EmptyState
            className="h-full"
            icon={<MessagesSquareIcon />}
            title={t('emptyTitle')}
            description={emptyHint}
          />
        ) : (
          <ol className="grid gap-2.5" aria-live="polite">
            {messages.map((m) => (
              <Bubble key={m.id} message={m} />
            ))}
          </ol>
        )}
      </div>

      <form
        className="grid gap-2 border-t bg-background/40 p-3"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        {!canAnswer && (
          <p className="text-muted-foreground text-xs" data-testid="read-only-note">
            {t('readOnly')}
          </p>
        )}
        {canAnswer && conversation && !serviceWindow.open && (
          <p className="text-destructive text-xs" data-testid="window-closed-note">
            {t('windowClosedNote')}
          </p>
        )}
        <div className="flex items-end gap-2">
          <Textarea
            ref={inputRef}
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
                event.preventDefault();
                submit();
              }
            }}
            rows={1}
            maxLength={4096}
            disabled={!canAnswer || !conversation || !serviceWindow.open}
            placeholder={conversation ? t('placeholder', { name: contactName }) : t('placeholderNone')}
            aria-label={t('composerLabel')}
            data-testid="agent-composer"
            className="max-h-40 min-h-10 resize-none"
          />
          <Button
            type="submit"
            size="icon"
            className="size-10"
            disabled={!canAnswer || !conversation || !serviceWindow.open || !text.trim() || send.isPending}
            aria-label={t('send')}
            data-testid="agent-send"
          >
            {send.isPending ? <Loader2Icon className="animate-spin" /> : <SendHorizontalIcon />}
          </Button>
        </div>
        <p className="text-[11px] text-muted-foreground">{t('composerHint')}</p>
      </form>
    </section>
  );
}
