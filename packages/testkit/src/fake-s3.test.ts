import { Agent, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeS3, startFakeS3 } from './fake-s3.ts';

// The signing examples from AWS's SigV4 documentation ("Examples: Signature Calculations",
// sig-v4-header-based-auth.html): checked here without the SDK, so the fake does not merely agree with it.
const docs = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  region: 'us-east-1',
  // The examples are signed at 2013-05-24T00:00:00Z: run the fake's clock there.
  clockOffsetMs: Date.UTC(2013, 4, 24) - Date.now(),
};
const emptySha = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const credential = 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(s3: FakeS3, method: string, path: string, headers: Record<string, string>, body?: string) {
  return new Promise<Reply>((resolve, reject) => {
    const url = new URL(s3.url);
    const req = request(
      { host: url.hostname, port: url.port, method, path, headers, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const code = (reply: Reply) => /<Code>([^<]*)<\/Code>/.exec(reply.body)?.[1];

describe('fake S3 over plain HTTP', () => {
  const fakes: FakeS3[] = [];
  const start = async (opts: Parameters<typeof startFakeS3>[0] = {}) => {
    const s3 = await startFakeS3(opts);
    fakes.push(s3);
    return s3;
  };
  afterEach(async () => {
    await Promise.all(fakes.splice(0).map((s3) => s3.close()));
  });

  it("accepts AWS's documented GET Object signature and refuses it once one byte changes", async () => {
    const s3 = await start({ ...docs, buckets: ['examplebucket'] });
    const headers = {
      host: 'examplebucket.s3.amazonaws.com',
      range: 'bytes=0-9',
      'x-amz-content-sha256': emptySha,
      'x-amz-date': '20130524T000000Z',
      authorization: `${credential},SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41`,
    };
    // The example is virtual-hosted (/test.txt in bucket examplebucket); path-style it names bucket "test.txt".
    const ok = await send(s3, 'GET', '/test.txt', headers);
    expect(code(ok)).toBe('NoSuchBucket');
    const tampered = await send(s3, 'GET', '/test.txt', { ...headers, range: 'bytes=0-99' });
    expect(tampered.status).toBe(403);
    expect(code(tampered)).toBe('SignatureDoesNotMatch');
    expect(tampered.body).toContain(
      '<StringToSign>AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request',
    );
  });

  it("accepts AWS's documented PUT Object signature (escaped path, signed body hash)", async () => {
    const s3 = await start({ ...docs, buckets: [] });
    const body = 'Welcome to Amazon S3.';
    const headers = {
      host: 'examplebucket.s3.amazonaws.com',
      date: 'Fri, 24 May 2013 00:00:00 GMT',
      'x-amz-date': '20130524T000000Z',
      'x-amz-storage-class': 'REDUCED_REDUNDANCY',
      'x-amz-content-sha256': '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072',
      authorization: `${credential},SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd`,
    };
    expect(code(await send(s3, 'PUT', '/test%24file.text', headers, body))).toBe('NoSuchBucket');
    // Same signature, different bytes: the payload hash no longer matches the body.
    const changed = await send(s3, 'PUT', '/test%24file.text', headers, 'Welcome to Amazon S4.');
    expect(code(changed)).toBe('XAmzContentSHA256Mismatch');
  });

  it("accepts AWS's documented signatures for requests with a query string", async () => {
    const s3 = await start(docs);
    const headers = {
      host: 'examplebucket.s3.amazonaws.com',
      'x-amz-content-sha256': emptySha,
      'x-amz-date': '20130524T000000Z',
    };
    const lifecycle = await send(s3, 'GET', '/?lifecycle', {
      ...headers,
      authorization: `${credential},SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543`,
    });
    expect(code(lifecycle)).toBe('NotImplemented');
    const list = await send(s3, 'GET', '/?max-keys=2&prefix=J', {
      ...headers,
      authorization: `${credential},SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7`,
    });
    expect(code(list)).toBe('NotImplemented');
    // Reordered parameters sign the same (canonical order); a changed value does not.
    const reordered = await send(s3, 'GET', '/?prefix=J&max-keys=2', {
      ...headers,
      authorization: `${credential},SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7`,
    });
    expect(code(reordered)).toBe('NotImplemented');
    const changed = await send(s3, 'GET', '/?max-keys=3&prefix=J', {
      ...headers,
      authorization: `${credential},SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7`,
    });
    expect(code(changed)).toBe('SignatureDoesNotMatch');
  });

  it('answers S3-shaped XML errors for missing, unknown and malformed credentials', async () => {
    const s3 = await start();
    const anonymous = await send(s3, 'GET', '/conversa/a.txt', {});
    expect(anonymous.status).toBe(403);
    expect(anonymous.headers['content-type']).toBe('application/xml');
    expect(anonymous.body).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>AccessDenied<\/Code>/,
    );
    expect(anonymous.body).toMatch(/<RequestId>[0-9A-F]{16}<\/RequestId>/);

    const unknownKey = await send(s3, 'GET', '/conversa/a.txt', {
      'x-amz-date': '20260101T000000Z',
      authorization: `AWS4-HMAC-SHA256 Credential=NOPE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
    });
    expect([unknownKey.status, code(unknownKey)]).toEqual([403, 'InvalidAccessKeyId']);

    const malformed = await send(s3, 'GET', '/conversa/a.txt', { authorization: 'Bearer abc' });
    expect([malformed.status, code(malformed)]).toEqual([400, 'AuthorizationHeaderMalformed']);

    const otherRegion = await send(s3, 'GET', '/conversa/a.txt', {
      authorization: `AWS4-HMAC-SHA256 Credential=${s3.accessKeyId}/20260101/sa-east-1/s3/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
    });
    expect(code(otherRegion)).toBe('AuthorizationHeaderMalformed');
    expect(otherRegion.body).toContain("expecting 'us-east-1'");
  });

  it('answers HEAD errors without a body, as S3 does', async () => {
    const s3 = await start();
    const head = await send(s3, 'HEAD', '/conversa/a.txt', {});
    expect(head.status).toBe(403);
    expect(head.body).toBe('');
  });

  it('fails exactly the next N requests with 503 SlowDown, then serves again', async () => {
    const s3 = await start();
    s3.failNext(2);
    const replies = [];
    for (let i = 0; i < 3; i++) replies.push(await send(s3, 'GET', '/conversa/a.txt', {}));
    expect(replies.map((r) => [r.status, code(r)])).toEqual([
      [503, 'SlowDown'],
      [503, 'SlowDown'],
      [403, 'AccessDenied'],
    ]);
    expect(s3.requests.map((r) => r.code)).toEqual(['SlowDown', 'SlowDown', 'AccessDenied']);
  });

  it('closes while clients hold keep-alive connections', async () => {
    const s3 = await startFakeS3();
    const url = new URL(s3.url);
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve) => {
      request({ host: url.hostname, port: url.port, path: '/', agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      }).end();
    });
    expect(Object.keys(agent.freeSockets)).toHaveLength(1); // the idle connection close() must not wait for
    await expect(s3.close()).resolves.toBeUndefined();
    await expect(send(s3, 'GET', '/conversa/a.txt', {})).rejects.toThrow(/ECONNREFUSED/);
    agent.destroy();
  });
});
