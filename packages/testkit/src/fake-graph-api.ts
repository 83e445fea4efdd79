import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Meta's WhatsApp Cloud API (Graph API) for tests and benchmarks: a real HTTP server with Meta's
 * paths, answers and error bodies, token checks, injectable failures, and signed webhooks sent back
 * to the app (message statuses, inbound messages of every type, template status updates).
 * Written from Meta's public reference; it checks what our code relies on, not every Meta rule.
 */
export interface FakeGraphApiOptions {
  phoneNumberId?: string;
  wabaId?: string;
  appId?: string;
  accessToken?: string;
  appSecret?: string;
  /** Where signed webhooks go (the app's `/webhooks/cloud/:channelId`); settable later. */
  webhookUrl?: string;
  /** Status callbacks after each accepted send; default `normal` (sent → delivered → read). */
  statusPlan?: FakeStatusPlan;
  /** Pause between two webhooks of one plan, in ms (default 2). */
  statusGapMs?: number;
  /** wa_id Meta resolves a recipient's digits to (default: the digits); e.g. drop a ninth digit. */
  resolveWaId?: (digits: string) => string;
  /** Refuse free-form messages (131047) to numbers that sent nothing in the last 24 hours. */
  enforceWindow?: boolean;
  /** Keep `requests`, `sent` and `webhooks` (turn off for long benchmarks). */
  record?: boolean;
  token?: Partial<FakeTokenInfo>;
  phone?: Partial<FakePhoneNumber>;
}

export interface FakeTokenInfo {
  /** `SYSTEM_USER` for a permanent token; `USER` for the 24-hour token of the app dashboard. */
  type: 'SYSTEM_USER' | 'USER';
  /** Unix seconds; 0 = never expires. */
  expiresAt: number;
  scopes: string[];
}

export interface FakePhoneNumber {
  display_phone_number: string;
  verified_name: string;
  quality_rating: 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';
  code_verification_status: string;
  name_status: string;
  messaging_limit_tier: string;
  throughput: { level: 'STANDARD' | 'HIGH' | 'NOT_APPLICABLE' };
  platform_type: string;
}

export type FakeStatusName = 'sent' | 'delivered' | 'read' | 'failed';

/** Meta's error fields as they appear in a status webhook or an error answer. */
export interface FakeMetaError {
  code: number;
  title?: string;
  message?: string;
  details?: string;
}

export type FakeStatusPlan =
  | 'normal'
  | 'none'
  | 'out-of-order'
  | 'duplicated'
  | { sequence: FakeStatusName[]; error?: FakeMetaError };

export interface FakeFailure {
  /** HTTP status; by default the one Meta uses for `code`. */
  status?: number;
  code: number;
  subcode?: number;
  message?: string;
  type?: string;
  details?: string;
  /** Sent as a Retry-After header, in seconds. */
  retryAfterSeconds?: number;
}

export interface FakeGraphRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON, or `{ fields, file }` for a multipart upload. */
  body: unknown;
  /** The bearer token sent, if any. */
  token?: string;
  status: number;
  response: unknown;
}

export interface FakeSentMessage {
  id: string;
  to: string;
  waId: string;
  type: string;
  /** The request body as Meta received it. */
  body: Record<string, unknown>;
}

export interface FakeMedia {
  id: string;
  body: Buffer;
  mimeType: string;
  filename?: string;
  sha256: string;
}

export interface FakeTemplate {
  id: string;
  name: string;
  language: string;
  category: string;
  status: string;
  components: Record<string, unknown>[];
  parameter_format?: string;
  rejected_reason?: string;
  quality_score?: { score: string; date: number };
  /** Edits Meta took (`POST /{template-id}`); an approved one allows one a day. */
  edits?: number;
}

export interface FakeWebhookDelivery {
  /** The exact bytes posted (the signature covers them). */
  raw: string;
  payload: unknown;
  signature: string;
  /** HTTP status the app answered; 0 when the post failed. */
  status: number;
}

/** The message a customer sends; shared fields first, then one shape per WhatsApp message type. */
export type FakeInbound = {
  /** Customer's wa_id (international digits, no "+"). */
  from?: string;
  /** Profile name shown in `contacts[].profile.name`. */
  profileName?: string;
  messageId?: string;
  /** Unix seconds. */
  timestamp?: number;
  /** The message this one quotes (`context.id`). */
  replyTo?: string;
  forwarded?: boolean;
  /** A click-to-WhatsApp ad opened the chat (`true` for a typical ad, or its fields). */
  referral?: true | Partial<FakeReferral>;
} & (
  | { type: 'text'; text: string }
  | {
      type: 'image' | 'video' | 'audio' | 'document' | 'sticker';
      body?: Buffer;
      mimeType?: string;
      caption?: string;
      filename?: string;
      voice?: boolean;
    }
  | { type: 'location'; latitude: number; longitude: number; name?: string; address?: string; url?: string }
  | { type: 'contacts'; contacts: { name: string; phone?: string; waId?: string; email?: string }[] }
  | { type: 'button_reply'; replyId: string; title: string }
  | { type: 'list_reply'; replyId: string; title: string; description?: string }
  | { type: 'button'; text: string; payload?: string }
  | { type: 'reaction'; targetId: string; emoji: string }
  | { type: 'unsupported' }
);

export interface FakeReferral {
  source_url: string;
  source_id: string;
  source_type: 'ad' | 'post';
  headline: string;
  body: string;
  media_type: 'image' | 'video';
  image_url?: string;
  video_url?: string;
  thumbnail_url?: string;
  ctwa_clid?: string;
}

export interface FakeGraphApi {
  /** Base URL to give as `graphApiBaseUrl`. */
  url: string;
  /** The version the fake's examples use; any `vN.N` path works. */
  version: string;
  phoneNumberId: string;
  wabaId: string;
  appId: string;
  accessToken: string;
  appSecret: string;
  webhookUrl: string | undefined;
  statusPlan: FakeStatusPlan;
  phone: FakePhoneNumber;
  token: FakeTokenInfo;
  requests: FakeGraphRequest[];
  sent: FakeSentMessage[];
  readMarks: string[];
  media: Map<string, FakeMedia>;
  templates: FakeTemplate[];
  webhooks: FakeWebhookDelivery[];
  subscribed: boolean;

