'use client';

import { type ContactDetail as ContactDetailView, formatCpfCnpj } from '@conversa/shared';
import {
  ArrowLeftIcon,
  BanIcon,
  DownloadIcon,
  Loader2Icon,
  MessagesSquareIcon,
  PencilIcon,
  ShieldCheckIcon,
  ShieldOffIcon,
  Trash2Icon,
} from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from '@/components/ui/alert-dialog';
import { Avatar, AvatarFallback } from '@/components/ui/avatar';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { useCan } from '@/features/auth/me-context';
import { RelativeTime } from '@/features/channels/relative-time';
import { ConsentBadge } from '@/features/inbox/contact-panel';
import { avatarColor, displayPhone } from '@/features/inbox/format';
import { useJourney } from '@/features/inbox/queries';
import { StatusBadge } from '@/features/inbox/ticket-actions';
import { PageContainer } from '@/features/shell/page-header';
import { useDateTime } from '@/lib/use-date-time';
import { useErrorMessage } from '@/lib/use-error-message';
import { cn, initials } from '@/lib/utils';
import { ContactFormDialog } from './contact-form-dialog';
import { downloadJson, useContact, useContactMutations } from './queries';

const consentSources = ['manual', 'whatsapp', 'form', 'phone-call', 'email', 'in-person'] as const;

