import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface ProbeResult {
  httpStatus: number | null;
  version: string | null;
  status: 'ok' | 'degraded' | 'down';
  latencyMs: number | null;
  error: string | null;
}

/** GET <url>/api/health (public): version and readiness of one installation. */
export function probeInstance(
  baseUrl: string,
  insecure = false,
  timeoutMs = 4000,
): Promise<ProbeResult> {
  const url = new URL('/api/health', baseUrl);
  const t0 = performance.now();
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((done) => {
    const fail = (error: string) =>
      done({ httpStatus: null, version: null, status: 'down', latencyMs: null, error });
    const req = request(
      url,
      {
        method: 'GET',
        timeout: timeoutMs,
        rejectUnauthorized: !insecure,
        headers: { accept: 'application/json' },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          if (body.length < 64 * 1024) body += c;
        });
        res.on('end', () => {
          let parsed: { version?: unknown; status?: unknown } = {};
          try {
            parsed = JSON.parse(body) as typeof parsed;
          } catch {
            return fail(`HTTP ${res.statusCode}: not a Multpanel health answer`);
          }
          const version = typeof parsed.version === 'string' ? parsed.version : null;
          done({
            httpStatus: res.statusCode ?? null,
            version,
            status: res.statusCode === 200 && parsed.status === 'ok' ? 'ok' : 'degraded',
            latencyMs: Math.round(performance.now() - t0),
            error: res.statusCode === 200 ? null : `HTTP ${res.statusCode}`,
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => fail(err.message));
    req.end();
  });
}
