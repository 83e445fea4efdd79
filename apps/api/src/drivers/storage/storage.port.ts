/** Media and uploads, on local disk or any S3-compatible server (ARCHITECTURE §3). */
export interface StoragePort {
  readonly kind: 'local' | 's3';
  /** Replaces an existing object; readers see the old or the new bytes, never a mix. */
  put(
    key: string,
    body: Buffer | NodeJS.ReadableStream,
    opts?: { contentType?: string },
  ): Promise<{ key: string; size: number }>;
  /** null when absent. The caller must read or destroy `body`: it holds a file or a pooled socket. */
  get(key: string): Promise<{ body: NodeJS.ReadableStream; contentType?: string; size?: number } | null>;
  /** No error when absent. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

/** Refused before any I/O; `code`/`status` follow the AppError shape so the API can map it. */
export class InvalidStorageKeyError extends Error {
  readonly code = 'invalid-storage-key';
  readonly status = 400;
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`Invalid storage key ${JSON.stringify(key)}: ${reason}`);
    this.name = 'InvalidStorageKeyError';
  }
}

/** S3's own limit; the same rule on disk keeps keys portable between drivers. */
const maxKeyBytes = 1024;

/**
 * Keys look like `tenants/<tenantId>/media/<uuid>.jpg`: relative, `/`-separated, no empty, `.` or
 * `..` segments, no backslashes or control characters (NUL included), so that no key can leave
 * the storage root on disk or mean different objects on different drivers.
 */
export function assertValidStorageKey(key: string): void {
  const fail = (reason: string): never => {
    throw new InvalidStorageKeyError(key, reason);
  };
  if (typeof key !== 'string' || key.length === 0) fail('it is empty');
  if (Buffer.byteLength(key, 'utf8') > maxKeyBytes) fail(`it is longer than ${maxKeyBytes} bytes`);
  if (key.startsWith('/')) fail('it must not start with "/"');
  if (key.includes('\\')) fail('it must not contain a backslash');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(key)) fail('it must not contain control characters (NUL, newline…)');
  for (const segment of key.split('/')) {
    if (segment === '..') fail('it must not contain ".." segments');
    if (segment === '.') fail('it must not contain "." segments');
    if (segment === '') fail('it must not contain empty segments ("//" or a trailing "/")');
  }
  if (/\p{Cs}/u.test(key)) fail('it is not valid Unicode (lone surrogate)');
}
