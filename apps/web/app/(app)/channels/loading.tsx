import { Skeleton } from '@/components/ui/skeleton';
import { PageContainer } from '@/features/shell/page-header';

export default function Loading() {
  return (
    <PageContainer className="grid gap-8">
      <div className="grid gap-2">
        <Skeleton className="h-7 w-40" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-52 rounded-xl" />
        ))}
      </div>
    </PageContainer>
  );
}
