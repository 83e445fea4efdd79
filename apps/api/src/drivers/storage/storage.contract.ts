import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidStorageKeyError, type StoragePort } from './storage.port.ts';

export async function readAll(body: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The object's bytes; fails the test when the object is absent. */
export async function readObject(storage: StoragePort, key: string): Promise<Buffer> {
  const got = await storage.get(key);
  if (!got) throw new Error(`expected ${key} to exist`);
  return readAll(got.body);
}

/** Content type and size without the bytes; the body is released, as every caller must do. */
export async function describeObject(storage: StoragePort, key: string) {
  const got = await storage.get(key);
  if (!got) return null;
  (got.body as NodeJS.ReadableStream & { destroy(): void }).destroy();
  return { contentType: got.contentType, size: got.size };
}

/** A stream that hands out `total` bytes in odd-sized chunks, as an upload from a socket would. */
export function chunkedStream(bytes: Buffer, chunkSize = 65_537): Readable {
  let offset = 0;
  return new Readable({
    read() {
      if (offset >= bytes.length) return void this.push(null);
      this.push(bytes.subarray(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

/** Every storage driver passes this (CONVENTIONS "Tests"). */
export const storageContract = (name: string, make: () => Promise<StoragePort>) =>
  describe(`storage contract: ${name}`, () => {
    let storage: StoragePort;
    // Keys unique per run, so drivers sharing a bucket or directory never see each other's objects.
    const key = (ext = 'bin') => `tenants/t-${randomUUID()}/media/${randomUUID()}.${ext}`;

    beforeAll(async () => {
      storage = await make();
    });
    afterAll(async () => {
      await (storage as StoragePort & { close?: () => Promise<void> }).close?.();
    });

    it('round-trips bytes and keeps the content type', async () => {
      const k = key('jpg');
      const bytes = randomBytes(10_000);
      expect(await storage.put(k, bytes, { contentType: 'image/jpeg' })).toEqual({ key: k, size: 10_000 });
      expect(await describeObject(storage, k)).toEqual({ contentType: 'image/jpeg', size: 10_000 });
      expect((await readObject(storage, k)).equals(bytes)).toBe(true);
      expect(await storage.exists(k)).toBe(true);
    });

    it('accepts a stream body and reports its size', async () => {
      const k = key('ogg');
      const bytes = randomBytes(300_001);
      const put = await storage.put(k, chunkedStream(bytes), { contentType: 'audio/ogg; codecs=opus' });
      expect(put).toEqual({ key: k, size: 300_001 });
      expect((await describeObject(storage, k))?.contentType).toBe('audio/ogg; codecs=opus');
      expect(sha256(await readObject(storage, k))).toBe(sha256(bytes));
    });

    it('stores empty objects', async () => {
      const k = key('txt');
      expect(await storage.put(k, Buffer.alloc(0), { contentType: 'text/plain' })).toEqual({
        key: k,
        size: 0,
      });
      expect(await storage.exists(k)).toBe(true);
      expect((await readObject(storage, k)).length).toBe(0);
      expect(await storage.put(key(), Readable.from([]))).toMatchObject({ size: 0 });
    });

    it('answers null for an absent key and false from exists', async () => {
      const k = key();
      expect(await storage.get(k)).toBeNull();
      expect(await storage.exists(k)).toBe(false);
      // A "folder" that only exists because of longer keys is not an object either.
      const dir = `tenants/t-${randomUUID()}/media`;
      await storage.put(`${dir}/a.bin`, Buffer.from('a'));
      expect(await storage.get(dir)).toBeNull();
      expect(await storage.exists(dir)).toBe(false);
    });

    it('deletes, and deleting an absent key is not an error', async () => {
      const k = key();
      await storage.put(k, Buffer.from('bye'));
      await storage.delete(k);
      expect(await storage.exists(k)).toBe(false);
      expect(await storage.get(k)).toBeNull();
      await expect(storage.delete(k)).resolves.toBeUndefined();
      await expect(storage.delete(key())).resolves.toBeUndefined();
    });

    it('overwrites bytes and content type', async () => {
      const k = key();
      await storage.put(k, Buffer.from('first version, longer'), { contentType: 'text/plain' });
      await storage.put(k, Buffer.from('second'), { contentType: 'application/json' });
      expect((await describeObject(storage, k))?.contentType).toBe('application/json');
      expect((await readObject(storage, k)).toString()).toBe('second');
    });

    it('keeps keys with spaces, plus signs and non-ASCII letters apart and intact', async () => {
      const base = `tenants/t-${randomUUID()}/media`;
      const keys = [
        `${base}/a b+c.jpg`,
        `${base}/a%20b+c.jpg`,
        `${base}/ação é.jpg`,
        `${base}/a=b&c?d#e.jpg`,
      ];
      for (const [i, k] of keys.entries()) await storage.put(k, Buffer.from(`object ${i}`));
      for (const [i, k] of keys.entries())
        expect((await readObject(storage, k)).toString()).toBe(`object ${i}`);
    });

    it.each([
      ['a parent segment', 'tenants/t1/../t2/media/x.jpg'],
      ['a bare parent', '..'],
      ['a leading slash', '/tenants/t1/media/x.jpg'],
      ['a backslash', 'tenants\\t1\\media\\x.jpg'],
      ['a NUL byte', 'tenants/t1/media/x.jpg\u0000.png'],
      ['a newline', 'tenants/t1/media/x\n.jpg'],
      ['an empty key', ''],
      ['an empty segment', 'tenants//x.jpg'],
      ['a trailing slash', 'tenants/t1/'],
      ['a dot segment', 'tenants/./x.jpg'],
      ['a key over 1024 bytes', `tenants/${'é'.repeat(520)}`],
    ])('refuses a key with %s, for every operation', async (_label, bad) => {
      await expect(storage.put(bad, Buffer.from('x'))).rejects.toBeInstanceOf(InvalidStorageKeyError);
      await expect(storage.get(bad)).rejects.toBeInstanceOf(InvalidStorageKeyError);
      await expect(storage.exists(bad)).rejects.toBeInstanceOf(InvalidStorageKeyError);
      await expect(storage.delete(bad)).rejects.toThrow(/Invalid storage key/);
    });

    it('round-trips a 5 MB body, from a buffer and from a stream', async () => {
      const bytes = randomBytes(5 * 1024 * 1024 + 123);
      const fromBuffer = key('mp4');
      const fromStream = key('mp4');
      expect((await storage.put(fromBuffer, bytes, { contentType: 'video/mp4' })).size).toBe(bytes.length);
      expect((await storage.put(fromStream, chunkedStream(bytes), { contentType: 'video/mp4' })).size).toBe(
        bytes.length,
      );
      for (const k of [fromBuffer, fromStream]) {
        expect((await describeObject(storage, k))?.size).toBe(bytes.length);
        expect(sha256(await readObject(storage, k))).toBe(sha256(bytes));
      }
    });

    it('leaves the old object in place when a stream body fails midway', async () => {
      const k = key();
      await storage.put(k, Buffer.from('old'));
      const failing = new Readable({
        read() {
          this.push(randomBytes(1024));
          this.destroy(new Error('client went away'));
        },
      });
      await expect(storage.put(k, failing)).rejects.toThrow(/client went away/);
      expect((await readObject(storage, k)).toString()).toBe('old');
    });
  });
