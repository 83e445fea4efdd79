'use client';

import { roleAtLeast } from '@conversa/shared';
import { MessagesSquareIcon } from 'lucide-react';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { Group, Panel, Separator, useDefaultLayout, usePanelRef } from 'react-resizable-panels';
import { Kbd } from '@/components/ui/kbd';
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from '@/components/ui/sheet';
import { Skeleton } from '@/components/ui/skeleton';
import { useMe } from '@/features/auth/me-context';
import { type ChatHandle, ChatView } from './chat-view';
import { ContactPanel } from './contact-panel';
import { ConversationList } from './conversation-list';
import { useConversationList, useInboxChannels, useInboxRealtime } from './queries';
import { type Conversation, defaultFilters, type InboxFilters, isAgentFilter } from './types';

const desktopQuery = '(min-width: 1024px)';
const subscribeMedia = (listener: () => void) => {
  const m = window.matchMedia(desktopQuery);
  m.addEventListener('change', listener);
  return () => m.removeEventListener('change', listener);
};
const noop = () => () => {};

/** Typing in a field or using a dialog or menu must never trigger an inbox shortcut. */
function isTyping(target: EventTarget | null) {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) ||
    target.closest('[role="dialog"], [role="alertdialog"], [role="menu"], [role="listbox"]') !== null
  );
}

/** Enter on a button, link or tab activates it: the inbox's Enter is only for when nothing is focused. */
function isControl(target: EventTarget | null) {
  return target instanceof HTMLElement && target.closest('button, a[href], [role="tab"], summary') !== null;
}

/** The shell's two-key navigation (`g` then a letter) owns the letter that follows `g`. */
const shellChordMs = 1200;

const filtersKey = 'conversa:inbox-filters';
const layoutStorage = {
  getItem: (key: string) => (typeof window === 'undefined' ? null : window.localStorage.getItem(key)),
  setItem: (key: string, value: string) => {
    try {
      window.localStorage.setItem(key, value);
    } catch {
      // Private mode: the layout is not remembered.
    }
  },
};

function useSelected(): [string | null, (id: string | null) => void] {
  const pathname = usePathname();
  const match = /^\/inbox\/([^/]+)/.exec(pathname);
  const selected = match?.[1] ? decodeURIComponent(match[1]) : null;
  // The URL changes without a server round trip: the list and the realtime stream stay mounted.
  const select = useCallback((id: string | null) => {
    const path = id ? `/inbox/${id}` : '/inbox';
    if (window.location.pathname !== path) window.history.pushState(null, '', path);
  }, []);
  return [selected, select];
}

