// Machine-local settings that must survive restarts (generated secrets, a created DB user), kept in
// .multpanel/local.env (gitignored). Real environment variables always win over this file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './deps.mjs';

export const STATE_DIR = path.join(ROOT, '.multpanel');
const FILE = path.join(STATE_DIR, 'local.env');

export function readLocalEnv() {
  if (!fs.existsSync(FILE)) return {};
  const out = {};
  for (const line of fs.readFileSync(FILE, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2];
  }
  return out;
}

export function writeLocalEnv(values) {
  fs.mkdirSync(STATE_DIR, { recursive: true });
  const merged = { ...readLocalEnv(), ...values };
  const body =
    Object.entries(merged)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n';
  fs.writeFileSync(FILE, body, { mode: 0o600 });
}

/** Secrets for a local install: generated once, then reused so sessions and encrypted data survive. */
export function ensureLocalSecrets() {
  const current = readLocalEnv();
  const add = {};
  if (!current.JWT_SECRET) add.JWT_SECRET = crypto.randomBytes(32).toString('base64url');
  if (!current.ENCRYPTION_KEY) add.ENCRYPTION_KEY = crypto.randomBytes(32).toString('base64');
  if (Object.keys(add).length) writeLocalEnv(add);
  return { ...current, ...add };
}
