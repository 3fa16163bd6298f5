import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';

// Ed25519 key pairs in the formats OpenSSH and ssh2 read. Node exports Ed25519 private keys only as
// PKCS#8, which ssh2 does not parse, so the unencrypted "openssh-key-v1" container is written here.

export interface SshKeyMaterial {
  /** authorized_keys line: `ssh-ed25519 <base64> <comment>`. */
  publicKey: string;
  /** PEM-armoured openssh-key-v1 private key (store encrypted). */
  privateKey: string;
  /** `SHA256:<base64>` as `ssh-keygen -l` prints it. */
  fingerprint: string;
}

const KEY_TYPE = 'ssh-ed25519';

function sshString(data: Buffer | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

/** Wire-format public key blob (what authorized_keys carries base64-encoded). */
export function publicBlob(pub: Buffer): Buffer {
  return Buffer.concat([sshString(KEY_TYPE), sshString(pub)]);
}

export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The base64 blob of an authorized_keys line (second field), used to find a key regardless of comment. */
export function blobOfLine(line: string): string {
  return line.trim().split(/\s+/)[1] ?? '';
}

export function generateSshKey(comment: string): SshKeyMaterial {
  if (!/^[A-Za-z0-9@._:-]{1,64}$/.test(comment)) throw new Error('invalid key comment');
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' }) as { d: string; x: string };
  const seed = Buffer.from(jwk.d, 'base64url');
  const pub = Buffer.from(jwk.x, 'base64url');
  const blob = publicBlob(pub);

  const check = randomBytes(4);
  let priv = Buffer.concat([
    check,
    check,
    sshString(KEY_TYPE),
    sshString(pub),
    sshString(Buffer.concat([seed, pub])),
    sshString(comment),
  ]);
  // Padding 1, 2, 3, … up to the cipher block size (8 for "none").
  const pad: number[] = [];
  for (let i = 1; (priv.length + pad.length) % 8 !== 0; i++) pad.push(i);
  priv = Buffer.concat([priv, Buffer.from(pad)]);

  const container = Buffer.concat([
    Buffer.from('openssh-key-v1\0'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    uint32(1),
    sshString(blob),
    sshString(priv),
  ]);
  const b64 = container.toString('base64').replace(/.{1,70}/g, '$&\n');
  return {
    publicKey: `${KEY_TYPE} ${blob.toString('base64')} ${comment}`,
    privateKey: `-----BEGIN OPENSSH PRIVATE KEY-----\n${b64}-----END OPENSSH PRIVATE KEY-----\n`,
    fingerprint: fingerprintOf(blob),
  };
}
