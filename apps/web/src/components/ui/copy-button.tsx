'use client';

import { CheckIcon, CopyIcon } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/utils';

/** The Clipboard API needs a secure context; self-hosted installs often run on plain http inside a LAN. */
async function writeClipboard(text: string) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy failed');
}

function CopyButton({
  value,
  label,
  copiedLabel,
  onCopied,
  onError,
  showLabel = false,
  className,
  variant = 'outline',
  size,
}: {
  value: string;
  label: string;
  copiedLabel: string;
  onCopied?: () => void;
  onError?: () => void;
  showLabel?: boolean;
  className?: string;
  variant?: 'outline' | 'ghost' | 'secondary' | 'default';
  size?: 'sm' | 'icon-sm' | 'icon-xs' | 'default';
}) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const id = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(id);
  }, [copied]);
  return (
    <Button
      type="button"
      variant={variant}
      size={size ?? (showLabel ? 'sm' : 'icon-sm')}
      className={cn('shrink-0', className)}
      aria-label={copied ? copiedLabel : label}
      onClick={async () => {
        try {
          await writeClipboard(value);
          setCopied(true);
          onCopied?.();
        } catch {
          onError?.();
        }
      }}
    >
      {copied ? <CheckIcon className="text-success" /> : <CopyIcon />}
      {showLabel && (copied ? copiedLabel : label)}
    </Button>
  );
}

export { CopyButton };
