import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';

// Envelope "enc:v<key version>:<base64(iv | tag | ciphertext)>", AES-256-GCM.
// `context` is bound as associated data so a secret cannot be moved to another column unnoticed.
const PATTERN = /^enc:v(\d+):([A-Za-z0-9+/=]+)$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretsCipherCore {
  readonly currentVersion: number;

  constructor(private readonly keys: ReadonlyMap<number, Buffer>) {
    if (keys.size === 0) throw new Error('no encryption keys');
    this.currentVersion = Math.max(...keys.keys());
  }

  encrypt(plain: string, context: string): string {
    const key = this.keys.get(this.currentVersion)!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context));
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const blob = Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64');
    return `enc:v${this.currentVersion}:${blob}`;
  }

  decrypt(envelope: string, context: string): string {
    const m = PATTERN.exec(envelope);
    if (!m) throw new Error('not an encrypted value');
    const key = this.keys.get(Number(m[1]));
    if (!key) throw new Error(`encryption key v${m[1]} is not configured`);
    const raw = Buffer.from(m[2], 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([
      decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }

  versionOf(envelope: string): number | null {
    const m = PATTERN.exec(envelope);
    return m ? Number(m[1]) : null;
  }

  /** Returns the value encrypted with the current key, or null when it already is. */
  reencrypt(envelope: string, context: string): string | null {
    if (this.versionOf(envelope) === this.currentVersion) return null;
    return this.encrypt(this.decrypt(envelope, context), context);
  }
}

@Injectable()
export class SecretsCipher extends SecretsCipherCore {
  constructor(config: AppConfig) {
    super(config.env.ENCRYPTION_KEY);
  }
}
