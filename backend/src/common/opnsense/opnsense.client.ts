import * as https from 'node:https';
import { setTimeout as delay } from 'node:timers/promises';
import {
  createTrustedAgent,
  FingerprintMismatchError,
  type TlsTrust,
} from '../proxmox/tls-pinning';
import { availableIn, documented, KINDS, type OpnKind } from './opnsense.endpoints';
import { OpnsenseError, OpnsenseTooOldError } from './opnsense.errors';

export interface OpnsenseConnection extends TlsTrust {
  /** `https://host[:port]` of the firewall's web GUI/API */
  url: string;
  key: string;
  secret: string;
  /** shown in error messages (the firewall's name) */
  label?: string;
}

export interface OpnsenseClientOptions {
  /** per-request time-out (default 15 s) */
  timeoutMs?: number;
  /** tries for idempotent calls (default 3) */
  attempts?: number;
  retryBaseMs?: number;
  /** called with every request before it is sent (contract checks in tests) */
  onRequest?: (method: 'GET' | 'POST', path: string) => void;
}

export type OpnRow = Record<string, unknown> & { uuid: string };
export interface SearchResult {
  total: number;
  rowCount: number;
  current: number;
  rows: OpnRow[];
}

interface Raw {
  status: number;
  body: unknown;
}

/**
 * Typed client for an OPNsense firewall's API (`/api/<module>/<controller>/<command>[/<args>]`):
 * key+secret Basic auth, TLS pinned by fingerprint or checked against a CA, time-outs, retries only
 * for idempotent calls (reads; a write is retried only when it never reached the firewall), and
 * version awareness: an action the firewall's release lacks fails with OPN_TOO_OLD before anything
 * is sent.
 */
export class OpnsenseClient {
  private readonly agent: https.Agent;
  private readonly base: URL;
  private cachedVersion?: string;

  constructor(
    private readonly conn: OpnsenseConnection,
    private readonly opts: OpnsenseClientOptions = {},
  ) {
    this.base = new URL(conn.url);
    this.agent = createTrustedAgent(conn, { maxSockets: 4 });
  }

  close(): void {
    this.agent.destroy();
  }

  private get name(): string {
    return this.conn.label ?? this.base.host;
  }

  /** product_version from core/firmware/status (cached per client) */
  async version(): Promise<string> {
    if (this.cachedVersion) return this.cachedVersion;
    const status = await this.call<{ product?: { product_version?: string } }>(
      'GET',
      'core/firmware/status',
      { skipVersionCheck: true },
    );
    const v = status.product?.product_version;
    if (!v) throw new OpnsenseError('OPN_SERVER', `${this.name} did not report its version`);
    this.cachedVersion = v;
    return v;
  }

  /** Throws OPN_TOO_OLD when the firewall's release lacks `path`. */
  async requireEndpoint(path: string, what?: string): Promise<void> {
    const ep = documented(path);
    const version = await this.version();
    if (availableIn(ep, version)) return;
    if (ep.since && !availableIn({ ...ep, removedIn: undefined }, version))
      throw new OpnsenseTooOldError(what ?? path, version, ep.since, this.name);
    throw new OpnsenseError(
      'OPN_TOO_OLD',
      `${this.name} runs OPNsense ${version}; ${what ?? path} was removed in ${ep.removedIn}`,
      { firewall: this.name, version },
    );
  }

  async supports(path: string): Promise<boolean> {
    return availableIn(documented(path), await this.version());
  }

  // ---- typed calls -------------------------------------------------------------------------

  firmwareStatus() {
    return this.call<{ status?: string; product: Record<string, unknown> }>(
      'GET',
      'core/firmware/status',
    );
  }

  systemInformation() {
    return this.call<{ name: string; versions: string[]; updates: boolean }>(
      'GET',
      'diagnostics/system/system_information',
    );
  }

  interfaces() {
    return this.call<SearchResult>('GET', 'interfaces/overview/interfaces_info');
  }

  /** Kea DHCPv4 leases (`kea/leases4/search`, 24.1+). */
  dhcpLeases(): Promise<{ rows: Array<Record<string, unknown>> }> {
    return this.call('GET', 'kea/leases4/search', { what: 'Kea DHCP leases' });
  }

  search(kind: OpnKind): Promise<SearchResult> {
    const k = KINDS[kind];
    return this.call('GET', `${k.base}/search_${k.item}`, { what: k.label });
  }

  async add(kind: OpnKind, item: Record<string, unknown>): Promise<string> {
    const k = KINDS[kind];
    const r = await this.call<{
      result: string;
      uuid?: string;
      validations?: Record<string, string>;
    }>('POST', `${k.base}/add_${k.item}`, { body: { [k.key]: item }, what: k.label });
    this.expectSaved(r, `add_${k.item}`);
    return r.uuid!;
  }

