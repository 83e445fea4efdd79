import { z } from 'zod';
import { roles } from './enums.ts';

export const roleSchema = z.enum(roles);

/** Normalised so that "Admin@Gmail.com " and "admin@gmail.com" are one login. */
export const emailSchema = z.string().trim().toLowerCase().pipe(z.email().max(254));
export const passwordSchema = z.string().min(8).max(256);

export const loginSchema = z.object({
  email: emailSchema,
  // Any length is accepted at login (the customer's default password is short); rules apply when setting one.
  password: z.string().min(1).max(256),
  /** A TOTP code (6 digits) or a recovery code (xxxxx-xxxxx). */
  totp: z.string().trim().max(32).optional(),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const mfaCodeSchema = z.object({ code: z.string().trim().min(6).max(32) });

export const userSummarySchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  isSuperAdmin: z.boolean(),
  mfaEnabled: z.boolean(),
});
export const tenantSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  timezone: z.string(),
});

export const meSchema = z.object({
  user: userSummarySchema,
  tenant: tenantSummarySchema,
  role: roleSchema,
  /** Whether automatic assignment may give this person conversations in this tenant. */
  available: z.boolean(),
  /** The admin still signs in with the built-in default password: the UI shows a banner. */
  defaultPasswordInUse: z.boolean(),
  tenants: z.array(z.object({ id: z.uuid(), name: z.string(), role: roleSchema })),
});
export type Me = z.infer<typeof meSchema>;

export const loginResponseSchema = z.union([
  z.object({ mfaRequired: z.literal(true) }),
  meSchema.extend({ mfaRequired: z.literal(false) }),
]);

export const switchTenantSchema = z.object({ tenantId: z.uuid() });

export const memberSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  available: z.boolean(),
  mfaEnabled: z.boolean(),
  disabled: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Member = z.infer<typeof memberSchema>;

export const createUserSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1).max(120),
  role: roleSchema,
  /** Needed only when the person has no login yet. */
  password: passwordSchema.optional(),
});
export const updateUserSchema = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    role: roleSchema.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to change' });

export const availabilitySchema = z.object({ available: z.boolean() });

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: passwordSchema,
});

export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  role: roleSchema,
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const createApiKeySchema = z.object({
  name: z.string().trim().min(1).max(80),
  role: roleSchema.exclude(['OWNER']).default('ADMIN'),
});

export const timezoneSchema = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'Unknown time zone' },
);

export const createTenantSchema = z.object({
  name: z.string().trim().min(2).max(120),
  timezone: timezoneSchema.default('America/Sao_Paulo'),
  owner: z.object({
    email: emailSchema,
    password: passwordSchema,
    name: z.string().trim().max(120).optional(),
  }),
});
export const tenantSchema = tenantSummarySchema.extend({ createdAt: z.string(), members: z.number().int() });

export const auditLogSchema = z.object({
  id: z.uuid(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
});
