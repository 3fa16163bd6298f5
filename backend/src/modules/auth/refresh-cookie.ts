import { REFRESH_COOKIE } from '@multpanel/contracts';
import type { Request, Response } from 'express';
import { AppError } from '../../common/errors/app-error';
import { REFRESH_TTL_MS } from './refresh-token';

const PATH = '/api/auth';

export function setRefreshCookie(req: Request, res: Response, token: string): void {
  res.cookie(REFRESH_COOKIE, token, {
    httpOnly: true,
    secure: req.secure,
    sameSite: 'strict',
    path: PATH,
    maxAge: REFRESH_TTL_MS,
  });
}

export function clearRefreshCookie(req: Request, res: Response): void {
  res.clearCookie(REFRESH_COOKIE, {
    httpOnly: true,
    secure: req.secure,
    sameSite: 'strict',
    path: PATH,
  });
}

export function readRefreshCookie(req: Request): string | undefined {
  const v = (req.cookies as Record<string, unknown> | undefined)?.[REFRESH_COOKIE];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

// CSRF defence for cookie-authenticated endpoints, on top of SameSite=Strict: a browser always sends
// Origin on cross-site POSTs, so a present Origin must name this host.
export function assertSameOrigin(req: Request): void {
  const origin = req.headers.origin;
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new AppError('FORBIDDEN', 'Cross-site request refused');
  }
  const expected = req.headers['x-forwarded-host'] ?? req.headers.host;
  if (host !== expected) throw new AppError('FORBIDDEN', 'Cross-site request refused');
}
