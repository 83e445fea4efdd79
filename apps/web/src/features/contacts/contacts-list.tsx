'use client';

import type { ContactView } from '@conversa/shared';
import {
  ContactRoundIcon,
  DownloadIcon,
  Loader2Icon,
  PlusIcon,
  RotateCcwIcon,
  SearchIcon,
  TagIcon,
  XIcon,
} from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useMemo, useState } from 'react';
import { Avatar, AvatarFallback } from '@/components/ui/avatar';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { useCan } from '@/features/auth/me-context';
import { RelativeTime } from '@/features/channels/relative-time';
import { ConsentBadge } from '@/features/inbox/contact-panel';
import { avatarColor, displayPhone } from '@/features/inbox/format';
import { PageContainer, PageHeader } from '@/features/shell/page-header';
import { useErrorMessage } from '@/lib/use-error-message';
import { cn, initials } from '@/lib/utils';
import { ContactFormDialog } from './contact-form-dialog';
import { type ContactFilters, contactQuery, defaultContactFilters, useContacts } from './queries';

const skeletonRows = ['a', 'b', 'c', 'd', 'e', 'f'];

/** Contacts: search by name, number, e-mail or CPF/CNPJ; filter by tag and consent; create; export CSV. */
export function ContactsList() {
  const t = useTranslations('contacts.list');
  const tConsent = useTranslations('contacts.consent');
  const router = useRouter();
  const canEdit = useCan('AGENT');
  const errorMessage = useErrorMessage();
  const [filters, setFilters] = useState<ContactFilters>(defaultContactFilters);
  const [search, setSearch] = useState('');
  const [tag, setTag] = useState('');
  const [creating, setCreating] = useState(false);
  useEffect(() => {
    const timer = setTimeout(
      () => setFilters((f) => (f.q === search && f.tag === tag ? f : { ...f, q: search, tag })),
      300,
    );
    return () => clearTimeout(timer);
  }, [search, tag]);

  const query = useContacts(filters);
  const contacts = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const filtered = filters.q !== '' || filters.tag !== '' || filters.consent !== 'all';
  const exportHref = `/api/v1/contacts/export.csv?${contactQuery(filters)}`;

  return (
    <PageContainer className="max-w-7xl">
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          <>
            <Button variant="outline" asChild>
              <a href={exportHref} download data-testid="contacts-export-csv">
                <DownloadIcon />
                {t('exportCsv')}
              </a>
            </Button>
            {canEdit && (
              <Button onClick={() => setCreating(true)} data-testid="contact-new">
                <PlusIcon />
                {t('new')}
              </Button>
            )}
          </>
        }
      />
      <div className="mt-6 flex flex-col gap-2 sm:flex-row">
        <div className="relative flex-1">
          <SearchIcon className="-translate-y-1/2 absolute top-1/2 left-3 size-4 text-muted-foreground" />
          <Input
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder={t('search')}
            aria-label={t('search')}
            className="pl-9"
            maxLength={200}
            data-testid="contacts-search"
          />
        </div>
        <div className="relative sm:w-48">
          <TagIcon className="-translate-y-1/2 absolute top-1/2 left-3 size-4 text-muted-foreground" />
          <Input
            value={tag}
            onChange={(e) => setTag(e.target.value)}
            placeholder={t('tag')}
            aria-label={t('tag')}
            className="pl-9"
            maxLength={50}
          />
        </div>
        <Select
          value={filters.consent}
          onValueChange={(v) => setFilters((f) => ({ ...f, consent: v as ContactFilters['consent'] }))}
        >
          <SelectTrigger className="sm:w-60" aria-label={t('consent')}>
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="all">{t('anyConsent')}</SelectItem>
            <SelectItem value="opted_in">{tConsent('opted_in')}</SelectItem>
            <SelectItem value="opted_out">{tConsent('opted_out')}</SelectItem>
            <SelectItem value="unknown">{tConsent('unknown')}</SelectItem>
          </SelectContent>
        </Select>
      </div>

      <div className="mt-4 overflow-hidden rounded-xl border bg-card" data-testid="contacts-list">
        {query.isPending ? (
          <div className="grid gap-3 p-4">
            {skeletonRows.map((k) => (
              <Skeleton key={k} className="h-10" />
            ))}
          </div>
        ) : query.isError && contacts.length === 0 ? (
          <EmptyState
            title={t('loadFailed')}
            description={errorMessage(query.error)}
            action={
              <Button variant="outline" size="sm" onClick={() => query.refetch()}>
                <RotateCcwIcon />
                {t('retry')}
              </Button>
            }
          />
        ) : contacts.length === 0 ? (
          <EmptyState
            icon={filtered ? <SearchIcon /> : <ContactRoundIcon />}
            title={filtered ? t('noMatch') : t('empty')}
            description={filtered ? t('noMatchHint') : t('emptyHint')}
            action={
              filtered ? (
                <Button
                  variant="outline"
                  size="sm"
                  onClick={() => {
                    setSearch('');
                    setTag('');
                    setFilters(defaultContactFilters);
                  }}
                >
                  <XIcon />
                  {t('clear')}
                </Button>
              ) : canEdit ? (
                <Button size="sm" onClick={() => setCreating(true)}>
                  <PlusIcon />
                  {t('new')}
                </Button>
              ) : undefined
            }
          />
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>{t('name')}</TableHead>
                <TableHead>{t('phone')}</TableHead>
                <TableHead className="hidden md:table-cell">{t('tags')}</TableHead>
                <TableHead>{t('consent')}</TableHead>
                <TableHead className="hidden lg:table-cell">{t('created')}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody className={cn(query.isPlaceholderData && 'opacity-60')}>
              {contacts.map((c) => (
                <Row key={c.id} contact={c} onOpen={() => router.push(`/contacts/${c.id}`)} />
              ))}
            </TableBody>
          </Table>
        )}
        {query.hasNextPage && (
          <div className="flex justify-center border-t p-3">
            <Button
              variant="ghost"
              size="sm"
              onClick={() => query.fetchNextPage()}
              disabled={query.isFetchingNextPage}
            >
              {query.isFetchingNextPage && <Loader2Icon className="animate-spin" />}
              {t('more')}
            </Button>
          </div>
        )}
      </div>
      <ContactFormDialog
        open={creating}
        onOpenChange={setCreating}
        onSaved={(c) => router.push(`/contacts/${c.id}`)}
      />
    </PageContainer>
  );
}

