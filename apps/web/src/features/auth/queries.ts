import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { serverApi } from '@/lib/server-api';
import type { Me } from '@/lib/types';

/** The signed-in person, read once per request; no session (or a stale cookie) sends them to sign in. */
export const getMe = cache(async (): Promise<Me> => {
  const result = await serverApi<Me>('/auth/me');
  if (result.ok) return result.data;
  if (result.status === 401) {
    // proxy.ts passes the requested path along so that sign-in can come back to it.
    const path = (await headers()).get('x-conversa-path') ?? '/';
    redirect(`/login?next=${encodeURIComponent(path)}`);
  }
  throw new Error(`GET /auth/me answered ${result.status} ${result.problem?.code ?? ''}`.trim());
});
