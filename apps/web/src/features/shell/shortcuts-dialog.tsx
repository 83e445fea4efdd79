'use client';

import { useTranslations } from 'next-intl';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Kbd } from '@/components/ui/kbd';
import { navItems } from './nav-items';

export function ShortcutsDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const t = useTranslations('shell.shortcuts');
  const tNav = useTranslations('shell.nav');
  const tCommon = useTranslations('common.actions');
  const tInbox = useTranslations('inbox.shortcuts');
  const rows: { label: string; keys: string[]; or?: boolean }[] = [
    ...navItems.map((item) => ({
      label: t('goTo', { section: tNav(item.key) }),
      keys: ['G', item.shortcut.toUpperCase()],
    })),
    { label: t('toggleSidebar'), keys: ['['] },
    { label: t('help'), keys: ['?'] },
    // The inbox's own keys (features/inbox/inbox-screen.tsx and composer.tsx).
    { label: tInbox('next'), keys: ['J', '↓'], or: true },
    { label: tInbox('previous'), keys: ['K', '↑'], or: true },
    { label: tInbox('open'), keys: ['Enter', 'O'], or: true },
    { label: tInbox('search'), keys: ['/', 'Ctrl+K'], or: true },
    { label: tInbox('reply'), keys: ['R'] },
    { label: tInbox('quick'), keys: ['R', '/'] },
    { label: tInbox('send'), keys: ['Enter', 'Ctrl+Enter'], or: true },
    { label: tInbox('newLine'), keys: ['Shift', 'Enter'] },
    { label: tInbox('assign'), keys: ['A'] },
    { label: tInbox('resolve'), keys: ['E'] },
    { label: tInbox('leaveComposer'), keys: ['Esc'] },
    { label: tInbox('close'), keys: ['Esc'] },
  ];
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-md" closeLabel={tCommon('close')}>
        <DialogHeader>
          <DialogTitle>{t('title')}</DialogTitle>
          <DialogDescription>{t('description')}</DialogDescription>
        </DialogHeader>
        <ul className="-mx-2 grid max-h-[70vh] gap-0.5 overflow-y-auto">
          {rows.map((row) => (
            <li
              key={row.label}
              className="flex items-center justify-between rounded-md px-2 py-1.5 text-sm hover:bg-muted/50"
            >
              <span>{row.label}</span>
              <span className="flex items-center gap-1">
                {row.keys.map((k, i) => (
                  <span key={k} className="flex items-center gap-1">
                    {i > 0 &&
                      (row.or ? (
                        <span className="text-muted-foreground text-xs">/</span>
                      ) : row.keys[0] === 'Ctrl' || row.keys[0] === 'Shift' ? (
                        <span className="text-muted-foreground text-xs">+</span>
                      ) : (
                        <span className="text-muted-foreground text-xs">{t('then')}</span>
                      ))}
                    <Kbd>{k}</Kbd>
                  </span>
                ))}
              </span>
            </li>
          ))}
        </ul>
      </DialogContent>
    </Dialog>
  );
}
