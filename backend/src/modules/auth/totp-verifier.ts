import { Injectable } from '@nestjs/common';
import { authenticator } from 'otplib';
import { verify } from '@node-rs/argon2';
import { SecretsCipher } from '../../common/crypto/secrets-cipher';
import { AuthRepository } from './auth.repository';

export const TOTP_CONTEXT = 'user.totp';
export const TOTP_STEP_SECONDS = 30;
authenticator.options = { window: 1, step: TOTP_STEP_SECONDS };

/**
 * The time-step (Unix time / 30 s) of the code within the accepted window (one step either side),
 * or null when the code is wrong.
 */
export function totpStep(code: string, secret: string, now = Date.now()): number | null {
  const delta = authenticator.clone({ epoch: now }).checkDelta(code, secret);
  return delta === null ? null : Math.floor(now / 1000 / TOTP_STEP_SECONDS) + delta;
}

// Checks a second factor: a 6-digit TOTP code or a one-time recovery code. A TOTP code is accepted
// once: its time-step is claimed in the database (atomically, so two API processes cannot both
// accept it), and a code of that step or an earlier one is refused afterwards.
@Injectable()
export class TotpVerifier {
  constructor(
    private readonly repo: AuthRepository,
    private readonly cipher: SecretsCipher,
  ) {}

  /** A TOTP code or a recovery code (which is used up). */
  async verifyForLogin(userId: string, code: string): Promise<boolean> {
    if (/^\d{6}$/.test(code)) return this.verifyTotp(userId, code);
    const user = await this.repo.findSecondFactor(userId);
    if (!user?.totpSecret) return false;
    const hashes = (Array.isArray(user.recoveryCodes) ? user.recoveryCodes : []) as string[];
    for (const h of hashes) {
      if (await verify(h, code.toLowerCase()).catch(() => false)) {
        return this.repo.useRecoveryCode(userId, h);
      }
    }
    return false;
  }

  /** A TOTP code of the enabled secret, claimed so that it cannot be used again. */
  async verifyTotp(userId: string, code: string): Promise<boolean> {
    const user = await this.repo.findSecondFactor(userId);
    if (!user?.totpSecret) return false;
    const step = totpStep(code, this.cipher.decrypt(user.totpSecret, TOTP_CONTEXT));
    return step !== null && this.repo.claimTotpStep(userId, step);
  }
}
