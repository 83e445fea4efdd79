'use client';

import {
  BotIcon,
  ContactRoundIcon,
  DownloadIcon,
  ExternalLinkIcon,
  FileTextIcon,
  ImageOffIcon,
  ListIcon,
  Loader2Icon,
  MapPinIcon,
  PhoneIcon,
  ReplyIcon,
  RotateCcwIcon,
  SmilePlusIcon,
  SparklesIcon,
  WorkflowIcon,
  XIcon,
} from 'lucide-react';
import { useFormatter, useTranslations } from 'next-intl';
import { memo, useState } from 'react';
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
import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';
import { useReason } from '@/features/channels/use-reason';
import { MessageStatusIcon } from '@/features/sandbox/message-status';
import { cn } from '@/lib/utils';
import { whatsappText } from './format';
import type { Message } from './types';

export const quickReactions = ['👍', '❤️', '😂', '😮', '😢', '🙏'];

/** The inbound file through our API (it streams what the worker stored); outbound by the link we sent. */
export function mediaSrc(message: Message): string | null {
  if (message.local) return message.media?.url ?? null;
  if (message.direction === 'outbound' && message.media?.url) return message.media.url;
  if (message.media) return `/api/v1/messages/${message.id}/media`;
  return null;
}

function MediaImage({ message, sticker }: { message: Message; sticker?: boolean }) {
  const t = useTranslations('inbox.message');
  const src = mediaSrc(message);
  const [failed, setFailed] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  if (!src || failed === src)
    return (
      <button
        type="button"
        onClick={() => {
          setFailed(null);
          setAttempt((a) => a + 1);
        }}
        className="flex h-40 w-64 max-w-full flex-col items-center justify-center gap-2 rounded-md bg-black/10 text-muted-foreground text-xs dark:bg-white/5"
        data-testid="media-unavailable"
      >
        <ImageOffIcon className="size-5" />
        {t('mediaPending')}
      </button>
    );
  return (
    <a href={src} target="_blank" rel="noopener noreferrer" className="block">
      {/* biome-ignore lint/performance/noImgElement: user media from our API, sizes unknown ahead. */}
      <img
        key={`${src}#${attempt}`}
        src={attempt ? `${src}${src.includes('?') ? '&' : '?'}r=${attempt}` : src}
        alt={message.text || t('image')}
        loading="lazy"
        onError={() => setFailed(src)}
        className={cn(
          'block rounded-md object-cover',
          sticker ? 'size-32 bg-transparent' : 'max-h-80 w-auto max-w-full min-w-32 bg-black/10',
        )}
      />
    </a>
  );
}

function DocumentCard({ message }: { message: Message }) {
  const t = useTranslations('inbox.message');
  const src = mediaSrc(message);
  const name = message.media?.filename || message.text || t('document');
  const ext = name.includes('.')
    ? name.split('.').pop()?.toUpperCase()
    : message.media?.mime?.split('/').pop();
  return (
    <div className="flex min-w-56 items-center gap-3 rounded-md bg-black/5 p-2.5 dark:bg-black/20">
      <span className="flex size-9 shrink-0 items-center justify-center rounded-md bg-rose-500/90 text-white">
        <FileTextIcon className="size-4.5" />
      </span>
      <span className="grid min-w-0 flex-1">
        <span className="truncate font-medium text-[13px]">{name}</span>
        <span className="text-[11px] text-muted-foreground">{ext ?? t('document')}</span>
      </span>
      {src && (
        <a
          href={src}
          target="_blank"
          rel="noopener noreferrer"
          download={message.media?.filename}
          aria-label={t('download')}
          className="rounded-full p-1.5 text-muted-foreground hover:bg-black/10 hover:text-foreground dark:hover:bg-white/10"
        >
          <DownloadIcon className="size-4" />
        </a>
      )}
    </div>
  );
}

function LocationCard({ message }: { message: Message }) {
  const t = useTranslations('inbox.message');
  const loc = message.payload?.location;
  const href = loc
    ? `https://www.google.com/maps/search/?api=1&query=${loc.latitude},${loc.longitude}`
    : `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(message.text ?? '')}`;
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      className="block min-w-56 overflow-hidden rounded-md bg-black/5 dark:bg-black/20"
      data-testid="message-location"
    >
      <span className="flex h-24 items-center justify-center bg-[linear-gradient(135deg,color-mix(in_oklch,var(--brand)_18%,transparent),transparent)]">
        <MapPinIcon className="size-7 text-rose-500" />
      </span>
      <span className="grid gap-0.5 p-2.5">
        <span className="font-medium text-[13px]">{loc?.name || message.text || t('location')}</span>
        {loc?.address && <span className="text-[12px] text-muted-foreground">{loc.address}</span>}
        <span className="inline-flex items-center gap-1 text-[12px] text-sky-600 dark:text-sky-400">
          <ExternalLinkIcon className="size-3" />
          {t('openMap')}
        </span>
      </span>
    </a>
  );
}

