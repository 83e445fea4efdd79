'use client';

import { normalizePhone, SANDBOX_UNDELIVERABLE_PHONE, samePhone } from '@conversa/shared';
import { useMutation } from '@tanstack/react-query';
import {
  ArrowLeftIcon,
  BatteryFullIcon,
  CheckCheckIcon,
  CheckIcon,
  CircleAlertIcon,
  ClockIcon,
  RotateCcwIcon,
  SendHorizontalIcon,
  SignalIcon,
  UserRoundIcon,
  WifiIcon,
} from 'lucide-react';
import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { useCan } from '@/features/auth/me-context';
import { useConversationStream } from '@/features/channels/queries';
import type { Channel, Message } from '@/features/channels/types';
import { displayPhone } from '@/features/inbox/format';
import { LogoMark } from '@/features/shell/logo';
import { api } from '@/lib/api-client';
import { useErrorMessage } from '@/lib/use-error-message';
import { cn } from '@/lib/utils';
import { AgentConversation, useStickToBottom } from './agent-conversation';
import { useConversations, useMessages } from './queries';

type Customer = { phone: string; name: string };
type Outgoing = { key: string; text: string; at: number; state: 'sending' | 'accepted' | 'failed' };

export const defaultCustomer: Customer = { phone: '+55 11 98765-4321', name: 'Maria' };
const storageKey = (channelId: string) => `conversa:sandbox-customer:${channelId}`;

/** The customer last used on this channel, so a reload continues the same chat. */
function useRememberedCustomer(channelId: string) {
  const [customer, setCustomer] = useState<Customer>(defaultCustomer);
  useEffect(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(storageKey(channelId)) ?? 'null') as Customer | null;
      if (saved && typeof saved.phone === 'string' && typeof saved.name === 'string') setCustomer(saved);
    } catch {
      // A broken entry is ignored: the default customer is fine.
    }
  }, [channelId]);
  useEffect(() => {
    try {
      localStorage.setItem(storageKey(channelId), JSON.stringify(customer));
    } catch {
      // Private mode: nothing to remember.
    }
  }, [channelId, customer]);
  return [customer, setCustomer] as const;
}

function CustomerTicks({ state }: { state: Outgoing['state'] | 'received' | 'answered' }) {
  const t = useTranslations('sandbox.phone');
  if (state === 'sending')
    return <ClockIcon className="size-3 text-white/60" aria-label={t('sending')} role="img" />;
  if (state === 'accepted')
    return <CheckIcon className="size-3.5 text-white/60" aria-label={t('accepted')} role="img" />;
  if (state === 'failed')
    return <CircleAlertIcon className="size-3.5 text-red-400" aria-label={t('failed')} role="img" />;
  return (
    <CheckCheckIcon
      className={cn('size-3.5', state === 'answered' ? 'text-sky-400' : 'text-white/60')}
      aria-label={t('received')}
      role="img"
    />
  );
}

type PhoneItem =
  | { kind: 'message'; message: Message; answered: boolean }
  | { kind: 'outgoing'; outgoing: Outgoing };

