import { cn } from '@/lib/utils';

/**
 * The Conversa mark: a speech bubble on the brand green. The gradient is CSS, not SVG <defs>: an id-referenced
 * gradient disappears when its first copy sits in a hidden subtree (the desktop sidebar on phones).
 */
export function LogoMark({ className }: { className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        'flex size-7 shrink-0 items-center justify-center rounded-lg bg-gradient-to-br from-emerald-400 to-emerald-600 shadow-sm ring-1 ring-black/5 ring-inset',
        className,
      )}
    >
      <svg viewBox="0 0 32 32" className="size-[78%]" aria-hidden="true">
        <path
          d="M16 8.5c-4.4 0-8 3.1-8 7 0 2.1 1 4 2.7 5.2l-.6 2.9c-.1.4.3.7.7.5l3.2-1.6c.6.1 1.3.2 2 .2 4.4 0 8-3.1 8-7s-3.6-7.2-8-7.2Z"
          fill="#fff"
        />
        <circle cx="12.6" cy="15.6" r="1.15" fill="#059669" />
        <circle cx="16" cy="15.6" r="1.15" fill="#059669" />
        <circle cx="19.4" cy="15.6" r="1.15" fill="#059669" />
      </svg>
    </span>
  );
}

export function Logo({ className, withName = true }: { className?: string; withName?: boolean }) {
  return (
    <span className={cn('inline-flex items-center gap-2.5', className)}>
      <LogoMark />
      {withName && <span className="font-semibold text-[15px] tracking-tight">Conversa</span>}
    </span>
  );
}