  /** The next `count` API requests fail with Meta's error body for `failure`. */
  failNext(count: number, failure: FakeFailure): void;
  /** The next `count` API requests wait `ms` before answering (to force client timeouts). */
  delayNext(ms: number, count?: number): void;
  /** From now on the token answers 401, code 190, subcode 463 (expired session). */
  expireToken(): void;
  /** Status callbacks for the next accepted send only, then back to `statusPlan`. */
  nextStatuses(plan: FakeStatusPlan): void;
  /** The next accepted send posts this status webhook (and waits for the app's answer) BEFORE it answers the send: Meta's real race. */
  statusBeforeResponse(status: FakeStatusName): void;
  /** Posts one signed status webhook for a message the fake accepted (or any id). */
  sendStatus(
    providerMessageId: string,
    status: FakeStatusName,
    error?: FakeMetaError,
  ): Promise<FakeWebhookDelivery>;
  /** Builds, signs and posts an inbound message webhook; media bodies become downloadable. */
  sendInbound(message: FakeInbound): Promise<FakeWebhookDelivery & { messageId: string }>;
  /** An approved (or given status) template, as if created and reviewed earlier. */
  addTemplate(
    template: Omit<FakeTemplate, 'id' | 'status' | 'category'> & Partial<FakeTemplate>,
  ): FakeTemplate;
  /** Moves a template (by id, or name + language) and posts `message_template_status_update`. */
  setTemplateStatus(
    ref: string | { name: string; language: string },
    status: string,
    reason?: string,
  ): Promise<FakeWebhookDelivery | undefined>;
  /** Sets a template's quality (GREEN/YELLOW/RED/UNKNOWN) and posts `message_template_quality_update`. */
  setTemplateQuality(
    ref: string | { name: string; language: string },
    score: 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN',
  ): Promise<FakeWebhookDelivery | undefined>;
  /** Signs and posts any body (object or exact text) to `webhookUrl`. */
  deliverWebhook(payload: unknown): Promise<FakeWebhookDelivery>;
  /** Resolves once every scheduled webhook has been posted. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly extra: { subcode?: number; type?: string; details?: string; retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }
}

/** Meta's title for each code, used in messages (`(#131047) Re-engagement message`) and webhooks. */
const titles: Record<number, string> = {
  0: 'AuthException',
  3: 'API Method',
  4: 'Too many calls',
  10: 'Permission Denied',
  100: 'Invalid parameter',
  131000: 'Something went wrong',
  131005: 'Access denied',
  131008: 'Required parameter is missing',
  131009: 'Parameter value is not valid',
  131016: 'Service unavailable',
  131021: 'Recipient cannot be sender',
  131026: 'Message undeliverable',
  131031: 'Account has been locked',
  131047: 'Re-engagement message',
  131048: 'Spam rate limit hit',
  131049: 'This message was not delivered to maintain healthy ecosystem engagement',
  131050: 'User stopped marketing messages',
  131051: 'Unsupported message type',
  131052: 'Media download error',
  131053: 'Media upload error',
  131056: '(Business Account, Consumer Account) pair rate limit hit',
  130429: 'Rate limit hit',
  132000: 'Number of parameters does not match the expected number of params',
  132001: 'Template name does not exist in the translation',
  132015: 'Template is Paused',
  132016: 'Template is Disabled',
  133004: 'Server temporarily unavailable',
  133010: 'Phone number Not Registered',
  80007: 'Rate limit issues',
  190: 'Invalid OAuth access token',
  368: 'Temporarily blocked for policies violations',
};

/** The HTTP status Meta answers each code with (`failNext` uses it unless told otherwise). */
function defaultStatus(code: number): number {
  if ([4, 80007, 130429, 131048, 131056].includes(code)) return 429;
  if (code === 190 || code === 0) return 401;
  if ([3, 10, 368, 131005, 131031].includes(code) || (code >= 200 && code <= 299)) return 403;
  if ([1, 131000, 131016].includes(code)) return 500;
  if ([2, 133004].includes(code)) return 503;
  return 400;
}

const now = () => Math.floor(Date.now() / 1000);
const sha256Hex = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const numericId = () => String(10n ** 15n + BigInt(`0x${randomBytes(6).toString('hex')}`));
const fbtrace = () => randomBytes(8).toString('base64').replace(/[+/=]/g, 'A');
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A wamid looks like base64 of a small binary record holding the user's number; ours does too. */
function wamid(waId: string): string {
  const record = Buffer.concat([
    Buffer.from([0x18, waId.length]),
    Buffer.from(waId),
    Buffer.from([0x15, 0x02, 0x00, 0x12, 0x18, 0x14]),
    Buffer.from(randomBytes(10).toString('hex').toUpperCase()),
    Buffer.from([0x00]),
  ]);
  return `wamid.${record.toString('base64')}`;
}

export async function startFakeGraphApi(options: FakeGraphApiOptions = {}): Promise<FakeGraphApi> {
  const record = options.record ?? true;
  const statusGapMs = options.statusGapMs ?? 2;
  const resolveWaId = options.resolveWaId ?? ((d: string) => d);
  const failures: { remaining: number; failure: FakeFailure }[] = [];
  const delays: { remaining: number; ms: number }[] = [];
  const earlyStatuses: FakeStatusName[] = [];
  const oneShotPlans: FakeStatusPlan[] = [];
  const pending = new Set<Promise<unknown>>();
  const timers = new Set<NodeJS.Timeout>();
  const lastInbound = new Map<string, number>();
  let tokenExpired = false;

  const api: FakeGraphApi = {
    url: '',
    version: 'v26.0',
    phoneNumberId: options.phoneNumberId ?? '106540352242922',
    wabaId: options.wabaId ?? '102290129340398',
    appId: options.appId ?? '843219876543210',
    accessToken: options.accessToken ?? `EAAG${randomBytes(24).toString('base64url')}`,
    appSecret: options.appSecret ?? randomBytes(16).toString('hex'),
    webhookUrl: options.webhookUrl,
    statusPlan: options.statusPlan ?? 'normal',
    phone: {
      display_phone_number: '+55 11 4000-1234',
      verified_name: 'Conversa Demo',
      quality_rating: 'GREEN',
      code_verification_status: 'VERIFIED',
      name_status: 'APPROVED',
      messaging_limit_tier: 'TIER_1K',
      throughput: { level: 'STANDARD' },
      platform_type: 'CLOUD_API',
      ...options.phone,
    },
    token: {
      type: 'SYSTEM_USER',
      expiresAt: 0,
      scopes: ['whatsapp_business_management', 'whatsapp_business_messaging', 'business_management'],
      ...options.token,
    },
    requests: [],
    sent: [],
    readMarks: [],
    media: new Map(),
    templates: [],
    webhooks: [],
    subscribed: false,

    failNext(count, failure) {
      failures.push({ remaining: count, failure });
    },
    delayNext(ms, count = 1) {
      delays.push({ remaining: count, ms });
    },
    expireToken() {
      tokenExpired = true;
    },
    nextStatuses(plan) {
      oneShotPlans.push(plan);
    },
    statusBeforeResponse(status) {
      earlyStatuses.push(status);
    },
    sendStatus(providerMessageId, status, error) {
      const message = api.sent.find((m) => m.id === providerMessageId);
      return track(deliver(statusPayload(providerMessageId, status, message, error)));
    },
    async sendInbound(message) {
      const { payload, messageId } = inboundPayload(message);
      return { ...(await track(deliver(payload))), messageId };
    },
    addTemplate(template) {
      const t: FakeTemplate = { id: numericId(), status: 'APPROVED', category: 'UTILITY', ...template };
      api.templates.push(t);
      return t;
    },
    async setTemplateStatus(ref, status, reason) {
      const t =
        typeof ref === 'string'
          ? api.templates.find((x) => x.id === ref || x.name === ref)
          : api.templates.find((x) => x.name === ref.name && x.language === ref.language);
      if (!t) throw new Error(`fake Graph API: no template ${JSON.stringify(ref)}`);
      t.status = status;
      if (reason) t.rejected_reason = reason;
      else delete t.rejected_reason;
      if (!api.webhookUrl) return undefined;
      return track(
        deliver({
          object: 'whatsapp_business_account',
          entry: [
            {
              id: api.wabaId,
              time: now(),
              changes: [
                {
                  field: 'message_template_status_update',
                  value: {
                    event: status,
                    message_template_id: Number(t.id),
                    message_template_name: t.name,
                    message_template_language: t.language,
                    reason: reason ?? 'NONE',
                    message_template_category: t.category,
                  },
                },
              ],
            },
          ],
        }),
      );
    },
    async setTemplateQuality(ref, score) {
      const t =
        typeof ref === 'string'
          ? api.templates.find((x) => x.id === ref || x.name === ref)
          : api.templates.find((x) => x.name === ref.name && x.language === ref.language);
      if (!t) throw new Error(`fake Graph API: no template ${JSON.stringify(ref)}`);
      const previous = t.quality_score?.score ?? 'UNKNOWN';
      t.quality_score = { score, date: now() };
      if (!api.webhookUrl) return undefined;
      // Shape of Meta's message_template_quality_update webhook field.
      return track(
        deliver({
          object: 'whatsapp_business_account',
          entry: [
            {
              id: api.wabaId,
              time: now(),
              changes: [
                {
                  field: 'message_template_quality_update',
                  value: {
                    previous_quality_score: previous,
                    new_quality_score: score,
                    message_template_id: Number(t.id),
                    message_template_name: t.name,
                    message_template_language: t.language,
                  },
                },
              ],
            },
          ],
        }),
      );
    },
    deliverWebhook(payload) {
      return track(deliver(payload));
    },
    async settle() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const t of timers) clearTimeout(t);
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };

