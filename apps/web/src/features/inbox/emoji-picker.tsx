'use client';

import { SmileIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { Popover } from 'radix-ui';
import { useState } from 'react';
import { cn } from '@/lib/utils';

/** A small built-in set, by group: enough for customer service without shipping a 1 MB emoji database. */
const groups: { key: 'smileys' | 'gestures' | 'symbols' | 'objects'; emojis: string[] }[] = [
  {
    key: 'smileys',
    emojis: [
      '😀',
      '😃',
      '😄',
      '😁',
      '😆',
      '😅',
      '😂',
      '🤣',
      '😊',
      '😇',
      '🙂',
      '😉',
      '😍',
      '🥰',
      '😘',
      '😋',
      '😎',
      '🤩',
      '🥳',
      '😏',
      '😌',
      '🤔',
      '🤗',
      '🤭',
      '😐',
      '😶',
      '🙄',
      '😬',
      '😮',
      '😯',
      '😲',
      '🥺',
      '😢',
      '😭',
      '😤',
      '😡',
      '🤯',
      '😳',
      '😱',
      '😴',
    ],
  },
  {
    key: 'gestures',
    emojis: ['👍', '👎', '👏', '🙌', '🙏', '🤝', '👋', '✌️', '🤞', '👌', '🤙', '💪', '👉', '👈', '☝️', '✍️'],
  },
  {
    key: 'symbols',
    emojis: [
      '❤️',
      '🧡',
      '💛',
      '💚',
      '💙',
      '💜',
      '🖤',
      '💯',
      '✅',
      '❌',
      '⚠️',
      '❗',
      '❓',
      '⭐',
      '🔥',
      '✨',
      '🎉',
      '🎁',
      '⏰',
      '📌',
    ],
  },
  {
    key: 'objects',
    emojis: ['📦', '🚚', '🛒', '💳', '💰', '🧾', '📄', '📎', '📷', '📞', '📱', '💻', '🏠', '📍', '🗓️', '🕒'],
  },
];

export function EmojiPicker({ onPick, disabled }: { onPick: (emoji: string) => void; disabled?: boolean }) {
  const t = useTranslations('inbox.composer.emoji');
  const [open, setOpen] = useState(false);
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger asChild>
        <button
          type="button"
          disabled={disabled}
          aria-label={t('open')}
          data-testid="emoji-open"
          className={cn(
            'flex size-9 shrink-0 items-center justify-center rounded-full text-muted-foreground outline-none transition-colors hover:bg-accent hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 disabled:opacity-50',
            open && 'bg-accent text-foreground',
          )}
        >
          <SmileIcon className="size-5" />
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          side="top"
          align="start"
          sideOffset={8}
          className="z-50 w-80 rounded-xl border bg-popover p-2 text-popover-foreground shadow-lg data-[state=closed]:animate-out data-[state=open]:animate-in data-[state=closed]:fade-out-0 data-[state=open]:fade-in-0"
          onCloseAutoFocus={(event) => event.preventDefault()}
        >
          <div className="max-h-72 overflow-y-auto pr-1">
            {groups.map((g) => (
              <section key={g.key} className="mb-1.5">
                <h4 className="px-1 pt-1 pb-1 font-medium text-[11px] text-muted-foreground uppercase tracking-wide">
                  {t(g.key)}
                </h4>
                <div className="grid grid-cols-8 gap-0.5">
                  {g.emojis.map((emoji) => (
                    <button
                      key={emoji}
                      type="button"
                      onClick={() => onPick(emoji)}
                      className="flex size-8 items-center justify-center rounded-md text-xl leading-none outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring/50"
                    >
                      {emoji}
                    </button>
                  ))}
                </div>
              </section>
            ))}
          </div>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
