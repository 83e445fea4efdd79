import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';

/**
 * A small S3 server for tests: path-style PutObject, GetObject, HeadObject, DeleteObject and the
 * multipart calls, with AWS Signature V4 checked against one access key like the real service, and
 * error bodies shaped like S3's so the official SDK raises its usual error names.
 * Not supported (answered 501 NotImplemented): listing, ranges, presigned URLs, virtual-hosted
 * buckets, and signed streaming payloads (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`, which the SDK
 * does not send by default; it sends `STREAMING-UNSIGNED-PAYLOAD-TRAILER`, which is supported).
 */
export interface FakeS3Options {
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
  /** Buckets that exist; any other answers 404 NoSuchBucket. */
  buckets?: string[];
  /** How far the server's clock runs ahead of this machine's (negative: behind), to test skew handling. */
  clockOffsetMs?: number;
}

export interface FakeS3Object {
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: Date;
  /** Full-object CRC32 (base64) when the client sent one. */
  checksumCrc32?: string;
}

export interface FakeS3Request {
  method: string;
  path: string;
  operation: string;
  status: number;
  /** The S3 error code, when the answer was an error. */
  code?: string;
  /** `x-amz-content-sha256` as sent: a hex digest, UNSIGNED-PAYLOAD or STREAMING-… */
  payload?: string;
}

export interface FakeS3 {
  /** Endpoint for the SDK; use it with `forcePathStyle: true`. */
  url: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  buckets: Set<string>;
  /** Stored objects by `<bucket>/<key>`. */
  objects: Map<string, FakeS3Object>;
  /** Every request in arrival order, with what it was answered. */
  requests: FakeS3Request[];
  /** The next `count` requests answer `status` with `code` (default 503 SlowDown), then service resumes. */
  failNext(count: number, failure?: { status?: number; code?: string; message?: string }): void;
  close(): Promise<void>;
}

interface Upload {
  bucket: string;
  key: string;
  contentType: string;
  parts: Map<number, { body: Buffer; etag: string }>;
}

class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** S3's smallest part, except the last one (EntityTooSmall). */
const minPartSize = 5 * 1024 * 1024;
/** x-amz-date may differ from the server clock by this much before RequestTimeTooSkewed. */
const maxSkewMs = 15 * 60 * 1000;

