import { Skeleton } from '@/components/ui/skeleton';
import { PageContainer } from '@/features/shell/page-header';

export default function Loading() {
  return (
    <PageContainer className="grid max-w-7xl gap-6">
      <Skeleton className="h-4 w-24" />
      <div className="flex items-center gap-4">
        <Skeleton className="size-12 rounded-xl" />
        <div className="grid gap-2">
          <Skeleton className="h-7 w-56" />
          <Skeleton className="h-4 w-40" />
        </div>
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_380px]">
        <Skeleton className="h-[480px] rounded-xl" />
        <div className="grid content-start gap-6">
          <Skeleton className="h-40 rounded-xl" />
          <Skeleton className="h-48 rounded-xl" />
        </div>
      </div>
    </PageContainer>
  );
}
