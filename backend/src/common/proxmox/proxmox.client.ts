import type { Agent } from 'node:https';
import { setTimeout as delay } from 'node:timers/promises';
import {
  sendOnce,
  TransportError,
  type HttpMethod,
  type Params,
  type UploadFile,
} from './proxmox-http';
import { mapHttpError, ProxmoxError } from './proxmox.errors';
import { Semaphore } from './semaphore';
import { createTrustedAgent, FingerprintMismatchError, type TlsTrust } from './tls-pinning';

/**
 * API tokens are preferred: no login round trip, no CSRF, no expiry to track, and rights that can
 * be narrowed per token. Password login exists for clusters where a token cannot be created yet.
 */
export type ProxmoxAuth =
  | { type: 'token'; tokenId: string; secret: string }
  | { type: 'password'; username: string; password: string };

export interface ProxmoxEndpoint {
  /** `https://host:8006`, `host:8006` or `host` (port 8006 assumed). */
  url: string;
  /** Pinned SHA-256 fingerprint for this node's certificate; falls back to the cluster-wide one. */
  fingerprint?: string;
}

export interface ProxmoxRequestInfo {
  method: HttpMethod;
  /** API path without the `/api2/json` prefix, path segments URL-encoded as on the wire. */
  path: string;
  params: Params;
}

/**
 * Waited for before every request is sent (each attempt, logins included): the platform's rate
 * limit for one cluster. Throwing (e.g. ProxmoxBusyError) stops the request unsent.
 */
export interface RequestBudget {
  acquire(signal?: AbortSignal): Promise<void>;
}

export interface ProxmoxClientOptions {
  endpoints: Array<string | ProxmoxEndpoint>;
  auth: ProxmoxAuth;
  fingerprint?: string;
  ca?: string;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  /** Extra attempts for idempotent (GET) calls after the first round over all endpoints. */
  retries?: number;
  retryBaseDelayMs?: number;
  /** Most requests in flight to this cluster at once. */
  concurrency?: number;
  /** Renew the 2-hour ticket once it is older than this. */
  ticketRenewAfterMs?: number;
  /** Rate limit shared with the other processes talking to this cluster. */
  budget?: RequestBudget;
  /** Called for every request before it is sent; throwing stops the request (used by contract tests). */
  onRequest?: (req: ProxmoxRequestInfo) => void;
  /** Name used in messages a person reads, e.g. the cluster name. */
  label?: string;
  now?: () => number;
}

export interface RequestOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Force (dis)allowing retries; defaults to GET only. */
  idempotent?: boolean;
  /** Override the client's retry rounds for this call (idempotent calls only). */
  retries?: number;
  /** POST as multipart/form-data with this file part (storage upload); params become fields. */
  file?: UploadFile;
}

export interface ProxmoxResult<T> {
  data: T;
  total?: number;
}

interface Ticket {
  ticket: string;
  csrf: string;
  username: string;
  issuedAt: number;
}

interface EndpointState {
  base: URL;
  agent: Agent;
  trust: TlsTrust;
}

/** What a WebSocket client needs to open `vncwebsocket` the way the API calls are made. */
export interface UpgradeTarget {
  url: string;
  headers: Record<string, string>;
  /** A dedicated, non-pooled agent with this endpoint's TLS trust (the socket is upgraded). */
  agent: Agent;
}

function toEndpoint(e: string | ProxmoxEndpoint): ProxmoxEndpoint {
  return typeof e === 'string' ? { url: e } : e;
}

export function parseEndpointUrl(url: string): URL {
  const u = new URL(url.includes('://') ? url : `https://${url}`);
  if (u.protocol !== 'https:') throw new Error(`Proxmox endpoints use https: ${url}`);
  if (!u.port) u.port = '8006';
  return u;
}

/** Tagged template that URL-encodes every interpolated path segment. */
export function pvePath(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  return strings.reduce(
    (acc, s, i) => acc + s + (i < values.length ? encodeURIComponent(String(values[i])) : ''),
    '',
  );
}

