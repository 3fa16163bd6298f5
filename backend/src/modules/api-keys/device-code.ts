import { createHash, randomBytes, randomInt } from 'node:crypto';
import { USER_CODE_ALPHABET } from '@multpanel/contracts';

// The two codes of a device sign-in: the CLI's secret (polled with, stored only hashed) and the short
// code a person types or confirms in the browser.

export const DEVICE_CODE_TTL_SECONDS = 600;
export const DEVICE_POLL_INTERVAL_SECONDS = 5;
/** Device codes one address may request per window (a CLI asks once per login). */
export const DEVICE_CODES_PER_IP = 20;
export const DEVICE_CODES_WINDOW_SECONDS = 15 * 60;
/** Unknown user codes one person may try per window before the approval page refuses for a while. */
export const USER_CODE_MISSES = 10;
export const USER_CODE_MISSES_WINDOW_SECONDS = 15 * 60;

/** 32 random bytes, base64url (43 characters). */
export function newDeviceCode(): string {
  return randomBytes(32).toString('base64url');
}

/** "BCDF-GHJK": eight letters from the 20-letter alphabet, drawn without modulo bias. */
export function newUserCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** The store keys the hash, so a Redis dump holds no code a CLI could poll with. */
export function hashDeviceCode(deviceCode: string): string {
  return createHash('sha256').update(deviceCode).digest('hex');
}