function Row({ contact: c, onOpen }: { contact: ContactView; onOpen: () => void }) {
  const t = useTranslations('contacts.list');
  const name = c.name || displayPhone(c.phone) || t('erased');
  return (
    <TableRow
      className="cursor-pointer"
      onClick={onOpen}
      data-testid="contact-row"
      data-contact-id={c.id}
      data-consent={c.consent}
    >
      <TableCell>
        <a
          href={`/contacts/${c.id}`}
          onClick={(e) => {
            e.preventDefault();
            onOpen();
          }}
          className="flex items-center gap-3 font-medium outline-none focus-visible:underline"
        >
          <Avatar className="size-8">
            <AvatarFallback className={cn('font-semibold text-[11px]', avatarColor(c.id))}>
              {initials(c.name || (c.phone ?? '?').slice(-2))}
            </AvatarFallback>
          </Avatar>
          <span className="truncate" data-testid="contact-row-name">
            {name}
          </span>
        </a>
      </TableCell>
      <TableCell className="font-mono text-muted-foreground text-sm">{displayPhone(c.phone)}</TableCell>
      <TableCell className="hidden md:table-cell">
        <div className="flex max-w-64 flex-wrap gap-1">
          {c.tags.slice(0, 4).map((tag) => (
            <Badge key={tag} variant="secondary">
              {tag}
            </Badge>
          ))}
          {c.tags.length > 4 && <Badge variant="muted">+{c.tags.length - 4}</Badge>}
        </div>
      </TableCell>
      <TableCell>
        <ConsentBadge consent={c.consent} />
      </TableCell>
      <TableCell className="hidden text-muted-foreground text-sm lg:table-cell">
        <RelativeTime value={c.createdAt} />
      </TableCell>
    </TableRow>
  );
}
