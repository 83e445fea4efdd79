import { type Database, users } from '@conversa/db';
import { Inject, Injectable } from '@nestjs/common';
import { count, sql } from 'drizzle-orm';
import type { Logger } from '../../common/logger.ts';
import { CONFIG, DATABASE, LOGGER } from '../../common/tokens.ts';
import type { AppConfig } from '../../config/config.schema.ts';
import { TenantsService } from './tenants.service.ts';

/** The customer asked for this login; we keep it as the default and nag until it is changed. */
export const DEFAULT_ADMIN_PASSWORD = 'Jesus';

@Injectable()
export class BootstrapService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(TenantsService) private readonly tenants: TenantsService,
  ) {}

  /** On an empty database: the first tenant, with ADMIN_EMAIL as its OWNER and platform SUPER_ADMIN. */
  /** Returns the first tenant's id when this call created it (an empty database), else null. */
  async ensureFirstAdmin(): Promise<string | null> {
    let created: string | null = null;
    const [{ n } = { n: 0 }] = await this.database.system((tx) => tx.select({ n: count() }).from(users));
    if (Number(n) === 0) {
      ({ id: created } = await this.tenants.create(
        {
          name: 'Conversa',
          timezone: 'America/Sao_Paulo',
          owner: {
            email: this.config.ADMIN_EMAIL.toLowerCase(),
            password: this.config.ADMIN_PASSWORD,
            name: 'Admin',
          },
        },
        { superAdmin: true, passwordIsDefault: this.config.ADMIN_PASSWORD === DEFAULT_ADMIN_PASSWORD },
      ));
      this.log.info({ email: this.config.ADMIN_EMAIL }, 'first administrator created');
    }
    const [admin] = await this.database.system((tx) =>
      tx
        .select({ passwordIsDefault: users.passwordIsDefault })
        .from(users)
        .where(sql`lower(${users.email}) = ${this.config.ADMIN_EMAIL.toLowerCase()}`),
    );
    if (admin?.passwordIsDefault) {
      this.log.warn(
        { email: this.config.ADMIN_EMAIL },
        'the administrator still uses the default password: change it in Settings → Security',
      );
    }
    return created;
  }
}