/**
 * One client per cluster. Pure TypeScript so the API process, the worker and scripts share it.
 * Failover: endpoints are tried in order starting from the last one that worked.
 */
export class ProxmoxClient {
  private readonly endpoints: EndpointState[];
  private readonly semaphore: Semaphore;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryBaseDelayMs: number;
  private readonly renewAfterMs: number;
  private readonly now: () => number;
  private preferred = 0;
  private ticket?: Ticket;
  private loginInFlight?: Promise<Ticket>;

  constructor(private readonly options: ProxmoxClientOptions) {
    if (options.endpoints.length === 0)
      throw new Error('A Proxmox cluster needs at least one endpoint');
    this.endpoints = options.endpoints.map(toEndpoint).map((e) => {
      const trust = { fingerprint: e.fingerprint ?? options.fingerprint, ca: options.ca };
      return {
        base: parseEndpointUrl(e.url),
        agent: createTrustedAgent(trust, { maxSockets: options.concurrency ?? 6 }),
        trust,
      };
    });
    this.semaphore = new Semaphore(options.concurrency ?? 6);
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.retries = options.retries ?? 2;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 300;
    this.renewAfterMs = options.ticketRenewAfterMs ?? 60 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  get label(): string {
    return this.options.label ?? this.endpoints[this.preferred].base.host;
  }

  /** The endpoint that answered last (where the next request goes first). */
  get activeEndpoint(): string {
    return this.endpoints[this.preferred].base.origin;
  }

  get inFlight(): number {
    return this.semaphore.inUse;
  }

  async get<T>(path: string, params?: Params, opts?: RequestOptions): Promise<T> {
    return (await this.request<T>('GET', path, params, opts)).data;
  }

  async post<T>(path: string, params?: Params, opts?: RequestOptions): Promise<T> {
    return (await this.request<T>('POST', path, params, opts)).data;
  }

  async put<T>(path: string, params?: Params, opts?: RequestOptions): Promise<T> {
    return (await this.request<T>('PUT', path, params, opts)).data;
  }

  async delete<T>(path: string, params?: Params, opts?: RequestOptions): Promise<T> {
    return (await this.request<T>('DELETE', path, params, opts)).data;
  }

  /** Full envelope, for paged lists that carry `total`. */
  async request<T>(
    method: HttpMethod,
    path: string,
    params: Params = {},
    opts: RequestOptions = {},
  ): Promise<ProxmoxResult<T>> {
    const clean = Object.fromEntries(
      Object.entries(params).filter(([, v]) => v !== undefined && v !== null),
    ) as Params;
    this.options.onRequest?.({ method, path, params: clean });
    const idempotent = opts.idempotent ?? method === 'GET';
    let reauthenticated = false;
    for (;;) {
      try {
        const headers = await this.authHeaders(method);
        return await this.withFailover(method, path, clean, headers, idempotent, opts);
      } catch (err) {
        if (err instanceof ProxmoxError) err.details.cluster ??= this.label;
        // An expired or revoked ticket: log in again once; a 401 means nothing was executed.
        if (
          err instanceof ProxmoxError &&
          err.code === 'PVE_AUTH' &&
          this.options.auth.type === 'password' &&
          !reauthenticated
        ) {
          reauthenticated = true;
          this.ticket = undefined;
          continue;
        }
        throw err;
      }
    }
  }

  /**
   * URL, auth headers and TLS agent for a WebSocket upgrade (GET .../vncwebsocket) on the endpoint
   * that answered last, which is where the preceding vncproxy/termproxy call went.
   */
  async upgradeTarget(
    path: string,
    params: Params,
    _opts: RequestOptions = {},
  ): Promise<UpgradeTarget> {
    const clean = Object.fromEntries(
      Object.entries(params).filter(([, v]) => v !== undefined && v !== null),
    ) as Params;
    this.options.onRequest?.({ method: 'GET', path, params: clean });
    const endpoint = this.endpoints[this.preferred];
    const url = new URL(`/api2/json${path}`, endpoint.base);
    for (const [k, v] of Object.entries(clean)) url.searchParams.set(k, String(v));
    url.protocol = 'wss:';
    return {
      url: url.toString(),
      headers: await this.authHeaders('GET'),
      agent: createTrustedAgent(endpoint.trust, { keepAlive: false, maxSockets: 1 }),
    };
  }

  /** Close kept-alive sockets (tests, cluster removal). */
  close(): void {
    for (const e of this.endpoints) e.agent.destroy();
  }

  private async withFailover<T>(
    method: HttpMethod,
    path: string,
    params: Params,
    headers: Record<string, string>,
    idempotent: boolean,
    opts: RequestOptions,
  ): Promise<ProxmoxResult<T>> {
    const rounds = idempotent ? (opts.retries ?? this.retries) + 1 : 1;
    let lastError: ProxmoxError | undefined;
    for (let round = 0; round < rounds; round++) {
      if (round > 0) {
        const backoff = this.retryBaseDelayMs * 2 ** (round - 1);
        await delay(backoff + Math.random() * backoff * 0.2, undefined, {
          signal: opts.signal,
        }).catch(() => undefined);
      }
      for (let i = 0; i < this.endpoints.length; i++) {
        if (opts.signal?.aborted)
          throw new ProxmoxError('PVE_ABORTED', 'The request was cancelled');
        const index = (this.preferred + i) % this.endpoints.length;
        const outcome = await this.attempt<T>(index, method, path, params, headers, opts);
        if (outcome.ok) {
          this.preferred = index;
          return outcome.result;
        }
        lastError = outcome.error;
        // Only requests the server never saw may be repeated elsewhere, unless they are idempotent.
        if (!outcome.notSent && !(idempotent && outcome.error.transient)) throw outcome.error;
      }
      if (!lastError?.transient) break;
    }
    throw lastError ?? new ProxmoxError('PVE_UNREACHABLE', `${this.label} is unreachable`);
  }

  private async attempt<T>(
    index: number,
    method: HttpMethod,
    path: string,
    params: Params,
    headers: Record<string, string>,
    opts: RequestOptions,
  ): Promise<
    { ok: true; result: ProxmoxResult<T> } | { ok: false; error: ProxmoxError; notSent: boolean }
  > {
    const endpoint = this.endpoints[index];
    const where = endpoint.base.host;
    const details = { method, path, endpoint: endpoint.base.origin };
    // Outside the semaphore: a request waiting for the budget holds no connection slot.
    await this.options.budget?.acquire(opts.signal);
    try {
      const res = await this.semaphore.run(() =>
        sendOnce({
          baseUrl: endpoint.base,
          agent: endpoint.agent,
          method,
          wirePath: `/api2/json${path}`,
          params,
          headers,
          timeoutMs: opts.timeoutMs ?? this.timeoutMs,
          signal: opts.signal,
          file: opts.file,
        }),
      );
      if (res.status >= 200 && res.status < 300) {
        const body = (res.body ?? {}) as { data?: T; total?: unknown };
        const total = body.total === undefined ? undefined : Number(body.total);
        return { ok: true, result: { data: body.data as T, total } };
      }
      const error = mapHttpError({
        status: res.status,
        statusMessage: res.statusMessage,
        body: res.body,
        method,
        path,
        endpoint: endpoint.base.origin,
      });
      return { ok: false, error, notSent: false };
    } catch (err) {
      if (!(err instanceof TransportError)) throw err;
      if (opts.signal?.aborted) {
        return {
          ok: false,
          error: new ProxmoxError('PVE_ABORTED', 'The request was cancelled', details),
          notSent: !err.sent,
        };
      }
      const cause = err.cause as (Error & { code?: string }) | undefined;
      if (cause instanceof FingerprintMismatchError) {
        return {
          ok: false,
          error: new ProxmoxError('PVE_TLS', `${where}: ${cause.message}`, details),
          notSent: true,
        };
      }
      if (cause?.code && /CERT|SSL|ERR_TLS/.test(cause.code)) {
        return {
          ok: false,
          error: new ProxmoxError(
            'PVE_TLS',
            `${where}: the TLS certificate is not trusted (${cause.code})`,
            details,
          ),
          notSent: true,
        };
      }
      if (err.timedOut) {
        const seconds = Math.round((opts.timeoutMs ?? this.timeoutMs) / 100) / 10;
        return {
          ok: false,
          error: new ProxmoxError(
            'PVE_TIMEOUT',
            `${this.label} did not answer within ${seconds} s (${where})`,
            details,
          ),
          notSent: !err.sent,
        };
      }
      const reason = describeSocketError(cause);
      return {
        ok: false,
        error: new ProxmoxError(
          'PVE_UNREACHABLE',
          `${this.label} is unreachable at ${where} (${reason})`,
          details,
        ),
        notSent: !err.sent,
      };
    }
  }

  private async authHeaders(method: HttpMethod): Promise<Record<string, string>> {
    const auth = this.options.auth;
    if (auth.type === 'token') {
      return { Authorization: `PVEAPIToken=${auth.tokenId}=${auth.secret}` };
    }
    const ticket = await this.currentTicket();
    const headers: Record<string, string> = {
      Cookie: `PVEAuthCookie=${encodeURIComponent(ticket.ticket)}`,
    };
    if (method !== 'GET') headers.CSRFPreventionToken = ticket.csrf;
    return headers;
  }

  private async currentTicket(): Promise<Ticket> {
    const t = this.ticket;
    if (t && this.now() - t.issuedAt < this.renewAfterMs) return t;
    if (!this.loginInFlight) {
      // Shared by every call waiting for a ticket: the client's own timeout and retries, never
      // the options (a health check's short timeout, a caller's abort) of the call that started it.
      this.loginInFlight = this.login(t).finally(() => {
        this.loginInFlight = undefined;
      });
    }
    return this.loginInFlight;
  }

  private async login(previous: Ticket | undefined): Promise<Ticket> {
    const opts: RequestOptions = {};
    const auth = this.options.auth;
    if (auth.type !== 'password') throw new Error('login() needs password auth');
    // Renew with the still-valid ticket first (no password on the wire), then fall back.
    const attempts: Array<{ username: string; password: string }> = [];
    if (previous) attempts.push({ username: previous.username, password: previous.ticket });
    attempts.push({ username: auth.username, password: auth.password });
    let lastError: unknown;
    for (const creds of attempts) {
      try {
        this.options.onRequest?.({ method: 'POST', path: '/access/ticket', params: creds });
        const res = await this.withFailover<{
          ticket?: string;
          CSRFPreventionToken?: string;
          username?: string;
          NeedTFA?: unknown;
        }>('POST', '/access/ticket', creds, {}, true, opts);
        const data = res.data ?? {};
        if (data.NeedTFA && Number(data.NeedTFA) === 1) {
          throw new ProxmoxError(
            'PVE_AUTH',
            'This Proxmox user needs a second factor; use an API token instead',
          );
        }
        if (!data.ticket || !data.CSRFPreventionToken) {
          throw new ProxmoxError('PVE_AUTH', 'Proxmox did not return a ticket');
        }
        this.ticket = {
          ticket: data.ticket,
          csrf: data.CSRFPreventionToken,
          username: data.username ?? creds.username,
          issuedAt: this.now(),
        };
        return this.ticket;
      } catch (err) {
        lastError = err;
        if (!(err instanceof ProxmoxError) || err.code !== 'PVE_AUTH') throw err;
      }
    }
    throw lastError;
  }
}

function describeSocketError(err: (Error & { code?: string }) | undefined): string {
  switch (err?.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'no route to host';
    case 'ECONNRESET':
      return 'connection reset';
    case 'ETIMEDOUT':
      return 'connection timed out';
    default:
      return err?.message ?? 'network error';
  }
}