function ContactsCard({ message }: { message: Message }) {
  const t = useTranslations('inbox.message');
  const cards = message.payload?.contacts;
  const names = cards?.length ? cards.map((c) => c.name.formatted) : (message.text ?? '').split(', ');
  return (
    <div className="grid min-w-56 gap-1.5" data-testid="message-contacts">
      {names.filter(Boolean).map((name, i) => {
        const phone = cards?.[i]?.phones?.[0]?.phone;
        return (
          <div
            // biome-ignore lint/suspicious/noArrayIndexKey: a message's cards never change order.
            key={`${name}-${i}`}
            className="flex items-center gap-2.5 rounded-md bg-black/5 p-2 dark:bg-black/20"
          >
            <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-muted text-muted-foreground">
              <ContactRoundIcon className="size-4" />
            </span>
            <span className="grid min-w-0">
              <span className="truncate font-medium text-[13px]">{name}</span>
              {phone && (
                <span className="inline-flex items-center gap-1 font-mono text-[11px] text-muted-foreground">
                  <PhoneIcon className="size-3" />
                  {phone}
                </span>
              )}
            </span>
          </div>
        );
      })}
      {!names.filter(Boolean).length && <span className="text-muted-foreground italic">{t('contacts')}</span>}
    </div>
  );
}

/** Buttons under a bubble, as WhatsApp draws reply buttons and template buttons. */
function BubbleButtons({ items }: { items: { text: string; icon?: React.ReactNode }[] }) {
  if (!items.length) return null;
  return (
    <div className="-mx-2 mt-1.5 -mb-1 grid divide-y divide-black/10 border-black/10 border-t dark:divide-white/10 dark:border-white/10">
      {items.map((b, i) => (
        <span
          // biome-ignore lint/suspicious/noArrayIndexKey: a message's buttons never change order.
          key={`${b.text}-${i}`}
          className="flex items-center justify-center gap-1.5 py-1.5 font-medium text-[13px] text-sky-600 dark:text-sky-400"
        >
          {b.icon}
          {b.text}
        </span>
      ))}
    </div>
  );
}

function Body({ message }: { message: Message }) {
  const t = useTranslations('inbox.message');
  const text = message.text ?? '';
  const caption = text ? (
    <p className="mt-1 whitespace-pre-wrap [overflow-wrap:anywhere]">{whatsappText(text)}</p>
  ) : null;
  switch (message.type) {
    case 'image':
      return (
        <>
          <MediaImage message={message} />
          {caption}
        </>
      );
    case 'sticker':
      return <MediaImage message={message} sticker />;
    case 'video': {
      const src = mediaSrc(message);
      return (
        <>
          {src ? (
            // biome-ignore lint/a11y/useMediaCaption: customer videos come without captions.
            <video
              src={src}
              controls
              preload="metadata"
              className="max-h-80 w-72 max-w-full rounded-md bg-black"
            />
          ) : (
            <span className="text-muted-foreground italic">{t('video')}</span>
          )}
          {caption}
        </>
      );
    }
    case 'audio': {
      const src = mediaSrc(message);
      return src ? (
        // biome-ignore lint/a11y/useMediaCaption: voice notes have no captions.
        <audio
          src={src}
          controls
          preload="none"
          className="h-10 w-64 max-w-full"
          data-testid="message-audio"
        />
      ) : (
        <span className="text-muted-foreground italic">{t('audio')}</span>
      );
    }
    case 'document':
      return (
        <>
          <DocumentCard message={message} />
          {message.text && message.text !== message.media?.filename ? caption : null}
        </>
      );
    case 'location':
      return <LocationCard message={message} />;
    case 'contacts':
      return <ContactsCard message={message} />;
    case 'interactive': {
      const i = message.payload?.interactive;
      return (
        <>
          {i?.header && <p className="mb-1 font-semibold">{i.header}</p>}
          <p className="whitespace-pre-wrap [overflow-wrap:anywhere]">{whatsappText(i?.body ?? text)}</p>
          {i?.footer && <p className="mt-1 text-[12px] text-muted-foreground">{i.footer}</p>}
          {i?.kind === 'buttons' && (
            <BubbleButtons items={(i.buttons ?? []).map((b) => ({ text: b.title }))} />
          )}
          {i?.kind === 'list' && (
            <BubbleButtons
              items={[{ text: i.buttonLabel ?? t('list'), icon: <ListIcon className="size-3.5" /> }]}
            />
          )}
        </>
      );
    }
    case 'button':
      return (
        <p className="inline-flex items-center gap-1.5 whitespace-pre-wrap [overflow-wrap:anywhere]">
          <ReplyIcon className="size-3.5 shrink-0 text-muted-foreground" />
          {text}
        </p>
      );
    case 'template': {
      const r = message.payload?.template?.rendered;
      return (
        <>
          {r?.header && <p className="mb-1 font-semibold">{r.header}</p>}
          <p className="whitespace-pre-wrap [overflow-wrap:anywhere]">{whatsappText(r?.text ?? text)}</p>
          {r?.footer && <p className="mt-1 text-[12px] text-muted-foreground">{r.footer}</p>}
          {r?.buttons && <BubbleButtons items={r.buttons.map((b) => ({ text: b.text }))} />}
        </>
      );
    }
    case 'unsupported':
      return <p className="text-muted-foreground italic">{t('unsupported')}</p>;
    default:
      return text ? (
        <p className="whitespace-pre-wrap [overflow-wrap:anywhere]">{whatsappText(text)}</p>
      ) : (
        <p className="text-muted-foreground italic">{t('empty')}</p>
      );
  }
}

