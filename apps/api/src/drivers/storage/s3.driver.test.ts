import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { type FakeS3, startFakeS3 } from '@conversa/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { S3Storage, type S3StorageOptions } from './s3.driver.ts';
import { chunkedStream, readAll, storageContract } from './storage.contract.ts';

let fake: FakeS3;
beforeAll(async () => {
  fake = await startFakeS3({ accessKeyId: 'AKIATEST', secretAccessKey: 'test-secret', buckets: ['media'] });
});
afterAll(async () => {
  await fake.close();
});

const MiB = 1024 * 1024;
const storageOn = (s3: FakeS3, overrides: Partial<S3StorageOptions> = {}) =>
  new S3Storage({
    endpoint: s3.url,
    region: s3.region,
    bucket: 'media',
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    ...overrides,
  });

// Both checksum modes: `when_required` is what S3-compatible servers get, `when_supported` what AWS gets.
storageContract('s3 (checksums when required)', async () => storageOn(fake));
storageContract('s3 (checksums when supported, multipart from 5 MiB)', async () =>
  storageOn(fake, { checksums: 'when_supported', partSize: 5 * MiB }),
);

describe('s3 storage', () => {
  beforeEach(() => {
    fake.requests.length = 0;
  });

  it('uploads a large stream as a multipart upload and stores it whole', async () => {
    const storage = storageOn(fake, { partSize: 5 * MiB });
    const bytes = randomBytes(12 * MiB + 7);
    const put = await storage.put('tenants/t1/media/big.mp4', chunkedStream(bytes, 1_000_003), {
      contentType: 'video/mp4',
    });
    expect(put.size).toBe(bytes.length);
    expect(fake.requests.map((r) => `${r.operation} ${r.status}`)).toEqual([
      'CreateMultipartUpload 200',
      'UploadPart 200',
      'UploadPart 200',
      'UploadPart 200',
      'CompleteMultipartUpload 200',
    ]);
    const stored = fake.objects.get('media/tenants/t1/media/big.mp4');
    expect(stored?.etag).toMatch(/-3"$/);
    expect(stored?.contentType).toBe('video/mp4');
    expect(stored?.body.equals(bytes)).toBe(true);
    await storage.close();
  });

  it('aborts the multipart upload and stores nothing when the stream fails after some parts', async () => {
    const storage = storageOn(fake, { partSize: 5 * MiB });
    let sent = 0;
    const failing = new Readable({
      read() {
        if (sent >= 11 * MiB) return void this.destroy(new Error('upload cut off'));
        sent += MiB;
        this.push(randomBytes(MiB));
      },
    });
    await expect(storage.put('tenants/t1/media/cut.mp4', failing)).rejects.toThrow(/upload cut off/);
    expect(fake.requests.map((r) => r.operation)).toEqual([
      'CreateMultipartUpload',
      'UploadPart',
      'UploadPart',
      'AbortMultipartUpload',
    ]);
    expect(fake.requests.at(-1)?.status).toBe(204);
    expect(fake.objects.has('media/tenants/t1/media/cut.mp4')).toBe(false);
    expect(failing.destroyed).toBe(true);
    await storage.close();
  });

  it('succeeds through 503 SlowDown answers, which the SDK retries', async () => {
    const storage = storageOn(fake);
    fake.failNext(2);
    await storage.put('tenants/t1/media/retry.txt', Buffer.from('made it'), { contentType: 'text/plain' });
    expect(fake.requests.map((r) => `${r.status} ${r.code ?? ''}`.trim())).toEqual([
      '503 SlowDown',
      '503 SlowDown',
      '200',
    ]);
    expect(fake.objects.get('media/tenants/t1/media/retry.txt')?.body.toString()).toBe('made it');
    await storage.close();
  });

  it('gives up with the SDK error once retries are used up', async () => {
    const storage = storageOn(fake, { maxAttempts: 2 });
    fake.failNext(2);
    await expect(storage.exists('tenants/t1/media/x.txt')).rejects.toMatchObject({
      $metadata: { httpStatusCode: 503 },
    });
    fake.failNext(2, { status: 500, code: 'InternalError', message: 'We encountered an internal error.' });
    await expect(storage.get('tenants/t1/media/x.txt')).rejects.toMatchObject({ name: 'InternalError' });
    await storage.close();
  });

  it('refuses a wrong secret with SignatureDoesNotMatch and an unknown key id with InvalidAccessKeyId', async () => {
    const wrongSecret = storageOn(fake, { secretAccessKey: 'not-the-secret' });
    await expect(wrongSecret.put('tenants/t1/media/a.txt', Buffer.from('x'))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(wrongSecret.get('tenants/t1/media/a.txt')).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
    });
    const wrongKey = storageOn(fake, { accessKeyId: 'AKIAUNKNOWN' });
    await expect(wrongKey.get('tenants/t1/media/a.txt')).rejects.toMatchObject({
      name: 'InvalidAccessKeyId',
    });
    expect(fake.objects.has('media/tenants/t1/media/a.txt')).toBe(false);
    await wrongSecret.close();
    await wrongKey.close();
  });

  it('throws NoSuchBucket rather than answering "absent" for a bucket that does not exist', async () => {
    const storage = storageOn(fake, { bucket: 'no-such-bucket' });
    await expect(storage.get('tenants/t1/media/a.txt')).rejects.toMatchObject({ name: 'NoSuchBucket' });
    await expect(storage.put('tenants/t1/media/a.txt', Buffer.from('x'))).rejects.toMatchObject({
      name: 'NoSuchBucket',
    });
    await expect(storage.delete('tenants/t1/media/a.txt')).rejects.toMatchObject({ name: 'NoSuchBucket' });
    await storage.close();
  });

  it('sends CRC32 checksums only when asked to, for S3-compatible servers that reject them', async () => {
    const compatible = storageOn(fake);
    const aws = storageOn(fake, { checksums: 'when_supported' });
    await compatible.put('tenants/t1/media/plain.txt', Buffer.from('plain'));
    await aws.put('tenants/t1/media/summed.txt', Buffer.from('summed'));
    expect(fake.objects.get('media/tenants/t1/media/plain.txt')?.checksumCrc32).toBeUndefined();
    expect(fake.objects.get('media/tenants/t1/media/summed.txt')?.checksumCrc32).toMatch(
      /^[A-Za-z0-9+/]{6}==$/,
    );
    await compatible.close();
    await aws.close();
  });
});

