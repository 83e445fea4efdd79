import { InboxSettingsSkeleton } from '@/features/inbox-settings/skeletons';

export default function Loading() {
  return <InboxSettingsSkeleton />;
}
