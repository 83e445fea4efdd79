import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { OutboundMessage } from '../canonical.ts';
import { outboundMessageSchema } from '../canonical.ts';
import type {
  AdapterOptions,
  ChannelAdapter,
  ChannelLogger,
  CredentialCheck,
  CredentialProblem,
  WebhookHeaders,
} from '../channel.ts';
import { fetchTransport, type HttpResponse, HttpTooLargeError, undiciTransport } from '../http.ts';
import { ProviderError } from '../provider-error.ts';
import { metaProviderError } from './cloud.errors.ts';
import {
  asE164,
  mapCloudWebhook,
  messagingTier,
  qualityScore,
  type SkippedItem,
  templateStatus,
} from './cloud.mapper.ts';
import {
  type GraphMarkReadRequest,
  type GraphSendRequest,
  graphDebugTokenSchema,
  graphErrorSchema,
  graphMediaInfoSchema,
  graphPhoneNumberSchema,
  graphSendResponseSchema,
  graphSubscribedAppsSchema,
  graphSuccessSchema,
  graphTemplateCreateResponseSchema,
  graphTemplateListSchema,
  graphUploadResponseSchema,
  phoneNumberFields,
} from './cloud.schemas.ts';

/** Graph API version used unless the channel pins another (latest listed in Meta's changelog). */
export const defaultGraphApiVersion = 'v26.0';
export const defaultGraphApiBaseUrl = 'https://graph.facebook.com';
const defaultTimeoutMs = 15_000;

/** What an admin gives us for a Cloud API channel (API.md "Channels"); stored encrypted by the API. */
// The shape lives in @conversa/shared so the dashboard's form validates exactly what the adapter accepts.
export { type CloudCredentials, cloudCredentialsSchema } from '@conversa/shared';

import { type CloudCredentials } from '@conversa/shared';

/** The Cloud adapter has every optional capability except the QR lifecycle. */
export type CloudAdapter = ChannelAdapter &
  Required<
    Pick<
      ChannelAdapter,
      | 'markRead'
      | 'downloadMedia'
      | 'uploadMedia'
      | 'subscribeWebhooks'
      | 'createTemplate'
      | 'listTemplates'
      | 'deleteTemplate'
      | 'editTemplate'
    >
  >;

const silent: ChannelLogger = { debug() {}, warn() {} };

// Permissions a token needs: sending, and managing templates and webhook subscriptions.
const messagingScope = 'whatsapp_business_messaging';
const managementScope = 'whatsapp_business_management';

