'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { toast } from 'sonner';
import { useMe } from '@/features/auth/me-context';
import { ApiError, api } from '@/lib/api-client';
import { useErrorMessage } from '@/lib/use-error-message';
import { channelKeys } from './queries';
import type { Channel } from './types';

/** The live check waits on Meta; past this the screen stops waiting and says why instead of spinning. */
export const validateTimeoutMs = 45_000;

export class ValidateTimeoutError extends Error {
  constructor() {
    super('validate timed out');
    this.name = 'ValidateTimeoutError';
  }
}

/** Meta (or the route to it) failed, as opposed to our API refusing the request. */
export const isProviderUnreachable = (error: unknown) =>
  error instanceof ValidateTimeoutError ||
  (error instanceof ApiError && (error.status === 502 || error.status === 504));

export function useValidateChannel(channelId: string) {
  const me = useMe();
  const t = useTranslations('channels.detail.validate');
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  return useMutation({
    mutationKey: ['channels', 'validate', channelId],
    mutationFn: async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), validateTimeoutMs);
      try {
        return await api<Channel>(`/channels/${channelId}/validate`, {
          method: 'POST',
          signal: controller.signal,
        });
      } catch (error) {
        if (error instanceof DOMException && error.name === 'AbortError') throw new ValidateTimeoutError();
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
    onSuccess: (channel) => {
      queryClient.setQueryData(channelKeys.one(me.tenant.id, channel.id), channel);
      queryClient.invalidateQueries({ queryKey: channelKeys.list(me.tenant.id) });
      const failing = channel.checklist.filter((s) => s.state === 'failed').length;
      const errors = channel.health?.problems.filter((p) => p.severity === 'error').length ?? 0;
      if (failing > 0 || errors > 0) toast.warning(t('problems', { count: failing || errors }));
      else toast.success(t('passed'));
    },
    onError: (error) => {
      // The API may have stored what it learnt before failing; show that beside the message.
      queryClient.invalidateQueries({ queryKey: channelKeys.one(me.tenant.id, channelId) });
      const description =
        error instanceof ValidateTimeoutError
          ? t('timeout', { seconds: validateTimeoutMs / 1000 })
          : isProviderUnreachable(error)
            ? t('unreachable')
            : errorMessage(error);
      toast.error(t('failed'), { description });
    },
  });
}
