/**
 * Thrown by a handler that stopped because someone asked it to (a cooperative cancel): the runner
 * marks the job `cancelled` instead of `failed`. The handler has already put its resources back.
 */
export class JobCancelledError extends Error {
  constructor(message = 'Cancelled') {
    super(message);
    this.name = 'JobCancelledError';
  }
}
