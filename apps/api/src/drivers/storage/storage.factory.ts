import { join } from 'node:path';
import type { Logger } from 'pino';
import { LocalStorage } from './local.driver.ts';
import { S3Storage } from './s3.driver.ts';
import type { StoragePort } from './storage.port.ts';

/** The settings this port reads; `AppConfig` satisfies it. */
export interface StorageConfig {
  STORAGE_DRIVER: 'local' | 's3';
  /** Absolute data directory; local files go to `<dataDir>/storage`. */
  dataDir: string;
  S3_ENDPOINT?: string | undefined;
  S3_REGION?: string | undefined;
  S3_BUCKET?: string | undefined;
  S3_ACCESS_KEY_ID?: string | undefined;
  S3_SECRET_ACCESS_KEY?: string | undefined;
}

export class StorageConfigError extends Error {
  constructor(readonly missing: string[]) {
    super(`STORAGE_DRIVER=s3 needs ${missing.join(', ')} (see .env.example)`);
    this.name = 'StorageConfigError';
  }
}

export function createStorage(config: StorageConfig, log: Pick<Logger, 'info'>): StoragePort {
  switch (config.STORAGE_DRIVER) {
    case 'local': {
      const root = join(config.dataDir, 'storage');
      log.info({ storage: 'local', root }, 'storage driver selected');
      return new LocalStorage({ root });
    }
    case 's3': {
      const required = ['S3_BUCKET', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;
      const missing = required.filter((k) => !config[k]);
      if (missing.length) throw new StorageConfigError(missing);
      const storage = new S3Storage({
        bucket: config.S3_BUCKET as string,
        region: config.S3_REGION as string,
        accessKeyId: config.S3_ACCESS_KEY_ID as string,
        secretAccessKey: config.S3_SECRET_ACCESS_KEY as string,
        ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}),
      });
      // Endpoint and bucket help an operator spot a typo; the credentials are never logged.
      log.info(
        { storage: 's3', bucket: storage.bucket, endpoint: config.S3_ENDPOINT ?? 'aws' },
        'storage driver selected',
      );
      return storage;
    }
    default: {
      const unknown: never = config.STORAGE_DRIVER;
      throw new Error(`Unknown STORAGE_DRIVER ${JSON.stringify(unknown)}: use local or s3`);
    }
  }
}
