'use client';

import type { Role } from '@conversa/shared';
import { useTranslations } from 'next-intl';
import { Badge } from '@/components/ui/badge';
import { cn } from '@/lib/utils';

const tone: Record<Role, string> = {
  OWNER: 'border-primary/30 bg-primary/10 text-primary',
  ADMIN: 'border-sky-500/30 bg-sky-500/10 text-sky-600 dark:text-sky-400',
  MANAGER: 'border-violet-500/30 bg-violet-500/10 text-violet-600 dark:text-violet-400',
  AGENT: 'border-border bg-muted text-foreground/80',
  VIEWER: 'border-border bg-transparent text-muted-foreground',
};

export function RoleBadge({ role, className }: { role: Role; className?: string }) {
  const t = useTranslations('common.roles');
  return (
    <Badge variant="outline" className={cn(tone[role], className)} data-role={role}>
      {t(role)}
    </Badge>
  );
}
