import type { Role } from './enums.ts';

/** Each role includes the ones after it (API.md "Roles"). */
const rank: Record<Role, number> = { OWNER: 5, ADMIN: 4, MANAGER: 3, AGENT: 2, VIEWER: 1 };

export const roleAtLeast = (role: Role, needed: Role) => rank[role] >= rank[needed];
