import { type ErrorReasonKey, ProviderError, type ProviderErrorCode } from '../provider-error.ts';

/*
 * Meta error codes → our codes and retry decisions, one table for both the synchronous Graph answer
 * and a `failed` status webhook's errors[] (docs: cloudDocLinks.errors).
 */
export interface MetaErrorRule {
  code: ProviderErrorCode;
  retryable: boolean;
  reasonKey: ErrorReasonKey;
}

const rule = (code: ProviderErrorCode, retryable: boolean, reasonKey: ErrorReasonKey): MetaErrorRule => ({
  code,
  retryable,
  reasonKey,
});

export const metaErrorRules: ReadonlyMap<number, MetaErrorRule> = new Map([
  // Throttling: back off and slow the channel (ARCHITECTURE §8).
  [4, rule('rate-limited', true, 'channels.errors.appRateLimited')],
  [80007, rule('rate-limited', true, 'channels.errors.accountRateLimited')],
  [130429, rule('rate-limited', true, 'channels.errors.throughputExceeded')],
  [131048, rule('rate-limited', true, 'channels.errors.spamRateLimited')],
  [131056, rule('pair-rate-limited', true, 'channels.errors.pairRateLimited')],
  // Authorisation: the channel stops until an admin fixes it.
  [190, rule('token-expired', false, 'channels.errors.tokenExpired')],
  [0, rule('auth-failed', false, 'channels.errors.authFailed')],
  [102, rule('auth-failed', false, 'channels.errors.authFailed')],
  [104, rule('auth-failed', false, 'channels.errors.authFailed')],
  [3, rule('permission-denied', false, 'channels.errors.permissionDenied')],
  [10, rule('permission-denied', false, 'channels.errors.permissionDenied')],
  [131005, rule('permission-denied', false, 'channels.errors.permissionDenied')],
  [131031, rule('permission-denied', false, 'channels.errors.accountLocked')],
  [368, rule('permission-denied', false, 'channels.errors.policyBlocked')],
  [130497, rule('permission-denied', false, 'channels.errors.countryRestricted')],
  [131042, rule('permission-denied', false, 'channels.errors.paymentIssue')],
  [131037, rule('permission-denied', false, 'channels.errors.displayNameNotApproved')],
  [133010, rule('permission-denied', false, 'channels.errors.phoneNotRegistered')],
  // One recipient or one message: fail it, keep the campaign going.
  [131047, rule('window-closed', false, 'channels.errors.windowClosed')],
  [131026, rule('undeliverable', false, 'channels.errors.undeliverable')],
  [131049, rule('undeliverable', false, 'channels.errors.marketingNotDelivered')],
  [131050, rule('undeliverable', false, 'channels.errors.marketingOptedOut')],
  [130472, rule('undeliverable', false, 'channels.errors.experimentNumber')],
  [131021, rule('invalid-request', false, 'channels.errors.recipientIsSender')],
  [131051, rule('invalid-request', false, 'channels.errors.unsupportedType')],
  [100, rule('invalid-request', false, 'channels.errors.invalidParameter')],
  [33, rule('invalid-request', false, 'channels.errors.invalidParameter')],
  [131008, rule('invalid-request', false, 'channels.errors.missingParameter')],
  [131009, rule('invalid-request', false, 'channels.errors.invalidParameter')],
  [135000, rule('invalid-request', false, 'channels.errors.invalidMessage')],
  [131052, rule('media-problem', false, 'channels.errors.mediaDownload')],
  [131053, rule('media-problem', false, 'channels.errors.mediaUpload')],
  // Meta's side is down or busy: retry later.
  [1, rule('unavailable', true, 'channels.errors.unavailable')],
  [2, rule('unavailable', true, 'channels.errors.unavailable')],
  [131000, rule('unavailable', true, 'channels.errors.unavailable')],
  [131016, rule('unavailable', true, 'channels.errors.unavailable')],
  [131057, rule('unavailable', true, 'channels.errors.unavailable')],
  [133004, rule('unavailable', true, 'channels.errors.unavailable')],
]);

const templateReasons: Record<number, ErrorReasonKey> = {
  132000: 'channels.errors.templateParamCount',
  132001: 'channels.errors.templateNotFound',
  132005: 'channels.errors.templateTooLong',
  132007: 'channels.errors.templatePolicy',
  132012: 'channels.errors.templateParamFormat',
  132015: 'channels.errors.templatePaused',
  132016: 'channels.errors.templateDisabled',
};

/** Subcodes of 190 that mean the token's time ran out, rather than that it was revoked or is wrong. */
const expiredSubcodes = new Set([463, 467]);

/** The rule for a Meta code, else one derived from the HTTP status (when there was an answer). */
export function metaErrorRule(
  code: number | undefined,
  httpStatus?: number,
  subcode?: number,
): MetaErrorRule {
  if (code !== undefined) {
    if (code === 190 && subcode !== undefined && !expiredSubcodes.has(subcode)) {
      return rule('token-expired', false, 'channels.errors.tokenInvalid');
    }
    const known = metaErrorRules.get(code);
    if (known) return known;
    if (code >= 132000 && code <= 132069) {
      return rule('template-problem', false, templateReasons[code] ?? 'channels.errors.templateProblem');
    }
    if (code >= 200 && code <= 299)
      return rule('permission-denied', false, 'channels.errors.permissionDenied');
  }
  if (httpStatus === 429) return rule('rate-limited', true, 'channels.errors.throughputExceeded');
  if (httpStatus === 401) return rule('auth-failed', false, 'channels.errors.authFailed');
  if (httpStatus === 403) return rule('permission-denied', false, 'channels.errors.permissionDenied');
  if (httpStatus !== undefined && httpStatus >= 500)
    return rule('unavailable', true, 'channels.errors.unavailable');
  return rule('unknown', false, 'channels.errors.unknown');
}

export interface MetaErrorInput {
  code?: number;
  subcode?: number;
  httpStatus?: number;
  /** Meta's wording, kept for logs; never shown to customers as is. */
  message?: string;
  retryAfterMs?: number;
}

export function metaProviderError(input: MetaErrorInput): ProviderError {
  const found = metaErrorRule(input.code, input.httpStatus, input.subcode);
  const providerCode =
    input.code !== undefined
      ? `${input.code}${input.subcode !== undefined ? `/${input.subcode}` : ''}`
      : input.httpStatus !== undefined
        ? `http-${input.httpStatus}`
        : undefined;
  return new ProviderError(found.code, input.message ?? found.code, {
    retryable: found.retryable,
    reasonKey: found.reasonKey,
    ...(providerCode !== undefined ? { providerCode } : {}),
    ...(input.retryAfterMs !== undefined ? { retryAfterMs: input.retryAfterMs } : {}),
    ...(input.httpStatus !== undefined ? { httpStatus: input.httpStatus } : {}),
  });
}
