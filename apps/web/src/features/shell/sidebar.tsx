'use client';

import { PanelLeftCloseIcon, PanelLeftOpenIcon } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Kbd } from '@/components/ui/kbd';
import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';
import { cn } from '@/lib/utils';
import { Logo } from './logo';
import { isActive, navGroups } from './nav-items';

export function SidebarNav({
  collapsed = false,
  onNavigate,
}: {
  collapsed?: boolean;
  onNavigate?: () => void;
}) {
  const t = useTranslations('shell.nav');
  const pathname = usePathname();
  return (
    <nav aria-label={t('label')} className="flex flex-col gap-5">
      {navGroups.map((group) => (
        <div key={group.key} className="flex flex-col gap-0.5">
          {collapsed ? (
            <div className="mx-auto mb-1 h-px w-5 bg-sidebar-border first:hidden" />
          ) : (
            <div className="px-2.5 pb-1 font-medium text-[11px] text-muted-foreground/80 uppercase tracking-wider">
              {t(`groups.${group.key}`)}
            </div>
          )}
          {group.items.map((item) => {
            const active = isActive(pathname, item.href);
            const Icon = item.icon;
            const link = (
              <Link
                href={item.href}
                onClick={onNavigate}
                aria-current={active ? 'page' : undefined}
                data-testid={`nav-${item.key}`}
                className={cn(
                  'group/nav relative flex h-8 items-center gap-2.5 rounded-md px-2.5 font-medium text-sm outline-none transition-colors focus-visible:ring-[3px] focus-visible:ring-sidebar-ring/50',
                  active
                    ? 'bg-sidebar-accent text-sidebar-accent-foreground'
                    : 'text-sidebar-foreground/70 hover:bg-sidebar-accent/60 hover:text-sidebar-accent-foreground',
                  collapsed && 'size-9 justify-center px-0',
                )}
              >
                {active && !collapsed && (
                  <span
                    aria-hidden="true"
                    className="-left-3 absolute h-4 w-[3px] rounded-r-full bg-sidebar-primary"
                  />
                )}
                <Icon className={cn('size-4 shrink-0', active && 'text-sidebar-primary')} />
                {!collapsed && (
                  <>
                    <span className="truncate">{t(item.key)}</span>
                    <span className="ml-auto hidden items-center gap-0.5 opacity-0 transition-opacity group-hover/nav:opacity-100 md:flex">
                      <Kbd>G</Kbd>
                      <Kbd>{item.shortcut.toUpperCase()}</Kbd>
                    </span>
                  </>
                )}
              </Link>
            );
            if (!collapsed) return <div key={item.key}>{link}</div>;
            return (
              <Tooltip key={item.key}>
                <TooltipTrigger asChild>{link}</TooltipTrigger>
                <TooltipContent side="right" className="flex items-center gap-2">
                  {t(item.key)}
                  <span className="flex gap-0.5">
                    <Kbd>G</Kbd>
                    <Kbd>{item.shortcut.toUpperCase()}</Kbd>
                  </span>
                </TooltipContent>
              </Tooltip>
            );
          })}
        </div>
      ))}
    </nav>
  );
}

export function Sidebar({ collapsed, onToggle }: { collapsed: boolean; onToggle: () => void }) {
  const t = useTranslations('shell.sidebar');
  const toggle = (
    <button
      type="button"
      onClick={onToggle}
      aria-label={collapsed ? t('expand') : t('collapse')}
      aria-expanded={!collapsed}
      data-testid="sidebar-toggle"
      className={cn(
        'flex h-8 items-center gap-2.5 rounded-md px-2.5 text-muted-foreground text-sm outline-none transition-colors hover:bg-sidebar-accent/60 hover:text-sidebar-accent-foreground focus-visible:ring-[3px] focus-visible:ring-sidebar-ring/50',
        collapsed && 'mx-auto size-9 justify-center px-0',
      )}
    >
      {collapsed ? <PanelLeftOpenIcon className="size-4" /> : <PanelLeftCloseIcon className="size-4" />}
      {!collapsed && (
        <>
          <span>{t('collapse')}</span>
          <Kbd className="ml-auto">[</Kbd>
        </>
      )}
    </button>
  );
  return (
    <aside
      data-collapsed={collapsed}
      className={cn(
        'hidden shrink-0 flex-col border-sidebar-border border-r bg-sidebar text-sidebar-foreground transition-[width] duration-200 ease-out md:flex',
        collapsed ? 'w-[60px]' : 'w-60',
      )}
    >
      <div className={cn('flex h-14 items-center px-4', collapsed && 'justify-center px-0')}>
        <Link
          href="/"
          aria-label="Conversa"
          className="rounded-md outline-none focus-visible:ring-[3px] focus-visible:ring-sidebar-ring/50"
        >
          <Logo withName={!collapsed} />
        </Link>
      </div>
      <div className={cn('flex-1 overflow-y-auto px-3 py-3', collapsed && 'px-0 [&_nav]:items-center')}>
        <SidebarNav collapsed={collapsed} />
      </div>
      <div className={cn('border-sidebar-border border-t p-3', collapsed && 'px-0')}>
        {collapsed ? (
          <Tooltip>
            <TooltipTrigger asChild>{toggle}</TooltipTrigger>
            <TooltipContent side="right" className="flex items-center gap-2">
              {t('expand')} <Kbd>[</Kbd>
            </TooltipContent>
          </Tooltip>
        ) : (
          toggle
        )}
      </div>
    </aside>
  );
}
