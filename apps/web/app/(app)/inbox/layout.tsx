import { InboxScreen } from '@/features/inbox/inbox-screen';

/**
 * The inbox lives in the layout so that moving between conversations (`/inbox/<id>`) keeps the list, its scroll
 * position and the realtime stream; the pages only name the route.
 */
export default function InboxLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <InboxScreen />
      {children}
    </>
  );
}
