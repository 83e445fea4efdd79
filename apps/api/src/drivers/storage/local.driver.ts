import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { assertValidStorageKey, type StoragePort } from './storage.port.ts';

/**
 * Files under one root directory (the embedded default: `<DATA_DIR>/storage`). Layout:
 * `objects/<key>` holds the bytes as-is (a reverse proxy could serve them), `meta/<key>` (JSON) the
 * content type, `tmp/` the writes in progress. Separate trees, so no key can collide with a sidecar.
 */
export class LocalStorage implements StoragePort {
  readonly kind = 'local';
  readonly root: string;

  constructor(opts: { root: string }) {
    this.root = resolve(opts.root);
  }

  async put(
    key: string,
    body: Buffer | NodeJS.ReadableStream,
    opts: { contentType?: string } = {},
  ): Promise<{ key: string; size: number }> {
    const { file, meta } = this.#paths(key);
    const tmpDir = join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmpFile = join(tmpDir, `${randomUUID()}.part`);
    const tmpMeta = join(tmpDir, `${randomUUID()}.meta`);
    try {
      // Write aside, flush, then rename: readers see the old or the new object, never half of one.
      if (Buffer.isBuffer(body)) await writeFile(tmpFile, body, { flag: 'wx', flush: true });
      else await pipeline(body, createWriteStream(tmpFile, { flags: 'wx', flush: true }));
      const { size } = await stat(tmpFile);
      await writeFile(tmpMeta, JSON.stringify({ contentType: opts.contentType ?? null }), { flag: 'wx' });
      await mkdir(dirname(meta), { recursive: true });
      await mkdir(dirname(file), { recursive: true });
      // Sidecar first: a crash in between leaves the old bytes with the new type, never a body without metadata.
      await rename(tmpMeta, meta);
      await rename(tmpFile, file);
      return { key, size };
    } finally {
      await Promise.all([unlinkIfPresent(tmpFile), unlinkIfPresent(tmpMeta)]);
    }
  }

  async get(
    key: string,
  ): Promise<{ body: NodeJS.ReadableStream; contentType?: string; size?: number } | null> {
    const { file, meta } = this.#paths(key);
    // Open first, then stat the descriptor: a concurrent overwrite or delete cannot swap the file under us.
    const handle = await open(file, 'r').catch((err: NodeJS.ErrnoException) => {
      if (isAbsent(err)) return null;
      throw err;
    });
    if (!handle) return null;
    try {
      const info = await handle.stat();
      if (!info.isFile()) {
        await handle.close(); // a "directory" made by longer keys is not an object (as on S3)
        return null;
      }
      const contentType = await readContentType(meta);
      return {
        body: handle.createReadStream(),
        size: info.size,
        ...(contentType ? { contentType } : {}),
      };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    const { file, meta } = this.#paths(key);
    if (await isDirectory(file)) return; // made by longer keys: not an object, nothing to delete
    await unlinkIfPresent(file);
    await unlinkIfPresent(meta);
  }

  async exists(key: string): Promise<boolean> {
    return isFile(this.#paths(key).file);
  }

  #paths(key: string): { file: string; meta: string } {
    assertValidStorageKey(key);
    const objects = join(this.root, 'objects');
    const file = resolve(objects, key);
    // Defence in depth: the key rules already forbid anything that could leave the root.
    if (!file.startsWith(objects + sep)) throw new Error(`storage key escapes the root: ${key}`);
    // Same tree shape as objects/ (no suffix), so two keys collide in meta/ only if they do in objects/.
    return { file, meta: resolve(this.root, 'meta', key) };
  }
}

function isAbsent(err: NodeJS.ErrnoException): boolean {
  // ENOTDIR: a shorter key is a file where this key needs a directory, so this key cannot exist.
  return err.code === 'ENOENT' || err.code === 'ENOTDIR';
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (err) {
    if (isAbsent(err as NodeJS.ErrnoException)) return false;
    throw err;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (err) {
    if (isAbsent(err as NodeJS.ErrnoException)) return false;
    throw err;
  }
}

async function unlinkIfPresent(path: string): Promise<void> {
  await unlink(path).catch((err: NodeJS.ErrnoException) => {
    if (!isAbsent(err)) throw err;
  });
}

async function readContentType(meta: string): Promise<string | undefined> {
  try {
    const parsed = JSON.parse(await readFile(meta, 'utf8')) as { contentType?: unknown };
    return typeof parsed.contentType === 'string' ? parsed.contentType : undefined;
  } catch (err) {
    if (isAbsent(err as NodeJS.ErrnoException)) return undefined;
    throw err;
  }
}