function ConsentDialog({
  state,
  onOpenChange,
  contactId,
}: {
  state: 'opt-in' | 'opt-out' | null;
  onOpenChange: (open: boolean) => void;
  contactId: string;
}) {
  const t = useTranslations('contacts.detail');
  const tSource = useTranslations('contacts.sources');
  const tCommon = useTranslations('common.actions');
  const errorMessage = useErrorMessage();
  const { consent } = useContactMutations(contactId);
  const [source, setSource] = useState<string>('manual');
  const [note, setNote] = useState('');
  return (
    <Dialog open={state !== null} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-md" closeLabel={tCommon('close')} data-testid="consent-dialog">
        <DialogHeader>
          <DialogTitle>{state === 'opt-in' ? t('optInTitle') : t('optOutTitle')}</DialogTitle>
          <DialogDescription>
            {state === 'opt-in' ? t('optInDescription') : t('optOutDescription')}
          </DialogDescription>
        </DialogHeader>
        <div className="grid gap-3">
          <div className="grid gap-1.5">
            <Label className="text-xs">{t('source')}</Label>
            <Select value={source} onValueChange={setSource}>
              <SelectTrigger className="w-full" data-testid="consent-source">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {consentSources.map((s) => (
                  <SelectItem key={s} value={s}>
                    {tSource(s)}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="consent-note" className="text-xs">
              {t('evidence')}
            </Label>
            <Input
              id="consent-note"
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={500}
              placeholder={state === 'opt-out' ? t('evidenceOutPlaceholder') : t('evidenceInPlaceholder')}
            />
          </div>
        </div>
        <DialogFooter>
          <Button
            variant={state === 'opt-out' ? 'destructive' : 'default'}
            disabled={consent.isPending}
            data-testid="consent-confirm"
            onClick={() =>
              state &&
              consent.mutate(
                { state, source, note: note.trim() || undefined },
                {
                  onSuccess: () => {
                    toast.success(state === 'opt-in' ? t('optedIn') : t('optedOut'));
                    onOpenChange(false);
                    setNote('');
                  },
                  onError: (error) => toast.error(t('actionFailed'), { description: errorMessage(error) }),
                },
              )
            }
          >
            {consent.isPending && <Loader2Icon className="animate-spin" />}
            {state === 'opt-in' ? t('optIn') : t('optOut')}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-0.5">
      <dt className="text-muted-foreground text-xs">{label}</dt>
      <dd className="text-sm [overflow-wrap:anywhere]">{children}</dd>
    </div>
  );
}

/** One contact: what we hold, consent with its history, the journey across tickets, LGPD export and erasure. */
export function ContactDetail({ initialData }: { initialData: ContactDetailView }) {
  const t = useTranslations('contacts.detail');
  const tOutcome = useTranslations('inbox.outcome');
  const tConsent = useTranslations('contacts.consent');
  const canEdit = useCan('AGENT');
  const canErase = useCan('ADMIN');
  const errorMessage = useErrorMessage();
  const formatDate = useDateTime();
  const contact = useContact(initialData.id, initialData).data ?? initialData;
  const journey = useJourney(contact.erasedAt ? null : contact.id);
  const { erase } = useContactMutations(contact.id);
  const [editing, setEditing] = useState(false);
  const [consentState, setConsentState] = useState<'opt-in' | 'opt-out' | null>(null);
  const [erasing, setErasing] = useState(false);
  const [exporting, setExporting] = useState(false);
  const erased = !!contact.erasedAt;
  const name = contact.name || displayPhone(contact.phone) || t('erasedName');

  const exportData = async () => {
    setExporting(true);
    try {
      await downloadJson(`/contacts/${contact.id}/export`, `contato-${contact.id}.json`);
      toast.success(t('exported'));
    } catch (error) {
      toast.error(t('actionFailed'), { description: errorMessage(error) });
    } finally {
      setExporting(false);
    }
  };

  return (
    <PageContainer className="max-w-6xl">
      <Button variant="ghost" size="sm" className="-ml-2 mb-4 text-muted-foreground" asChild>
        <Link href="/contacts">
          <ArrowLeftIcon />
          {t('back')}
        </Link>
      </Button>
      <div
        className="flex flex-col gap-4 sm:flex-row sm:items-center"
        data-testid="contact-detail"
        data-consent={contact.consent}
      >
        <Avatar className="size-16">
          <AvatarFallback className={cn('font-semibold text-xl', avatarColor(contact.id))}>
            {initials(contact.name || (contact.phone ?? '?').slice(-2))}
          </AvatarFallback>
        </Avatar>
        <div className="grid flex-1 gap-1">
          <h1 className="font-semibold text-2xl tracking-tight" data-testid="contact-name">
            {name}
          </h1>
          <div className="flex flex-wrap items-center gap-2 text-muted-foreground text-sm">
            <span className="font-mono">{displayPhone(contact.phone)}</span>
            <ConsentBadge consent={contact.consent} />
            {contact.blocked && (
              <Badge variant="destructive">
                <BanIcon />
                {t('blocked')}
              </Badge>
            )}
            {erased && <Badge variant="muted">{t('erasedBadge')}</Badge>}
          </div>
        </div>
        {!erased && (
          <div className="flex flex-wrap gap-2">
            {canEdit && (
              <Button variant="outline" onClick={() => setEditing(true)} data-testid="contact-edit">
                <PencilIcon />
                {t('edit')}
              </Button>
            )}
            {canEdit &&
              (contact.consent === 'opted_out' ? (
                <Button
                  variant="outline"
                  onClick={() => setConsentState('opt-in')}
                  data-testid="contact-opt-in"
                >
                  <ShieldCheckIcon />
                  {t('optIn')}
                </Button>
              ) : (
                <Button
                  variant="outline"
                  onClick={() => setConsentState('opt-out')}
                  data-testid="contact-opt-out"
                >
                  <ShieldOffIcon />
                  {t('optOut')}
                </Button>
              ))}
            <Button variant="outline" onClick={exportData} disabled={exporting} data-testid="contact-export">
              {exporting ? <Loader2Icon className="animate-spin" /> : <DownloadIcon />}
              {t('export')}
            </Button>
            {canErase && (
              <Button
                variant="outline"
                className="text-destructive"
                onClick={() => setErasing(true)}
                data-testid="contact-erase"
              >
                <Trash2Icon />
                {t('erase')}
              </Button>
            )}
          </div>
        )}
      </div>

      <div className="mt-8 grid gap-6 lg:grid-cols-[340px_minmax(0,1fr)]">
        <div className="grid content-start gap-6">
          <Card>
            <CardHeader>
              <CardTitle className="text-base">{t('details')}</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="grid gap-3">
                <Fact label={t('email')}>{contact.email || '—'}</Fact>
                <Fact label={t('cpfCnpj')}>{contact.cpfCnpj ? formatCpfCnpj(contact.cpfCnpj) : '—'}</Fact>
                <Fact label={t('waId')}>
                  <span className="font-mono">{contact.waId || '—'}</span>
                </Fact>
                <Fact label={t('tags')}>
                  {contact.tags.length ? (
                    <span className="flex flex-wrap gap-1">
                      {contact.tags.map((tag) => (
                        <Badge key={tag} variant="secondary">
                          {tag}
                        </Badge>
                      ))}
                    </span>
                  ) : (
                    '—'
                  )}
                </Fact>
                {Object.entries(contact.customFields).map(([k, v]) => (
                  <Fact key={k} label={k}>
                    {v}
                  </Fact>
                ))}
                <Fact label={t('firstTouch')}>
                  {contact.firstTouch
                    ? [contact.firstTouch.source, contact.firstTouch.campaign, contact.firstTouch.medium]
                        .filter(Boolean)
                        .join(' · ')
                    : t('organic')}
                </Fact>
                <Fact label={t('created')}>{formatDate(contact.createdAt)}</Fact>
              </dl>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle className="text-base">{t('consentHistory')}</CardTitle>
            </CardHeader>
            <CardContent>
              {contact.consentEvents.length === 0 ? (
                <p className="text-muted-foreground text-sm">{t('noConsentEvents')}</p>
              ) : (
                <ol className="grid gap-2.5" data-testid="consent-history">
                  {contact.consentEvents.map((e) => (
                    <li key={e.id} className="flex items-start gap-2 text-sm">
                      <ConsentBadge consent={e.state} />
                      <span className="grid">
                        <span>{t('via', { source: e.source })}</span>
                        <span className="text-muted-foreground text-xs">{formatDate(e.createdAt)}</span>
                      </span>
                    </li>
                  ))}
                </ol>
              )}
            </CardContent>
          </Card>
        </div>

        <div className="grid content-start gap-6">
          <div className="grid grid-cols-3 gap-3">
            {(['conversations', 'tickets', 'messages'] as const).map((k) => (
              <Card key={k} className="gap-1 py-4">
                <CardContent className="grid gap-0.5 px-4">
                  <span className="font-semibold text-2xl tabular-nums">{contact.stats[k]}</span>
                  <span className="text-muted-foreground text-xs">{t(`stats.${k}`)}</span>
                </CardContent>
              </Card>
            ))}
          </div>
          <Card>
            <CardHeader>
              <CardTitle className="text-base">{t('journey')}</CardTitle>
            </CardHeader>
            <CardContent>
              {erased ? (
                <p className="text-muted-foreground text-sm">{t('erasedJourney')}</p>
              ) : journey.isPending ? (
                <p className="text-muted-foreground text-sm">…</p>
              ) : journey.isError ? (
                <p className="text-muted-foreground text-sm">{errorMessage(journey.error)}</p>
              ) : journey.data.tickets.length === 0 ? (
                <p className="text-muted-foreground text-sm">{t('noTickets')}</p>
              ) : (
                <ol className="grid gap-2">
                  {journey.data.tickets.map((ticket) => (
                    <li
                      key={ticket.id}
                      className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border px-3 py-2 text-sm"
                    >
                      <StatusBadge status={ticket.status} />
                      <span className="font-medium">{ticket.source}</span>
                      {ticket.attribution?.campaign && (
                        <span className="text-muted-foreground">{ticket.attribution.campaign}</span>
                      )}
                      {ticket.outcome && <Badge variant="outline">{tOutcome(ticket.outcome)}</Badge>}
                      <span className="ml-auto text-muted-foreground text-xs">
                        <RelativeTime value={ticket.openedAt} />
                      </span>
                      <Button variant="ghost" size="icon-xs" asChild>
                        <Link href={`/inbox/${ticket.conversationId}`} aria-label={t('openConversation')}>
                          <MessagesSquareIcon />
                        </Link>
                      </Button>
                    </li>
                  ))}
                </ol>
              )}
            </CardContent>
          </Card>
          {!erased && journey.data && journey.data.notes.length > 0 && (
            <Card>
              <CardHeader>
                <CardTitle className="text-base">{t('notes')}</CardTitle>
              </CardHeader>
              <CardContent className="grid gap-2">
                {journey.data.notes.map((n) => (
                  <div key={n.id} className="rounded-lg bg-amber-500/10 px-3 py-2 text-sm">
                    <p className="whitespace-pre-wrap">{n.text}</p>
                    <p className="mt-1 text-muted-foreground text-xs">
                      {n.author?.name ?? '—'} · {formatDate(n.createdAt)}
                    </p>
                  </div>
                ))}
              </CardContent>
            </Card>
          )}
        </div>
      </div>

      <ContactFormDialog open={editing} onOpenChange={setEditing} contact={contact} />
      <ConsentDialog
        state={consentState}
        onOpenChange={(o) => !o && setConsentState(null)}
        contactId={contact.id}
      />
      <AlertDialog open={erasing} onOpenChange={setErasing}>
        <AlertDialogContent data-testid="erase-dialog">
          <AlertDialogHeader>
            <AlertDialogTitle>{t('eraseTitle', { name })}</AlertDialogTitle>
            <AlertDialogDescription>{t('eraseDescription')}</AlertDialogDescription>
          </AlertDialogHeader>
          <p className="text-muted-foreground text-sm">
            {t('eraseKeeps', { consent: tConsent(contact.consent) })}
          </p>
          <AlertDialogFooter>
            <AlertDialogCancel>{t('cancel')}</AlertDialogCancel>
            <Button
              variant="destructive"
              disabled={erase.isPending}
              data-testid="erase-confirm"
              onClick={() =>
                erase.mutate(undefined, {
                  onSuccess: (result) => {
                    setErasing(false);
                    toast.success(t('erased'), {
                      description: t('erasedDetail', { messages: result?.messagesScrubbed ?? 0 }),
                    });
                  },
                  onError: (error) => toast.error(t('actionFailed'), { description: errorMessage(error) }),
                })
              }
            >
              {erase.isPending && <Loader2Icon className="animate-spin" />}
              {t('eraseConfirm')}
            </Button>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </PageContainer>
  );
}
