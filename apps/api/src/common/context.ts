import { AsyncLocalStorage } from 'node:async_hooks';
import type { Role } from '@conversa/shared';

export interface Actor {
  type: 'user' | 'api_key' | 'system';
  id: string | null;
}

/** What a request (or job) knows about itself; read by the logger, audit and tenancy helpers. */
export interface RequestContext {
  requestId: string;
  ip?: string;
  tenantId?: string;
  userId?: string;
  sessionId?: string;
  role?: Role;
  isSuperAdmin?: boolean;
  actor?: Actor;
  jobId?: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

export const currentContext = (): RequestContext | undefined => requestContext.getStore();
