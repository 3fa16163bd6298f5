/** An error answered the way pve-http-server does: status line message + `{data:null, message, errors?}`. */
export class PveError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: Record<string, string>,
  ) {
    super(message);
  }
}

export const paramError = (errors: Record<string, string>): PveError =>
  new PveError(400, 'Parameter verification failed.', errors);

export const forbidden = (what = ''): PveError =>
  new PveError(403, `Permission check failed${what ? ` (${what})` : ''}`);
