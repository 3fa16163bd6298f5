import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { hash } from '@node-rs/argon2';
import { authenticator } from 'otplib';
import { SecretsCipher } from '../../common/crypto/secrets-cipher';
import { AppError } from '../../common/errors/app-error';
import { AuthRepository } from './auth.repository';
import { TOTP_CONTEXT, totpStep } from './totp-verifier';

const RECOVERY_CODES = 10;

interface PendingUser {
  id: string;
  totpSecret: string | null;
  totpEnabledAt: Date | null;
}

// The two steps of turning 2FA on, shared by the profile page and the required-at-login enrolment.
@Injectable()
export class TotpEnroller {
  constructor(
    private readonly repo: AuthRepository,
    private readonly cipher: SecretsCipher,
  ) {}

  /** Stores a new pending secret (replacing an unconfirmed one); 2FA is not on until finish(). */
  async begin(user: {
    id: string;
    email: string;
    totpEnabledAt: Date | null;
  }): Promise<{ secret: string; otpauthUrl: string }> {
    if (user.totpEnabledAt)
      throw new AppError('CONFLICT', 'Two-factor authentication is already on');
    const secret = authenticator.generateSecret(20);
    await this.repo.setTotp(user.id, {
      totpSecret: this.cipher.encrypt(secret, TOTP_CONTEXT),
      totpEnabledAt: null,
      totpLastStep: null,
    });
    return { secret, otpauthUrl: authenticator.keyuri(user.email, 'Multpanel', secret) };
  }

  /** Throws unless the code matches the pending (not yet enabled) secret; returns its time-step. */
  checkPending(user: PendingUser, code: string): { totpSecret: string; step: number } {
    if (!user.totpSecret) throw new AppError('BAD_REQUEST', 'Start the set-up first');
    if (user.totpEnabledAt)
      throw new AppError('CONFLICT', 'Two-factor authentication is already on');
    const step = totpStep(code, this.cipher.decrypt(user.totpSecret, TOTP_CONTEXT));
    if (step === null) throw new AppError('TOTP_INVALID', 'The verification code is wrong');
    return { totpSecret: user.totpSecret, step };
  }

  /** Checks a code against the pending secret, turns 2FA on and returns fresh recovery codes. */
  async finish(user: PendingUser, code: string): Promise<{ recoveryCodes: string[] }> {
    // The enabling code counts as used: it cannot sign in a second time.
    const { totpSecret, step } = this.checkPending(user, code);
    const codes = Array.from({ length: RECOVERY_CODES }, () => {
      const raw = randomBytes(5).toString('hex');
      return `${raw.slice(0, 5)}-${raw.slice(5)}`;
    });
    await this.repo.setTotp(user.id, {
      totpSecret,
      totpEnabledAt: new Date(),
      totpLastStep: step,
      recoveryCodes: await Promise.all(codes.map((c) => hash(c))),
    });
    return { recoveryCodes: codes };
  }
}
