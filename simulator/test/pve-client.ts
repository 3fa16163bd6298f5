import https from 'node:https';

export interface ApiResponse<T = unknown> {
  status: number;
  statusMessage: string;
  body: {
    data: T;
    message?: string;
    errors?: Record<string, string>;
    total?: number;
    [k: string]: unknown;
  };
}

export interface Credentials {
  ticket?: string;
  csrf?: string;
  token?: string;
}

/** Minimal PVE client over node:https that trusts the simulator's self-signed certificate. */
export class PveTestClient {
  creds: Credentials = {};

  constructor(
    readonly baseUrl: string,
    /** PEM to trust; without it certificate checks are skipped (trust on first use) */
    private readonly ca?: string,
  ) {}

  withToken(token: string): PveTestClient {
    const c = new PveTestClient(this.baseUrl, this.ca);
    c.creds = { token };
    return c;
  }

  async login(
    username = 'root@pam',
    password = 'sim-password',
  ): Promise<ApiResponse<{ ticket: string; CSRFPreventionToken: string }>> {
    const r = await this.request<{ ticket: string; CSRFPreventionToken: string }>(
      'POST',
      '/access/ticket',
      { username, password },
    );
    if (r.status === 200)
      this.creds = { ticket: r.body.data.ticket, csrf: r.body.data.CSRFPreventionToken };
    return r;
  }

  request<T = unknown>(
    method: string,
    path: string,
    params: Record<string, string | number | string[]> = {},
    opts: { json?: boolean; headers?: Record<string, string>; raw?: boolean } = {},
  ): Promise<ApiResponse<T>> {
    const url = new URL((opts.raw ? '' : '/api2/json') + path, this.baseUrl);
    let body: string | undefined;
    const headers: Record<string, string> = { ...opts.headers };
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(params))
      for (const x of Array.isArray(v) ? v : [v]) form.append(k, String(x));
    if (method === 'GET' || method === 'DELETE') {
      for (const [k, v] of form) url.searchParams.append(k, v);
    } else if (opts.json) {
      body = JSON.stringify(params);
      headers['Content-Type'] = 'application/json';
    } else {
      body = form.toString();
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    if (this.creds.token) headers.Authorization = `PVEAPIToken=${this.creds.token}`;
    if (this.creds.ticket) {
      headers.Cookie = `PVEAuthCookie=${encodeURIComponent(this.creds.ticket)}`;
      if (method !== 'GET' && this.creds.csrf) headers.CSRFPreventionToken = this.creds.csrf;
    }
    return new Promise((resolve, reject) => {
      const req = https.request(
        url,
        { method, headers, ca: this.ca, rejectUnauthorized: !!this.ca, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: ApiResponse<T>['body'];
            try {
              parsed = JSON.parse(text) as ApiResponse<T>['body'];
            } catch {
              parsed = { data: text as unknown as T };
            }
            resolve({
              status: res.statusCode ?? 0,
              statusMessage: res.statusMessage ?? '',
              body: parsed,
            });
          });
        },
      );
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  /** multipart/form-data upload like the PVE GUI's ISO upload */
  upload<T = unknown>(
    path: string,
    fields: Record<string, string>,
    file: { field: string; name: string; data: Buffer },
  ): Promise<ApiResponse<T>> {
    const boundary = `----sim${Date.now().toString(16)}`;
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries(fields))
      parts.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
      );
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    );
    const body = Buffer.concat(parts);
    const url = new URL('/api2/json' + path, this.baseUrl);
    const headers: Record<string, string> = {
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      'Content-Length': String(body.length),
    };
    if (this.creds.token) headers.Authorization = `PVEAPIToken=${this.creds.token}`;
    if (this.creds.ticket) {
      headers.Cookie = `PVEAuthCookie=${encodeURIComponent(this.creds.ticket)}`;
      if (this.creds.csrf) headers.CSRFPreventionToken = this.creds.csrf;
    }
    return new Promise((resolve, reject) => {
      const req = https.request(
        url,
        { method: 'POST', headers, ca: this.ca, rejectUnauthorized: !!this.ca, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              statusMessage: res.statusMessage ?? '',
              body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as ApiResponse<T>['body'],
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  get<T = unknown>(path: string, params?: Record<string, string | number>) {
    return this.request<T>('GET', path, params);
  }
  post<T = unknown>(path: string, params?: Record<string, string | number | string[]>) {
    return this.request<T>('POST', path, params);
  }
  put<T = unknown>(path: string, params?: Record<string, string | number | string[]>) {
    return this.request<T>('PUT', path, params);
  }
  del<T = unknown>(path: string, params?: Record<string, string | number>) {
    return this.request<T>('DELETE', path, params);
  }

  /** Poll a task until it stops; returns its final status. */
  async waitTask(
    upid: string,
    timeoutMs = 10000,
  ): Promise<{ status: string; exitstatus?: string }> {
    const node = upid.split(':')[1];
    const end = Date.now() + timeoutMs;
    for (;;) {
      const r = await this.get<{ status: string; exitstatus?: string }>(
        `/nodes/${node}/tasks/${encodeURIComponent(upid)}/status`,
      );
      if (r.status !== 200) throw new Error(`task status ${r.status} ${r.statusMessage}`);
      if (r.body.data.status === 'stopped') return r.body.data;
      if (Date.now() > end) throw new Error(`task ${upid} did not finish`);
      await new Promise((res) => setTimeout(res, 20));
    }
  }

  async ok<T = unknown>(p: Promise<ApiResponse<T>>): Promise<T> {
    const r = await p;
    if (r.status !== 200)
      throw new Error(
        `expected 200, got ${r.status} ${r.statusMessage} ${JSON.stringify(r.body.errors ?? '')}`,
      );
    return r.body.data;
  }
}
