import { z } from 'zod';

/** Cloud API credentials as an admin types them (API.md "Channels"); the adapter validates the same shape. */
export const cloudCredentialsSchema = z.object({
  wabaId: z.string().trim().regex(/^\d+$/, 'digits only'),
  phoneNumberId: z.string().trim().regex(/^\d+$/, 'digits only'),
  accessToken: z.string().trim().min(10),
  appSecret: z.string().trim().min(8),
  appId: z.string().trim().regex(/^\d+$/, 'digits only').optional(),
  graphApiBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
  graphApiVersion: z
    .string()
    .regex(/^v\d+\.\d+$/)
    .optional(),
});
export type CloudCredentials = z.infer<typeof cloudCredentialsSchema>;

export const createChannelSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('cloud'),
    name: z.string().trim().min(1).max(80),
    credentials: cloudCredentialsSchema,
  }),
  z.object({ kind: z.literal('sandbox'), name: z.string().trim().min(1).max(80) }),
]);
export type CreateChannelInput = z.infer<typeof createChannelSchema>;

export const updateChannelSchema = z
  .object({
    name: z.string().trim().min(1).max(80).optional(),
    credentials: cloudCredentialsSchema.optional(),
  })
  .refine((v) => v.name !== undefined || v.credentials !== undefined, { message: 'Nothing to change' });

export const simulateSchema = z.object({
  from: z.string().trim().min(8).max(32),
  name: z.string().trim().max(80).optional(),
  text: z.string().trim().min(1).max(4096),
});

export const sendMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().trim().min(1).max(4096) }),
]);
export type SendMessageInput = z.infer<typeof sendMessageSchema>;

export const checklistSteps = [
  'credentials',
  'permanent-token',
  'webhook-verified',
  'first-event',
  'round-trip',
] as const;