export async function startFakeS3(options: FakeS3Options = {}): Promise<FakeS3> {
  const accessKeyId = options.accessKeyId ?? 'FAKEACCESSKEY';
  const secretAccessKey = options.secretAccessKey ?? 'fake-secret-key';
  const region = options.region ?? 'us-east-1';
  const buckets = new Set(options.buckets ?? ['conversa']);
  const now = () => new Date(Date.now() + (options.clockOffsetMs ?? 0));
  const objects = new Map<string, FakeS3Object>();
  const uploads = new Map<string, Upload>();
  const requests: FakeS3Request[] = [];
  let failures: { remaining: number; status: number; code: string; message: string } | undefined;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const [path = '/', query = ''] = (req.url ?? '/').split(/\?(.*)/s, 2);
      const log: FakeS3Request = { method: req.method ?? '', path, operation: 'Unknown', status: 0 };
      const payload = header(req, 'x-amz-content-sha256');
      if (payload) log.payload = payload;
      requests.push(log);
      try {
        log.operation = operationOf(req.method ?? '', path, query);
        if (failures && failures.remaining > 0) {
          failures.remaining--;
          throw new S3Error(failures.status, failures.code, failures.message);
        }
        const { body, trailers } = authenticate(req, path, query, raw);
        route(req, res, log, path, query, body, trailers);
      } catch (err) {
        const e =
          err instanceof S3Error
            ? err
            : err instanceof URIError
              ? new S3Error(400, 'InvalidURI', "Couldn't parse the specified URI.")
              : new S3Error(500, 'InternalError', `fake S3 bug: ${(err as Error).message}`);
        log.status = e.status;
        log.code = e.code;
        sendError(req, res, now(), e, path);
      }
    });
  });

  /** Checks SigV4 like S3 does and returns the payload with any aws-chunked framing removed. */
  function authenticate(req: IncomingMessage, path: string, query: string, raw: Buffer): Payload {
    const auth = header(req, 'authorization');
    if (!auth) throw new S3Error(403, 'AccessDenied', 'Access Denied');
    const m =
      /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    if (!m) throw new S3Error(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed.');
    const [, keyId, date, scopeRegion, service, signedHeaders, signature] = m as unknown as string[];
    if (keyId !== accessKeyId) {
      throw new S3Error(
        403,
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
        {
          AWSAccessKeyId: keyId as string,
        },
      );
    }
    if (scopeRegion !== region || service !== 's3') {
      throw new S3Error(
        400,
        'AuthorizationHeaderMalformed',
        `The authorization header is malformed; the region '${scopeRegion}' is wrong; expecting '${region}'`,
        { Region: region },
      );
    }
    const amzDate = header(req, 'x-amz-date') ?? '';
    const when = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    if (!when || amzDate.slice(0, 8) !== date) {
      throw new S3Error(403, 'AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
    }
    const [y = 0, mo = 0, d, h, mi, s] = when.slice(1).map(Number);
    const skew = Math.abs(Date.UTC(y, mo - 1, d, h, mi, s) - now().getTime());
    if (skew > maxSkewMs) {
      throw new S3Error(
        403,
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
        {
          RequestTime: amzDate,
          ServerTime: now().toISOString(),
          MaxAllowedSkewMilliseconds: String(maxSkewMs),
        },
      );
    }
    const payloadHash = header(req, 'x-amz-content-sha256');
    if (!payloadHash)
      throw new S3Error(
        400,
        'InvalidRequest',
        'Missing required header for this request: x-amz-content-sha256',
      );

    const names = (signedHeaders as string).split(';');
    if (!names.includes('host')) throw new S3Error(403, 'AccessDenied', 'host must be a signed header');
    const canonicalRequest = [
      req.method,
      path,
      canonicalQuery(query),
      ...names.map((n) => `${n}:${(header(req, n) ?? '').trim().replace(/\s+/g, ' ')}`),
      '',
      signedHeaders,
      payloadHash,
    ].join('\n');
    const scope = `${date}/${region}/s3/aws4_request`;
    const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
    const kDate = hmac(`AWS4${secretAccessKey}`, date as string);
    const kSigning = hmac(hmac(hmac(kDate, region), 's3'), 'aws4_request');
    const expected = createHmac('sha256', kSigning).update(stringToSign).digest();
    if (!timingSafeEqual(expected, Buffer.from(signature as string, 'hex'))) {
      throw new S3Error(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        {
          AWSAccessKeyId: accessKeyId,
          StringToSign: stringToSign,
          SignatureProvided: signature as string,
          CanonicalRequest: canonicalRequest,
        },
      );
    }
    return decodePayload(req, payloadHash, raw);
  }

  function route(
    req: IncomingMessage,
    res: ServerResponse,
    log: FakeS3Request,
    path: string,
    query: string,
    body: Buffer,
    trailers: Record<string, string>,
  ) {
    const { bucket, key } = splitPath(path);
    const params = new URLSearchParams(query);
    if (!bucket) throw new S3Error(501, 'NotImplemented', 'ListBuckets is not implemented by the fake');
    if (!buckets.has(bucket))
      throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
    if (!key)
      throw new S3Error(501, 'NotImplemented', `${log.operation} on a bucket is not implemented by the fake`);
    if (header(req, 'x-amz-copy-source'))
      throw new S3Error(501, 'NotImplemented', 'CopyObject is not implemented by the fake');
    const id = `${bucket}/${key}`;
    const uploadId = params.get('uploadId');
    const ok = (status: number, headers: Record<string, string> = {}, xml?: string) => {
      log.status = status;
      send(res, now(), status, headers, xml);
    };

    switch (log.operation) {
      case 'PutObject': {
        const checksumCrc32 = verifyChecksums(req, body, trailers);
        const object: FakeS3Object = {
          body,
          contentType: header(req, 'content-type') ?? 'binary/octet-stream',
          etag: `"${md5Hex(body)}"`,
          lastModified: now(),
          ...(checksumCrc32 ? { checksumCrc32 } : {}),
        };
        objects.set(id, object);
        return ok(200, {
          etag: object.etag,
          ...(checksumCrc32 ? { 'x-amz-checksum-crc32': checksumCrc32 } : {}),
        });
      }
      case 'GetObject':
      case 'HeadObject': {
        const object = objects.get(id);
        if (!object) {
          if (log.operation === 'HeadObject') throw new S3Error(404, 'NotFound', 'Not Found');
          throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
        }
        const headers: Record<string, string> = {
          'content-type': object.contentType,
          'content-length': String(object.body.length),
          etag: object.etag,
          'last-modified': object.lastModified.toUTCString(),
          'accept-ranges': 'bytes',
        };
        if (object.checksumCrc32 && header(req, 'x-amz-checksum-mode') === 'ENABLED') {
          headers['x-amz-checksum-crc32'] = object.checksumCrc32;
          headers['x-amz-checksum-type'] = 'FULL_OBJECT';
        }
        log.status = 200;
        res.writeHead(200, { ...baseHeaders(now()), ...headers });
        return void res.end(log.operation === 'GetObject' ? object.body : undefined);
      }
      case 'DeleteObject':
        objects.delete(id); // S3 answers 204 whether or not the key existed
        return ok(204);
      case 'CreateMultipartUpload': {
        const newId = randomBytes(24).toString('base64url');
        uploads.set(newId, {
          bucket,
          key,
          contentType: header(req, 'content-type') ?? 'binary/octet-stream',
          parts: new Map(),
        });
        return ok(
          200,
          {},
          xmlDoc('InitiateMultipartUploadResult', { Bucket: bucket, Key: key, UploadId: newId }),
        );
      }
      case 'UploadPart': {
        const upload = findUpload(uploadId, bucket, key);
        const partNumber = Number(params.get('partNumber'));
        if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10_000) {
          throw new S3Error(
            400,
            'InvalidArgument',
            'Part number must be an integer between 1 and 10000, inclusive',
          );
        }
        const checksumCrc32 = verifyChecksums(req, body, trailers);
        const etag = `"${md5Hex(body)}"`;
        upload.parts.set(partNumber, { body, etag });
        return ok(200, { etag, ...(checksumCrc32 ? { 'x-amz-checksum-crc32': checksumCrc32 } : {}) });
      }
      case 'CompleteMultipartUpload': {
        const upload = findUpload(uploadId, bucket, key);
        const listed = [...body.toString('utf8').matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map((p) => ({
          partNumber: Number(/<PartNumber>(\d+)<\/PartNumber>/.exec(p[1] ?? '')?.[1]),
          etag: unescapeXml(/<ETag>([\s\S]*?)<\/ETag>/.exec(p[1] ?? '')?.[1] ?? ''),
        }));
        if (listed.length === 0)
          throw new S3Error(
            400,
            'MalformedXML',
            'The XML you provided was not well-formed or did not validate against our published schema.',
          );
        const bodies: Buffer[] = [];
        const md5s: Buffer[] = [];
        listed.forEach((p, i) => {
          if (i > 0 && p.partNumber <= (listed[i - 1]?.partNumber ?? 0)) {
            throw new S3Error(
              400,
              'InvalidPartOrder',
              'The list of parts was not in ascending order. Parts must be ordered by part number.',
            );
          }
          const part = upload.parts.get(p.partNumber);
          if (!part || part.etag !== p.etag) {
            throw new S3Error(
              400,
              'InvalidPart',
              "One or more of the specified parts could not be found. The part might not have been uploaded, or the specified entity tag might not have matched the part's entity tag.",
            );
          }
          if (i < listed.length - 1 && part.body.length < minPartSize) {
            throw new S3Error(
              400,
              'EntityTooSmall',
              'Your proposed upload is smaller than the minimum allowed object size.',
            );
          }
          bodies.push(part.body);
          md5s.push(Buffer.from(part.etag.slice(1, -1), 'hex'));
        });
        const object: FakeS3Object = {
          body: Buffer.concat(bodies),
          contentType: upload.contentType,
          etag: `"${md5Hex(Buffer.concat(md5s))}-${listed.length}"`,
          lastModified: now(),
        };
        objects.set(id, object);
        uploads.delete(uploadId as string);
        return ok(
          200,
          {},
          xmlDoc('CompleteMultipartUploadResult', {
            Location: `/${bucket}/${key}`,
            Bucket: bucket,
            Key: key,
            ETag: object.etag,
          }),
        );
      }
      case 'AbortMultipartUpload':
        findUpload(uploadId, bucket, key);
        uploads.delete(uploadId as string);
        return ok(204);
      default:
        throw new S3Error(501, 'NotImplemented', `${log.operation} is not implemented by the fake`);
    }
  }

  function findUpload(uploadId: string | null, bucket: string, key: string): Upload {
    const upload = uploadId ? uploads.get(uploadId) : undefined;
    if (!upload || upload.bucket !== bucket || upload.key !== key) {
      throw new S3Error(
        404,
        'NoSuchUpload',
        'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
        { UploadId: uploadId ?? '' },
      );
    }
    return upload;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    accessKeyId,
    secretAccessKey,
    region,
    buckets,
    objects,
    requests,
    failNext(count, failure = {}) {
      failures = {
        remaining: count,
        status: failure.status ?? 503,
        code: failure.code ?? 'SlowDown',
        message: failure.message ?? 'Please reduce your request rate.',
      };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections(); // the SDK keeps sockets alive
      }),
  };
}

