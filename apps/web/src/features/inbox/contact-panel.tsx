'use client';

import type { ContactJourney, JourneyTicket } from '@conversa/shared';
import {
  ExternalLinkIcon,
  MegaphoneIcon,
  RotateCcwIcon,
  ShieldCheckIcon,
  ShieldOffIcon,
  ShieldQuestionIcon,
  StickyNoteIcon,
  TagIcon,
  XIcon,
} from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { Avatar, AvatarFallback } from '@/components/ui/avatar';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import { Textarea } from '@/components/ui/textarea';
import { useCan } from '@/features/auth/me-context';
import { RelativeTime } from '@/features/channels/relative-time';
import { useDateTime } from '@/lib/use-date-time';
import { useErrorMessage } from '@/lib/use-error-message';
import { cn, initials } from '@/lib/utils';
import { avatarColor, displayPhone } from './format';
import { useConversation, useJourney, useTicketAction } from './queries';
import { StatusBadge } from './ticket-actions';

function Section({
  title,
  icon,
  children,
}: {
  title: string;
  icon?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <section className="grid gap-2 border-b px-4 py-4">
      <h3 className="flex items-center gap-1.5 font-medium text-muted-foreground text-xs uppercase tracking-wide [&_svg]:size-3.5">
        {icon}
        {title}
      </h3>
      {children}
    </section>
  );
}

export function ConsentBadge({ consent }: { consent: string }) {
  const t = useTranslations('contacts.consent');
  const Icon =
    consent === 'opted_in' ? ShieldCheckIcon : consent === 'opted_out' ? ShieldOffIcon : ShieldQuestionIcon;
  return (
    <Badge
      variant={consent === 'opted_in' ? 'success' : consent === 'opted_out' ? 'destructive' : 'muted'}
      data-testid="consent-badge"
      data-consent={consent}
    >
      <Icon />
      {t.has(consent) ? t(consent) : consent}
    </Badge>
  );
}

function TicketRow({ ticket, current }: { ticket: JourneyTicket; current: boolean }) {
  const t = useTranslations('inbox.contact');
  const tOutcome = useTranslations('inbox.outcome');
  const formatDate = useDateTime();
  return (
    <li
      className={cn(
        'relative grid gap-1 rounded-lg border px-3 py-2 text-sm',
        current && 'border-primary/40 bg-primary/5',
      )}
      data-testid="journey-ticket"
      data-status={ticket.status}
    >
      <div className="flex items-center gap-2">
        <StatusBadge status={ticket.status} />
        {ticket.outcome && (
          <Badge variant={ticket.outcome === 'sale' ? 'success' : 'outline'}>
            {tOutcome(ticket.outcome)}
          </Badge>
        )}
        <span className="ml-auto text-[11px] text-muted-foreground">
          {t('messages', { count: ticket.messageCount })}
        </span>
      </div>
      <div className="flex flex-wrap items-center gap-x-1.5 text-xs">
        <MegaphoneIcon className="size-3 text-muted-foreground" />
        <span className="font-medium">{ticket.source}</span>
        {ticket.attribution?.campaign && (
          <span className="text-muted-foreground">· {ticket.attribution.campaign}</span>
        )}
        {ticket.attribution?.medium && (
          <span className="text-muted-foreground">· {ticket.attribution.medium}</span>
        )}
      </div>
      {ticket.attribution?.headline && (
        <p className="line-clamp-2 text-muted-foreground text-xs italic">“{ticket.attribution.headline}”</p>
      )}
      <p className="text-[11px] text-muted-foreground">
        {formatDate(ticket.openedAt)}
        {ticket.resolvedAt ? ` → ${formatDate(ticket.resolvedAt)}` : ''}
        {ticket.assignee ? ` · ${ticket.assignee.name}` : ''}
        {ticket.department ? ` · ${ticket.department.name}` : ''}
      </p>
    </li>
  );
}

function NotesSection({ journey, conversationId }: { journey: ContactJourney; conversationId: string }) {
  const t = useTranslations('inbox.contact');
  const canAnswer = useCan('AGENT');
  const errorMessage = useErrorMessage();
  const action = useTicketAction(conversationId);
  const [text, setText] = useState('');
  const [adding, setAdding] = useState(false);
  return (
    <Section title={t('notes')} icon={<StickyNoteIcon />}>
      {journey.notes.length === 0 && !adding && (
        <p className="text-muted-foreground text-sm">{t('noNotes')}</p>
      )}
      <ul className="grid gap-2">
        {journey.notes.map((n) => (
          <li key={n.id} className="rounded-lg bg-amber-500/10 px-3 py-2 text-sm" data-testid="contact-note">
            <p className="whitespace-pre-wrap [overflow-wrap:anywhere]">{n.text}</p>
            <p className="mt-1 text-[11px] text-muted-foreground">
              {n.author?.name ?? t('someone')} · <RelativeTime value={n.createdAt} />
            </p>
          </li>
        ))}
      </ul>
      {canAnswer &&
        (adding ? (
          <form
            className="grid gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              if (!text.trim()) return;
              action.mutate(
                { action: 'notes', body: { text: text.trim() } },
                {
                  onSuccess: () => {
                    setText('');
                    setAdding(false);
                  },
                  onError: (error) => toast.error(t('noteFailed'), { description: errorMessage(error) }),
                },
              );
            }}
          >
            <Textarea
              value={text}
              onChange={(e) => setText(e.target.value)}
              rows={3}
              maxLength={4000}
              autoFocus
            />
            <div className="flex justify-end gap-2">
              <Button type="button" variant="ghost" size="sm" onClick={() => setAdding(false)}>
                <XIcon />
              </Button>
              <Button type="submit" size="sm" disabled={!text.trim() || action.isPending}>
                {t('saveNote')}
              </Button>
            </div>
          </form>
        ) : (
          <Button variant="outline" size="sm" className="justify-self-start" onClick={() => setAdding(true)}>
            <StickyNoteIcon />
            {t('addNote')}
          </Button>
        ))}
    </Section>
  );
}

