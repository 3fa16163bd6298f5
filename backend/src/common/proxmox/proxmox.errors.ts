/**
 * Typed Proxmox failures. Messages are written for a person reading them in the UI; the `code`
 * lets services map them to the platform's error codes without parsing text.
 */
export type ProxmoxErrorCode =
  | 'PVE_UNREACHABLE'
  | 'PVE_TIMEOUT'
  | 'PVE_TLS'
  | 'PVE_AUTH'
  | 'PVE_FORBIDDEN'
  | 'PVE_INVALID_PARAMS'
  | 'PVE_NOT_FOUND'
  | 'PVE_NOT_IMPLEMENTED'
  | 'PVE_LOCKED'
  | 'PVE_NODE_OFFLINE'
  | 'PVE_TASK_FAILED'
  | 'PVE_SERVER'
  | 'PVE_ABORTED'
  // The platform's own request budget for the cluster is spent (nothing was sent).
  | 'PVE_BUSY';

export class ProxmoxError extends Error {
  constructor(
    readonly code: ProxmoxErrorCode,
    message: string,
    readonly details: {
      status?: number;
      method?: string;
      path?: string;
      endpoint?: string;
      proxmoxMessage?: string;
      /** The cluster's name (the client's label), for messages a person reads. */
      cluster?: string;
    } = {},
  ) {
    super(message);
    this.name = 'ProxmoxError';
  }

  /** Whether trying the same idempotent request again (or on another endpoint) may help. */
  get transient(): boolean {
    if (this.code === 'PVE_UNREACHABLE' || this.code === 'PVE_TIMEOUT') return true;
    // 500 is usually a deterministic handler error; gateway-type answers may clear up.
    return this.code === 'PVE_SERVER' && (this.details.status ?? 0) >= 502;
  }
}

/**
 * Whether a failed call may be a passing fault worth another try with back-off: time-outs,
 * resets, the platform's own budget, and any 5xx (an overloaded or restarting pveproxy answers
 * 500 too). Deterministic refusals (4xx, locks, missing objects, offline nodes) are not.
 */
export function isPassingFault(err: unknown): boolean {
  if (!(err instanceof ProxmoxError)) return false;
  if (err.transient || err.code === 'PVE_BUSY') return true;
  return err.code === 'PVE_SERVER' && (err.details.status ?? 0) >= 500;
}

export class ProxmoxBusyError extends ProxmoxError {
  constructor(
    readonly retryAfterMs: number,
    details: ProxmoxError['details'] = {},
  ) {
    super(
      'PVE_BUSY',
      `The platform's request budget for ${details.cluster ?? 'this cluster'} is used up; try again in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s`,
      details,
    );
    this.name = 'ProxmoxBusyError';
  }
}

export class ProxmoxValidationError extends ProxmoxError {
  constructor(
    readonly fieldErrors: Record<string, string>,
    details: ProxmoxError['details'],
  ) {
    const list = Object.entries(fieldErrors)
      .map(([k, v]) => `${k}: ${String(v).trim()}`)
      .join('; ');
    super(
      'PVE_INVALID_PARAMS',
      list
        ? `Proxmox rejected the parameters: ${list}`
        : `Proxmox rejected the parameters: ${details.proxmoxMessage ?? 'invalid request'}`,
      details,
    );
    this.name = 'ProxmoxValidationError';
  }
}

export class ProxmoxLockedError extends ProxmoxError {
  constructor(
    readonly vmid: number,
    readonly lock: string,
    details: ProxmoxError['details'],
    kind = 'VM',
  ) {
    super('PVE_LOCKED', `${kind} ${vmid} is locked (${lock})`, details);
    this.name = 'ProxmoxLockedError';
  }
}

export class ProxmoxNodeOfflineError extends ProxmoxError {
  constructor(
    readonly node: string,
    details: ProxmoxError['details'],
  ) {
    super('PVE_NODE_OFFLINE', `node ${node} is offline`, details);
    this.name = 'ProxmoxNodeOfflineError';
  }
}