  async set(kind: OpnKind, uuid: string, item: Record<string, unknown>): Promise<void> {
    const k = KINDS[kind];
    const r = await this.call<{ result: string; validations?: Record<string, string> }>(
      'POST',
      `${k.base}/set_${k.item}`,
      { args: [uuid], body: { [k.key]: item }, what: k.label },
    );
    this.expectSaved(r, `set_${k.item}`);
  }

  /** Deletes; an item already gone counts as deleted (so a retried change set converges). */
  async del(kind: OpnKind, uuid: string): Promise<void> {
    const k = KINDS[kind];
    const r = await this.call<{ result: string }>('POST', `${k.base}/del_${k.item}`, {
      args: [uuid],
      what: k.label,
    });
    if (r.result !== 'deleted' && r.result !== 'not found')
      throw new OpnsenseError('OPN_SERVER', `${this.name} did not delete ${uuid}: ${r.result}`);
  }

  /** apply / reconfigure; `revision` arms the firewall's auto-revert (filter savepoints). */
  async apply(kind: OpnKind, revision?: string): Promise<string> {
    const k = KINDS[kind];
    const r = await this.call<{ status: string }>('POST', k.apply, {
      args: revision ? [revision] : [],
      what: `applying ${k.label}`,
    });
    if (/unknown \(or removed\) savepoint/.test(r.status))
      throw new OpnsenseError('OPN_SERVER', `${this.name}: savepoint ${revision} is unknown`);
    return r.status.trim();
  }

  async savepoint(): Promise<string> {
    const r = await this.call<{ revision: string }>('POST', 'firewall/filter/savepoint', {
      what: 'rollback savepoints',
    });
    return r.revision;
  }

  async cancelRollback(revision: string): Promise<void> {
    await this.call('POST', 'firewall/filter/cancel_rollback', { args: [revision] });
  }

  async revert(revision: string): Promise<boolean> {
    const r = await this.call<{ status: string }>('POST', 'firewall/filter/revert', {
      args: [revision],
    });
    return r.status === 'ok';
  }

  /**
   * A new API key for `username`, made by the firewall (`auth/user/add_api_key`): the only time
   * its secret is ever shown. Not retried: a lost answer would leave an extra key behind.
   */
  async addApiKey(username: string): Promise<{ key: string; secret: string }> {
    const r = await this.call<{ result: string; key?: string; secret?: string }>(
      'POST',
      'auth/user/add_api_key',
      { args: [username], what: 'API keys' },
    );
    if (r.result !== 'ok' || !r.key || !r.secret)
      throw new OpnsenseError('OPN_SERVER', `${this.name} issued no API key for ${username}`, {
        firewall: this.name,
      });
    return { key: r.key, secret: r.secret };
  }

  /** Deletes an API key (`auth/user/del_api_key/<base64(key)>`); false when it was not there. */
  async delApiKey(key: string): Promise<boolean> {
    const r = await this.call<{ result: string }>('POST', 'auth/user/del_api_key', {
      args: [Buffer.from(key).toString('base64')],
      what: 'API keys',
    });
    if (r.result !== 'deleted' && r.result !== 'not found')
      throw new OpnsenseError('OPN_SERVER', `${this.name} did not delete the API key`, {
        firewall: this.name,
      });
    return r.result === 'deleted';
  }

  /** Kea DHCPv4: enable the service on these interfaces (`kea/dhcpv4/set`). */
  async keaEnable(interfaces: string[]): Promise<void> {
    const r = await this.call<{ result: string; validations?: Record<string, string> }>(
      'POST',
      'kea/dhcpv4/set',
      {
        body: { dhcpv4: { general: { enabled: '1', interfaces: interfaces.join(',') } } },
        what: 'Kea DHCP',
      },
    );
    this.expectSaved(r, 'kea/dhcpv4/set');
  }

  /** Kea DHCPv4: one subnet with its pool (`from - to`). */
  async keaAddSubnet(subnet: {
    subnet: string;
    pools: string;
    description: string;
  }): Promise<string> {
    const r = await this.call<{
      result: string;
      uuid?: string;
      validations?: Record<string, string>;
    }>('POST', 'kea/dhcpv4/add_subnet', {
      body: { subnet4: { ...subnet, option_data_autocollect: '1' } },
      what: 'Kea DHCP',
    });
    this.expectSaved(r, 'kea/dhcpv4/add_subnet');
    return r.uuid!;
  }

  async keaReconfigure(): Promise<void> {
    await this.call('POST', 'kea/service/reconfigure', { what: 'Kea DHCP' });
  }

  // ---- transport ---------------------------------------------------------------------------

