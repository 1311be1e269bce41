import { UserFacingError } from '../errors/userFacingError';

/** A write the pipeline will not let through for a reason other than the user's answer (policy, wrong approval, bad edit). */
export class WriteRefusedError extends UserFacingError {
  readonly category = 'refusal';
  constructor(message: string) {
    super(message);
    this.name = 'WriteRefusedError';
  }
}

/** A proposal that cannot be built from the call's arguments (no such attachment or label, a query that matches too much). */
export class ProposalError extends UserFacingError {
  readonly category = 'input';
  constructor(message: string) {
    super(message);
    this.name = 'ProposalError';
  }
}
