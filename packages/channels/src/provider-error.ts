/**
 * What went wrong when talking to a provider, in our words. Workers decide by `code` and `retryable`
 * (CONVENTIONS "Errors": never by message text); screens show `reasonKey` through i18n.
 */
export const providerErrorCodes = [
  'rate-limited',
  'pair-rate-limited',
  'token-expired',
  'auth-failed',
  'permission-denied',
  'window-closed',
  'undeliverable',
  'template-problem',
  'invalid-request',
  'media-problem',
  'media-too-large',
  'unavailable',
  'timeout',
  'unknown',
] as const;
export type ProviderErrorCode = (typeof providerErrorCodes)[number];

/** Codes that make the whole channel unusable until an admin acts (ARCHITECTURE §8: tell the admins). */
export const channelBreakingCodes: ReadonlySet<ProviderErrorCode> = new Set([
  'token-expired',
  'auth-failed',
  'permission-denied',
]);

/** Every i18n key a `reasonKey` or a credential problem can name; the lead's JSON files translate them. */
export const errorReasonKeys = [
  'channels.errors.throughputExceeded',
  'channels.errors.appRateLimited',
  'channels.errors.accountRateLimited',
  'channels.errors.spamRateLimited',
  'channels.errors.pairRateLimited',
  'channels.errors.tokenExpired',
  'channels.errors.tokenInvalid',
  'channels.errors.authFailed',
  'channels.errors.permissionDenied',
  'channels.errors.accountLocked',
  'channels.errors.policyBlocked',
  'channels.errors.countryRestricted',
  'channels.errors.paymentIssue',
  'channels.errors.displayNameNotApproved',
  'channels.errors.phoneNotRegistered',
  'channels.errors.windowClosed',
  'channels.errors.undeliverable',
  'channels.errors.marketingNotDelivered',
  'channels.errors.marketingOptedOut',
  'channels.errors.experimentNumber',
  'channels.errors.recipientIsSender',
  'channels.errors.templateProblem',
  'channels.errors.templateParamCount',
  'channels.errors.templateNotFound',
  'channels.errors.templateTooLong',
  'channels.errors.templatePolicy',
  'channels.errors.templateParamFormat',
  'channels.errors.templatePaused',
  'channels.errors.templateDisabled',
  'channels.errors.unsupportedType',
  'channels.errors.invalidParameter',
  'channels.errors.missingParameter',
  'channels.errors.invalidMessage',
  'channels.errors.mediaDownload',
  'channels.errors.mediaUpload',
  'channels.errors.mediaTooLarge',
  'channels.errors.unavailable',
  'channels.errors.timeout',
  'channels.errors.unknown',
  'channels.problems.tokenTemporary',
  'channels.problems.tokenInvalid',
  'channels.problems.missingScope',
  'channels.problems.appMismatch',
  'channels.problems.qualityLow',
  'channels.problems.displayNameNotApproved',
  'channels.problems.webhookNotSubscribed',
] as const;
export type ErrorReasonKey = (typeof errorReasonKeys)[number];

export interface ProviderErrorOptions {
  /** The provider's own code (Meta's `131047`, an HTTP status…), for logs and support. */
  providerCode?: string;
  retryable: boolean;
  /** How long the provider asked us to wait (Retry-After), when it said. */
  retryAfterMs?: number;
  reasonKey: ErrorReasonKey;
  /** HTTP status of the provider's answer, when there was one. */
  httpStatus?: number;
  /** `media-too-large`: the file's size as the provider announced it, or the bytes read before stopping. */
  size?: number;
}

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly providerCode?: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly reasonKey: ErrorReasonKey;
  readonly httpStatus?: number;
  readonly size?: number;

  constructor(
    readonly code: ProviderErrorCode,
    message: string,
    options: ProviderErrorOptions,
  ) {
    super(message);
    this.retryable = options.retryable;
    this.reasonKey = options.reasonKey;
    if (options.providerCode !== undefined) this.providerCode = options.providerCode;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.httpStatus !== undefined) this.httpStatus = options.httpStatus;
    if (options.size !== undefined) this.size = options.size;
  }

  /** Whether the channel itself (not this one message) needs an admin. */
  get breaksChannel(): boolean {
    return channelBreakingCodes.has(this.code);
  }
}