/** A phone with WhatsApp's dark look, where the person types as the customer. */
function CustomerPhone({
  channel,
  items,
  disabled,
  onSend,
  onRetry,
}: {
  channel: Channel;
  items: PhoneItem[];
  disabled: boolean;
  onSend: (text: string) => void;
  onRetry: (outgoing: Outgoing) => void;
}) {
  const t = useTranslations('sandbox.phone');
  const format = useFormatter();
  const [text, setText] = useState('');
  const listRef = useStickToBottom(items);
  const time = (value: number | string) =>
    format.dateTime(new Date(value), { hour: '2-digit', minute: '2-digit' });

  return (
    <div
      className="mx-auto w-full max-w-[360px] rounded-[2.75rem] border border-white/10 bg-zinc-950 p-2.5 shadow-2xl shadow-black/40 ring-1 ring-black/50"
      data-testid="customer-phone"
    >
      <div className="relative flex h-[596px] flex-col overflow-hidden rounded-[2.2rem] bg-[#0b141a] text-[#e9edef]">
        <div
          aria-hidden="true"
          className="absolute top-2 left-1/2 z-10 h-6 w-24 -translate-x-1/2 rounded-full bg-black"
        />
        <div
          aria-hidden="true"
          className="flex h-9 shrink-0 items-center justify-between bg-[#1f2c34] px-7 pt-1 text-[11px] text-white/80"
        >
          <span className="font-semibold">9:41</span>
          <span className="flex items-center gap-1">
            <SignalIcon className="size-3" />
            <WifiIcon className="size-3" />
            <BatteryFullIcon className="size-3.5" />
          </span>
        </div>
        <div className="flex shrink-0 items-center gap-2.5 bg-[#1f2c34] px-3 pt-1 pb-2.5">
          <ArrowLeftIcon className="size-4 text-white/70" aria-hidden="true" />
          <LogoMark className="size-8 rounded-full" />
          <div className="grid min-w-0 leading-tight">
            <span className="truncate font-medium text-[14px]">{channel.name}</span>
            <span className="truncate text-[11px] text-white/55">
              {channel.displayPhone ?? t('business')}
            </span>
          </div>
        </div>

        <div
          ref={listRef}
          className="min-h-0 flex-1 overflow-y-auto bg-[radial-gradient(rgba(255,255,255,0.035)_1px,transparent_1px)] bg-[length:14px_14px] px-3 py-3"
          data-testid="phone-messages"
        >
          <p className="mx-auto mb-3 w-fit max-w-[90%] rounded-lg bg-[#182229] px-3 py-1.5 text-center text-[11px] text-[#ffd279]/90">
            {t('sandboxNotice')}
          </p>
          <ol className="grid gap-1.5" aria-live="polite">
            {items.map((item) => {
              const mine = item.kind === 'outgoing' || item.message.direction === 'inbound';
              const body =
                item.kind === 'outgoing'
                  ? item.outgoing.text
                  : (item.message.text ?? `[${item.message.type}]`);
              const at = item.kind === 'outgoing' ? item.outgoing.at : item.message.createdAt;
              return (
                <li
                  key={item.kind === 'outgoing' ? item.outgoing.key : item.message.id}
                  className={cn('flex', mine ? 'justify-end' : 'justify-start')}
                  data-testid="phone-message"
                  data-mine={mine}
                >
                  <div
                    className={cn(
                      'max-w-[82%] rounded-lg px-2.5 pt-1.5 pb-1 text-[13.5px] leading-snug shadow-sm',
                      mine ? 'rounded-tr-none bg-[#005c4b]' : 'rounded-tl-none bg-[#202c33]',
                    )}
                  >
                    <p className="whitespace-pre-wrap [overflow-wrap:anywhere]">{body}</p>
                    <span className="float-right mt-0.5 ml-2 flex items-center gap-1 text-[10.5px] text-white/55">
                      <time suppressHydrationWarning>{time(at)}</time>
                      {mine && (
                        <CustomerTicks
                          state={
                            item.kind === 'outgoing'
                              ? item.outgoing.state
                              : item.answered
                                ? 'answered'
                                : 'received'
                          }
                        />
                      )}
                    </span>
                    {item.kind === 'outgoing' && item.outgoing.state === 'failed' && (
                      <button
                        type="button"
                        onClick={() => onRetry(item.outgoing)}
                        className="clear-both flex items-center gap-1 pt-1 text-[11px] text-red-300 underline-offset-2 hover:underline"
                      >
                        <RotateCcwIcon className="size-3" />
                        {t('retry')}
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ol>
        </div>

        <form
          className="flex shrink-0 items-center gap-2 bg-[#0b141a] px-2 pt-1.5 pb-5"
          onSubmit={(event) => {
            event.preventDefault();
            const body = text.trim();
            if (!body || disabled) return;
            onSend(body);
            setText('');
          }}
        >
          <input
            value={text}
            onChange={(event) => setText(event.target.value)}
            placeholder={t('placeholder')}
            aria-label={t('composerLabel')}
            maxLength={4096}
            disabled={disabled}
            data-testid="customer-composer"
            className="h-10 min-w-0 flex-1 rounded-full bg-[#1f2c34] px-4 text-[14px] text-[#e9edef] outline-none placeholder:text-white/40 focus-visible:ring-2 focus-visible:ring-[#00a884]/60 disabled:opacity-50"
          />
          <button
            type="submit"
            disabled={disabled || !text.trim()}
            aria-label={t('send')}
            data-testid="customer-send"
            className="flex size-10 shrink-0 items-center justify-center rounded-full bg-[#00a884] text-[#0b141a] outline-none transition-opacity focus-visible:ring-2 focus-visible:ring-white/60 disabled:opacity-50"
          >
            <SendHorizontalIcon className="size-4.5" />
          </button>
        </form>
      </div>
    </div>
  );
}

function CustomerPicker({
  customer,
  onChange,
  recent,
  phoneError,
}: {
  customer: Customer;
  onChange: (customer: Customer) => void;
  recent: Customer[];
  phoneError: boolean;
}) {
  const t = useTranslations('sandbox.customer');
  const nameId = useId();
  const phoneId = useId();
  const errorId = useId();
  return (
    <div
      className="flex flex-col gap-3 rounded-xl border bg-card px-4 py-3 shadow-xs md:flex-row md:items-end md:gap-4"
      data-testid="customer-picker"
    >
      <div className="flex items-center gap-2 font-medium text-sm md:h-9">
        <UserRoundIcon className="size-4 text-muted-foreground" />
        {t('title')}
      </div>
      <div className="grid grid-cols-[1fr_1.4fr] gap-2 md:w-[420px]">
        <div className="grid gap-1.5">
          <Label htmlFor={nameId} className="text-muted-foreground text-xs">
            {t('name')}
          </Label>
          <Input
            id={nameId}
            value={customer.name}
            maxLength={80}
            onChange={(event) => onChange({ ...customer, name: event.target.value })}
            data-testid="customer-name"
          />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor={phoneId} className="text-muted-foreground text-xs">
            {t('phone')}
          </Label>
          <Input
            id={phoneId}
            value={customer.phone}
            inputMode="tel"
            aria-invalid={phoneError}
            aria-describedby={phoneError ? errorId : undefined}
            onChange={(event) => onChange({ ...customer, phone: event.target.value })}
            className="font-mono"
            data-testid="customer-phone-number"
          />
        </div>
      </div>
      {phoneError && (
        <p id={errorId} className="text-destructive text-xs md:self-center">
          {t('phoneInvalid')}
        </p>
      )}
      {!phoneError && recent.length > 0 && (
        <div className="flex flex-wrap items-center gap-1.5 md:h-9">
          <span className="text-muted-foreground text-xs">{t('recent')}</span>
          {recent.map((c) => {
            const active = samePhone(c.phone, customer.phone);
            return (
              <button
                key={c.phone}
                type="button"
                onClick={() => onChange(c)}
                aria-pressed={active}
                className={cn(
                  'rounded-full border px-2.5 py-0.5 text-xs outline-none transition-colors focus-visible:ring-[3px] focus-visible:ring-ring/50',
                  active ? 'border-primary/50 bg-primary/10 text-primary' : 'hover:bg-accent',
                )}
              >
                {c.name || c.phone}
              </button>
            );
          })}
        </div>
      )}
      {!samePhone(customer.phone, SANDBOX_UNDELIVERABLE_PHONE) && (
        <button
          type="button"
          onClick={() =>
            onChange({ phone: displayPhone(SANDBOX_UNDELIVERABLE_PHONE), name: t('failingName') })
          }
          title={t('failingHint', { phone: displayPhone(SANDBOX_UNDELIVERABLE_PHONE) })}
          className="inline-flex items-center gap-1 self-start text-muted-foreground text-xs underline-offset-2 outline-none hover:text-foreground hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50 md:ml-auto md:h-9 md:self-auto"
          data-testid="customer-failing"
        >
          <CircleAlertIcon className="size-3.5" />
          {t('failing')}
        </button>
      )}
    </div>
  );
}

/**
 * The sandbox channel's simulator: a person writes AS THE CUSTOMER on the phone (POST /simulate, the
 * same path a real inbound message takes), and answers as the agent beside it. Both sides move from
 * the realtime stream; nothing needs a reload.
 */
export function SandboxSimulator({ channel }: { channel: Channel }) {
  const t = useTranslations('sandbox');
  const canSimulate = useCan('AGENT');
  const errorMessage = useErrorMessage();
  const [customer, setCustomer] = useRememberedCustomer(channel.id);
  const [outgoing, setOutgoing] = useState<Outgoing[]>([]);
  const counter = useRef(0);

  const normalized = useMemo(() => normalizePhone(customer.phone), [customer.phone]);
  const e164 = 'e164' in normalized ? normalized.e164 : null;

  // The stream needs the open conversation's id, which needs the list: start with none, then follow.
  const [conversationId, setConversationId] = useState<string | null>(null);
  const live = useConversationStream(channel.id, conversationId);
  const waiting = outgoing.some((o) => o.state === 'accepted');
  const conversations = useConversations(channel.id, live, waiting && conversationId === null);
  const conversation = useMemo(
    () => (e164 ? (conversations.data?.items.find((c) => samePhone(c.contact.phone, e164)) ?? null) : null),
    [conversations.data, e164],
  );
  useEffect(() => setConversationId(conversation?.id ?? null), [conversation?.id]);

  const messagesQuery = useMessages(conversation?.id ?? null, live);
  const messages = useMemo(() => messagesQuery.data?.items ?? [], [messagesQuery.data]);

  // A simulated message shows at once; it gives way to the real one when the API has stored it.
  useEffect(() => {
    setOutgoing((list) => {
      if (!list.some((o) => o.state === 'accepted')) return list;
      const used = new Set<string>();
      const next = list.filter((o) => {
        if (o.state !== 'accepted') return true;
        const match = messages.find(
          (m) =>
            !used.has(m.id) &&
            m.direction === 'inbound' &&
            (m.text ?? '').trim() === o.text &&
            new Date(m.createdAt).getTime() >= o.at - 120_000,
        );
        if (!match) return true;
        used.add(match.id);
        return false;
      });
      return next.length === list.length ? list : next;
    });
  }, [messages]);

  // Switching customer starts a different chat on the phone.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the customer changes.
  useEffect(() => setOutgoing([]), [e164]);

  const simulate = useMutation({
    mutationFn: ({ text }: { key: string; text: string }) =>
      api<{ accepted: boolean }>(`/channels/${channel.id}/simulate`, {
        method: 'POST',
        body: { from: e164, name: customer.name.trim() || undefined, text },
      }),
    onSuccess: (_data, { key }) =>
      setOutgoing((list) => list.map((o) => (o.key === key ? { ...o, state: 'accepted' } : o))),
    onError: (error, { key }) => {
      setOutgoing((list) => list.map((o) => (o.key === key ? { ...o, state: 'failed' } : o)));
      toast.error(t('phone.sendFailed'), { description: errorMessage(error) });
    },
  });

  const sendAsCustomer = (text: string) => {
    counter.current += 1;
    const key = `local-${counter.current}`;
    setOutgoing((list) => [...list, { key, text, at: Date.now(), state: 'sending' }]);
    simulate.mutate({ key, text });
  };
  const retry = (o: Outgoing) => {
    setOutgoing((list) =>
      list.map((x) => (x.key === o.key ? { ...x, state: 'sending', at: Date.now() } : x)),
    );
    simulate.mutate({ key: o.key, text: o.text });
  };

  // The customer's phone gets an answer when WhatsApp delivers it, not when the agent presses send.
  const onPhone = messages.filter(
    (m) => m.direction === 'inbound' || m.status === 'delivered' || m.status === 'read',
  );
  const lastOutboundAt = onPhone.filter((m) => m.direction === 'outbound').at(-1)?.createdAt;
  const items: PhoneItem[] = [
    ...onPhone.map((message) => ({
      kind: 'message' as const,
      message,
      // The customer's own message shows blue ticks once the business has answered after it.
      answered: !!lastOutboundAt && message.direction === 'inbound' && lastOutboundAt > message.createdAt,
    })),
    ...outgoing.map((o) => ({ kind: 'outgoing' as const, outgoing: o })),
  ];

  const recent = (conversations.data?.items ?? [])
    .slice(0, 6)
    .map((c) => ({ phone: c.contact.phone, name: c.contact.name ?? '' }));

  return (
    <section
      id="simulator"
      className="scroll-mt-6"
      data-testid="sandbox-simulator"
      aria-labelledby="simulator-title"
    >
      <div className="mb-4 flex flex-col gap-1">
        <h2 id="simulator-title" className="font-semibold text-lg tracking-tight">
          {t('title')}
        </h2>
        <p className="max-w-3xl text-muted-foreground text-sm">{t('description')}</p>
      </div>
      <CustomerPicker customer={customer} onChange={setCustomer} recent={recent} phoneError={!e164} />
      <div className="mt-4 grid gap-6 lg:grid-cols-[360px_minmax(0,1fr)]">
        <CustomerPhone
          channel={channel}
          items={items}
          disabled={!e164 || !canSimulate}
          onSend={sendAsCustomer}
          onRetry={retry}
        />
        <AgentConversation
          conversation={conversation}
          messages={conversation ? messages : []}
          loading={conversations.isPending || (!!conversation && messagesQuery.isPending)}
          live={live}
          emptyHint={t('agent.emptyHint', { name: customer.name.trim() || customer.phone })}
        />
      </div>
    </section>
  );
}