function EmptyChat() {
  const t = useTranslations('inbox.chat');
  const tShortcuts = useTranslations('inbox.shortcuts');
  const mod = useSyncExternalStore(
    noop,
    () => (/Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl'),
    () => 'Ctrl',
  );
  return (
    <div
      className="flex h-full flex-col items-center justify-center gap-5 bg-muted/20 px-6 text-center"
      data-testid="no-conversation"
    >
      <div className="flex size-16 items-center justify-center rounded-2xl border bg-background shadow-sm">
        <MessagesSquareIcon className="size-7 text-primary" />
      </div>
      <div className="grid max-w-sm gap-1">
        <h2 className="font-medium">{t('noneTitle')}</h2>
        <p className="text-muted-foreground text-sm">{t('noneHint')}</p>
      </div>
      <ul className="grid gap-1.5 text-muted-foreground text-xs">
        <li className="flex items-center justify-center gap-1.5">
          <Kbd>J</Kbd>
          <Kbd>K</Kbd>
          {tShortcuts('move')}
        </li>
        <li className="flex items-center justify-center gap-1.5">
          <Kbd>/</Kbd>
          <Kbd>{mod} K</Kbd>
          {tShortcuts('searchHint')}
        </li>
        <li className="flex items-center justify-center gap-1.5">
          <Kbd>?</Kbd>
          {tShortcuts('all')}
        </li>
      </ul>
    </div>
  );
}

function ListSkeleton() {
  return (
    <div className="flex h-full">
      <div className="grid w-[360px] content-start gap-4 border-r p-3">
        <Skeleton className="h-7 w-32" />
        <Skeleton className="h-8" />
        <Skeleton className="h-9" />
        {[0, 1, 2, 3, 4, 5].map((i) => (
          <div key={i} className="flex items-center gap-3">
            <Skeleton className="size-12 rounded-full" />
            <div className="grid flex-1 gap-2">
              <Skeleton className="h-4 w-3/5" />
              <Skeleton className="h-3 w-4/5" />
            </div>
          </div>
        ))}
      </div>
      <div className="flex-1 bg-muted/20" />
    </div>
  );
}

/** The team inbox: conversation list · chat · contact panel, in resizable columns (stacked on phones). */
export function InboxScreen() {
  const [selectedId, select] = useSelected();
  const isDesktop = useSyncExternalStore(
    typeof window === 'undefined' ? noop : subscribeMedia,
    () => window.matchMedia(desktopQuery).matches,
    () => true,
  );
  const mounted = useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );

  const me = useMe();
  const canPickAgent = roleAtLeast(me.role, 'MANAGER');
  const [filters, setFilters] = useState<InboxFilters>(defaultFilters);
  useEffect(() => {
    try {
      const saved = JSON.parse(sessionStorage.getItem(filtersKey) ?? 'null') as Partial<InboxFilters> | null;
      if (!saved) return;
      const next = { ...defaultFilters, ...saved, q: '' };
      // One agent's view is for managers; a role change since then falls back to all conversations.
      if (typeof next.assignee !== 'string' || (isAgentFilter(next.assignee) && !canPickAgent))
        next.assignee = 'all';
      if (typeof next.departmentId !== 'string') next.departmentId = 'all';
      setFilters(next);
    } catch {
      // Nothing saved.
    }
  }, [canPickAgent]);
  const updateFilters = useCallback((patch: Partial<InboxFilters>) => {
    setFilters((f) => {
      const next = { ...f, ...patch };
      try {
        sessionStorage.setItem(filtersKey, JSON.stringify(next));
      } catch {
        // Private mode.
      }
      return next;
    });
  }, []);

  const live = useInboxRealtime(selectedId, filters);
  const list = useConversationList(filters, live);
  // Stable: the list's "load more" effect then runs when the scroll position or the page state moves, not on
  // every render of the screen.
  const { fetchNextPage: fetchListPage } = list;
  const fetchNextPage = useCallback(() => void fetchListPage(), [fetchListPage]);
  const channels = useInboxChannels();
  const conversations = useMemo(() => {
    const seen = new Set<string>();
    const out: Conversation[] = [];
    for (const page of list.data?.pages ?? [])
      for (const c of page.items) {
        if (seen.has(c.id)) continue;
        seen.add(c.id);
        out.push(c);
      }
    return out;
  }, [list.data]);

  const [contactOpen, setContactOpen] = useState(true);
  const [sheetOpen, setSheetOpen] = useState(false);
  const contactPanel = usePanelRef();
  const toggleContact = useCallback(() => {
    if (isDesktop) {
      const panel = contactPanel.current;
      if (panel) {
        if (panel.isCollapsed()) panel.expand();
        else panel.collapse();
        return;
      }
    }
    setContactOpen((o) => !o);
  }, [isDesktop, contactPanel]);

  const chatRef = useRef<ChatHandle>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  // j/k and ↑/↓ move between conversations; Enter/o opens; / or Ctrl+K searches; r replies; e resolves;
  // a assigns to me; Esc closes. The same list is in features/shell/shortcuts-dialog.tsx.
  const state = useRef({ conversations, selectedId });
  useEffect(() => {
    state.current = { conversations, selectedId };
  });
  useEffect(() => {
    let lastG = 0;
    const focusSearch = (event: KeyboardEvent) => {
      const input = searchRef.current;
      if (!input) return;
      event.preventDefault();
      input.focus();
      input.select();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || isTyping(event.target)) return;
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'k') {
        focusSearch(event);
        return;
      }
      if (event.metaKey || event.ctrlKey) return;
      if (event.key.toLowerCase() === 'g') {
        lastG = Date.now();
        return;
      }
      if (Date.now() - lastG < shellChordMs) {
        lastG = 0;
        return;
      }
      const { conversations: list, selectedId: current } = state.current;
      const index = current ? list.findIndex((c) => c.id === current) : -1;
      const move = (step: number) => {
        const next = list[Math.min(list.length - 1, Math.max(0, index + step))];
        if (next) {
          event.preventDefault();
          select(next.id);
        }
      };
      switch (event.key) {
        case 'j':
        case 'ArrowDown':
          if (index === -1 && list[0]) {
            event.preventDefault();
            select(list[0].id);
          } else move(1);
          return;
        case 'k':
        case 'ArrowUp':
          move(-1);
          return;
        case 'Escape':
          if (current) {
            event.preventDefault();
            select(null);
          }
          return;
        case 'Enter':
        case 'o':
          // Enter on a focused button or link is that control's; with nothing focused it opens.
          if (event.key === 'Enter' && isControl(event.target)) return;
          if (!current) {
            if (list[0]) {
              event.preventDefault();
              select(list[0].id);
            }
          } else {
            event.preventDefault();
            chatRef.current?.focusComposer();
          }
          return;
        case '/':
          focusSearch(event);
          return;
        case 'e':
          if (current) {
            event.preventDefault();
            chatRef.current?.openDialog('resolve');
          }
          return;
        case 'a':
          if (current) {
            event.preventDefault();
            chatRef.current?.assignToMe();
          }
          return;
        case 'r':
          if (current) {
            event.preventDefault();
            chatRef.current?.focusComposer();
          }
          return;
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [select]);

  const { defaultLayout, onLayoutChanged } = useDefaultLayout({
    id: 'conversa-inbox',
    storage: layoutStorage,
  });

  if (!mounted) return <ListSkeleton />;

  const listView = (
    <ConversationList
      conversations={conversations}
      selectedId={selectedId}
      onSelect={select}
      filters={filters}
      onFilters={updateFilters}
      channels={channels.data?.items ?? []}
      live={live}
      searchRef={searchRef}
      status={{
        pending: list.isPending,
        error: list.error,
        hasNextPage: !!list.hasNextPage,
        fetchingNextPage: list.isFetchingNextPage,
        fetchNextPage,
        refetch: () => void list.refetch(),
      }}
    />
  );

  if (!isDesktop) {
    return (
      <div className="h-full" data-testid="inbox">
        {selectedId ? (
          <ChatView
            ref={chatRef}
            conversationId={selectedId}
            live={live}
            contactPanelOpen={false}
            onToggleContactPanel={() => setSheetOpen(true)}
            onBack={() => select(null)}
          />
        ) : (
          listView
        )}
        <InboxContactSheet
          open={!!selectedId && sheetOpen}
          conversationId={selectedId}
          onOpenChange={setSheetOpen}
        />
      </div>
    );
  }

  return (
    <div className="h-full" data-testid="inbox">
      <Group
        id="conversa-inbox"
        orientation="horizontal"
        defaultLayout={defaultLayout}
        onLayoutChanged={onLayoutChanged}
        className="h-full"
      >
        <Panel id="list" defaultSize="27%" minSize="280px" maxSize="45%" className="bg-background">
          {listView}
        </Panel>
        <Separator className="w-px bg-border transition-colors data-[separator=active]:bg-primary data-[separator=hover]:bg-primary/50" />
        <Panel id="chat" minSize="380px">
          {selectedId ? (
            <ChatView
              ref={chatRef}
              conversationId={selectedId}
              live={live}
              contactPanelOpen={contactOpen}
              onToggleContactPanel={toggleContact}
            />
          ) : (
            <EmptyChat />
          )}
        </Panel>
        <Separator className="w-px bg-border transition-colors data-[separator=active]:bg-primary data-[separator=hover]:bg-primary/50" />
        <Panel
          id="contact"
          defaultSize="22%"
          minSize="260px"
          maxSize="38%"
          collapsible
          collapsedSize="0%"
          panelRef={contactPanel}
          onResize={(size) => setContactOpen(size.asPercentage > 0)}
          className="bg-background"
        >
          {selectedId ? (
            <ContactPanel conversationId={selectedId} onClose={toggleContact} />
          ) : (
            <div className="h-full bg-muted/10" />
          )}
        </Panel>
      </Group>
    </div>
  );
}

function InboxContactSheet({
  open,
  conversationId,
  onOpenChange,
}: {
  open: boolean;
  conversationId: string | null;
  onOpenChange: (open: boolean) => void;
}) {
  const t = useTranslations('inbox.contact');
  return (
    <Sheet open={open} onOpenChange={onOpenChange}>
      <SheetContent side="right" className="w-[90vw] max-w-sm p-0" closeLabel={t('close')}>
        <SheetHeader className="sr-only">
          <SheetTitle>{t('title')}</SheetTitle>
          <SheetDescription>{t('label')}</SheetDescription>
        </SheetHeader>
        {conversationId && <ContactPanel conversationId={conversationId} />}
      </SheetContent>
    </Sheet>
  );
}
