import { request } from 'node:https';
import { baseUrl, demoPassword } from './browser';

// What browser tests set up or check beside the browser: the platform's API (as a demo user) and
// the Proxmox simulator's /_sim knobs and PVE API (self-signed https).

export const simUrl = (process.env.SIM_URL ?? '').replace(/\/+$/, '');

/** One API call; a non-2xx answer throws with its body. */
export async function call<T>(path: string, token: string | null, body?: unknown, method = 'POST') {
  const res = await fetch(`${baseUrl}/api${path}`, {
    method,
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export const signInApi = (email: string) =>
  call<{ accessToken: string; user: { companyId: string | null } }>('/auth/login', null, {
    email,
    password: demoPassword,
  });

export const login = async (email: string) => (await signInApi(email)).accessToken;

/** The Proxmox simulator over https (self-signed): its /_sim knobs and its PVE API. */
export function sim<T>(
  path: string,
  body?: unknown,
  headers: Record<string, string> = { 'Content-Type': 'application/json' },
): Promise<T> {
  return new Promise((done, fail) => {
    const u = new URL(`${simUrl}${path}`);
    const req = request(
      u,
      { method: body === undefined ? 'GET' : 'POST', rejectUnauthorized: false, headers },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () =>
          (res.statusCode ?? 500) < 300
            ? done((text ? JSON.parse(text) : undefined) as T)
            : fail(new Error(`${path}: ${res.statusCode} ${text}`)),
        );
      },
    );
    req.on('error', fail);
    req.end(
      body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    );
  });
}