describe('fake S3, as the SDK sees it', () => {
  const client = (overrides: Record<string, unknown> = {}) =>
    new S3Client({
      endpoint: fake.url,
      region: fake.region,
      forcePathStyle: true,
      credentials: { accessKeyId: fake.accessKeyId, secretAccessKey: fake.secretAccessKey },
      ...overrides,
    });

  it('decodes the aws-chunked body with a CRC32 trailer that the SDK sends for streams', async () => {
    const s3 = client();
    fake.requests.length = 0;
    const bytes = randomBytes(200_000);
    await s3.send(
      new PutObjectCommand({
        Bucket: 'media',
        Key: 'chunked.bin',
        Body: chunkedStream(bytes, 30_000),
        ContentLength: bytes.length,
      }),
    );
    expect(fake.requests.at(-1)?.payload).toBe('STREAMING-UNSIGNED-PAYLOAD-TRAILER');
    expect(fake.objects.get('media/chunked.bin')?.body.equals(bytes)).toBe(true);
    // GetObject with checksum mode on: the SDK checks the CRC32 the fake returns against the bytes.
    const got = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'chunked.bin' }));
    expect(got.ChecksumCRC32).toBe(fake.objects.get('media/chunked.bin')?.checksumCrc32);
    expect((await readAll(got.Body as NodeJS.ReadableStream)).equals(bytes)).toBe(true);
    s3.destroy();
  });

  it('refuses a body whose CRC32 does not match with BadDigest', async () => {
    const s3 = client();
    await expect(
      s3.send(
        new PutObjectCommand({
          Bucket: 'media',
          Key: 'bad.bin',
          Body: Buffer.from('abc'),
          ChecksumCRC32: 'AAAAAA==',
        }),
      ),
    ).rejects.toMatchObject({ name: 'BadDigest' });
    expect(fake.objects.has('media/bad.bin')).toBe(false);
    s3.destroy();
  });

  it('answers NoSuchKey to GetObject and a bodiless 404 (NotFound) to HeadObject', async () => {
    const s3 = client();
    await expect(s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'nothing' }))).rejects.toMatchObject({
      name: 'NoSuchKey',
      $metadata: { httpStatusCode: 404 },
    });
    s3.destroy();
  });

  it('refuses a multipart completion with a small middle part (EntityTooSmall), and unknown uploads', async () => {
    const s3 = client();
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'media', Key: 'small-parts' }),
    );
    const parts = [];
    for (const [i, text] of ['first', 'second'].entries()) {
      const { ETag } = await s3.send(
        new UploadPartCommand({
          Bucket: 'media',
          Key: 'small-parts',
          UploadId,
          PartNumber: i + 1,
          Body: Buffer.from(text),
        }),
      );
      parts.push({ PartNumber: i + 1, ETag });
    }
    await expect(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'media',
          Key: 'small-parts',
          UploadId,
          MultipartUpload: { Parts: parts },
        }),
      ),
    ).rejects.toMatchObject({ name: 'EntityTooSmall' });
    expect(fake.objects.has('media/small-parts')).toBe(false);
    await expect(
      s3.send(
        new UploadPartCommand({
          Bucket: 'media',
          Key: 'k',
          UploadId: 'nope',
          PartNumber: 1,
          Body: Buffer.from('x'),
        }),
      ),
    ).rejects.toMatchObject({ name: 'NoSuchUpload' });
    s3.destroy();
  });

  it('lets the SDK correct its clock from the RequestTimeTooSkewed answer and retry', async () => {
    // The server is an hour ahead of this machine: the first signature is "too old".
    const ahead = await startFakeS3({ buckets: ['media'], clockOffsetMs: 60 * 60 * 1000 });
    try {
      const storage = storageOn(ahead);
      await storage.put('tenants/t1/media/late.txt', Buffer.from('late'));
      expect(ahead.requests.map((r) => r.code ?? r.status)).toEqual(['RequestTimeTooSkewed', 200]);
      expect(await storage.exists('tenants/t1/media/late.txt')).toBe(true);
      await storage.close();
    } finally {
      await ahead.close();
    }
  });
});
