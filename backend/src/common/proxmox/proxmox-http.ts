import type { Agent } from 'node:https';
import * as https from 'node:https';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type ParamValue = string | number | boolean | null | undefined | Array<string | number>;
export type Params = Record<string, ParamValue>;

/** A file sent as one part of a multipart/form-data POST (PVE's storage upload). */
export interface UploadFile {
  field: string;
  filename: string;
  data: Buffer;
}

/** multipart/form-data body: params as fields, then the file part (named like its parameter). */
export function multipartBody(
  params: Params | undefined,
  file: UploadFile,
): { body: Buffer; contentType: string } {
  const boundary = `----multpanel${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of new URLSearchParams(encodeParams(params)))
    // the file part carries that parameter (PVE: `filename` is the file)
    if (k !== file.field)
      parts.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
      );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename.replace(/"/g, '')}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface RawResponse {
  status: number;
  statusMessage: string;
  body: unknown;
}

/** Failure below HTTP. `sent` tells whether the server may have seen the request. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly sent: boolean,
    readonly timedOut: boolean,
    override readonly cause: unknown,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** Encode params the way pveproxy reads them: 0/1 booleans, repeated keys for arrays. */
export function encodeParams(params: Params | undefined): string {
  const search = new URLSearchParams();
  if (!params) return '';
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) search.append(key, String(item));
    } else if (typeof value === 'boolean') {
      search.append(key, value ? '1' : '0');
    } else {
      search.append(key, String(value));
    }
  }
  return search.toString();
}

/** Send one request to one endpoint; GET/DELETE params go in the query, POST/PUT in a form body. */
export function sendOnce(args: {
  baseUrl: URL;
  agent: Agent;
  method: HttpMethod;
  wirePath: string;
  params?: Params;
  headers: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  file?: UploadFile;
}): Promise<RawResponse> {
  const encoded = encodeParams(args.params);
  const inBody = args.method === 'POST' || args.method === 'PUT';
  const path = !inBody && encoded ? `${args.wirePath}?${encoded}` : args.wirePath;
  const headers: Record<string, string> = { Accept: 'application/json', ...args.headers };
  let body: Buffer | undefined;
  if (inBody && args.file) {
    const mp = multipartBody(args.params, args.file);
    body = mp.body;
    headers['Content-Type'] = mp.contentType;
    headers['Content-Length'] = String(body.length);
  } else if (inBody) {
    body = Buffer.from(encoded, 'utf8');
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    headers['Content-Length'] = String(body.length);
  }

  return new Promise<RawResponse>((resolve, reject) => {
    let sent = false;
    let settled = false;
    let timedOut = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      args.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const req = https.request({
      protocol: 'https:',
      hostname: args.baseUrl.hostname.replace(/^\[|\]$/g, ''),
      port: Number(args.baseUrl.port || 8006),
      method: args.method,
      path,
      headers,
      agent: args.agent,
    });
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(new Error(`no answer within ${args.timeoutMs} ms`));
    }, args.timeoutMs);
    const onAbort = () => req.destroy(new Error('aborted'));
    if (args.signal?.aborted) onAbort();
    else args.signal?.addEventListener('abort', onAbort, { once: true });

    // The trusted agent only hands over sockets that finished the TLS handshake.
    req.once('socket', () => {
      sent = true;
    });
    req.once('error', (err: Error & { code?: string }) => {
      // A kept-alive socket the server closed while idle never carried this request.
      const safeReset = req.reusedSocket && err.code === 'ECONNRESET';
      finish(() => reject(new TransportError(err.message, sent && !safeReset, timedOut, err)));
    });
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.once('error', (err) =>
        finish(() => reject(new TransportError(err.message, true, timedOut, err))),
      );
      res.once('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          // Non-JSON bodies (proxy error pages) are kept as text for the error message.
        }
        finish(() =>
          resolve({
            status: res.statusCode ?? 0,
            statusMessage: res.statusMessage ?? '',
            body: parsed,
          }),
        );
      });
    });
    req.end(body);
  });
}
