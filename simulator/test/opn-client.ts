import https from 'node:https';

/** Minimal HTTPS caller for the OPNsense simulator's tests (self-signed certificate). */
export async function opn(
  base: string,
  method: string,
  path: string,
  opts: { auth?: [string, string]; json?: unknown; raw?: string; type?: string } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loose JSON bodies
): Promise<{ status: number; body: any }> {
  const url = new URL(path, base);
  const headers: Record<string, string> = {};
  if (opts.auth)
    headers.Authorization = `Basic ${Buffer.from(`${opts.auth[0]}:${opts.auth[1]}`).toString('base64')}`;
  let payload: string | undefined;
  if (opts.json !== undefined) {
    payload = JSON.stringify(opts.json);
    headers['Content-Type'] = 'application/json';
  } else if (opts.raw !== undefined) {
    payload = opts.raw;
    headers['Content-Type'] = opts.type ?? 'application/json';
  }
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method, headers, rejectUnauthorized: false, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            /* keep text */
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
