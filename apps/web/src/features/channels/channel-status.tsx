'use client';

import { CloudIcon, FlaskConicalIcon, type LucideIcon, QrCodeIcon, ServerIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { Badge } from '@/components/ui/badge';
import { cn } from '@/lib/utils';
import { useTicking } from './relative-time';
import { type Silence, silenceOf } from './silence';
import type { Channel, ChannelKind, ChannelStatus } from './types';

export { type Silence, silenceOf };

export function useSilence(channel: Channel): Silence {
  return silenceOf(channel, useTicking(60_000));
}

export const kindIcons: Record<ChannelKind, LucideIcon> = {
  cloud: CloudIcon,
  sandbox: FlaskConicalIcon,
  evolution: QrCodeIcon,
  wuzapi: QrCodeIcon,
  'http-broker': ServerIcon,
};

export function KindIcon({ kind, className }: { kind: ChannelKind; className?: string }) {
  const Icon = kindIcons[kind] ?? ServerIcon;
  return (
    <span
      aria-hidden="true"
      className={cn(
        'flex size-10 shrink-0 items-center justify-center rounded-xl border',
        kind === 'sandbox' ? 'bg-sky-500/10 text-sky-400' : 'bg-primary/10 text-primary',
        className,
      )}
    >
      <Icon className="size-[45%]" />
    </span>
  );
}

export function KindBadge({ kind }: { kind: ChannelKind }) {
  const t = useTranslations('channels.kinds');
  return (
    <Badge variant="outline" className="font-normal text-muted-foreground" data-testid="channel-kind">
      {t(kind)}
    </Badge>
  );
}

const dotColors: Record<ChannelStatus, string> = {
  connected: 'bg-success',
  pending: 'bg-warning',
  unhealthy: 'bg-destructive',
  disconnected: 'bg-muted-foreground/60',
};

export function StatusDot({
  status,
  alarm = false,
  className,
}: {
  status: ChannelStatus;
  alarm?: boolean;
  className?: string;
}) {
  const color = alarm ? 'bg-destructive' : dotColors[status];
  const pulse = alarm || status === 'unhealthy' || status === 'connected';
  return (
    <span aria-hidden="true" className={cn('relative flex size-2 shrink-0', className)}>
      {pulse && (
        <span
          className={cn(
            'absolute inline-flex size-full rounded-full opacity-60',
            color,
            alarm || status === 'unhealthy' ? 'animate-ping' : 'animate-[ping_2.5s_ease-out_infinite]',
          )}
        />
      )}
      <span className={cn('relative inline-flex size-2 rounded-full', color)} />
    </span>
  );
}

/** Status pill; a connected number that has gone silent reads as an alarm, not as "connected". */
export function ChannelStatusBadge({ channel, silence }: { channel: Channel; silence: Silence }) {
  const t = useTranslations('channels.status');
  const alarm = silence.level === 'alarm';
  const tone = alarm
    ? 'border-destructive/40 bg-destructive/10 text-destructive'
    : {
        connected: 'border-success/30 bg-success/10 text-success',
        pending: 'border-warning/30 bg-warning/10 text-warning',
        unhealthy: 'border-destructive/40 bg-destructive/10 text-destructive',
        disconnected: 'bg-muted text-muted-foreground',
      }[channel.status];
  return (
    <Badge
      variant="outline"
      className={cn('gap-1.5 rounded-full px-2.5 py-1', tone)}
      data-testid="channel-status"
      data-status={channel.status}
      data-alarm={alarm}
    >
      <StatusDot status={channel.status} alarm={alarm} />
      {alarm ? t('silent') : t(channel.status)}
    </Badge>
  );
}