export function createCloudAdapter(
  credentials: CloudCredentials,
  options: AdapterOptions = {},
): CloudAdapter {
  const { wabaId, phoneNumberId, accessToken, appSecret, appId } = credentials;
  const base = (credentials.graphApiBaseUrl ?? defaultGraphApiBaseUrl).replace(/\/+$/, '');
  const version = credentials.graphApiVersion ?? defaultGraphApiVersion;
  const transport = options.fetch ? fetchTransport(options.fetch) : undiciTransport;
  const log = options.logger ?? silent;
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;

  // Meta's messages never quote the token, but a proxy's might: never let it into an error or a log.
  const scrub = (text: string) => text.split(accessToken).join('[redacted]');

  interface CallOptions {
    query?: Record<string, string | undefined>;
    json?: unknown;
    form?: FormData;
    /** Absolute URL (media downloads); otherwise `path` is under the versioned base. */
    url?: string;
  }

  async function request(method: string, path: string, opts: CallOptions = {}): Promise<HttpResponse> {
    const url = new URL(opts.url ?? `${base}/${version}/${path}`);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const headers: Record<string, string> = { authorization: `Bearer ${accessToken}` };
    let body: string | FormData | undefined;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.form) {
      body = opts.form;
    }
    const started = Date.now();
    let res: HttpResponse;
    try {
      res = await transport({ method, url, headers, ...(body !== undefined ? { body } : {}), timeoutMs });
    } catch (err) {
      throw transportError(err, method, path);
    }
    log.debug({ method, path, status: res.status, ms: Date.now() - started }, 'graph request');
    if (res.ok) return res;
    throw await errorFromResponse(res, method, path);
  }

  function transportError(err: unknown, method: string, path: string): ProviderError {
    const name = err instanceof Error ? err.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') {
      log.warn({ method, path, timeoutMs }, 'graph request timed out');
      return new ProviderError('timeout', `Graph API did not answer within ${timeoutMs} ms`, {
        retryable: true,
        reasonKey: 'channels.errors.timeout',
      });
    }
    log.warn({ method, path, error: scrub(String(err)) }, 'graph request failed');
    return new ProviderError('unavailable', scrub(`Graph API unreachable: ${String(err)}`), {
      retryable: true,
      reasonKey: 'channels.errors.unavailable',
    });
  }

  async function errorFromResponse(res: HttpResponse, method: string, path: string): Promise<ProviderError> {
    let parsed: z.infer<typeof graphErrorSchema> | undefined;
    try {
      const result = graphErrorSchema.safeParse(JSON.parse(await res.text()));
      if (result.success) parsed = result.data;
    } catch (err) {
      if (err instanceof Error && err.name === 'TimeoutError') return transportError(err, method, path);
      // Not JSON (a proxy's HTML page): the HTTP status alone decides.
    }
    const e = parsed?.error;
    const error = metaProviderError({
      ...(e ? { code: e.code } : {}),
      ...(e?.error_subcode !== undefined ? { subcode: e.error_subcode } : {}),
      httpStatus: res.status,
      message: scrub(e?.message ?? `Graph API answered HTTP ${res.status}`),
      ...retryAfter(res.header('retry-after')),
    });
    log.warn(
      {
        method,
        path,
        status: res.status,
        code: error.code,
        providerCode: error.providerCode,
        trace: e?.fbtrace_id,
      },
      'graph request refused',
    );
    return error;
  }

  async function call<T extends z.ZodType>(schema: T, method: string, path: string, opts?: CallOptions) {
    const res = await request(method, path, opts);
    let body: unknown;
    try {
      body = await res.json();
    } catch (err) {
      if (err instanceof Error && err.name === 'TimeoutError') throw transportError(err, method, path);
      body = undefined;
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      log.warn({ method, path }, 'graph answer has an unexpected shape');
      throw new ProviderError('unknown', 'Graph API answered with an unexpected shape', {
        retryable: false,
        reasonKey: 'channels.errors.unknown',
        httpStatus: res.status,
      });
    }
    return parsed.data as z.infer<T>;
  }

  const adapter: CloudAdapter = {
    kind: 'cloud',
    channelRefs: [phoneNumberId, wabaId],

    async send(message) {
      const checked = outboundMessageSchema.safeParse(message);
      if (!checked.success) {
        throw new ProviderError(
          'invalid-request',
          `invalid outbound message: ${checked.error.issues[0]?.message}`,
          {
            retryable: false,
            reasonKey: 'channels.errors.invalidMessage',
          },
        );
      }
      const answer = await call(graphSendResponseSchema, 'POST', `${phoneNumberId}/messages`, {
        json: toGraphMessage(checked.data),
      });
      const waId = answer.contacts?.[0]?.wa_id;
      return {
        providerMessageId: answer.messages[0]!.id,
        ...(waId ? { recipientId: asE164(waId) } : {}),
      };
    },

    async markRead(providerMessageId) {
      const json: GraphMarkReadRequest = {
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: providerMessageId,
      };
      await call(graphSuccessSchema, 'POST', `${phoneNumberId}/messages`, { json });
    },

    verifyWebhook(raw, headers) {
      const signature = header(headers, 'x-hub-signature-256');
      const m = signature ? /^sha256=([0-9a-f]{64})$/i.exec(signature.trim()) : null;
      if (!m) return false;
      const expected = createHmac('sha256', appSecret).update(raw).digest();
      return timingSafeEqual(expected, Buffer.from(m[1]!, 'hex'));
    },

    parseWebhook(raw) {
      try {
        const skipped: SkippedItem[] = [];
        const events = mapCloudWebhook(JSON.parse(raw.toString('utf8')), skipped);
        if (skipped.length) log.debug({ skipped }, 'webhook parts skipped');
        return events;
      } catch {
        log.debug({ bytes: raw.length }, 'webhook body is not JSON');
        return [];
      }
    },

    async validateCredentials() {
      const problems: CredentialProblem[] = [];
      const check: CredentialCheck = { ok: false, problems };
      const failed = (code: string, err: unknown) => {
        const reasonKey = err instanceof ProviderError ? err.reasonKey : 'channels.errors.unknown';
        problems.push({
          code,
          reasonKey,
          severity: 'error',
          ...(err instanceof ProviderError ? { detail: err.code } : {}),
        });
      };

      try {
        const p = await call(graphPhoneNumberSchema, 'GET', phoneNumberId, {
          query: { fields: phoneNumberFields.join(',') },
        });
        const level = p.throughput?.level?.toUpperCase();
        check.phone = {
          display: p.display_phone_number,
          ...(p.verified_name ? { verifiedName: p.verified_name } : {}),
          qualityRating: qualityScore(p.quality_rating),
          messagingTier: messagingTier(p.messaging_limit_tier),
          throughput: level === 'HIGH' ? 'high' : level === 'STANDARD' ? 'standard' : 'unknown',
        };
        if (check.phone.qualityRating === 'low') {
          problems.push({
            code: 'quality-low',
            reasonKey: 'channels.problems.qualityLow',
            severity: 'warning',
          });
        }
        const nameStatus = p.name_status?.toUpperCase();
        if (nameStatus && !['APPROVED', 'AVAILABLE_WITHOUT_REVIEW'].includes(nameStatus)) {
          problems.push({
            code: 'display-name-not-approved',
            reasonKey: 'channels.problems.displayNameNotApproved',
            severity: 'warning',
            detail: nameStatus,
          });
        }
      } catch (err) {
        failed('phone-unreadable', err);
      }

      try {
        // A token may inspect itself; no app token is needed for that.
        const { data } = await call(graphDebugTokenSchema, 'GET', 'debug_token', {
          query: { input_token: accessToken },
        });
        const scopes = data.scopes ?? [];
        const expiresAt = data.expires_at ? new Date(data.expires_at * 1000) : null;
        check.token = { permanent: data.is_valid && expiresAt === null, expiresAt, scopes };
        if (!data.is_valid) {
          problems.push({
            code: 'token-invalid',
            reasonKey: 'channels.problems.tokenInvalid',
            severity: 'error',
          });
        } else {
          if (expiresAt) {
            problems.push({
              code: 'token-temporary',
              reasonKey: 'channels.problems.tokenTemporary',
              severity: 'warning',
              detail: expiresAt.toISOString(),
            });
          }
          for (const [scope, severity] of [
            [messagingScope, 'error'],
            [managementScope, 'warning'],
          ] as const) {
            if (!scopes.includes(scope)) {
              problems.push({
                code: 'missing-scope',
                reasonKey: 'channels.problems.missingScope',
                severity,
                detail: scope,
              });
            }
          }
          if (appId && data.app_id && data.app_id !== appId) {
            problems.push({
              code: 'app-mismatch',
              reasonKey: 'channels.problems.appMismatch',
              severity: 'error',
            });
          }
        }
      } catch (err) {
        failed('token-unreadable', err);
      }

      try {
        const { data } = await call(graphSubscribedAppsSchema, 'GET', `${wabaId}/subscribed_apps`);
        const subscribed = data.some(
          (d) => !appId || !d.whatsapp_business_api_data?.id || d.whatsapp_business_api_data.id === appId,
        );
        check.webhooks = { subscribed };
        if (!subscribed) {
          problems.push({
            code: 'webhook-not-subscribed',
            reasonKey: 'channels.problems.webhookNotSubscribed',
            severity: 'warning',
          });
        }
      } catch (err) {
        // Without the management scope this read fails; the scope problem above already says why.
        log.debug(
          { code: err instanceof ProviderError ? err.code : 'unknown' },
          'subscribed apps unreadable',
        );
      }

      check.ok = !problems.some((p) => p.severity === 'error');
      return check;
    },

    async subscribeWebhooks() {
      await call(graphSuccessSchema, 'POST', `${wabaId}/subscribed_apps`);
    },

    async downloadMedia(mediaId, opts = {}) {
      const { maxBytes } = opts;
      const info = await call(graphMediaInfoSchema, 'GET', encodeURIComponent(mediaId), {
        query: { phone_number_id: phoneNumberId },
      });
      const tooLarge = (size: number) =>
        new ProviderError('media-too-large', `media is ${size} bytes, over the ${maxBytes} allowed`, {
          retryable: false,
          reasonKey: 'channels.errors.mediaTooLarge',
          size,
        });
      // Refused before a byte is fetched when Meta announces the size; else the download stops at the limit.
      if (maxBytes !== undefined && info.file_size !== undefined && info.file_size > maxBytes)
        throw tooLarge(info.file_size);
      const res = await request('GET', 'media-download', { url: info.url });
      const length = Number(res.header('content-length'));
      if (maxBytes !== undefined && length > maxBytes) {
        await res.bytes(0).catch(() => {});
        throw tooLarge(length);
      }
      let body: Buffer;
      try {
        body = await res.bytes(maxBytes);
      } catch (err) {
        if (err instanceof HttpTooLargeError) throw tooLarge(err.received);
        throw transportError(err, 'GET', 'media-download');
      }
      const digest = createHash('sha256').update(body).digest();
      const sha256 = digest.toString('hex');
      if (info.sha256 && !digestMatches(info.sha256, digest)) {
        throw new ProviderError('media-problem', 'downloaded media does not match its checksum', {
          retryable: true,
          reasonKey: 'channels.errors.mediaDownload',
        });
      }
      return { body, mimeType: info.mime_type, sha256 };
    },

    async uploadMedia(body, mimeType, filename) {
      const form = new FormData();
      form.set('messaging_product', 'whatsapp');
      form.set('type', mimeType);
      form.set('file', new Blob([new Uint8Array(body)], { type: mimeType }), filename ?? 'file');
      const answer = await call(graphUploadResponseSchema, 'POST', `${phoneNumberId}/media`, { form });
      return { mediaId: answer.id };
    },

    async createTemplate(template) {
      const answer = await call(graphTemplateCreateResponseSchema, 'POST', `${wabaId}/message_templates`, {
        json: {
          name: template.name,
          language: template.language,
          category: template.category,
          components: template.components,
          ...(template.parameterFormat ? { parameter_format: template.parameterFormat.toUpperCase() } : {}),
        },
      });
      return { providerTemplateId: answer.id, status: templateStatus(answer.status ?? 'PENDING') };
    },

    async listTemplates(query = {}) {
      const page = await call(graphTemplateListSchema, 'GET', `${wabaId}/message_templates`, {
        query: {
          fields: 'id,name,language,status,category,components,rejected_reason',
          limit: String(query.limit ?? 100),
          name: query.name,
          after: query.after,
        },
      });
      const after = page.paging?.cursors?.after;
      return {
        items: page.data.map((t) => ({
          providerTemplateId: t.id,
          name: t.name,
          language: t.language,
          status: templateStatus(t.status),
          components: t.components ?? [],
          ...(t.category ? { category: t.category } : {}),
          ...(t.rejected_reason && t.rejected_reason !== 'NONE'
            ? { rejectionReason: t.rejected_reason }
            : {}),
        })),
        ...(page.paging?.next && after ? { next: after } : {}),
      };
    },

    async deleteTemplate(name, providerTemplateId) {
      await call(graphSuccessSchema, 'DELETE', `${wabaId}/message_templates`, {
        query: { name, hsm_id: providerTemplateId },
      });
    },

    async editTemplate(providerTemplateId, template) {
      await call(graphSuccessSchema, 'POST', providerTemplateId, {
        json: { category: template.category, components: template.components },
      });
    },
  };
  return adapter;
}

