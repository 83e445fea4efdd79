'use client';

import { useQueryClient } from '@tanstack/react-query';
import { usePathname, useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef } from 'react';
import { useCan, useMe } from '@/features/auth/me-context';
import { displayPhone } from '@/features/inbox/format';
import { useMessageSummary } from '@/features/inbox/message-bubble';
import { inboxKeys, useAgents, useInboxCounts } from '@/features/inbox/queries';
import type { ConversationDetail, Message } from '@/features/inbox/types';
import { api } from '@/lib/api-client';
import { type RealtimeEvent, useRealtime } from '@/lib/realtime';
import { playChime } from './chime';
import { useAlertPreferences } from './preferences';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const titlePrefix = /^\(\d+\+?\) /;

/**
 * Whether a new customer message is this person's business: their own conversation, or one waiting for
 * someone (no one has it, not with the assistant) in one of their departments — unless they are away.
 */
export function concernsMe(
  conversation: Pick<ConversationDetail, 'assignee' | 'queue' | 'department'>,
  me: { id: string; available: boolean; departmentIds: string[] },
): boolean {
  if (conversation.assignee) return conversation.assignee.id === me.id;
  if (conversation.queue === 'ai' || !me.available) return false;
  const department = conversation.department?.id;
  return !department || me.departmentIds.length === 0 || me.departmentIds.includes(department);
}

/**
 * App-wide, for people who answer: the tab's title counts the conversations waiting on them ("(3) Conversas"),
 * and a new customer message in one of them chimes and, when the app is not in front, shows a desktop
 * notification that opens the conversation. Nothing for the conversation already on screen.
 */
export function InboxAlerts() {
  const canAnswer = useCan('AGENT');
  return canAnswer ? <Alerts /> : null;
}

function Alerts() {
  const me = useMe();
  const router = useRouter();
  const pathname = usePathname();
  const queryClient = useQueryClient();
  const summary = useMessageSummary();
  const agents = useAgents();
  const [preferences] = useAlertPreferences();
  const lastChime = useRef(0);

  const state = useRef({ pathname, preferences, agents: agents.data, summary });
  useEffect(() => {
    state.current = { pathname, preferences, agents: agents.data, summary };
  });

  // A new message changes the counts: ask again, at most every 3 s however busy the stream is.
  const recountTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const recount = useCallback(() => {
    if (recountTimer.current) return;
    recountTimer.current = setTimeout(() => {
      recountTimer.current = null;
      void queryClient.invalidateQueries({ queryKey: [...inboxKeys.all(me.tenant.id), 'counts'] });
    }, 3_000);
  }, [queryClient, me.tenant.id]);
  useEffect(() => () => clearTimeout(recountTimer.current ?? undefined), []);

  const onEvent = useCallback(
    async (event: RealtimeEvent) => {
      if (event.type !== 'message.created' || !isRecord(event.data)) return;
      const { conversationId, message } = event.data as { conversationId?: string; message?: Message };
      if (!conversationId || message?.direction !== 'inbound' || message.type === 'reaction') return;
      const { pathname: path, preferences: prefs, agents: team, summary: line } = state.current;
      recount();
      const inFront = document.visibilityState === 'visible' && document.hasFocus();
      if (inFront && path === `/inbox/${conversationId}`) return;
      const notify = prefs.desktop && !inFront && typeof Notification !== 'undefined';
      if (!prefs.sound && !(notify && Notification.permission === 'granted')) return;
      const conversation = await queryClient
        .fetchQuery({
          queryKey: inboxKeys.one(me.tenant.id, conversationId),
          queryFn: () => api<ConversationDetail>(`/conversations/${conversationId}`),
          staleTime: 1_000,
        })
        .catch(() => null);
      const self = team?.find((a) => a.id === me.user.id);
      if (
        !conversation ||
        !concernsMe(conversation, {
          id: me.user.id,
          available: self?.available ?? true,
          departmentIds: self?.departmentIds ?? [],
        })
      )
        return;
      // A burst of messages chimes once.
      if (prefs.sound && Date.now() - lastChime.current > 1_500) {
        lastChime.current = Date.now();
        playChime();
      }
      if (notify && Notification.permission === 'granted') {
        const contact = conversation.contact;
        const shown = new Notification(contact.name || displayPhone(contact.phone), {
          body: line(message),
          // One notification per conversation: a newer message replaces the older one.
          tag: `conversa:${conversationId}`,
          icon: '/icon.svg',
          lang: document.documentElement.lang,
        });
        shown.onclick = () => {
          window.focus();
          router.push(`/inbox/${conversationId}`);
          shown.close();
        };
      }
    },
    [me.tenant.id, me.user.id, queryClient, router, recount],
  );
  const live = useRealtime({ onEvent: (event) => void onEvent(event) });
  const counts = useInboxCounts(live);

  // "(3) Conversas · Conversa": what waits on this person, in the tab they glance at.
  const waiting = (counts.data?.mine.unread ?? 0) + (counts.data?.unassigned.unread ?? 0);
  useEffect(() => {
    const label = waiting > 99 ? '99+' : String(waiting);
    const apply = () => {
      const base = document.title.replace(titlePrefix, '');
      const next = waiting > 0 ? `(${label}) ${base}` : base;
      if (document.title !== next) document.title = next;
    };
    apply();
    // Each navigation sets a new title: put the count back on it.
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => {
      observer.disconnect();
      document.title = document.title.replace(titlePrefix, '');
    };
  }, [waiting]);

  return null;
}