/** Query keys that only name the operation; any other (acl, tagging, versionId…) is unsupported. */
const knownParams = new Set(['x-id', 'uploadId', 'partNumber', 'uploads']);

function operationOf(method: string, path: string, query: string): string {
  const params = new URLSearchParams(query);
  const { key } = splitPath(path);
  if (!key) return method === 'GET' ? 'ListObjects' : `${method}Bucket`;
  const unknown = [...params.keys()].filter((k) => !knownParams.has(k));
  if (unknown.length) return `${method}Object?${unknown.join('&')}`;
  if (method === 'PUT') return params.has('uploadId') ? 'UploadPart' : 'PutObject';
  if (method === 'GET') return 'GetObject';
  if (method === 'HEAD') return 'HeadObject';
  if (method === 'DELETE') return params.has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject';
  if (method === 'POST') {
    if (params.has('uploads')) return 'CreateMultipartUpload';
    if (params.has('uploadId')) return 'CompleteMultipartUpload';
  }
  return `${method}Object`;
}

function splitPath(path: string): { bucket: string; key: string } {
  const slash = path.indexOf('/', 1);
  const bucket = decodeURIComponent(slash === -1 ? path.slice(1) : path.slice(1, slash));
  const key = slash === -1 ? '' : decodeURIComponent(path.slice(slash + 1));
  return { bucket, key };
}

