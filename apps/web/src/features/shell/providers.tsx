'use client';

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ThemeProvider } from 'next-themes';
import { useState } from 'react';
import { Toaster } from '@/components/ui/sonner';
import { TooltipProvider } from '@/components/ui/tooltip';
import { ApiError, isSessionLost } from '@/lib/api-client';

/** A revoked or expired session mid-use: go to sign-in and come back to this page afterwards. */
function onSessionLost(error: unknown) {
  if (!isSessionLost(error) || typeof window === 'undefined') return;
  const next = window.location.pathname + window.location.search;
  window.location.assign(`/login?next=${encodeURIComponent(next)}`);
}

export function Providers({ children }: { children: React.ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        queryCache: new QueryCache({ onError: onSessionLost }),
        mutationCache: new MutationCache({ onError: onSessionLost }),
        defaultOptions: {
          queries: {
            // Pages hand server-fetched data in as initialData; do not refetch it on mount at once.
            staleTime: 30_000,
            refetchOnWindowFocus: false,
            retry: (count, error) =>
              !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
          },
        },
      }),
  );
  return (
    <ThemeProvider attribute="class" defaultTheme="dark" enableSystem disableTransitionOnChange>
      <QueryClientProvider client={queryClient}>
        <TooltipProvider>
          {children}
          <Toaster position="bottom-right" closeButton richColors />
        </TooltipProvider>
      </QueryClientProvider>
    </ThemeProvider>
  );
}
