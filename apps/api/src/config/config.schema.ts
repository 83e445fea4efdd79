import { resolve } from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** The only reader of process.env (CONVENTIONS "Config"). Every key is documented in .env.example. */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Where the embedded database, generated key and local files live. */
  DATA_DIR: z.string().default('.data'),
  /** Unset: embedded PGlite in DATA_DIR. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Unset: the queue runs on the database (pg-boss) and realtime stays in process. */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  QUEUE_DRIVER: z.enum(['pg-boss', 'bullmq']).optional(),
  STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** 32 bytes as base64 or hex; the embedded default generates one into DATA_DIR. */
  ENCRYPTION_KEY: z.string().optional(),
  ADMIN_EMAIL: z.email().default('admin@gmail.com'),
  ADMIN_PASSWORD: z.string().min(1).default('Jesus'),
  /** Public origin used in links and webhook URLs shown to admins. */
  PUBLIC_URL: z.url().optional(),
  /** Mark cookies Secure (default: on when PUBLIC_URL is https). */
  COOKIE_SECURE: bool.optional(),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
  /** Messages per second each channel may send (Meta's default throughput is 80/s); 0 turns throttling off. */
  SEND_RATE_PER_CHANNEL: z.coerce.number().int().min(0).max(10_000).default(80),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Serve the Next.js dashboard from this process (ROLE all/api). */
  SERVE_WEB: bool.default(true),
  /** Trust X-Forwarded-For from a reverse proxy (for the login rate limit and audit IPs). */
  TRUST_PROXY: bool.default(false),
});

export type AppConfig = Readonly<z.infer<typeof configSchema>> & { dataDir: string };

export class ConfigError extends Error {}

/** Fails fast naming the bad keys, never their values (they may be secrets). */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nSee .env.example for every setting.`);
  }
  const c = parsed.data;
  if (c.STORAGE_DRIVER === 's3') {
    const missing = (['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const).filter((k) => !c[k]);
    if (missing.length) throw new ConfigError(`STORAGE_DRIVER=s3 needs ${missing.join(', ')}`);
  }
  if (c.QUEUE_DRIVER === 'bullmq' && !c.REDIS_URL)
    throw new ConfigError('QUEUE_DRIVER=bullmq needs REDIS_URL');
  return Object.freeze({ ...c, dataDir: resolve(c.DATA_DIR) });
}