/** One line for a message in a quote or the list preview. */
export function useMessageSummary() {
  const t = useTranslations('inbox.message');
  return (m: Pick<Message, 'type' | 'text' | 'media'>) => {
    const text = m.text?.trim();
    switch (m.type) {
      case 'image':
        return text ? `📷 ${text}` : `📷 ${t('image')}`;
      case 'video':
        return text ? `🎥 ${text}` : `🎥 ${t('video')}`;
      case 'audio':
        return `🎤 ${t('audio')}`;
      case 'document':
        return `📄 ${text || m.media?.filename || t('document')}`;
      case 'sticker':
        return `💟 ${t('sticker')}`;
      case 'location':
        return `📍 ${text || t('location')}`;
      case 'contacts':
        return `👤 ${text || t('contacts')}`;
      case 'reaction':
        return text ? t('reacted', { emoji: text }) : t('reactionRemoved');
      case 'unsupported':
        return t('unsupported');
      default:
        return text || t('empty');
    }
  };
}

const senderIcon = { ai: SparklesIcon, bot: WorkflowIcon, system: BotIcon } as const;

export type BubbleProps = {
  message: Message;
  quoted: Message | undefined;
  reactions: Message[];
  contactName: string;
  /** The team member who sent an outbound message ("You" for the signed-in person); null when none. */
  senderName?: string | null;
  /** First of a run from the same sender: draws the tail and the sender label. */
  first: boolean;
  canAnswer: boolean;
  onReply: (m: Message) => void;
  onReact: (m: Message, emoji: string) => void;
  /** `confirmUnknown`: the agent confirmed resending a message that may have arrived (`send-unknown`). */
  onRetry: (m: Message, confirmUnknown?: boolean) => unknown;
  onDiscard: (m: Message) => void;
  onQuoteClick: (id: string) => void;
};

