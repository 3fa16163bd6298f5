import { createCipheriv } from 'node:crypto';

/**
 * Answer to a VNC-authentication challenge (RFB security type 2): the 16-byte challenge encrypted
 * with DES-ECB, keyed by the first 8 password bytes with each byte's bits reversed (a quirk of the
 * original VNC code). OpenSSL 3 only ships single DES in its legacy provider, so we use two-key
 * 3DES-EDE with identical halves, which computes exactly single DES.
 */
export function vncChallengeResponse(password: string, challenge: Buffer): Buffer {
  if (challenge.length !== 16) throw new Error('a VNC challenge has 16 bytes');
  const key = Buffer.alloc(8);
  Buffer.from(password, 'latin1').copy(key, 0, 0, 8);
  for (let i = 0; i < 8; i++) key[i] = reverseBits(key[i]);
  const cipher = createCipheriv('des-ede-ecb', Buffer.concat([key, key]), null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(challenge), cipher.final()]);
}

function reverseBits(b: number): number {
  let out = 0;
  for (let i = 0; i < 8; i++) out = (out << 1) | ((b >> i) & 1);
  return out;
}