/** Who the customer is: consent, tags, custom fields, first touch and every ticket so far, with notes. */
export function ContactPanel({ conversationId, onClose }: { conversationId: string; onClose?: () => void }) {
  const t = useTranslations('inbox.contact');
  const errorMessage = useErrorMessage();
  const conversation = useConversation(conversationId).data;
  const contactId = conversation?.contact.id ?? null;
  const journey = useJourney(contactId);
  const data = journey.data;
  const contact =
    data?.contact ?? (conversation ? { ...conversation.contact, tags: conversation.tags ?? [] } : null);

  return (
    <aside className="flex h-full min-w-0 flex-col" aria-label={t('label')} data-testid="contact-panel">
      <header className="flex h-14 shrink-0 items-center gap-2 border-b px-4">
        <h2 className="flex-1 font-medium text-sm">{t('title')}</h2>
        {onClose && (
          <Button variant="ghost" size="icon-sm" onClick={onClose} aria-label={t('close')}>
            <XIcon />
          </Button>
        )}
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {!contact ? (
          <div className="grid gap-3 p-4">
            <Skeleton className="mx-auto size-20 rounded-full" />
            <Skeleton className="mx-auto h-5 w-40" />
            <Skeleton className="h-24" />
          </div>
        ) : (
          <>
            <div className="flex flex-col items-center gap-2 border-b px-4 py-5 text-center">
              <Avatar className="size-20">
                <AvatarFallback className={cn('font-semibold text-2xl', avatarColor(contact.id))}>
                  {initials(contact.name || contact.phone.slice(-2))}
                </AvatarFallback>
              </Avatar>
              <div className="grid gap-0.5">
                <p className="font-medium text-lg" data-testid="contact-panel-name">
                  {contact.name || displayPhone(contact.phone)}
                </p>
                <p className="font-mono text-muted-foreground text-sm">{displayPhone(contact.phone)}</p>
              </div>
              <div className="flex flex-wrap items-center justify-center gap-2">
                {data && <ConsentBadge consent={data.contact.consent} />}
                <Button variant="link" size="sm" className="h-auto p-0 text-xs" asChild>
                  <Link href={`/contacts/${contact.id}`}>
                    {t('open')}
                    <ExternalLinkIcon className="size-3" />
                  </Link>
                </Button>
              </div>
            </div>

            <Section title={t('tags')} icon={<TagIcon />}>
              {contact.tags.length ? (
                <div className="flex flex-wrap gap-1.5">
                  {contact.tags.map((tag) => (
                    <Badge key={tag} variant="secondary">
                      {tag}
                    </Badge>
                  ))}
                </div>
              ) : (
                <p className="text-muted-foreground text-sm">{t('noTags')}</p>
              )}
            </Section>

            {journey.isError ? (
              <div className="grid gap-2 p-4 text-sm">
                <p className="text-muted-foreground">
                  {t('journeyFailed')} {errorMessage(journey.error)}
                </p>
                <Button
                  variant="outline"
                  size="sm"
                  className="justify-self-start"
                  onClick={() => journey.refetch()}
                >
                  <RotateCcwIcon />
                  {t('retry')}
                </Button>
              </div>
            ) : !data ? (
              <div className="grid gap-2 p-4">
                <Skeleton className="h-16" />
                <Skeleton className="h-16" />
              </div>
            ) : (
              <>
                {data.contact.firstTouch && (
                  <Section title={t('firstTouch')} icon={<MegaphoneIcon />}>
                    <p className="text-sm">
                      <span className="font-medium">{data.contact.firstTouch.source}</span>
                      {data.contact.firstTouch.campaign && (
                        <span className="text-muted-foreground"> · {data.contact.firstTouch.campaign}</span>
                      )}
                      {data.contact.firstTouch.medium && (
                        <span className="text-muted-foreground"> · {data.contact.firstTouch.medium}</span>
                      )}
                    </p>
                  </Section>
                )}
                {Object.keys(data.contact.customFields).length > 0 && (
                  <Section title={t('customFields')}>
                    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                      {Object.entries(data.contact.customFields).map(([k, v]) => (
                        <div key={k} className="contents">
                          <dt className="text-muted-foreground">{k}</dt>
                          <dd className="truncate">{v}</dd>
                        </div>
                      ))}
                    </dl>
                  </Section>
                )}
                <Section title={t('journey', { count: data.tickets.length })}>
                  {data.tickets.length === 0 ? (
                    <p className="text-muted-foreground text-sm">{t('noTickets')}</p>
                  ) : (
                    <ol className="grid gap-2" data-testid="journey">
                      {data.tickets.map((ticket) => (
                        <TicketRow
                          key={ticket.id}
                          ticket={ticket}
                          current={ticket.id === conversation?.ticket?.id}
                        />
                      ))}
                    </ol>
                  )}
                </Section>
                <NotesSection journey={data} conversationId={conversationId} />
              </>
            )}
          </>
        )}
      </div>
    </aside>
  );
}
