import { Skeleton } from '@/components/ui/skeleton';

function CardSkeleton({ rows }: { rows: number }) {
  return (
    <div className="rounded-xl border bg-card">
      <div className="grid gap-2 border-b px-6 py-5">
        <Skeleton className="h-4 w-44" />
        <Skeleton className="h-3.5 w-72 max-w-full" />
      </div>
      <div className="grid gap-3 px-6 py-5">
        {Array.from({ length: rows }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders.
          <Skeleton key={i} className="h-9" />
        ))}
      </div>
      <div className="flex justify-end border-t px-6 py-4">
        <Skeleton className="h-8 w-20" />
      </div>
    </div>
  );
}

export function WorkspaceSkeleton() {
  return (
    <div className="grid gap-6" data-testid="workspace-skeleton">
      <CardSkeleton rows={3} />
      <CardSkeleton rows={7} />
    </div>
  );
}

export function DepartmentsSkeleton() {
  return (
    <div className="grid gap-4 xl:grid-cols-2" data-testid="departments-skeleton">
      {[0, 1].map((i) => (
        <div key={i} className="grid gap-4 rounded-xl border bg-card p-5">
          <div className="flex justify-between">
            <div className="grid gap-2">
              <Skeleton className="h-4 w-32" />
              <Skeleton className="h-5 w-40" />
            </div>
            <Skeleton className="h-8 w-20" />
          </div>
          {[0, 1, 2].map((j) => (
            <div key={j} className="flex items-center gap-3">
              <Skeleton className="size-7 rounded-full" />
              <Skeleton className="h-3.5 flex-1" />
              <Skeleton className="h-1.5 w-14" />
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}

/** The whole screen while the server reads it (route loading state). */
export function InboxSettingsSkeleton() {
  return (
    <div className="grid gap-10">
      <div className="grid gap-2">
        <Skeleton className="h-6 w-48" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <WorkspaceSkeleton />
      <DepartmentsSkeleton />
    </div>
  );
}
