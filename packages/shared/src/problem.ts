import { z } from 'zod';

/** RFC 9457 problem details as every API error answers them; `code` is stable and clients branch on it. */
export const fieldProblemSchema = z.object({
  path: z.string(),
  message: z.string(),
  code: z.string(),
  /** Bounds of a too_small/too_big problem, so clients can word it without parsing `message`. */
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  /** i18n key of the problem, when the API has a specific text for it (template rules). */
  messageKey: z.string().optional(),
  /** Values for `messageKey`'s placeholders. */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: z.string(),
  requestId: z.string().optional(),
  errors: z.array(fieldProblemSchema).optional(),
});
export type Problem = z.infer<typeof problemSchema>;
export type FieldProblem = z.infer<typeof fieldProblemSchema>;

export const pageQuerySchema = z.object({
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
