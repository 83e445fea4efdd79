import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { assertValidStorageKey, type StoragePort } from './storage.port.ts';

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** Unset: AWS itself. Set for MinIO, R2, Backblaze, Ceph… */
  endpoint?: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `/bucket/key` URLs; default on when an endpoint is set (S3-compatible servers rarely do virtual hosts). */
  forcePathStyle?: boolean;
  /**
   * `when_supported` (the SDK default) sends CRC32 checksums on every upload; many S3-compatible
   * servers reject those headers, so the default is `when_required` when an endpoint is set.
   */
  checksums?: 'when_supported' | 'when_required';
  /** Bodies larger than this go up as a multipart upload in parts of this size (S3 minimum: 5 MiB). */
  partSize?: number;
  /** Attempts per request, retries included (SDK default 3). */
  maxAttempts?: number;
}

const MiB = 1024 * 1024;

/**
 * Any S3-compatible store through the official SDK. Bodies are sent as Buffers, one part at a
 * time: the SDK cannot retry a streamed request body and refuses streams of unknown length, so a
 * stream is cut into parts (memory stays near two parts) and uploaded with multipart when it
 * outgrows one.
 */
export class S3Storage implements StoragePort {
  readonly kind = 's3';
  readonly client: S3Client;
  readonly bucket: string;
  readonly #partSize: number;

  constructor(opts: S3StorageOptions) {
    if (opts.partSize !== undefined && opts.partSize < 5 * MiB)
      throw new Error('S3 partSize must be at least 5 MiB');
    this.bucket = opts.bucket;
    this.#partSize = opts.partSize ?? 8 * MiB;
    const checksums =
      (opts.checksums ?? (opts.endpoint ? 'when_required' : 'when_supported')) === 'when_required'
        ? 'WHEN_REQUIRED'
        : 'WHEN_SUPPORTED';
    this.client = new S3Client({
      region: opts.region,
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      forcePathStyle: opts.forcePathStyle ?? Boolean(opts.endpoint),
      credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
      requestChecksumCalculation: checksums,
      responseChecksumValidation: checksums,
      ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
      // Only the connect phase is bounded: an idle timeout would also cut a download that a slow client throttles.
      requestHandler: { connectionTimeout: 10_000 },
    });
  }

  async put(
    key: string,
    body: Buffer | NodeJS.ReadableStream,
    opts: { contentType?: string } = {},
  ): Promise<{ key: string; size: number }> {
    assertValidStorageKey(key);
    const contentType = opts.contentType ? { ContentType: opts.contentType } : {};
    const parts = cutIntoParts(body, this.#partSize);
    const first = await parts.next();
    const second = first.done ? first : await parts.next();
    if (first.done || second.done) {
      const bytes = first.done ? Buffer.alloc(0) : first.value;
      await this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ...contentType }),
      );
      return { key, size: bytes.length };
    }

    const { UploadId } = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ...contentType }),
    );
    if (!UploadId) throw new Error('S3 CreateMultipartUpload returned no UploadId');
    const done: { PartNumber: number; ETag: string }[] = [];
    let size = 0;
    try {
      const upload = async (bytes: Buffer) => {
        const PartNumber = done.length + 1;
        const { ETag } = await this.client.send(
          new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId, PartNumber, Body: bytes }),
        );
        if (!ETag) throw new Error(`S3 UploadPart ${PartNumber} returned no ETag`);
        done.push({ PartNumber, ETag });
        size += bytes.length;
      };
      await upload(first.value);
      await upload(second.value);
      for await (const bytes of parts) await upload(bytes);
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId,
          MultipartUpload: { Parts: done },
        }),
      );
      return { key, size };
    } catch (err) {
      await parts.return(undefined).catch(() => undefined); // stops reading the caller's stream
      // Unfinished parts are billed storage until aborted.
      await this.client
        .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId }))
        .catch(() => undefined);
      throw err;
    }
  }

  async get(
    key: string,
  ): Promise<{ body: NodeJS.ReadableStream; contentType?: string; size?: number } | null> {
    assertValidStorageKey(key);
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!res.Body) throw new Error('S3 GetObject returned no body');
      return {
        // In Node the SDK's body is an http.IncomingMessage (a Readable).
        body: res.Body as NodeJS.ReadableStream,
        ...(res.ContentType ? { contentType: res.ContentType } : {}),
        ...(res.ContentLength !== undefined ? { size: res.ContentLength } : {}),
      };
    } catch (err) {
      if (errorName(err) === 'NoSuchKey') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    assertValidStorageKey(key);
    // S3 answers 204 for absent keys too.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async exists(key: string): Promise<boolean> {
    assertValidStorageKey(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (err) {
      // HEAD answers have no body, so S3 cannot say NoSuchKey; the SDK names the 404 NotFound.
      if (errorName(err) === 'NotFound') return false;
      throw err;
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}

function errorName(err: unknown): string | undefined {
  return err instanceof Error ? err.name : undefined;
}

/** Yields `size`-byte Buffers (the last may be shorter; an empty body yields nothing). */
async function* cutIntoParts(body: Buffer | NodeJS.ReadableStream, size: number): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(body)) {
    for (let at = 0; at < body.length; at += size) yield body.subarray(at, at + size);
    return;
  }
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of body) {
    let rest = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    while (pendingBytes + rest.length >= size) {
      const take = size - pendingBytes;
      pending.push(rest.subarray(0, take));
      yield Buffer.concat(pending, size);
      pending = [];
      pendingBytes = 0;
      rest = rest.subarray(take);
    }
    if (rest.length > 0) {
      pending.push(rest);
      pendingBytes += rest.length;
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
}
