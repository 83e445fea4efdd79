import { Skeleton } from '@/components/ui/skeleton';
import { PageContainer } from '@/features/shell/page-header';

export default function Loading() {
  return (
    <PageContainer className="grid max-w-7xl gap-8">
      <div className="grid gap-2">
        <Skeleton className="h-7 w-40" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <div className="grid gap-3 lg:grid-cols-[repeat(3,minmax(0,1fr))_minmax(0,1.6fr)]">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-[124px] rounded-xl" />
        ))}
      </div>
      <div className="grid gap-3">
        <Skeleton className="h-8 w-full max-w-2xl" />
        <Skeleton className="h-80 rounded-xl" />
      </div>
    </PageContainer>
  );
}