export const MessageBubble = memo(function MessageBubble({
  message,
  quoted,
  reactions,
  contactName,
  senderName,
  first,
  canAnswer,
  onReply,
  onReact,
  onRetry,
  onDiscard,
  onQuoteClick,
}: BubbleProps) {
  const t = useTranslations('inbox.message');
  const tSender = useTranslations('sandbox.agent.sender');
  const format = useFormatter();
  const reason = useReason();
  const summary = useMessageSummary();
  const outbound = message.direction === 'outbound';
  const failed = message.status === 'failed';

  if (message.senderType === 'system') {
    return (
      <li className="flex justify-center py-1" data-testid="chat-message" data-sender="system">
        <span className="max-w-[80%] rounded-lg bg-white/80 px-3 py-1 text-center text-[12px] text-muted-foreground shadow-xs dark:bg-[#182229] dark:text-[#8696a0]">
          {message.text}
        </span>
      </li>
    );
  }

  const SenderIcon =
    message.senderType in senderIcon ? senderIcon[message.senderType as keyof typeof senderIcon] : null;
  const failureText = message.local?.errorText
    ? message.local.errorText
    : message.error
      ? reason(message.error.reason, message.error.code)
      : null;
  const media = ['image', 'video', 'sticker'].includes(message.type);
  const grouped = new Map<string, number>();
  for (const r of reactions) if (r.text) grouped.set(r.text, (grouped.get(r.text) ?? 0) + 1);

  return (
    <li
      id={`m-${message.id}`}
      data-testid="chat-message"
      data-direction={message.direction}
      data-status={message.status}
      data-type={message.type}
      data-sender={message.senderType}
      className={cn(
        'group/msg flex scroll-mt-16 flex-wrap px-[4%]',
        outbound ? 'justify-end' : 'justify-start',
        first ? 'mt-2' : 'mt-0.5',
      )}
    >
      <div
        className={cn(
          'relative flex max-w-[min(65%,560px)] items-center gap-1',
          outbound && 'flex-row-reverse',
        )}
      >
        <div
          className={cn(
            'relative rounded-lg px-2 pt-1.5 pb-1 text-[14.2px] leading-[19px] shadow-[0_1px_0.5px_rgba(11,20,26,0.13)]',
            outbound
              ? 'bg-[#d9fdd3] text-[#111b21] dark:bg-[#005c4b] dark:text-[#e9edef]'
              : 'bg-white text-[#111b21] dark:bg-[#202c33] dark:text-[#e9edef]',
            first && (outbound ? 'rounded-tr-none' : 'rounded-tl-none'),
            failed && 'ring-1 ring-destructive/60',
            media && 'p-1',
          )}
        >
          {first && (
            <span
              aria-hidden="true"
              className={cn(
                'absolute top-0 size-2',
                outbound
                  ? '-right-2 bg-[#d9fdd3] [clip-path:polygon(0_0,100%_0,0_100%)] dark:bg-[#005c4b]'
                  : '-left-2 bg-white [clip-path:polygon(0_0,100%_0,100%_100%)] dark:bg-[#202c33]',
              )}
            />
          )}
          {first && outbound && SenderIcon && (
            <p className="mb-0.5 inline-flex items-center gap-1 font-medium text-[12px] text-violet-600 dark:text-violet-300">
              <SenderIcon className="size-3" />
              {tSender(message.senderType)}
            </p>
          )}
          {first && outbound && !SenderIcon && senderName && (
            <p
              className="mb-0.5 truncate font-medium text-[12.5px] text-[#027eb5] leading-4 dark:text-[#53bdeb]"
              data-testid="message-sender"
            >
              {senderName}
            </p>
          )}
          {message.payload?.forwarded && (
            <p className="mb-0.5 text-[12px] text-muted-foreground italic">{t('forwarded')}</p>
          )}
          {message.replyTo && message.type !== 'reaction' && (
            <button
              type="button"
              onClick={() => quoted && onQuoteClick(quoted.id)}
              className="mb-1 block w-full overflow-hidden rounded-md border-l-4 border-l-emerald-500 bg-black/5 px-2 py-1 text-left text-[12.5px] dark:bg-black/20"
              data-testid="message-quote"
            >
              <span className="block font-medium text-emerald-700 dark:text-emerald-400">
                {quoted ? (quoted.direction === 'inbound' ? contactName : t('you')) : t('quoted')}
              </span>
              <span className="line-clamp-2 text-muted-foreground">
                {quoted ? summary(quoted) : t('quotedMissing')}
              </span>
            </button>
          )}
          <div className={cn(media && 'px-0')}>
            <Body message={message} />
          </div>
          <span
            className={cn(
              'float-right mt-1 ml-2 flex translate-y-1 items-center gap-1 text-[11px] leading-none',
              outbound ? 'text-[#667781] dark:text-[#ffffff99]' : 'text-[#667781] dark:text-[#8696a0]',
              media && 'px-1 pb-1',
            )}
          >
            <time dateTime={message.createdAt} suppressHydrationWarning>
              {format.dateTime(new Date(message.createdAt), { hour: '2-digit', minute: '2-digit' })}
            </time>
            {outbound && (
              <MessageStatusIcon
                message={message}
                className={cn(message.status === 'read' && 'text-[#53bdeb]')}
              />
            )}
          </span>
          <span className="clear-both block" />
          {grouped.size > 0 && (
            <span
              className={cn(
                'absolute -bottom-3.5 flex items-center gap-0.5 rounded-full border bg-background px-1.5 py-0.5 text-[12px] shadow-xs',
                outbound ? 'right-2' : 'left-2',
              )}
              data-testid="message-reactions"
            >
              {[...grouped.entries()].map(([emoji, n]) => (
                <span key={emoji}>
                  {emoji}
                  {n > 1 && <span className="ml-0.5 text-muted-foreground">{n}</span>}
                </span>
              ))}
            </span>
          )}
        </div>
        {canAnswer && !message.local && (
          <div className="flex shrink-0 items-center gap-0.5 opacity-0 transition-opacity focus-within:opacity-100 group-hover/msg:opacity-100">
            <Tooltip>
              <TooltipTrigger asChild>
                <button
                  type="button"
                  onClick={() => onReply(message)}
                  aria-label={t('reply')}
                  className="rounded-full p-1.5 text-muted-foreground hover:bg-black/10 dark:hover:bg-white/10"
                >
                  <ReplyIcon className="size-4" />
                </button>
              </TooltipTrigger>
              <TooltipContent>{t('reply')}</TooltipContent>
            </Tooltip>
            {message.direction === 'inbound' && (
              <div className="relative">
                <details className="group/react">
                  <summary
                    aria-label={t('react')}
                    className="list-none rounded-full p-1.5 text-muted-foreground hover:bg-black/10 dark:hover:bg-white/10 [&::-webkit-details-marker]:hidden"
                  >
                    <SmilePlusIcon className="size-4" />
                  </summary>
                  <div className="absolute bottom-full z-20 mb-1 flex gap-0.5 rounded-full border bg-popover p-1 shadow-md">
                    {quickReactions.map((emoji) => (
                      <button
                        key={emoji}
                        type="button"
                        className="rounded-full p-1 text-lg leading-none transition-transform hover:scale-125"
                        onClick={(event) => {
                          (
                            event.currentTarget.closest('details') as HTMLDetailsElement | null
                          )?.removeAttribute('open');
                          onReact(message, emoji);
                        }}
                      >
                        {emoji}
                      </button>
                    ))}
                  </div>
                </details>
              </div>
            )}
          </div>
        )}
      </div>
      {failed && (
        <FailureNote
          outbound={outbound}
          text={failureText ?? t('failedUnknown')}
          canRetry={canAnswer && outbound && message.type !== 'reaction'}
          mayHaveArrived={!message.local && message.error?.code === 'send-unknown'}
          onRetry={(confirmUnknown) => onRetry(message, confirmUnknown)}
          onDiscard={message.local ? () => onDiscard(message) : undefined}
        />
      )}
    </li>
  );
});