/**
 * The GET handshake Meta makes when a webhook URL is saved: answer the challenge when the mode is
 * `subscribe` and the token is ours, else null (the route then answers 403).
 */
export function verifyHandshake(
  query: Record<string, string | string[] | undefined> | URLSearchParams,
  verifyToken: string,
): string | null {
  const get = (k: string) => {
    const v = query instanceof URLSearchParams ? query.get(k) : query[k];
    return typeof v === 'string' ? v : null;
  };
  const challenge = get('hub.challenge');
  const token = get('hub.verify_token');
  if (get('hub.mode') !== 'subscribe' || !challenge || token === null || !verifyToken) return null;
  // Compare digests so neither the content nor the length of the token leaks through timing.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(token), digest(verifyToken)) ? challenge : null;
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

/** Meta gives SHA-256 digests in hex or in base64; compare in whichever form it used. */
function digestMatches(given: string, digest: Buffer): boolean {
  if (/^[0-9a-f]{64}$/i.test(given)) return given.toLowerCase() === digest.toString('hex');
  return given === digest.toString('base64');
}

/** Retry-After in seconds or as an HTTP date → milliseconds. */
function retryAfter(value: string | null): { retryAfterMs?: number } {
  if (!value) return {};
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return { retryAfterMs: Math.round(seconds * 1000) };
  const at = Date.parse(value);
  return Number.isNaN(at) ? {} : { retryAfterMs: Math.max(0, at - Date.now()) };
}

/** Phone numbers go as international digits (the schema already refused national forms). */
function recipient(to: string): string {
  return /^\+?[\d\s().-]+$/.test(to) ? to.replace(/\D/g, '') : to;
}

const skipUndefined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** Canonical message → the Graph `messages` body (docs: cloudDocLinks.messages). */
export function toGraphMessage(m: OutboundMessage): GraphSendRequest {
  const base = {
    messaging_product: 'whatsapp' as const,
    recipient_type: 'individual' as const,
    to: recipient(m.to),
    ...(m.replyToProviderId ? { context: { message_id: m.replyToProviderId } } : {}),
  };
  switch (m.type) {
    case 'text':
      return { ...base, type: 'text', text: skipUndefined({ body: m.body, preview_url: m.previewUrl }) };
    case 'image':
    case 'video':
      return {
        ...base,
        type: m.type,
        [m.type]: skipUndefined({ id: m.mediaId, link: m.link, caption: m.caption }),
      };
    case 'document':
      return {
        ...base,
        type: 'document',
        document: skipUndefined({ id: m.mediaId, link: m.link, caption: m.caption, filename: m.filename }),
      };
    case 'audio':
    case 'sticker':
      return { ...base, type: m.type, [m.type]: skipUndefined({ id: m.mediaId, link: m.link }) };
    case 'location':
      return {
        ...base,
        type: 'location',
        location: skipUndefined({
          latitude: m.latitude,
          longitude: m.longitude,
          name: m.name,
          address: m.address,
        }),
      };
    case 'contacts':
      return {
        ...base,
        type: 'contacts',
        contacts: m.contacts.map((c) =>
          skipUndefined({
            name: skipUndefined({
              formatted_name: c.name.formatted,
              first_name: c.name.first,
              last_name: c.name.last,
            }),
            phones: c.phones?.map((p) => skipUndefined({ phone: p.phone, type: p.type, wa_id: p.waId })),
            emails: c.emails?.map((e) => skipUndefined({ email: e.email, type: e.type })),
            org: c.organization && skipUndefined({ ...c.organization }),
            urls: c.urls?.map((u) => skipUndefined({ url: u.url, type: u.type })),
            birthday: c.birthday,
          }),
        ),
      };
    case 'buttons':
    case 'list':
      return {
        ...base,
        type: 'interactive',
        interactive: skipUndefined({
          type: m.type === 'buttons' ? ('button' as const) : ('list' as const),
          header: m.header ? { type: 'text' as const, text: m.header } : undefined,
          body: { text: m.body },
          footer: m.footer ? { text: m.footer } : undefined,
          action:
            m.type === 'buttons'
              ? {
                  buttons: m.buttons.map((b) => ({
                    type: 'reply' as const,
                    reply: { id: b.id, title: b.title },
                  })),
                }
              : {
                  button: m.buttonLabel,
                  sections: m.sections.map((s) =>
                    skipUndefined({
                      title: s.title,
                      rows: s.rows.map((r) =>
                        skipUndefined({ id: r.id, title: r.title, description: r.description }),
                      ),
                    }),
                  ),
                },
        }),
      };
    case 'reaction':
      return { ...base, type: 'reaction', reaction: { message_id: m.providerMessageId, emoji: m.emoji } };
    case 'template':
      return { ...base, type: 'template', template: templateBody(m) };
  }
}

type TemplateMessage = Extract<OutboundMessage, { type: 'template' }>;
type GraphTemplate = NonNullable<GraphSendRequest['template']>;
type GraphComponent = NonNullable<GraphTemplate['components']>[number];

function templateBody(m: TemplateMessage): GraphTemplate {
  const components: GraphComponent[] = [];
  const h = m.header;
  if (h) {
    components.push({
      type: 'header',
      parameters: [
        h.type === 'text'
          ? { type: 'text', text: h.text }
          : h.type === 'image'
            ? { type: 'image', image: { link: h.link } }
            : h.type === 'video'
              ? { type: 'video', video: { link: h.link } }
              : { type: 'document', document: skipUndefined({ link: h.link, filename: h.filename }) },
      ],
    });
  }
  if (m.body) {
    const parameters = Array.isArray(m.body)
      ? m.body.map((text) => ({ type: 'text' as const, text }))
      : Object.entries(m.body).map(([name, text]) => ({ type: 'text' as const, parameter_name: name, text }));
    if (parameters.length) components.push({ type: 'body', parameters });
  }
  for (const b of m.buttons ?? []) {
    components.push({
      type: 'button',
      sub_type: b.subType,
      index: String(b.index),
      parameters: [
        b.subType === 'url'
          ? { type: 'text', text: b.value }
          : b.subType === 'quick_reply'
            ? { type: 'payload', payload: b.value }
            : { type: 'coupon_code', coupon_code: b.value },
      ],
    });
  }
  return {
    name: m.name,
    language: { code: m.language, policy: 'deterministic' },
    ...(components.length ? { components } : {}),
  };
}
