'use client';

import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { Avatar, AvatarFallback } from '@/components/ui/avatar';
import { AgentConversation } from '@/features/sandbox/agent-conversation';
import { useConversations, useMessages } from '@/features/sandbox/queries';
import { cn, initials } from '@/lib/utils';
import { useConversationStream } from './queries';
import { RelativeTime } from './relative-time';
import type { Channel } from './types';

/**
 * The round-trip step needs a reply to a real customer before the inbox screens exist: the latest
 * conversations of this number, and the same agent view the sandbox uses.
 */
export function TestConversation({ channel }: { channel: Channel }) {
  const t = useTranslations('channels.testConversation');
  const [selected, setSelected] = useState<string | null>(null);
  const [streamId, setStreamId] = useState<string | null>(null);
  const live = useConversationStream(channel.id, streamId);
  const conversations = useConversations(channel.id, live);
  const items = useMemo(() => conversations.data?.items ?? [], [conversations.data]);
  const current = items.find((c) => c.id === selected) ?? items[0] ?? null;
  if ((current?.id ?? null) !== streamId) setStreamId(current?.id ?? null);
  const messages = useMessages(current?.id ?? null, live);

  return (
    <section className="grid gap-4" data-testid="test-conversation" aria-labelledby="test-conversation-title">
      <div className="grid gap-1">
        <h2 id="test-conversation-title" className="font-semibold text-lg tracking-tight">
          {t('title')}
        </h2>
        <p className="max-w-3xl text-muted-foreground text-sm">{t('description')}</p>
      </div>
      <div className="grid gap-4 lg:grid-cols-[280px_minmax(0,1fr)]">
        <nav aria-label={t('listLabel')} className="grid content-start gap-1 rounded-xl border bg-card p-2">
          {items.length === 0 ? (
            <p className="px-2 py-6 text-center text-muted-foreground text-sm">
              {conversations.isPending ? t('loading') : t('empty')}
            </p>
          ) : (
            items.slice(0, 12).map((c) => {
              const name = c.contact.name || c.contact.phone;
              const active = c.id === current?.id;
              return (
                <button
                  key={c.id}
                  type="button"
                  onClick={() => setSelected(c.id)}
                  aria-current={active ? 'true' : undefined}
                  className={cn(
                    'flex items-center gap-3 rounded-lg px-2.5 py-2 text-left outline-none transition-colors focus-visible:ring-[3px] focus-visible:ring-ring/50',
                    active ? 'bg-accent' : 'hover:bg-accent/60',
                  )}
                >
                  <Avatar className="size-8">
                    <AvatarFallback className="bg-muted text-[11px]">{initials(name)}</AvatarFallback>
                  </Avatar>
                  <span className="grid min-w-0 flex-1">
                    <span className="truncate font-medium text-sm">{name}</span>
                    <span className="truncate text-muted-foreground text-xs">
                      {c.lastMessage?.text ?? '—'}
                    </span>
                  </span>
                  <span className="shrink-0 text-[11px] text-muted-foreground">
                    <RelativeTime value={c.updatedAt} />
                  </span>
                </button>
              );
            })
          )}
        </nav>
        <AgentConversation
          conversation={current}
          messages={current ? (messages.data?.items ?? []) : []}
          loading={conversations.isPending || (!!current && messages.isPending)}
          live={live}
          className="h-[520px]"
          emptyHint={t('emptyHint', { phone: channel.displayPhone ?? t('yourNumber') })}
        />
      </div>
    </section>
  );
}
