'use client';

import { Loader2Icon, LockIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { CardFooter } from '@/components/ui/card';
import { Kbd } from '@/components/ui/kbd';

/** A settings card's footer: what is pending on the left, discard and save on the right. */
export function SaveBar({
  canEdit,
  readOnlyHint,
  dirty,
  saving,
  onDiscard,
  testId,
}: {
  canEdit: boolean;
  readOnlyHint: string;
  dirty: boolean;
  saving: boolean;
  onDiscard: () => void;
  testId: string;
}) {
  const t = useTranslations('inboxSettings.actions');
  if (!canEdit) {
    return (
      <CardFooter className="gap-2 border-t py-4 [.border-t]:pt-4 text-muted-foreground text-xs">
        <LockIcon className="size-3.5" />
        {readOnlyHint}
      </CardFooter>
    );
  }
  return (
    <CardFooter className="flex-wrap justify-between gap-3 border-t py-4 [.border-t]:pt-4">
      <span className="flex items-center gap-2 text-muted-foreground text-xs" aria-live="polite">
        {dirty ? (
          <>
            <span className="size-1.5 rounded-full bg-warning" />
            {t('unsaved')}
            <span className="hidden items-center gap-1 sm:inline-flex">
              · <Kbd>Ctrl</Kbd>
              <Kbd>Enter</Kbd>
            </span>
          </>
        ) : (
          t('upToDate')
        )}
      </span>
      <div className="flex gap-2">
        {dirty && (
          <Button type="button" variant="ghost" size="sm" onClick={onDiscard} disabled={saving}>
            {t('discard')}
          </Button>
        )}
        <Button type="submit" size="sm" disabled={!dirty || saving} data-testid={testId}>
          {saving && <Loader2Icon className="animate-spin" />}
          {saving ? t('saving') : t('save')}
        </Button>
      </div>
    </CardFooter>
  );
}

/** Ctrl/⌘ + Enter submits the form it happens in. */
export function submitOnModEnter(event: React.KeyboardEvent<HTMLFormElement>) {
  if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
    event.preventDefault();
    event.currentTarget.requestSubmit();
  }
}

/** Puts the cursor in the first field marked invalid inside `root`. */
export function focusFirstInvalid(root: HTMLElement | null) {
  requestAnimationFrame(() => {
    const el = root?.querySelector<HTMLElement>('[aria-invalid=true]');
    el?.focus();
    el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  });
}