/** Sorted, RFC 3986-encoded query pairs, as SigV4 signs them. */
function canonicalQuery(query: string): string {
  if (!query) return '';
  return query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const k = decodeURIComponent(eq === -1 ? pair : pair.slice(0, eq));
      const v = eq === -1 ? '' : decodeURIComponent(pair.slice(eq + 1));
      return [rfc3986(k), rfc3986(v)] as const;
    })
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

interface Payload {
  body: Buffer;
  /** aws-chunked trailers (x-amz-checksum-crc32…), checked like the same headers. */
  trailers: Record<string, string>;
}

/** Removes aws-chunked framing and checks the body against the signed payload hash. */
function decodePayload(req: IncomingMessage, payloadHash: string, raw: Buffer): Payload {
  if (payloadHash === 'UNSIGNED-PAYLOAD') return { body: raw, trailers: {} };
  if (/^[0-9a-f]{64}$/.test(payloadHash)) {
    if (sha256Hex(raw) !== payloadHash) {
      throw new S3Error(
        400,
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
        {
          ClientComputedContentSHA256: payloadHash,
          S3ComputedContentSHA256: sha256Hex(raw),
        },
      );
    }
    return { body: raw, trailers: {} };
  }
  if (payloadHash === 'STREAMING-UNSIGNED-PAYLOAD-TRAILER') {
    const { body, trailers } = decodeAwsChunked(raw);
    const declared = Number(header(req, 'x-amz-decoded-content-length'));
    if (!Number.isInteger(declared) || declared !== body.length) {
      throw new S3Error(
        400,
        'IncompleteBody',
        'You did not provide the number of bytes specified by the Content-Length HTTP header',
      );
    }
    return { body, trailers };
  }
  if (payloadHash.startsWith('STREAMING-')) {
    throw new S3Error(
      501,
      'NotImplemented',
      `${payloadHash} is not implemented by the fake (chunk signatures would go unchecked)`,
    );
  }
  throw new S3Error(
    400,
    'InvalidArgument',
    `x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-… or a SHA-256 hex digest`,
  );
}

