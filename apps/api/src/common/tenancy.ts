import type { Database, Tx } from '@conversa/db';
import { auditLogs } from '@conversa/db';
import { currentContext, type RequestContext } from './context.ts';
import { UnauthenticatedError } from './errors.ts';

export function requireContext(): Required<Pick<RequestContext, 'tenantId' | 'role'>> & RequestContext {
  const ctx = currentContext();
  if (!ctx?.tenantId || !ctx.role) throw new UnauthenticatedError('No signed-in tenant for this request');
  return ctx as Required<Pick<RequestContext, 'tenantId' | 'role'>> & RequestContext;
}

/** Runs fn in one transaction as app_user for the request's tenant: RLS applies (ADR 0003). */
export function inTenant<T>(database: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return database.tenant(requireContext().tenantId, fn);
}

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  metadata?: Record<string, unknown>;
  tenantId?: string;
}

/** Every state change leaves an AuditLog row, in the same transaction as the change. */
export async function audit(tx: Tx, entry: AuditEntry): Promise<void> {
  const ctx = currentContext();
  const tenantId = entry.tenantId ?? ctx?.tenantId;
  if (!tenantId) throw new Error(`audit ${entry.action}: no tenant`);
  await tx.insert(auditLogs).values({
    tenantId,
    actorType: ctx?.actor?.type ?? 'system',
    actorId: ctx?.actor?.id ?? null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    metadata: entry.metadata ?? null,
    requestId: ctx?.requestId ?? null,
    ip: ctx?.ip ?? null,
  });
}
