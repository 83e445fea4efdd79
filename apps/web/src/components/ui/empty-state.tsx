import type * as React from 'react';
import { cn } from '@/lib/utils';

/** A calm "nothing here yet" block: icon, one line of title, one of help, and the next step. */
function EmptyState({
  icon,
  title,
  description,
  action,
  className,
  ...props
}: Omit<React.ComponentProps<'div'>, 'title'> & {
  icon?: React.ReactNode;
  title: React.ReactNode;
  description?: React.ReactNode;
  action?: React.ReactNode;
}) {
  return (
    <div
      data-slot="empty-state"
      className={cn('flex flex-col items-center justify-center gap-3 px-6 py-12 text-center', className)}
      {...props}
    >
      {icon && (
        <div className="flex size-11 items-center justify-center rounded-xl border bg-muted/50 text-muted-foreground [&_svg]:size-5">
          {icon}
        </div>
      )}
      <div className="grid max-w-sm gap-1">
        <h3 className="font-medium text-sm">{title}</h3>
        {description && <p className="text-balance text-muted-foreground text-sm">{description}</p>}
      </div>
      {action && <div className="mt-1">{action}</div>}
    </div>
  );
}

export { EmptyState };
