import { REFRESH_COOKIE, SESSION_HINT_COOKIE } from '@multpanel/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../common/errors/app-error';
import { REFRESH_TTL_MS } from './refresh-token';

const PATH = '/api/auth';

// One cookie is all the API reads or writes, so it is done here rather than by a cookie plugin
// parsing every request. The Set-Cookie lines are the ones Express's res.cookie wrote.
function refreshCookie(req: FastifyRequest, value: string, expires: Date, maxAge?: number): string {
  return [
    `${REFRESH_COOKIE}=${encodeURIComponent(value)}`,
    ...(maxAge === undefined ? [] : [`Max-Age=${Math.floor(maxAge / 1000)}`]),
    `Path=${PATH}`,
    `Expires=${expires.toUTCString()}`,
    'HttpOnly',
    ...(req.secure ? ['Secure'] : []),
    'SameSite=Strict',
  ].join('; ');
}

/** The SPA-readable companion of the refresh cookie: `1` while there is a session to restore. */
function sessionHintCookie(req: FastifyRequest, set: boolean, expires: Date, maxAge?: number) {
  return [
    `${SESSION_HINT_COOKIE}=${set ? '1' : ''}`,
    ...(maxAge === undefined ? [] : [`Max-Age=${Math.floor(maxAge / 1000)}`]),
    'Path=/',
    `Expires=${expires.toUTCString()}`,
    ...(req.secure ? ['Secure'] : []),
    'SameSite=Strict',
  ].join('; ');
}

export function setRefreshCookie(req: FastifyRequest, res: FastifyReply, token: string): void {
  const expires = new Date(Date.now() + REFRESH_TTL_MS);
  res.header('set-cookie', [
    refreshCookie(req, token, expires, REFRESH_TTL_MS),
    sessionHintCookie(req, true, expires, REFRESH_TTL_MS),
  ]);
}

export function clearRefreshCookie(req: FastifyRequest, res: FastifyReply): void {
  res.header('set-cookie', [
    refreshCookie(req, '', new Date(1)),
    sessionHintCookie(req, false, new Date(1)),
  ]);
}

/** The first mp_refresh in the Cookie header, unquoted and URI-decoded as cookie-parser read it. */
export function readRefreshCookie(req: FastifyRequest): string | undefined {
  for (const pair of req.headers.cookie?.split(';') ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== REFRESH_COOKIE) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.length > 1 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1);
    }
    return value.length > 0 ? decodeCookieValue(value) : undefined;
  }
  return undefined;
}

function decodeCookieValue(value: string): string {
  try {
    return value.includes('%') ? decodeURIComponent(value) : value;
  } catch {
    return value;
  }
}

// CSRF defence for cookie-authenticated endpoints, on top of SameSite=Strict: a browser always sends
// Origin on cross-site POSTs, so a present Origin must name this host. `req.host` reads
// X-Forwarded-Host only from a proxy TRUST_PROXY trusts; any client could send it.
export function assertSameOrigin(req: FastifyRequest): void {
  const origin = req.headers.origin;
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new AppError('FORBIDDEN', 'Cross-site request refused');
  }
  if (host !== req.host.toLowerCase())
    throw new AppError('FORBIDDEN', 'Cross-site request refused');
}
