import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeS3, startFakeS3 } from '@conversa/testkit';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorage, StorageConfigError } from './storage.factory.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

describe('storage factory', () => {
  let dataDir: string;
  let fake: FakeS3;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'conversa-factory-'));
    fake = await startFakeS3({ buckets: ['media'] });
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await fake.close();
  });

  it('picks local disk under <dataDir>/storage and says so', async () => {
    const { log, lines } = capture();
    const storage = createStorage({ STORAGE_DRIVER: 'local', dataDir }, log);
    expect(storage.kind).toBe('local');
    await storage.put('tenants/t1/media/a.txt', Buffer.from('hi'));
    expect(await readFile(join(dataDir, 'storage/objects/tenants/t1/media/a.txt'), 'utf8')).toBe('hi');
    expect(lines).toMatchObject([
      { storage: 'local', root: join(dataDir, 'storage'), msg: 'storage driver selected' },
    ]);
  });

  it('picks S3 with the configured endpoint and bucket, and never logs the secret', async () => {
    const { log, lines } = capture();
    const storage = createStorage(
      {
        STORAGE_DRIVER: 's3',
        dataDir,
        S3_ENDPOINT: fake.url,
        S3_REGION: fake.region,
        S3_BUCKET: 'media',
        S3_ACCESS_KEY_ID: fake.accessKeyId,
        S3_SECRET_ACCESS_KEY: fake.secretAccessKey,
      },
      log,
    );
    expect(storage.kind).toBe('s3');
    await storage.put('tenants/t1/media/a.txt', Buffer.from('hi'), { contentType: 'text/plain' });
    expect(fake.objects.get('media/tenants/t1/media/a.txt')?.body.toString()).toBe('hi');
    expect(lines).toMatchObject([{ storage: 's3', bucket: 'media', endpoint: fake.url }]);
    expect(JSON.stringify(lines)).not.toContain(fake.secretAccessKey);
  });

  it('names every missing S3 setting', () => {
    const { log } = capture();
    const make = () =>
      createStorage({ STORAGE_DRIVER: 's3', dataDir, S3_REGION: 'us-east-1', S3_ACCESS_KEY_ID: 'AK' }, log);
    expect(make).toThrow(StorageConfigError);
    expect(make).toThrow('STORAGE_DRIVER=s3 needs S3_BUCKET, S3_SECRET_ACCESS_KEY');
  });

  it('refuses an unknown driver', () => {
    const { log } = capture();
    expect(() => createStorage({ STORAGE_DRIVER: 'ftp' as never, dataDir }, log)).toThrow(
      /Unknown STORAGE_DRIVER "ftp"/,
    );
  });
});
