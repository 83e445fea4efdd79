'use client';

import { roleAtLeast } from '@conversa/shared';
import {
  Building2Icon,
  InboxIcon,
  KeyRoundIcon,
  type LucideIcon,
  ScrollTextIcon,
  UserRoundCogIcon,
  UsersIcon,
} from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useMe } from '@/features/auth/me-context';
import { cn } from '@/lib/utils';

type Item = {
  key: 'profile' | 'users' | 'inbox' | 'apiKeys' | 'auditLog' | 'tenants';
  href: string;
  icon: LucideIcon;
};

export function SettingsNav() {
  const t = useTranslations('settings.nav');
  const me = useMe();
  const pathname = usePathname();
  const isAdmin = roleAtLeast(me.role, 'ADMIN');
  const groups: { key: 'account' | 'organization' | 'platform'; items: Item[] }[] = [
    { key: 'account', items: [{ key: 'profile', href: '/settings/profile', icon: UserRoundCogIcon }] },
    {
      key: 'organization',
      items: [
        { key: 'users', href: '/settings/users', icon: UsersIcon },
        { key: 'inbox', href: '/settings/inbox', icon: InboxIcon },
        ...(isAdmin
          ? [
              { key: 'apiKeys', href: '/settings/api-keys', icon: KeyRoundIcon } as const,
              { key: 'auditLog', href: '/settings/audit-log', icon: ScrollTextIcon } as const,
            ]
          : []),
      ],
    },
    ...(me.user.isSuperAdmin
      ? [
          {
            key: 'platform' as const,
            items: [{ key: 'tenants' as const, href: '/settings/tenants', icon: Building2Icon }],
          },
        ]
      : []),
  ];
  return (
    <nav
      aria-label={t('label')}
      className="-mx-1 flex gap-1 overflow-x-auto pb-1 lg:mx-0 lg:flex-col lg:gap-5 lg:overflow-visible"
    >
      {groups.map((group) => (
        <div key={group.key} className="flex gap-1 lg:flex-col lg:gap-0.5">
          <div className="hidden px-2.5 pb-1 font-medium text-[11px] text-muted-foreground/80 uppercase tracking-wider lg:block">
            {t(`groups.${group.key}`)}
          </div>
          {group.items.map((item) => {
            const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
            const Icon = item.icon;
            return (
              <Link
                key={item.key}
                href={item.href}
                aria-current={active ? 'page' : undefined}
                data-testid={`settings-nav-${item.key}`}
                className={cn(
                  'flex h-8 shrink-0 items-center gap-2.5 rounded-md px-2.5 font-medium text-sm outline-none transition-colors focus-visible:ring-[3px] focus-visible:ring-ring/50',
                  active
                    ? 'bg-accent text-accent-foreground'
                    : 'text-muted-foreground hover:bg-accent/60 hover:text-foreground',
                )}
              >
                <Icon className={cn('size-4', active && 'text-primary')} />
                {t(item.key)}
              </Link>
            );
          })}
        </div>
      ))}
    </nav>
  );
}