  function track<T>(p: Promise<T>): Promise<T> {
    pending.add(p);
    p.finally(() => pending.delete(p)).catch(() => {});
    return p;
  }

  /** Signs the exact bytes it posts, like Meta: HMAC-SHA256 of the body with the app secret. */
  async function deliver(payload: unknown): Promise<FakeWebhookDelivery> {
    if (!api.webhookUrl) throw new Error('fake Graph API: set webhookUrl before sending webhooks');
    const raw = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const signature = `sha256=${createHmac('sha256', api.appSecret).update(raw).digest('hex')}`;
    const delivery: FakeWebhookDelivery = {
      raw,
      payload: typeof payload === 'string' ? undefined : payload,
      signature,
      status: 0,
    };
    try {
      const res = await fetch(api.webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': signature,
          'x-hub-signature': `sha1=${createHmac('sha1', api.appSecret).update(raw).digest('hex')}`,
          'user-agent': 'facebookexternalua',
        },
        body: raw,
      });
      delivery.status = res.status;
      await res.arrayBuffer();
    } catch {
      // The app was down: Meta would retry later; the delivery stays recorded with status 0.
    }
    if (record) api.webhooks.push(delivery);
    return delivery;
  }

  function envelope(field: string, value: Record<string, unknown>) {
    return {
      object: 'whatsapp_business_account',
      entry: [{ id: api.wabaId, changes: [{ value: { messaging_product: 'whatsapp', ...value }, field }] }],
    };
  }

  function metadata() {
    return {
      display_phone_number: api.phone.display_phone_number.replace(/\D/g, ''),
      phone_number_id: api.phoneNumberId,
    };
  }

  function statusPayload(
    id: string,
    status: FakeStatusName,
    message?: FakeSentMessage,
    error?: FakeMetaError,
  ) {
    const waId = message?.waId ?? '5511987654321';
    const entry: Record<string, unknown> = { id, status, timestamp: String(now()), recipient_id: waId };
    if (status === 'failed') {
      const e = error ?? { code: 131026 };
      entry.errors = [
        {
          code: e.code,
          title: e.title ?? titles[e.code] ?? 'Error',
          message: e.message ?? e.title ?? titles[e.code] ?? 'Error',
          error_data: { details: e.details ?? titles[e.code] ?? 'Message failed to send.' },
          href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
        },
      ];
    } else {
      // Templates open a paid conversation of their category; replies inside the window are free.
      const template =
        message?.type === 'template'
          ? api.templates.find(
              (t) => t.name === (message.body.template as { name?: string } | undefined)?.name,
            )
          : undefined;
      const category = template ? template.category.toLowerCase() : 'service';
      entry.conversation = {
        id: createHash('md5').update(`${waId}:${category}`).digest('hex'),
        ...(status === 'sent' ? { expiration_timestamp: String(now() + 24 * 3600) } : {}),
        origin: { type: category },
      };
      entry.pricing = {
        billable: Boolean(template),
        pricing_model: 'PMP',
        category,
        type: template ? 'regular' : 'free_customer_service',
      };
    }
    // Statuses arrive under the same `messages` field as inbound messages.
    return envelope('messages', { metadata: metadata(), statuses: [entry] });
  }

  function scheduleStatuses(message: FakeSentMessage, forced?: FakeMetaError) {
    if (!api.webhookUrl) return;
    const plan = forced
      ? { sequence: ['failed' as const], error: forced }
      : (oneShotPlans.shift() ?? api.statusPlan);
    const sequence: FakeStatusName[] =
      plan === 'none'
        ? []
        : plan === 'normal'
          ? ['sent', 'delivered', 'read']
          : plan === 'out-of-order'
            ? ['read', 'sent', 'delivered']
            : plan === 'duplicated'
              ? ['sent', 'sent', 'delivered', 'read', 'delivered', 'read']
              : plan.sequence;
    const error = typeof plan === 'object' ? plan.error : undefined;
    if (!sequence.length) return;
    track(
      (async () => {
        for (const status of sequence) {
          await sleep(statusGapMs);
          await deliver(statusPayload(message.id, status, message, error));
        }
      })(),
    );
  }

  function inboundPayload(m: FakeInbound) {
    const from = m.from ?? '5511987654321';
    const messageId = m.messageId ?? wamid(from);
    const msg: Record<string, unknown> = {
      from,
      id: messageId,
      timestamp: String(m.timestamp ?? now()),
      type: m.type === 'button_reply' || m.type === 'list_reply' ? 'interactive' : m.type,
    };
    if (m.replyTo || m.forwarded) {
      msg.context = {
        ...(m.replyTo ? { from: metadata().display_phone_number, id: m.replyTo } : {}),
        ...(m.forwarded ? { forwarded: true } : {}),
      };
    }
    if (m.referral) {
      const ad: FakeReferral = {
        source_url: 'https://fb.me/3cr4Wqqkv',
        source_id: '120212345678900123',
        source_type: 'ad',
        headline: 'Fale com a gente no WhatsApp',
        body: 'Frete grátis nesta semana',
        media_type: 'image',
        image_url: 'https://scontent.xx.fbcdn.net/v/t45.1600-4/ad-image.jpg',
        ctwa_clid: `ARA${randomBytes(24).toString('base64url')}`,
      };
      msg.referral = m.referral === true ? ad : { ...ad, ...m.referral };
    }
    switch (m.type) {
      case 'text':
        msg.text = { body: m.text };
        break;
      case 'image':
      case 'video':
      case 'audio':
      case 'document':
      case 'sticker': {
        const defaults = {
          image: 'image/jpeg',
          video: 'video/mp4',
          audio: 'audio/ogg; codecs=opus',
          document: 'application/pdf',
          sticker: 'image/webp',
        } as const;
        const body = m.body ?? randomBytes(256);
        const media: FakeMedia = {
          id: numericId(),
          body,
          mimeType: m.mimeType ?? defaults[m.type],
          sha256: sha256Hex(body),
          ...(m.filename ? { filename: m.filename } : {}),
        };
        api.media.set(media.id, media);
        msg[m.type] = {
          ...(m.caption !== undefined ? { caption: m.caption } : {}),
          ...(m.type === 'document' ? { filename: m.filename ?? 'document.pdf' } : {}),
          mime_type: media.mimeType,
          // Webhooks carry the digest in base64, the media endpoint in hex.
          sha256: createHash('sha256').update(body).digest('base64'),
          id: media.id,
          ...(m.type === 'audio' ? { voice: m.voice ?? true } : {}),
          ...(m.type === 'sticker' ? { animated: false } : {}),
        };
        break;
      }
      case 'location':
        msg.location = {
          latitude: m.latitude,
          longitude: m.longitude,
          ...(m.name ? { name: m.name } : {}),
          ...(m.address ? { address: m.address } : {}),
          ...(m.url ? { url: m.url } : {}),
        };
        break;
      case 'contacts':
        msg.contacts = m.contacts.map((c) => {
          const [first, ...rest] = c.name.split(' ');
          return {
            name: {
              formatted_name: c.name,
              first_name: first,
              ...(rest.length ? { last_name: rest.join(' ') } : {}),
            },
            ...(c.phone || c.waId
              ? {
                  phones: [
                    { phone: c.phone ?? `+${c.waId}`, type: 'CELL', ...(c.waId ? { wa_id: c.waId } : {}) },
                  ],
                }
              : {}),
            ...(c.email ? { emails: [{ email: c.email, type: 'HOME' }] } : {}),
          };
        });
        break;
      case 'button_reply':
        msg.interactive = { type: 'button_reply', button_reply: { id: m.replyId, title: m.title } };
        break;
      case 'list_reply':
        msg.interactive = {
          type: 'list_reply',
          list_reply: {
            id: m.replyId,
            title: m.title,
            ...(m.description ? { description: m.description } : {}),
          },
        };
        break;
      case 'button':
        msg.button = { text: m.text, payload: m.payload ?? m.text };
        break;
      case 'reaction':
        msg.reaction = { message_id: m.targetId, emoji: m.emoji };
        break;
      case 'unsupported':
        msg.unsupported = { type: 'poll_creation' };
        msg.errors = [
          {
            code: 131051,
            title: 'Message type unknown',
            message: 'Message type unknown',
            error_data: { details: 'Message type is currently not supported.' },
          },
        ];
        break;
    }
    lastInbound.set(from, Date.now());
    const payload = envelope('messages', {
      metadata: metadata(),
      contacts: [{ profile: { name: m.profileName ?? 'Maria Silva' }, wa_id: from }],
      messages: [msg],
    });
    return { payload, messageId };
  }

  // ------------------------------------------------------------------ HTTP side

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, raw: Buffer) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(url.searchParams);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : query.access_token;
    const log: FakeGraphRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      body: undefined,
      status: 0,
      response: undefined,
      ...(token ? { token } : {}),
    };
    if (record) api.requests.push(log);
    const delay = takeOne(delays);
    if (delay) await new Promise<void>((r) => timers.add(setTimeout(r, delay.ms)));
    if (res.destroyed) return;
    try {
      const failure = takeOne(failures)?.failure;
      if (failure) {
        throw new GraphError(
          failure.status ?? defaultStatus(failure.code),
          failure.code,
          failure.message ?? titles[failure.code] ?? 'Error',
          {
            ...(failure.subcode !== undefined ? { subcode: failure.subcode } : {}),
            ...(failure.type ? { type: failure.type } : {}),
            details: failure.details ?? titles[failure.code] ?? 'Error',
            ...(failure.retryAfterSeconds !== undefined
              ? { retryAfterSeconds: failure.retryAfterSeconds }
              : {}),
          },
        );
      }
      if (url.pathname === '/whatsapp_business/attachments/') return download(res, log, token, query.mid);
      authenticate(token);
      const result = await route(req, url, raw, log);
      log.status = 200;
      log.response = result;
      send(res, 200, result);
    } catch (err) {
      const e =
        err instanceof GraphError
          ? err
          : new GraphError(500, 1, `fake Graph API bug: ${(err as Error).message}`);
      const body = errorBody(e);
      log.status = e.status;
      log.response = body;
      send(res, e.status, body, e.extra.retryAfterSeconds);
    }
  }

  function authenticate(token: string | undefined) {
    if (!token) {
      throw new GraphError(400, 104, 'An access token is required to request this resource.');
    }
    if (token !== api.accessToken) {
      throw new GraphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
    }
    if (tokenExpired || (api.token.expiresAt > 0 && api.token.expiresAt <= now())) {
      throw new GraphError(
        401,
        190,
        `Error validating access token: Session has expired on ${new Date().toUTCString()}.`,
        { subcode: 463 },
      );
    }
  }

  function requireScope(scope: string, code: number) {
    if (!api.token.scopes.includes(scope)) {
      throw new GraphError(
        403,
        code,
        code === 10
          ? '(#10) Application does not have permission for this action'
          : `(#${code}) Requires ${scope} permission to manage the object`,
      );
    }
  }

  async function route(req: IncomingMessage, url: URL, raw: Buffer, log: FakeGraphRequest): Promise<unknown> {
    const parts = url.pathname.split('/').filter(Boolean);
    const [version, id, edge, ...extra] = parts;
    if (!version || !/^v\d+\.\d+$/.test(version) || !id || extra.length) {
      throw new GraphError(400, 2500, `Unknown path components: ${url.pathname}`);
    }
    const method = req.method ?? 'GET';
    const json = () => {
      try {
        const parsed: unknown = raw.length ? JSON.parse(raw.toString('utf8')) : {};
        log.body = parsed;
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error();
        return parsed as Record<string, unknown>;
      } catch {
        throw invalid('(#100) Invalid parameter', 'The request body is not a JSON object.');
      }
    };

    if (id === 'debug_token' && !edge && method === 'GET')
      return debugToken(url.searchParams.get('input_token'));
    if (id === api.phoneNumberId) {
      if (!edge && method === 'GET') return phoneNumber(url.searchParams.get('fields'));
      if (edge === 'messages' && method === 'POST') {
        requireScope('whatsapp_business_messaging', 10);
        return messages(json());
      }
      if (edge === 'media' && method === 'POST') {
        requireScope('whatsapp_business_messaging', 10);
        return upload(req, raw, log);
      }
    }
    if (id === api.wabaId) {
      if (edge === 'message_templates') {
        requireScope('whatsapp_business_management', 200);
        if (method === 'GET') return listTemplates(url.searchParams);
        if (method === 'POST') return createTemplate(json());
        if (method === 'DELETE') return deleteTemplate(url.searchParams);
      }
      if (edge === 'subscribed_apps') {
        requireScope('whatsapp_business_management', 200);
        if (method === 'POST') {
          api.subscribed = true;
          return { success: true };
        }
        if (method === 'DELETE') {
          api.subscribed = false;
          return { success: true };
        }
        if (method === 'GET') {
          return {
            data: api.subscribed
              ? [
                  {
                    whatsapp_business_api_data: {
                      id: api.appId,
                      name: 'Conversa',
                      link: 'https://conversa.example',
                    },
                  },
                ]
              : [],
          };
        }
      }
    }
    const template = api.templates.find((t) => t.id === id);
    if (template && !edge && method === 'POST') {
      requireScope('whatsapp_business_management', 200);
      return editTemplate(template, json());
    }
    const media = api.media.get(id);
    if (media && !edge && method === 'GET') {
      return {
        messaging_product: 'whatsapp',
        url: `${api.url}/whatsapp_business/attachments/?mid=${media.id}&ext=${Date.now()}&hash=${media.sha256.slice(0, 12)}`,
        mime_type: media.mimeType,
        sha256: media.sha256,
        file_size: media.body.length,
        id: media.id,
      };
    }
    throw new GraphError(
      400,
      100,
      `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
      { subcode: 33, type: 'GraphMethodException' },
    );
  }

  function debugToken(input: string | null) {
    if (input !== api.accessToken) {
      return {
        data: { is_valid: false, error: { code: 190, message: 'Invalid OAuth access token.' }, scopes: [] },
      };
    }
    return {
      data: {
        app_id: api.appId,
        type: api.token.type,
        application: 'Conversa',
        data_access_expires_at: 0,
        expires_at: api.token.expiresAt,
        is_valid: true,
        issued_at: now() - 3600,
        scopes: api.token.scopes,
        granular_scopes: api.token.scopes
          .filter((s) => s.startsWith('whatsapp_'))
          .map((scope) => ({ scope, target_ids: [api.wabaId] })),
        user_id: '122100000000000001',
      },
    };
  }

  function phoneNumber(fields: string | null) {
    const all: Record<string, unknown> = { ...api.phone, id: api.phoneNumberId };
    const wanted = fields
      ? fields.split(',').map((f) => f.trim())
      : ['display_phone_number', 'verified_name', 'quality_rating'];
    return Object.fromEntries(Object.entries(all).filter(([k]) => k === 'id' || wanted.includes(k)));
  }

  const invalid = (message: string, details: string, code = 100) =>
    new GraphError(400, code, message, { details, type: 'OAuthException' });

  function messages(body: Record<string, unknown>) {
    if (body.messaging_product !== 'whatsapp') {
      throw invalid(
        '(#100) The parameter messaging_product is required.',
        'messaging_product must be "whatsapp"',
      );
    }
    if (body.status === 'read') {
      if (typeof body.message_id !== 'string' || !body.message_id) {
        throw invalid('(#100) The parameter message_id is required.', 'message_id is required');
      }
      api.readMarks.push(body.message_id);
      return { success: true };
    }
    if (
      body.recipient_type !== undefined &&
      body.recipient_type !== 'individual' &&
      body.recipient_type !== 'group'
    ) {
      throw invalid(
        '(#100) Param recipient_type must be one of {INDIVIDUAL, GROUP} - got "' +
          String(body.recipient_type) +
          '".',
        'invalid recipient_type',
      );
    }
    if (typeof body.to !== 'string' || !body.to)
      throw invalid('(#100) The parameter to is required.', 'to is required');
    const digits = body.to.replace(/\D/g, '');
    if (!/^\+?[\d\s().-]+$/.test(body.to) || digits.length < 8 || digits.length > 15) {
      throw invalid('(#100) Invalid parameter', `to: '${body.to}' is not a valid phone number`);
    }
    const type = (body.type as string | undefined) ?? 'text';
    const known = [
      'text',
      'image',
      'audio',
      'video',
      'document',
      'sticker',
      'location',
      'contacts',
      'interactive',
      'reaction',
      'template',
    ];
    if (!known.includes(type)) {
      throw invalid(
        `(#100) Param type must be one of {${known.join(', ').toUpperCase()}} - got "${type}".`,
        'invalid type',
      );
    }
    const content = body[type];
    if (content === undefined || content === null || typeof content !== 'object') {
      throw invalid(
        `(#100) The parameter ${type} is required.`,
        `${type} object is required for type ${type}`,
      );
    }
    const context = body.context as { message_id?: unknown } | undefined;
    if (context !== undefined && (typeof context !== 'object' || typeof context.message_id !== 'string')) {
      throw invalid('(#100) Invalid parameter', 'context.message_id must be a string');
    }
    const asyncError = validateContent(type, content as Record<string, unknown>);
    const waId = resolveWaId(digits);
    if (options.enforceWindow && type !== 'template' && type !== 'reaction') {
      const last = lastInbound.get(waId) ?? lastInbound.get(digits);
      if (!last || Date.now() - last > 24 * 3600 * 1000) {
        throw new GraphError(400, 131047, '(#131047) Re-engagement message', {
          details:
            'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
        });
      }
    }
    const message: FakeSentMessage = { id: wamid(waId), to: body.to, waId, type, body };
    if (record) api.sent.push(message);
    scheduleStatuses(message, asyncError);
    const response = {
      messaging_product: 'whatsapp',
      contacts: [{ input: body.to, wa_id: waId }],
      messages: [{ id: message.id, ...(type === 'template' ? { message_status: 'accepted' } : {}) }],
    };
    const early = earlyStatuses.shift();
    if (early) return track(deliver(statusPayload(message.id, early, message))).then(() => response);
    return response;
  }

  /** Checks the type's object like Meta; returns an error Meta reports later by webhook, if any. */
  function validateContent(type: string, c: Record<string, unknown>): FakeMetaError | undefined {
    const str = (v: unknown) => typeof v === 'string' && v.length > 0;
    const bad = (details: string, code = 131009) =>
      invalid(`(#${code}) ${titles[code] ?? 'Invalid parameter'}`, details, code);
    switch (type) {
      case 'text':
        if (!str(c.body)) throw bad('text.body is required', 131008);
        if ((c.body as string).length > 4096) throw bad('text.body is longer than 4096 characters');
        return undefined;
      case 'image':
      case 'audio':
      case 'video':
      case 'document':
      case 'sticker': {
        if (str(c.id) === str(c.link)) throw bad(`${type} needs exactly one of id or link`);
        if (str(c.link) && !/^https?:\/\//.test(c.link as string)) throw bad(`${type}.link is not a URL`);
        if ((type === 'audio' || type === 'sticker') && c.caption !== undefined)
          throw bad(`${type} does not take a caption`);
        // An unknown media id is accepted, then fails by webhook, as on Meta.
        if (str(c.id) && !api.media.has(c.id as string))
          return { code: 131053, details: 'Media id not found.' };
        return undefined;
      }
      case 'location':
        if (typeof c.latitude !== 'number' || typeof c.longitude !== 'number') {
          throw bad('location.latitude and location.longitude are required numbers', 131008);
        }
        return undefined;
      case 'contacts': {
        const list = c as unknown;
        if (!Array.isArray(list) || !list.length) throw bad('contacts must be a non-empty array', 131008);
        for (const card of list as { name?: { formatted_name?: unknown } }[]) {
          if (!str(card?.name?.formatted_name))
            throw bad('contacts[].name.formatted_name is required', 131008);
        }
        return undefined;
      }
      case 'interactive': {
        const body = c.body as { text?: unknown } | undefined;
        if (!str(body?.text)) throw bad('interactive.body.text is required', 131008);
        const action = (c.action ?? {}) as {
          button?: unknown;
          buttons?: { type?: unknown; reply?: { id?: unknown; title?: unknown } }[];
          sections?: { title?: unknown; rows?: { id?: unknown; title?: unknown; description?: unknown }[] }[];
        };
        if (c.type === 'button') {
          const buttons = action.buttons;
          if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3)
            throw bad('action.buttons must hold 1 to 3 buttons');
          const ids = buttons.map((b) => b.reply?.id);
          for (const b of buttons) {
            if (b.type !== 'reply' || !str(b.reply?.id) || !str(b.reply?.title))
              throw bad('each button needs type reply, reply.id and reply.title', 131008);
            if (String(b.reply?.title).length > 20) throw bad('button title is longer than 20 characters');
          }
          if (new Set(ids).size !== ids.length) throw bad('button ids must be unique');
          return undefined;
        }
        if (c.type === 'list') {
          if (!str(action.button) || (action.button as string).length > 20)
            throw bad('action.button must be 1 to 20 characters');
          const sections = action.sections;
          if (!Array.isArray(sections) || sections.length < 1 || sections.length > 10)
            throw bad('action.sections must hold 1 to 10 sections');
          const rows = sections.flatMap((s) => s.rows ?? []);
          if (!rows.length || rows.length > 10) throw bad('a list must hold 1 to 10 rows');
          for (const r of rows) {
            if (!str(r.id) || !str(r.title)) throw bad('each row needs id and title', 131008);
            if ((r.title as string).length > 24) throw bad('row title is longer than 24 characters');
          }
          return undefined;
        }
        throw bad(`interactive.type ${String(c.type)} is not supported by the fake`);
      }
      case 'reaction':
        if (!str(c.message_id)) throw bad('reaction.message_id is required', 131008);
        if (typeof c.emoji !== 'string') throw bad('reaction.emoji is required', 131008);
        return undefined;
      case 'template': {
        const language = c.language as { code?: unknown } | undefined;
        if (!str(c.name) || !str(language?.code))
          throw bad('template.name and template.language.code are required', 131008);
        const t = api.templates.find((x) => x.name === c.name && x.language === language?.code);
        if (!t || !['APPROVED', 'PAUSED', 'DISABLED'].includes(t.status)) {
          throw new GraphError(404, 132001, '(#132001) Template name does not exist in the translation', {
            details: `template name (${String(c.name)}) does not exist in ${String(language?.code)}`,
          });
        }
        if (t.status === 'PAUSED')
          throw new GraphError(400, 132015, '(#132015) Template is Paused', {
            details: 'Template is paused due to low quality.',
          });
        if (t.status === 'DISABLED')
          throw new GraphError(400, 132016, '(#132016) Template is Disabled', {
            details: 'Template has been disabled.',
          });
        const components = (c.components ?? []) as { type?: string; parameters?: unknown[] }[];
        const given = components.find((x) => x.type === 'body')?.parameters?.length ?? 0;
        const bodyText = String(t.components.find((x) => x.type === 'BODY')?.text ?? '');
        const expected = new Set(bodyText.match(/\{\{\s*[a-z0-9_]+\s*\}\}/g) ?? []).size;
        if (given !== expected) {
          throw new GraphError(
            400,
            132000,
            '(#132000) Number of parameters does not match the expected number of params',
            {
              details: `body: number of localizable_params (${given}) does not match the expected number of params (${expected})`,
            },
          );
        }
        return undefined;
      }
    }
    return undefined;
  }

  async function upload(req: IncomingMessage, raw: Buffer, log: FakeGraphRequest) {
    const contentType = req.headers['content-type'] ?? '';
    if (!contentType.startsWith('multipart/form-data')) {
      throw invalid('(#100) Invalid parameter', 'media upload must be multipart/form-data');
    }
    let form: FormData;
    try {
      form = await new Request('http://fake/upload', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: raw,
      }).formData();
    } catch {
      throw invalid('(#100) Invalid parameter', 'malformed multipart body');
    }
    const file = form.get('file');
    const fields = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string'));
    log.body = {
      fields,
      ...(file instanceof File ? { file: { name: file.name, type: file.type, size: file.size } } : {}),
    };
    if (form.get('messaging_product') !== 'whatsapp') {
      throw invalid(
        '(#100) The parameter messaging_product is required.',
        'messaging_product must be "whatsapp"',
      );
    }
    if (!(file instanceof File)) throw invalid('(#100) The parameter file is required.', 'file is required');
    const type = form.get('type');
    if (typeof type !== 'string' || !type)
      throw invalid('(#100) The parameter type is required.', 'type is required');
    const body = Buffer.from(await file.arrayBuffer());
    const media: FakeMedia = {
      id: numericId(),
      body,
      mimeType: type,
      sha256: sha256Hex(body),
      ...(file.name ? { filename: file.name } : {}),
    };
    api.media.set(media.id, media);
    return { id: media.id };
  }

  function download(
    res: ServerResponse,
    log: FakeGraphRequest,
    token: string | undefined,
    mid: string | undefined,
  ) {
    const media = mid ? api.media.get(mid) : undefined;
    // The CDN answers 401 without the token and 404 for unknown media, with no Graph error body.
    const status = token !== api.accessToken || tokenExpired ? 401 : media ? 200 : 404;
    log.status = status;
    if (status !== 200 || !media) {
      res.writeHead(status, { 'content-type': 'text/plain' });
      return void res.end(status === 401 ? 'Unauthorized' : 'Not Found');
    }
    res.writeHead(200, { 'content-type': media.mimeType, 'content-length': String(media.body.length) });
    res.end(media.body);
  }

  function createTemplate(body: Record<string, unknown>) {
    const { name, language, category, components } = body;
    if (typeof name !== 'string' || !/^[a-z0-9_]{1,512}$/.test(name)) {
      throw invalid('(#100) Invalid parameter', 'name must be lowercase letters, digits and underscores');
    }
    if (typeof language !== 'string' || !language)
      throw invalid('(#100) The parameter language is required.', 'language is required');
    if (typeof category !== 'string' || !['MARKETING', 'UTILITY', 'AUTHENTICATION'].includes(category)) {
      throw invalid(
        '(#100) Param category must be one of {MARKETING, UTILITY, AUTHENTICATION}',
        'invalid category',
      );
    }
    if (
      !Array.isArray(components) ||
      !components.some(
        (c) => c?.type === 'BODY' && (category === 'AUTHENTICATION' || typeof c.text === 'string'),
      )
    ) {
      throw invalid('(#100) Invalid parameter', 'components must include a BODY with text');
    }
    if (api.templates.some((t) => t.name === name && t.language === language)) {
      throw new GraphError(400, 100, 'Invalid parameter', {
        subcode: 2388024,
        details: `Content in this language already exists for template ${name}`,
      });
    }
    const t: FakeTemplate = {
      id: numericId(),
      name,
      language,
      category,
      status: 'PENDING',
      components: components as Record<string, unknown>[],
      ...(typeof body.parameter_format === 'string' ? { parameter_format: body.parameter_format } : {}),
    };
    api.templates.push(t);
    return { id: t.id, status: t.status, category: t.category };
  }

  // Meta's edit: approved, rejected or paused templates only; an approved one keeps its category and
  // goes back to review (PENDING) with the new content.
  function editTemplate(t: FakeTemplate, body: Record<string, unknown>) {
    if (!['APPROVED', 'REJECTED', 'PAUSED'].includes(t.status)) {
      throw new GraphError(400, 100, 'Invalid parameter', {
        subcode: 2388025,
        details: `Template with status ${t.status} cannot be edited`,
      });
    }
    if (typeof body.category === 'string' && body.category !== t.category && t.status === 'APPROVED') {
      throw new GraphError(400, 100, 'Invalid parameter', {
        subcode: 2388026,
        details: 'The category of an approved template cannot be edited',
      });
    }
    if (!Array.isArray(body.components)) throw invalid('(#100) Invalid parameter', 'components is required');
    t.components = body.components as Record<string, unknown>[];
    if (typeof body.category === 'string') t.category = body.category;
    t.status = 'PENDING';
    delete t.rejected_reason;
    t.edits = (t.edits ?? 0) + 1;
    return { success: true };
  }

  function listTemplates(params: URLSearchParams) {
    const name = params.get('name');
    const status = params.get('status');
    const all = api.templates.filter(
      (t) => (!name || t.name.includes(name)) && (!status || t.status === status),
    );
    const limit = Math.min(Math.max(Number(params.get('limit') ?? 25) || 25, 1), 1000);
    const after = params.get('after');
    const start = after ? Number(Buffer.from(after, 'base64url').toString()) : 0;
    const page = all.slice(start, start + limit);
    const cursor = (i: number) => Buffer.from(String(i)).toString('base64url');
    const more = start + limit < all.length;
    return {
      data: page.map((t) => ({
        name: t.name,
        ...(t.parameter_format ? { parameter_format: t.parameter_format } : {}),
        components: t.components,
        language: t.language,
        status: t.status,
        category: t.category,
        id: t.id,
        ...(t.rejected_reason ? { rejected_reason: t.rejected_reason } : {}),
        ...(t.quality_score ? { quality_score: t.quality_score } : {}),
      })),
      paging: {
        cursors: { before: cursor(start), after: cursor(start + page.length) },
        ...(more
          ? {
              next: `${api.url}/${api.version}/${api.wabaId}/message_templates?limit=${limit}&after=${cursor(start + page.length)}`,
            }
          : {}),
      },
    };
  }

  function deleteTemplate(params: URLSearchParams) {
    const name = params.get('name');
    const id = params.get('hsm_id');
    if (!name) throw invalid('(#100) The parameter name is required.', 'name is required');
    const doomed = api.templates.filter((t) => t.name === name && (!id || t.id === id));
    if (!doomed.length) {
      throw new GraphError(400, 100, 'Invalid parameter', {
        subcode: 2593002,
        details: `Template ${name} not found`,
      });
    }
    api.templates = api.templates.filter((t) => !doomed.includes(t));
    return { success: true };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  api.url = `http://127.0.0.1:${port}`;
  return api;
}

