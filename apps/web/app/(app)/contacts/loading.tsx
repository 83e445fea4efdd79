import { Skeleton } from '@/components/ui/skeleton';
import { PageContainer } from '@/features/shell/page-header';

export default function Loading() {
  return (
    <PageContainer className="grid max-w-7xl gap-6">
      <div className="grid gap-2">
        <Skeleton className="h-7 w-40" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <Skeleton className="h-10" />
      <Skeleton className="h-96 rounded-xl" />
    </PageContainer>
  );
}
