import { createHash, randomBytes } from 'node:crypto';

export const REFRESH_TTL_MS = 30 * 24 * 3600 * 1000;
// A token reused this soon after rotation is a client race (two tabs), not theft.
export const ROTATION_GRACE_MS = 10_000;

export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