function takeOne<T extends { remaining: number }>(queue: T[]): T | undefined {
  const head = queue[0];
  if (!head) return undefined;
  head.remaining--;
  if (head.remaining <= 0) queue.shift();
  return head;
}

/** Meta's error body: `error_data` only for WhatsApp errors, never for token errors. */
function errorBody(e: GraphError) {
  const tokenError = e.code === 190 || e.code === 104 || e.code === 2500;
  return {
    error: {
      message: e.message,
      type: e.extra.type ?? 'OAuthException',
      code: e.code,
      ...(e.extra.subcode !== undefined ? { error_subcode: e.extra.subcode } : {}),
      ...(!tokenError
        ? { error_data: { messaging_product: 'whatsapp', details: e.extra.details ?? e.message } }
        : {}),
      fbtrace_id: fbtrace(),
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown, retryAfterSeconds?: number) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': String(Buffer.byteLength(text)),
    'x-fb-trace-id': fbtrace(),
    ...(status >= 400 ? { 'www-authenticate': 'OAuth "Facebook Platform" "invalid_request"' } : {}),
    ...(retryAfterSeconds !== undefined ? { 'retry-after': String(retryAfterSeconds) } : {}),
  });
  res.end(text);
}

export interface ReceivedWebhook {
  /** The exact bytes the server received. */
  raw: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Status to answer with (default 200). */
  status: number;
  close(): Promise<void>;
}

/** A bare HTTP endpoint that keeps every POST's raw body and headers, standing in for the app. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    status: 200,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      receiver.received.push({ raw: Buffer.concat(chunks), headers: req.headers });
      res.writeHead(receiver.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/cloud/test-channel`;
  return receiver;
}
