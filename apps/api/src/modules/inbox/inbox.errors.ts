import { AppError } from '../../common/errors.ts';

/** The action needs an open (OPEN or FOLLOW_UP) ticket and the conversation has none. */
export class TicketResolvedError extends AppError {
  readonly code = 'ticket-resolved';
  readonly status = 409;
}
/** Reopen while another ticket of the conversation is open (one open ticket per contact and channel). */
export class TicketOpenExistsError extends AppError {
  readonly code = 'ticket-open-exists';
  readonly status = 409;
}
/** A transition the lifecycle OPEN → FOLLOW_UP → RESOLVED does not have. */
export class TicketStatusInvalidError extends AppError {
  readonly code = 'ticket-status-invalid';
  readonly status = 409;
}
/** An AGENT acting on a ticket assigned to someone else (MANAGER and up may). */
export class TicketNotYoursError extends AppError {
  readonly code = 'ticket-not-yours';
  readonly status = 403;
}
/** The named person is not an active member who may answer conversations (not VIEWER, not disabled). */
export class AssigneeIneligibleError extends AppError {
  readonly code = 'assignee-ineligible';
  readonly status = 422;
}
