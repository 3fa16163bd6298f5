/**
 * Typed OPNsense failures. Messages are for a person reading them in the UI (they name the
 * firewall); the `code` lets the global error mapper answer with the right status.
 */
export type OpnsenseErrorCode =
  | 'OPN_UNREACHABLE'
  | 'OPN_TIMEOUT'
  | 'OPN_TLS'
  | 'OPN_AUTH'
  | 'OPN_FORBIDDEN'
  | 'OPN_NOT_FOUND'
  | 'OPN_VALIDATION'
  | 'OPN_TOO_OLD'
  | 'OPN_IN_USE'
  | 'OPN_SERVER';

export class OpnsenseError extends Error {
  constructor(
    readonly code: OpnsenseErrorCode,
    message: string,
    readonly details: {
      firewall?: string;
      status?: number;
      method?: string;
      path?: string;
      /** `rule.destination_port` → message, from `{"result":"failed","validations":{…}}` */
      validations?: Record<string, string>;
      version?: string;
      requiredVersion?: string;
    } = {},
  ) {
    super(message);
    this.name = 'OpnsenseError';
  }

  /** Whether an idempotent call may succeed when tried again. */
  get transient(): boolean {
    if (this.code === 'OPN_UNREACHABLE' || this.code === 'OPN_TIMEOUT') return true;
    return this.code === 'OPN_SERVER' && (this.details.status ?? 0) >= 502;
  }
}

export class OpnsenseTooOldError extends OpnsenseError {
  constructor(what: string, version: string, required: string, firewall?: string) {
    super(
      'OPN_TOO_OLD',
      `${firewall ?? 'The firewall'} runs OPNsense ${version}; ${what} needs OPNsense ${required} or later`,
      { firewall, version, requiredVersion: required },
    );
    this.name = 'OpnsenseTooOldError';
  }
}
