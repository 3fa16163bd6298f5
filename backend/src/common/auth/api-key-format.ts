import { createHash, randomBytes } from 'node:crypto';

// "mpk_<8 lookup chars>_<secret>": the lookup part is stored in clear, the whole key only hashed.
export const API_KEY_PREFIX = 'mpk_';
const FORMAT = /^mpk_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{32,64})$/;

export function isApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const lookup = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 8);
  const secret = randomBytes(32).toString('base64url');
  const key = `${API_KEY_PREFIX}${lookup}_${secret}`;
  return { key, prefix: `${API_KEY_PREFIX}${lookup}`, hash: hashApiKey(key) };
}

export function parseApiKey(token: string): { prefix: string } | null {
  const m = FORMAT.exec(token);
  return m ? { prefix: `${API_KEY_PREFIX}${m[1]}` } : null;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