export class ProxmoxTaskFailedError extends ProxmoxError {
  constructor(
    readonly upid: string,
    readonly exitStatus: string,
    readonly logTail: string[],
  ) {
    const cause = describeProxmoxMessage(exitStatus);
    super('PVE_TASK_FAILED', `Proxmox task failed: ${cause}`, { proxmoxMessage: exitStatus });
    this.name = 'ProxmoxTaskFailedError';
  }
}

const LOCK_RE = /\b(VM|CT)\s+(\d+)\s+is locked \(([\w-]+)\)/i;
const NODE_OFFLINE_RE = /node\s+'?([A-Za-z0-9][A-Za-z0-9.-]*)'?\s+(?:seems to be |is )?offline/i;
const NODE_FROM_PATH_RE = /^\/nodes\/([^/]+)/;
const NODE_UNREACHABLE_TEXT =
  /no route to host|connection refused|connection timed out|hostname lookup .* failed|proxy handler failed|errors during connection establishment/i;

/** Make a raw PVE message (status line or task exit status) read like a sentence. */
export function describeProxmoxMessage(message: string): string {
  const lock = LOCK_RE.exec(message);
  if (lock) return `${lock[1].toUpperCase()} ${lock[2]} is locked (${lock[3]})`;
  const offline = NODE_OFFLINE_RE.exec(message);
  if (offline) return `node ${offline[1]} is offline`;
  return message.replace(/\s+$/, '');
}

/** Turn a non-2xx Proxmox answer into a typed error. */
export function mapHttpError(input: {
  status: number;
  statusMessage: string;
  body: unknown;
  method: string;
  path: string;
  endpoint: string;
}): ProxmoxError {
  const body = (input.body && typeof input.body === 'object' ? input.body : {}) as {
    message?: unknown;
    errors?: unknown;
  };
  const message = String(
    (typeof body.message === 'string' && body.message) || input.statusMessage || '',
  ).trim();
  const details = {
    status: input.status,
    method: input.method,
    path: input.path,
    endpoint: input.endpoint,
    proxmoxMessage: message,
  };
  const pathNode = NODE_FROM_PATH_RE.exec(input.path)?.[1];
  const route = `${input.method} ${input.path}`;

  const lock = LOCK_RE.exec(message);
  if (lock) {
    return new ProxmoxLockedError(Number(lock[2]), lock[3], details, lock[1].toUpperCase());
  }
  const offline = NODE_OFFLINE_RE.exec(message);
  if (offline) return new ProxmoxNodeOfflineError(decodeURIComponent(offline[1]), details);
  // pveproxy answers 595/596 when it cannot reach the node it should forward the call to.
  if (
    pathNode &&
    (input.status === 595 || input.status === 596 || NODE_UNREACHABLE_TEXT.test(message))
  ) {
    return new ProxmoxNodeOfflineError(decodeURIComponent(pathNode), details);
  }

  switch (input.status) {
    case 400: {
      const errors =
        body.errors && typeof body.errors === 'object'
          ? Object.fromEntries(
              Object.entries(body.errors as Record<string, unknown>).map(([k, v]) => [
                k,
                String(v),
              ]),
            )
          : {};
      return new ProxmoxValidationError(errors, details);
    }
    case 401:
      return new ProxmoxError(
        'PVE_AUTH',
        `Proxmox rejected the credentials${message ? ` (${message})` : ''}`,
        details,
      );
    case 403:
      return new ProxmoxError(
        'PVE_FORBIDDEN',
        `The Proxmox user or token lacks permission for ${route}${message ? `: ${message}` : ''}`,
        details,
      );
    case 501:
      return new ProxmoxError(
        'PVE_NOT_IMPLEMENTED',
        `This Proxmox version does not offer ${route}`,
        details,
      );
    default:
      break;
  }
  if (/does not exist|no such|not found/i.test(message)) {
    return new ProxmoxError('PVE_NOT_FOUND', describeProxmoxMessage(message), details);
  }
  return new ProxmoxError(
    'PVE_SERVER',
    `Proxmox answered ${input.status} for ${route}${message ? `: ${describeProxmoxMessage(message)}` : ''}`,
    details,
  );
}