function FailureNote({
  outbound,
  text,
  canRetry,
  mayHaveArrived,
  onRetry,
  onDiscard,
}: {
  outbound: boolean;
  text: string;
  canRetry: boolean;
  /** The send's fate is unknown: resending asks first, since the customer may already have it. */
  mayHaveArrived: boolean;
  onRetry: (confirmUnknown?: boolean) => unknown;
  onDiscard?: () => void;
}) {
  const t = useTranslations('inbox.message');
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const run = async (confirmUnknown?: boolean) => {
    setBusy(true);
    try {
      await onRetry(confirmUnknown);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div
      className={cn('order-last flex w-full', outbound ? 'justify-end' : 'justify-start')}
      data-testid="message-failure"
    >
      <p className="mt-1 flex max-w-[min(65%,560px)] flex-wrap items-center justify-end gap-x-2 gap-y-1 text-right text-[12px] text-destructive">
        <span data-testid="failure-reason">{text}</span>
        {canRetry && (
          <button
            type="button"
            disabled={busy}
            onClick={() => (mayHaveArrived ? setConfirming(true) : run())}
            className="inline-flex items-center gap-1 font-medium underline-offset-2 hover:underline"
            data-testid="message-retry"
          >
            {busy ? <Loader2Icon className="size-3 animate-spin" /> : <RotateCcwIcon className="size-3" />}
            {t('retry')}
          </button>
        )}
        {onDiscard && (
          <button
            type="button"
            onClick={onDiscard}
            className="inline-flex items-center gap-1 text-muted-foreground underline-offset-2 hover:underline"
          >
            <XIcon className="size-3" />
            {t('discard')}
          </button>
        )}
      </p>
      {mayHaveArrived && (
        <AlertDialog open={confirming} onOpenChange={setConfirming}>
          <AlertDialogContent data-testid="resend-unknown-dialog">
            <AlertDialogHeader>
              <AlertDialogTitle>{t('resendUnknownTitle')}</AlertDialogTitle>
              <AlertDialogDescription>{t('resendUnknownDescription')}</AlertDialogDescription>
            </AlertDialogHeader>
            <AlertDialogFooter>
              <AlertDialogCancel>{t('resendUnknownCancel')}</AlertDialogCancel>
              <AlertDialogAction data-testid="resend-unknown-confirm" onClick={() => void run(true)}>
                {t('resendUnknownConfirm')}
              </AlertDialogAction>
            </AlertDialogFooter>
          </AlertDialogContent>
        </AlertDialog>
      )}
    </div>
  );
}
