import { Skeleton } from '@/components/ui/skeleton';
import { PageContainer } from '@/features/shell/page-header';

export default function Loading() {
  return (
    <PageContainer className="grid max-w-7xl gap-6">
      <div className="grid gap-3">
        <Skeleton className="h-4 w-28" />
        <Skeleton className="h-8 w-80 max-w-full" />
        <Skeleton className="h-4 w-64" />
      </div>
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_360px]">
        <div className="grid gap-5">
          <Skeleton className="h-64 rounded-xl" />
          <Skeleton className="h-32 rounded-xl" />
          <Skeleton className="h-56 rounded-xl" />
        </div>
        <Skeleton className="h-[640px] rounded-[2.75rem]" />
      </div>
    </PageContainer>
  );
}