/** `<hex size>[;ext]\r\n<bytes>\r\n` … `0\r\n` then `name:value\r\n` trailers and a blank line. */
function decodeAwsChunked(raw: Buffer): { body: Buffer; trailers: Record<string, string> } {
  const malformed = () => new S3Error(400, 'IncompleteBody', 'The aws-chunked body is malformed.');
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', at);
    if (eol === -1) throw malformed();
    const size = Number.parseInt(raw.subarray(at, eol).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isInteger(size) || size < 0) throw malformed();
    at = eol + 2;
    if (size === 0) break;
    if (at + size + 2 > raw.length || raw.subarray(at + size, at + size + 2).toString('latin1') !== '\r\n')
      throw malformed();
    parts.push(raw.subarray(at, at + size));
    at += size + 2;
  }
  const trailers: Record<string, string> = {};
  for (;;) {
    const eol = raw.indexOf('\r\n', at);
    if (eol === -1) throw malformed();
    const line = raw.subarray(at, eol).toString('latin1');
    at = eol + 2;
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon === -1) throw malformed();
    trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { body: Buffer.concat(parts), trailers };
}

/** Checks Content-MD5 and the x-amz-checksum-* the client sent (header or trailer); returns the CRC32. */
function verifyChecksums(
  req: IncomingMessage,
  body: Buffer,
  trailers: Record<string, string>,
): string | undefined {
  const get = (name: string) => trailers[name] ?? header(req, name);
  const bad = (what: string) =>
    new S3Error(400, 'BadDigest', `The ${what} you specified did not match the calculated checksum.`);
  const md5 = header(req, 'content-md5');
  if (md5 && md5 !== createHash('md5').update(body).digest('base64')) throw bad('Content-MD5');
  const crc = get('x-amz-checksum-crc32');
  if (crc !== undefined) {
    const actual = Buffer.alloc(4);
    actual.writeUInt32BE(crc32(body));
    if (crc !== actual.toString('base64')) throw bad('CRC32');
  }
  const sha = get('x-amz-checksum-sha256');
  if (sha !== undefined && sha !== createHash('sha256').update(body).digest('base64')) throw bad('SHA256');
  const sha1 = get('x-amz-checksum-sha1');
  if (sha1 !== undefined && sha1 !== createHash('sha1').update(body).digest('base64')) throw bad('SHA1');
  return crc;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function baseHeaders(now: Date): Record<string, string> {
  return {
    date: now.toUTCString(),
    'x-amz-request-id': randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase(),
    'x-amz-id-2': randomBytes(24).toString('base64'),
    server: 'FakeS3',
  };
}

function send(res: ServerResponse, now: Date, status: number, headers: Record<string, string>, xml?: string) {
  const body = xml === undefined ? undefined : Buffer.from(xml);
  res.writeHead(status, {
    ...baseHeaders(now),
    ...headers,
    ...(body
      ? { 'content-type': 'application/xml', 'content-length': String(body.length) }
      : { 'content-length': '0' }),
  });
  res.end(body);
}

function sendError(req: IncomingMessage, res: ServerResponse, now: Date, e: S3Error, path: string) {
  if (res.headersSent) return void res.destroy();
  const base = baseHeaders(now);
  // HEAD answers carry no body; the SDK then names the error after the status (NotFound, Forbidden…).
  if (req.method === 'HEAD') {
    res.writeHead(e.status, base);
    return void res.end();
  }
  const fields = {
    Code: e.code,
    Message: e.message,
    ...e.extra,
    Resource: path,
    RequestId: base['x-amz-request-id'] as string,
    HostId: base['x-amz-id-2'] as string,
  };
  send(res, now, e.status, base, xmlDoc('Error', fields));
}

function xmlDoc(root: string, fields: Record<string, string>): string {
  const inner = Object.entries(fields)
    .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
    .join('');
  const ns = root === 'Error' ? '' : ' xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${ns}>${inner}</${root}>`;
}

// Text content only: newlines stay literal, as in S3's <StringToSign>, and ETag quotes become &quot;.
const xmlEntities: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' };

function escapeXml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => xmlEntities[c] as string);
}

function unescapeXml(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCharCode(Number.parseInt(n, 16)))
    .replace(/&amp;/g, '&');
}

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const md5Hex = (data: Buffer) => createHash('md5').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
