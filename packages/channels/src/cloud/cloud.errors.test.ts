import { describe, expect, it } from 'vitest';
import { errorReasonKeys, ProviderError } from '../provider-error.ts';
import { metaErrorRule, metaErrorRules, metaProviderError } from './cloud.errors.ts';
import { deliveryError } from './cloud.mapper.ts';

// The whole table, written out: a change to any row must change this test too.
const table: [number, string, boolean, string][] = [
  [4, 'rate-limited', true, 'appRateLimited'],
  [80007, 'rate-limited', true, 'accountRateLimited'],
  [130429, 'rate-limited', true, 'throughputExceeded'],
  [131048, 'rate-limited', true, 'spamRateLimited'],
  [131056, 'pair-rate-limited', true, 'pairRateLimited'],
  [190, 'token-expired', false, 'tokenExpired'],
  [0, 'auth-failed', false, 'authFailed'],
  [102, 'auth-failed', false, 'authFailed'],
  [104, 'auth-failed', false, 'authFailed'],
  [3, 'permission-denied', false, 'permissionDenied'],
  [10, 'permission-denied', false, 'permissionDenied'],
  [200, 'permission-denied', false, 'permissionDenied'],
  [299, 'permission-denied', false, 'permissionDenied'],
  [131005, 'permission-denied', false, 'permissionDenied'],
  [131031, 'permission-denied', false, 'accountLocked'],
  [368, 'permission-denied', false, 'policyBlocked'],
  [130497, 'permission-denied', false, 'countryRestricted'],
  [131042, 'permission-denied', false, 'paymentIssue'],
  [131037, 'permission-denied', false, 'displayNameNotApproved'],
  [133010, 'permission-denied', false, 'phoneNotRegistered'],
  [131047, 'window-closed', false, 'windowClosed'],
  [131026, 'undeliverable', false, 'undeliverable'],
  [131049, 'undeliverable', false, 'marketingNotDelivered'],
  [131050, 'undeliverable', false, 'marketingOptedOut'],
  [130472, 'undeliverable', false, 'experimentNumber'],
  [131021, 'invalid-request', false, 'recipientIsSender'],
  [131051, 'invalid-request', false, 'unsupportedType'],
  [100, 'invalid-request', false, 'invalidParameter'],
  [33, 'invalid-request', false, 'invalidParameter'],
  [131008, 'invalid-request', false, 'missingParameter'],
  [131009, 'invalid-request', false, 'invalidParameter'],
  [135000, 'invalid-request', false, 'invalidMessage'],
  [131052, 'media-problem', false, 'mediaDownload'],
  [131053, 'media-problem', false, 'mediaUpload'],
  [1, 'unavailable', true, 'unavailable'],
  [2, 'unavailable', true, 'unavailable'],
  [131000, 'unavailable', true, 'unavailable'],
  [131016, 'unavailable', true, 'unavailable'],
  [131057, 'unavailable', true, 'unavailable'],
  [133004, 'unavailable', true, 'unavailable'],
  [132000, 'template-problem', false, 'templateParamCount'],
  [132001, 'template-problem', false, 'templateNotFound'],
  [132005, 'template-problem', false, 'templateTooLong'],
  [132007, 'template-problem', false, 'templatePolicy'],
  [132012, 'template-problem', false, 'templateParamFormat'],
  [132015, 'template-problem', false, 'templatePaused'],
  [132016, 'template-problem', false, 'templateDisabled'],
  [132068, 'template-problem', false, 'templateProblem'],
  [132069, 'template-problem', false, 'templateProblem'],
];

describe('Meta error codes', () => {
  it.each(table)('%i → %s (retryable %s, %s)', (code, ours, retryable, reason) => {
    const rule = metaErrorRule(code, 400);
    expect(rule).toEqual({ code: ours, retryable, reasonKey: `channels.errors.${reason}` });
    // The same code inside a failed status webhook maps the same way.
    expect(deliveryError({ code, title: 't' })).toMatchObject({
      code: ours,
      retryable,
      providerCode: String(code),
    });
  });

  it('covers every row of the rule table in this test', () => {
    const tested = new Set(table.map(([code]) => code));
    expect([...metaErrorRules.keys()].filter((code) => !tested.has(code))).toEqual([]);
  });

  it('uses only reason keys that are exported for translation', () => {
    const used = new Set([
      ...[...metaErrorRules.values()].map((r) => r.reasonKey),
      ...table.map(([code]) => metaErrorRule(code).reasonKey),
    ]);
    expect([...used].filter((k) => !(errorReasonKeys as readonly string[]).includes(k))).toEqual([]);
    expect(new Set(errorReasonKeys).size).toBe(errorReasonKeys.length);
  });

  it('tells an expired token (subcode 463/467) from a revoked or wrong one', () => {
    expect(metaErrorRule(190, 401, 463).reasonKey).toBe('channels.errors.tokenExpired');
    expect(metaErrorRule(190, 401, 467).reasonKey).toBe('channels.errors.tokenExpired');
    expect(metaErrorRule(190, 401, 460)).toEqual({
      code: 'token-expired',
      retryable: false,
      reasonKey: 'channels.errors.tokenInvalid',
    });
  });

  it.each([
    [undefined, 429, 'rate-limited', true],
    [undefined, 500, 'unavailable', true],
    [undefined, 502, 'unavailable', true],
    [undefined, 401, 'auth-failed', false],
    [undefined, 403, 'permission-denied', false],
    [undefined, 404, 'unknown', false],
    [999999, 400, 'unknown', false],
    [999999, 503, 'unavailable', true],
  ])('code %s with HTTP %i → %s', (code, http, ours, retryable) => {
    expect(metaErrorRule(code, http)).toMatchObject({ code: ours, retryable });
  });

  it('builds a ProviderError that keeps Meta code, subcode, HTTP status and Retry-After', () => {
    const e = metaProviderError({
      code: 131056,
      httpStatus: 429,
      message: '(#131056) pair rate limit hit',
      retryAfterMs: 6000,
    });
    expect(e).toBeInstanceOf(ProviderError);
    expect(e).toMatchObject({
      code: 'pair-rate-limited',
      providerCode: '131056',
      retryable: true,
      retryAfterMs: 6000,
      httpStatus: 429,
      reasonKey: 'channels.errors.pairRateLimited',
      message: '(#131056) pair rate limit hit',
      breaksChannel: false,
    });
    expect(metaProviderError({ code: 190, subcode: 463, httpStatus: 401 })).toMatchObject({
      providerCode: '190/463',
      breaksChannel: true,
    });
    expect(metaProviderError({ httpStatus: 502 }).providerCode).toBe('http-502');
  });
});
