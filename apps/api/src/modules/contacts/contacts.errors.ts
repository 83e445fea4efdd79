import { AppError } from '../../common/errors.ts';

/** Another contact of the tenant has this phone; `errors[0].params.existingId` names it. */
export class ContactExistsError extends AppError {
  readonly code = 'contact-exists';
  readonly status = 409;
  constructor(readonly existingId: string) {
    super(`A contact with this phone already exists: ${existingId}`, [
      { path: 'phone', code: 'contact-exists', message: 'Phone already in use', params: { existingId } },
    ]);
  }
}

/** The contact was erased (LGPD); it keeps no personal data and can no longer change. */
export class ContactErasedError extends AppError {
  readonly code = 'contact-erased';
  readonly status = 409;
}

/** The phone or CPF/CNPJ is already on the blocklist; `errors[0].params.existingId` names the entry. */
export class BlocklistExistsError extends AppError {
  readonly code = 'blocklist-exists';
  readonly status = 409;
  constructor(
    readonly existingId: string,
    path: 'phone' | 'cpfCnpj',
  ) {
    super(`Already blocked: ${existingId}`, [
      { path, code: 'blocklist-exists', message: 'Already blocked', params: { existingId } },
    ]);
  }
}
