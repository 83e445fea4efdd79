import { authFailures, type Database } from '@conversa/db';
import { and, count, eq, gt, lt, min } from 'drizzle-orm';
import { RateLimitedError } from '../../common/errors.ts';

const WINDOW_MS = 60_000;
/** Ten bad attempts per e-mail and address a minute: the eleventh is refused (issue 2 "Done when"). */
const PER_ACCOUNT = 10;
/** A wider net for one address spraying many e-mails. */
const PER_IP = 50;

/** Failed sign-ins live in the database so every API process sees the same counts. */
export class LoginLimiter {
  constructor(private readonly database: Database) {}

  async check(email: string, ip: string): Promise<void> {
    const since = new Date(Date.now() - WINDOW_MS);
    await this.database.system(async (tx) => {
      for (const [column, value, limit] of [
        [authFailures.key, `${email}|${ip}`, PER_ACCOUNT],
        [authFailures.ip, ip, PER_IP],
      ] as const) {
        const [row] = await tx
          .select({ n: count(), oldest: min(authFailures.createdAt) })
          .from(authFailures)
          .where(and(eq(column, value), gt(authFailures.createdAt, since)));
        if (row && row.n >= limit) {
          const oldest = row.oldest ? new Date(row.oldest).getTime() : Date.now();
          throw new RateLimitedError(Math.max(1, Math.ceil((oldest + WINDOW_MS - Date.now()) / 1000)));
        }
      }
    });
  }

  async fail(email: string, ip: string): Promise<void> {
    await this.database.system(async (tx) => {
      await tx.insert(authFailures).values({ key: `${email}|${ip}`, ip });
      // Keep the table small; old rows no longer count.
      await tx.delete(authFailures).where(lt(authFailures.createdAt, new Date(Date.now() - 10 * WINDOW_MS)));
    });
  }

  async succeed(email: string, ip: string): Promise<void> {
    await this.database.system((tx) => tx.delete(authFailures).where(eq(authFailures.key, `${email}|${ip}`)));
  }
}
