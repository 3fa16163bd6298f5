import { Injectable } from '@nestjs/common';
import { authenticator } from 'otplib';
import { verify } from '@node-rs/argon2';
import { SecretsCipher } from '../../common/crypto/secrets-cipher';
import { AuthRepository } from './auth.repository';

export const TOTP_CONTEXT = 'user.totp';
authenticator.options = { window: 1 };

// Checks a login's second factor: a 6-digit TOTP code or a one-time recovery code (consumed on use).
@Injectable()
export class TotpVerifier {
  constructor(
    private readonly repo: AuthRepository,
    private readonly cipher: SecretsCipher,
  ) {}

  async verifyForLogin(userId: string, code: string): Promise<boolean> {
    const user = await this.repo.findSecondFactor(userId);
    if (!user?.totpSecret) return false;
    if (/^\d{6}$/.test(code)) {
      return authenticator.check(code, this.cipher.decrypt(user.totpSecret, TOTP_CONTEXT));
    }
    const hashes = (Array.isArray(user.recoveryCodes) ? user.recoveryCodes : []) as string[];
    for (const [i, h] of hashes.entries()) {
      if (await verify(h, code.toLowerCase()).catch(() => false)) {
        const rest = hashes.filter((_, j) => j !== i);
        await this.repo.setRecoveryCodes(userId, rest);
        return true;
      }
    }
    return false;
  }
}
