import type { CanonicalEvent, OutboundMessage, QualityScore, TemplateStatus } from './canonical.ts';
import type { ErrorReasonKey } from './provider-error.ts';

export type ChannelKind = 'cloud' | 'evolution' | 'wuzapi' | 'sandbox' | 'http-broker';

/** Request headers as HTTP servers hand them over; names are matched case-insensitively. */
export type WebhookHeaders = Record<string, string | string[] | undefined>;

/** Pino-compatible subset; adapters log fields, never credentials or message text above debug. */
export interface ChannelLogger {
  debug(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** What every adapter factory takes besides the credentials. */
export interface AdapterOptions {
  /** Defaults to undici on a shared keep-alive agent (packages/channels/src/http.ts); tests may pass a `fetch` that scripts odd answers. */
  fetch?: typeof fetch;
  logger?: ChannelLogger;
  /** Per-request limit; past it the call fails with a retryable `timeout` ProviderError. */
  timeoutMs?: number;
}

export interface SendResult {
  providerMessageId: string;
  /** E.164 form of the id the provider resolved the recipient to (may drop the Brazilian ninth digit). */
  recipientId?: string;
}

export interface DownloadedMedia {
  body: Buffer;
  mimeType: string;
  sha256?: string;
  filename?: string;
}

export interface CredentialProblem {
  /** Stable id of the check that failed (`token-temporary`, `missing-scope`…). */
  code: string;
  reasonKey: ErrorReasonKey;
  /** `error` blocks sending; `warning` is shown but the channel works. */
  severity: 'error' | 'warning';
  /** Non-secret detail for the fix (the missing scope's name…). */
  detail?: string;
}

export interface CredentialCheck {
  /** True when nothing of severity `error` was found. */
  ok: boolean;
  phone?: {
    display: string;
    verifiedName?: string;
    qualityRating: QualityScore;
    /** Unique customers per day; `unlimited`, or null while the provider has not set one. */
    messagingTier: number | 'unlimited' | null;
    throughput: 'standard' | 'high' | 'unknown';
  };
  token?: {
    /** A never-expiring token (a system user's), as opposed to a 24-hour test token. */
    permanent: boolean;
    expiresAt: Date | null;
    scopes: string[];
  };
  webhooks?: { subscribed: boolean };
  problems: CredentialProblem[];
}

export interface TemplateDefinition {
  name: string;
  language: string;
  category: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
  /** Components exactly as the provider's template API takes them (API.md "Templates"). */
  components: Record<string, unknown>[];
  parameterFormat?: 'positional' | 'named';
}

export interface ProviderTemplate {
  providerTemplateId: string;
  name: string;
  language: string;
  category?: string;
  status: TemplateStatus;
  components: Record<string, unknown>[];
  rejectionReason?: string;
}

export interface TemplatePage {
  items: ProviderTemplate[];
  /** Cursor for the next page; absent on the last one. */
  next?: string;
}

export interface ConnectionState {
  state: 'connected' | 'connecting' | 'qr' | 'disconnected';
  qr?: string;
}

/**
 * The one interface every WhatsApp provider implements (ARCHITECTURE §3). Methods marked optional
 * exist only where the provider has the feature; callers check for them, never for `kind`.
 */
export interface ChannelAdapter {
  readonly kind: ChannelKind;
  /** The `channelRef`s this adapter's events may carry (phone number id, account id, instance…). */
  readonly channelRefs: readonly string[];

  /** Throws ProviderError; never retries itself (the queue does, by `retryable`). */
  send(message: OutboundMessage): Promise<SendResult>;
  markRead?(providerMessageId: string): Promise<void>;

  /** Checks the signature over the exact raw bytes; missing or malformed → false. */
  verifyWebhook(raw: Buffer, headers: WebhookHeaders): boolean;
  /** Canonical events in the body; [] for shapes it does not know. Never throws. */
  parseWebhook(raw: Buffer, headers: WebhookHeaders): CanonicalEvent[];

  /** Live check for onboarding; reports problems instead of throwing. */
  validateCredentials(): Promise<CredentialCheck>;
  /** Makes the provider deliver this account's events to the configured webhook. */
  subscribeWebhooks?(): Promise<void>;

  /**
   * The file of an inbound message. Past `maxBytes` (announced size, Content-Length, or bytes read) it stops
   * and throws ProviderError `media-too-large` (with `size` when known) without reading the rest.
   */
  downloadMedia?(mediaId: string, opts?: { maxBytes?: number }): Promise<DownloadedMedia>;
  uploadMedia?(body: Buffer, mimeType: string, filename?: string): Promise<{ mediaId: string }>;

  // QR-code providers (Evolution, WuzAPI).
  connect?(): Promise<ConnectionState>;
  qr?(): Promise<ConnectionState>;
  status?(): Promise<ConnectionState>;
  logout?(): Promise<void>;

  // Template management (official API).
  createTemplate?(
    template: TemplateDefinition,
  ): Promise<{ providerTemplateId: string; status: TemplateStatus }>;
  listTemplates?(query?: { name?: string; after?: string; limit?: number }): Promise<TemplatePage>;
  /** Deletes every language of `name`, or only the one with `providerTemplateId`. */
  deleteTemplate?(name: string, providerTemplateId?: string): Promise<void>;
  /** Replaces an existing template's content (it goes back to review); name and language stay. */
  editTemplate?(
    providerTemplateId: string,
    template: Pick<TemplateDefinition, 'category' | 'components'>,
  ): Promise<void>;
}
