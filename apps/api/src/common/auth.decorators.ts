import type { Role } from '@conversa/shared';
import { SetMetadata } from '@nestjs/common';

export const PUBLIC = 'conversa:public';
export const MIN_ROLE = 'conversa:min-role';
export const SUPER_ADMIN = 'conversa:super-admin';

/** No sign-in needed (login, health, webhooks). */
export const Public = () => SetMetadata(PUBLIC, true);
/** The caller's role in the current tenant must be at least this (API.md "Roles"); default VIEWER. */
export const MinRole = (role: Role) => SetMetadata(MIN_ROLE, role);
/** Platform operators only. */
export const SuperAdminOnly = () => SetMetadata(SUPER_ADMIN, true);
