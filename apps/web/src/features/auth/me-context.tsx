'use client';

import { roleAtLeast } from '@conversa/shared';
import { createContext, useContext } from 'react';
import type { Me } from '@/lib/types';

const MeContext = createContext<Me | null>(null);

/** The signed-in person as the layout read it from GET /auth/me, for client leaves that branch on role. */
export function MeProvider({ me, children }: { me: Me; children: React.ReactNode }) {
  return <MeContext.Provider value={me}>{children}</MeContext.Provider>;
}

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside <MeProvider>');
  return me;
}

/** Hides or disables controls; the API enforces the same rule, this only avoids offering what would fail. */
export function useCan(needed: Me['role']): boolean {
  return roleAtLeast(useMe().role, needed);
}