  private expectSaved(
    r: { result: string; validations?: Record<string, string> },
    what: string,
  ): void {
    if (r.result === 'saved') return;
    const list = Object.entries(r.validations ?? {})
      .map(([f, m]) => `${f}: ${m}`)
      .join('; ');
    throw new OpnsenseError(
      'OPN_VALIDATION',
      `${this.name} refused ${what}${list ? `: ${list}` : ''}`,
      { firewall: this.name, validations: r.validations ?? {} },
    );
  }

  /**
   * One documented endpoint. GETs (reads, searches included) are idempotent and retried on
   * passing faults; a POST only when the request provably never left this process.
   */
  async call<T>(
    method: 'GET' | 'POST',
    path: string,
    o: { args?: string[]; body?: unknown; what?: string; skipVersionCheck?: boolean } = {},
  ): Promise<T> {
    const ep = documented(path);
    if (!ep.methods.includes(method))
      throw new Error(`OPNsense ${path} is documented for ${ep.methods.join(',')}, not ${method}`);
    if (!o.skipVersionCheck && (ep.since || ep.removedIn)) await this.requireEndpoint(path, o.what);
    const wire = `/api/${path}${(o.args ?? []).map((a) => `/${encodeURIComponent(a)}`).join('')}`;
    const idempotent = method === 'GET';
    const attempts = this.opts.attempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        this.opts.onRequest?.(method, path);
        const raw = await this.send(method, wire, o.body);
        return this.interpret<T>(raw, method, wire);
      } catch (err) {
        const e = err as OpnsenseError & { notSent?: boolean };
        const retry =
          attempt < attempts &&
          e instanceof OpnsenseError &&
          e.transient &&
          (idempotent || e.notSent);
        if (!retry) throw err;
        await delay((this.opts.retryBaseMs ?? 250) * 2 ** (attempt - 1));
      }
    }
  }

  private interpret<T>(raw: Raw, method: string, wire: string): T {
    const d = { firewall: this.name, status: raw.status, method, path: wire };
    const body = raw.body as { message?: string; errorMessage?: string } | null;
    if (raw.status === 401)
      throw new OpnsenseError(
        'OPN_AUTH',
        `${this.name} refused the API key (Authentication Failed)`,
        d,
      );
    if (raw.status === 403)
      throw new OpnsenseError('OPN_FORBIDDEN', `${this.name}: the API key may not call ${wire}`, d);
    if (raw.status === 404)
      throw new OpnsenseError('OPN_NOT_FOUND', `${this.name} has no endpoint ${wire}`, d);
    if (raw.status >= 400) {
      const msg = body?.errorMessage ?? body?.message ?? `HTTP ${raw.status}`;
      if (/in use by/i.test(msg)) throw new OpnsenseError('OPN_IN_USE', `${this.name}: ${msg}`, d);
      throw new OpnsenseError(
        'OPN_SERVER',
        `${this.name} answered ${raw.status} for ${wire}: ${msg}`,
        d,
      );
    }
    if (body === null || typeof body !== 'object')
      throw new OpnsenseError('OPN_SERVER', `${this.name} answered ${wire} without JSON`, d);
    return body as T;
  }

  private send(method: 'GET' | 'POST', wire: string, body: unknown): Promise<Raw> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Basic ${Buffer.from(`${this.conn.key}:${this.conn.secret}`).toString('base64')}`,
    };
    if (payload) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(payload.length);
    }
    const timeoutMs = this.opts.timeoutMs ?? 15_000;
    return new Promise<Raw>((resolve, reject) => {
      let sent = false;
      let timedOut = false;
      const req = https.request({
        protocol: 'https:',
        hostname: this.base.hostname.replace(/^\[|\]$/g, ''),
        port: Number(this.base.port || 443),
        method,
        path: wire,
        headers,
        agent: this.agent,
      });
      const timer = setTimeout(() => {
        timedOut = true;
        req.destroy(new Error('time-out'));
      }, timeoutMs);
      req.once('socket', () => (sent = true));
      req.once('error', (err: Error & { code?: string }) => {
        clearTimeout(timer);
        const d = { firewall: this.name, method, path: wire };
        let e: OpnsenseError;
        if (
          err instanceof FingerprintMismatchError ||
          /certificate|self.signed|SSL/i.test(err.message)
        )
          e = new OpnsenseError('OPN_TLS', `${this.name}: ${err.message}`, d);
        else if (timedOut)
          e = new OpnsenseError(
            'OPN_TIMEOUT',
            `${this.name} did not answer within ${Math.round(timeoutMs / 1000)} s`,
            d,
          );
        else
          e = new OpnsenseError(
            'OPN_UNREACHABLE',
            `${this.name} is unreachable (${err.code ?? err.message})`,
            d,
          );
        // a socket that never connected, or a kept-alive one the firewall had closed, carried nothing
        Object.assign(e, { notSent: !sent || (req.reusedSocket && err.code === 'ECONNRESET') });
        reject(e);
      });
      req.once('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.once('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = null;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            parsed = null;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      });
      req.end(payload);
    });
  }
}
