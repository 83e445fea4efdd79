import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalStorage } from './local.driver.ts';
import { describeObject, readObject, storageContract } from './storage.contract.ts';

const dirs: string[] = [];
const tempRoot = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'conversa-storage-'));
  dirs.push(dir);
  return dir;
};
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

storageContract('local', async () => new LocalStorage({ root: await tempRoot() }));

describe('local storage', () => {
  it('keeps the bytes as plain files under objects/ and leaves no temp files behind', async () => {
    const root = await tempRoot();
    const storage = new LocalStorage({ root });
    await storage.put('tenants/t1/media/a.txt', Buffer.from('hello'), { contentType: 'text/plain' });
    expect(await readFile(join(root, 'objects/tenants/t1/media/a.txt'), 'utf8')).toBe('hello');
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });

  it('creates its root on first write', async () => {
    const root = join(await tempRoot(), 'not', 'yet');
    const storage = new LocalStorage({ root });
    expect(await storage.exists('a/b.txt')).toBe(false);
    await storage.put('a/b.txt', Buffer.from('x'));
    expect(await storage.exists('a/b.txt')).toBe(true);
  });

  it('has no content type for an object written without one, or whose sidecar is missing', async () => {
    const root = await tempRoot();
    const storage = new LocalStorage({ root });
    await storage.put('a/no-type.bin', Buffer.from('x'));
    expect(await describeObject(storage, 'a/no-type.bin')).toEqual({ contentType: undefined, size: 1 });
    // A file dropped in by hand (or restored from a backup without meta/) still reads.
    await mkdir(join(root, 'objects/a'), { recursive: true });
    await writeFile(join(root, 'objects/a/by-hand.bin'), 'manual');
    expect(await describeObject(storage, 'a/by-hand.bin')).toEqual({ contentType: undefined, size: 6 });
    expect((await readObject(storage, 'a/by-hand.bin')).toString()).toBe('manual');
  });
});
