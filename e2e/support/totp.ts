import { createHmac } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32Decode(input: string): Buffer {
  const clean = input.replace(/=+$/, '').replace(/\s+/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const idx = BASE32.indexOf(char);
    if (idx === -1) throw new Error(`not base32: ${char}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 code (SHA-1, 6 digits, 30 s), what an authenticator app would show for `secret`. */
export function totpCode(secret: string, at = Date.now()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return binary.toString().padStart(6, '0');
}

/** The current time-step (what the server counts codes in). */
export function totpStepNow(at = Date.now()): number {
  return Math.floor(at / 30_000);
}

/**
 * A code the server will still accept after a code of `usedStep` was claimed: the current step's
 * code when the clock has moved on, else the next step's (within the server's one-step window).
 * Using the previous step's code instead fails whenever a step boundary passes before the server
 * checks it, which a loaded CI machine makes likely.
 */
export function totpCodeAfter(secret: string, usedStep: number): string {
  const step = Math.max(totpStepNow(), usedStep + 1);
  return totpCode(secret, step * 30_000);
}
