import type { apiKeySchema, auditLogSchema, Me, Member, tenantSchema } from '@conversa/shared';
import type { z } from 'zod';

export type { Me, Member };
export type ApiKey = z.infer<typeof apiKeySchema>;
export type AuditLogEntry = z.infer<typeof auditLogSchema>;
export type TenantRow = z.infer<typeof tenantSchema>;
export type CreatedApiKey = Pick<ApiKey, 'id' | 'name' | 'prefix' | 'role'> & { secret: string };

/** Every list endpoint answers this shape (API.md). */
export type Page<T> = { items: T[]; nextCursor: string | null };
