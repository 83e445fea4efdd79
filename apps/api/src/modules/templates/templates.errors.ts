import { AppError } from '../../common/errors.ts';

/** Meta's rules (`checkTemplate`) found errors; `errors[]` carries path, code and i18n `messageKey`. */
export class TemplateInvalidError extends AppError {
  readonly code = 'template-invalid';
  readonly status = 422;
}
/** The template is being reviewed by Meta: wait for the verdict. */
export class TemplateInReviewError extends AppError {
  readonly code = 'template-in-review';
  readonly status = 409;
}
/** Only DRAFT or REJECTED templates can be submitted. */
export class TemplateNotSubmittableError extends AppError {
  readonly code = 'template-not-submittable';
  readonly status = 409;
}
/** The rollback target was never approved, or is the active version already. */
export class TemplateRollbackInvalidError extends AppError {
  readonly code = 'template-rollback-invalid';
  readonly status = 409;
}
/** The channel's provider has no template management (QR gateways). */
export class TemplatesUnsupportedError extends AppError {
  readonly code = 'templates-unsupported';
  readonly status = 422;
}
/** Meta refused the template (duplicate name, bad component…); `detail` has Meta's words. */
export class TemplateProviderRejectedError extends AppError {
  readonly code = 'template-provider-rejected';
  readonly status = 422;
}
export { ProviderUnavailableError } from '../../common/errors.ts';
