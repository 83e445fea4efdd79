'use client';

import { KeyboardIcon, MenuIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useCallback, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from '@/components/ui/sheet';
import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';
import { InboxAlerts } from '@/features/alerts/inbox-alerts';
import { Logo } from './logo';
import { NotificationBell } from './notification-bell';
import { ShortcutsDialog } from './shortcuts-dialog';
import { Sidebar, SidebarNav } from './sidebar';
import { TenantSwitcher } from './tenant-switcher';
import { useShortcuts } from './use-shortcuts';
import { UserMenu } from './user-menu';

export const sidebarCookie = 'conversa_sidebar';

/** Sidebar + top bar around every signed-in page; the collapsed state lives in a cookie so the server renders it right. */
export function AppShell({
  defaultCollapsed,
  banner,
  children,
}: {
  defaultCollapsed: boolean;
  banner?: React.ReactNode;
  children: React.ReactNode;
}) {
  const t = useTranslations('shell');
  const [collapsed, setCollapsed] = useState(defaultCollapsed);
  const [mobileOpen, setMobileOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);

  const toggleSidebar = useCallback(() => {
    setCollapsed((value) => {
      const next = !value;
      // biome-ignore lint/suspicious/noDocumentCookie: read back by the server layout on the next request.
      document.cookie = `${sidebarCookie}=${next ? 'collapsed' : 'expanded'}; path=/; max-age=31536000; samesite=lax`;
      return next;
    });
  }, []);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useShortcuts({ onToggleSidebar: toggleSidebar, onOpenHelp: openHelp });

  return (
    <div className="flex h-dvh flex-col">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-background px-3 py-2 font-medium text-sm focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:ring-[3px] focus:ring-ring/50"
      >
        {t('skipToContent')}
      </a>
      {banner}
      <InboxAlerts />
      <div className="flex min-h-0 flex-1">
        <Sidebar collapsed={collapsed} onToggle={toggleSidebar} />
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="flex h-14 shrink-0 items-center gap-2 border-b bg-background/80 px-3 backdrop-blur md:px-5">
            <Button
              variant="ghost"
              size="icon-sm"
              className="md:hidden"
              aria-label={t('sidebar.openMenu')}
              onClick={() => setMobileOpen(true)}
            >
              <MenuIcon />
            </Button>
            <TenantSwitcher />
            <div className="ml-auto flex items-center gap-1.5">
              <Tooltip>
                <TooltipTrigger asChild>
                  <Button
                    variant="ghost"
                    size="icon-sm"
                    aria-label={t('userMenu.shortcuts')}
                    onClick={openHelp}
                  >
                    <KeyboardIcon className="text-muted-foreground" />
                  </Button>
                </TooltipTrigger>
                <TooltipContent>{t('userMenu.shortcuts')}</TooltipContent>
              </Tooltip>
              <NotificationBell />
              <UserMenu onOpenShortcuts={openHelp} />
            </div>
          </header>
          <main id="main" tabIndex={-1} className="min-h-0 flex-1 overflow-y-auto outline-none">
            {children}
          </main>
        </div>
      </div>

      <Sheet open={mobileOpen} onOpenChange={setMobileOpen}>
        <SheetContent side="left" className="w-72 bg-sidebar p-0" closeLabel={t('sidebar.closeMenu')}>
          <SheetHeader className="border-b">
            <SheetTitle asChild>
              <div>
                <Logo />
              </div>
            </SheetTitle>
            <SheetDescription className="sr-only">{t('nav.label')}</SheetDescription>
          </SheetHeader>
          <div className="overflow-y-auto px-3 py-2">
            <SidebarNav onNavigate={() => setMobileOpen(false)} />
          </div>
        </SheetContent>
      </Sheet>
      <ShortcutsDialog open={helpOpen} onOpenChange={setHelpOpen} />
    </div>
  );
}
