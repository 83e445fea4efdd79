import type { FieldProblem } from '@conversa/shared';

/** One error family; the problem filter renders it as RFC 9457 problem+json (CONVENTIONS "Errors"). */
export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  /** Values for the translated title's placeholders, e.g. { seconds: 42 }. */
  readonly params: Record<string, string | number>;
  constructor(
    readonly detail: string,
    readonly fields?: FieldProblem[],
    params: Record<string, string | number> = {},
  ) {
    super(detail);
    this.params = params;
  }
  /** Extra response headers (Retry-After…). */
  headers(): Record<string, string> {
    return {};
  }
}

export class ValidationFailedError extends AppError {
  readonly code = 'validation-failed';
  readonly status = 422;
}
export class MalformedJsonError extends AppError {
  readonly code = 'malformed-json';
  readonly status = 400;
}
export class BodyTooLargeError extends AppError {
  readonly code = 'body-too-large';
  readonly status = 413;
}
export class UnsupportedMediaTypeError extends AppError {
  readonly code = 'unsupported-media-type';
  readonly status = 415;
}
export class NotFoundError extends AppError {
  readonly code = 'not-found';
  readonly status = 404;
}
export class RouteNotFoundError extends AppError {
  readonly code = 'route-not-found';
  readonly status = 404;
}
export class UnauthenticatedError extends AppError {
  readonly code = 'unauthenticated';
  readonly status = 401;
}
export class SessionExpiredError extends AppError {
  readonly code = 'session-expired';
  readonly status = 401;
}
export class InvalidCredentialsError extends AppError {
  readonly code = 'invalid-credentials';
  readonly status = 401;
}
export class MfaInvalidError extends AppError {
  readonly code = 'mfa-invalid';
  readonly status = 401;
}
export class MfaNotEnrolledError extends AppError {
  readonly code = 'mfa-not-enrolled';
  readonly status = 409;
}
export class MfaAlreadyEnabledError extends AppError {
  readonly code = 'mfa-already-enabled';
  readonly status = 409;
}
export class ForbiddenError extends AppError {
  readonly code = 'forbidden';
  readonly status = 403;
}
export class EmailTakenError extends AppError {
  readonly code = 'email-taken';
  readonly status = 409;
}
export class ConflictError extends AppError {
  readonly code = 'conflict';
  readonly status = 409;
}
export class LastOwnerError extends AppError {
  readonly code = 'last-owner';
  readonly status = 409;
}
export class ApiKeyInvalidError extends AppError {
  readonly code = 'api-key-invalid';
  readonly status = 401;
}
export class ApiKeyUnknownTenantError extends AppError {
  readonly code = 'api-key-unknown-tenant';
  readonly status = 401;
}
export class RateLimitedError extends AppError {
  readonly code = 'rate-limited';
  readonly status = 429;
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts; retry after ${retryAfterSeconds} s`, undefined, { seconds: retryAfterSeconds });
  }
  override headers() {
    return { 'retry-after': String(this.retryAfterSeconds) };
  }
}

/** The provider (Meta, a gateway) could not be reached or failed; nothing changed, try again. */
export class ProviderUnavailableError extends AppError {
  readonly code = 'provider-unavailable';
  readonly status = 502;
}

/** The provider refused the request for a reason of its own (`detail` has its words, `reason` our key). */
export class ProviderRefusedError extends AppError {
  readonly code = 'provider-refused';
  readonly status = 422;
}
