'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { navItems } from './nav-items';

/** Typing in a field must never trigger navigation. */
function isTyping(target: EventTarget | null) {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) ||
    target.closest('[role="dialog"][data-state="open"], [role="menu"][data-state="open"]') !== null
  );
}

/** Linear-style two-key navigation (`g` then a letter), `[` for the sidebar and `?` for help. */
export function useShortcuts({
  onToggleSidebar,
  onOpenHelp,
}: {
  onToggleSidebar: () => void;
  onOpenHelp: () => void;
}) {
  const router = useRouter();
  const pendingG = useRef<number | null>(null);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target))
        return;
      const key = event.key.toLowerCase();
      if (pendingG.current !== null) {
        window.clearTimeout(pendingG.current);
        pendingG.current = null;
        const item = navItems.find((i) => i.shortcut === key);
        if (item) {
          event.preventDefault();
          router.push(item.href);
        }
        return;
      }
      if (key === 'g') {
        pendingG.current = window.setTimeout(() => {
          pendingG.current = null;
        }, 1200);
      } else if (event.key === '[') {
        event.preventDefault();
        onToggleSidebar();
      } else if (event.key === '?') {
        event.preventDefault();
        onOpenHelp();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [router, onToggleSidebar, onOpenHelp]);
}
