import { createCipheriv } from 'node:crypto';

/**
 * VNC authentication (RFB security type 2): the 16-byte challenge is DES-ECB encrypted with the
 * password (first 8 bytes, NUL padded) as key, each key byte bit-mirrored, a quirk of the original
 * VNC implementation. Node's OpenSSL has no single-DES cipher by default, but two-key triple DES
 * (EDE) with both halves equal is exactly single DES.
 */
export function vncAuthResponse(password: string, challenge: Buffer): Buffer {
  if (challenge.length !== 16) throw new Error('VNC challenge must be 16 bytes');
  const key = vncKey(password);
  const cipher = createCipheriv('des-ede-ecb', Buffer.concat([key, key]), null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(challenge), cipher.final()]);
}

function vncKey(password: string): Buffer {
  const key = Buffer.alloc(8);
  Buffer.from(password, 'latin1').copy(key, 0, 0, 8);
  for (let i = 0; i < 8; i++) key[i] = mirrorByte(key[i]);
  return key;
}

function mirrorByte(b: number): number {
  let out = 0;
  for (let bit = 0; bit < 8; bit++) if (b & (1 << bit)) out |= 1 << (7 - bit);
  return out;
}
