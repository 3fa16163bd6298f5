import { Injectable } from '@nestjs/common';
import type { Role } from '@multpanel/contracts';
import { PlatformSettingsService } from '../platform/platform-settings.service';

const STAFF: readonly Role[] = ['super_admin', 'salesperson'];

// Whether an account must sign in with a second factor: its company's switch for customer users,
// the platform switch for MSP staff. SSO sign-ins skip this (the identity provider does MFA).
@Injectable()
export class TwoFactorPolicy {
  constructor(private readonly platform: PlatformSettingsService) {}

  async isRequired(user: {
    role: Role;
    company?: { require2fa: boolean } | null;
  }): Promise<boolean> {
    if (STAFF.includes(user.role)) return this.platform.requireStaff2fa();
    return Boolean(user.company?.require2fa);
  }
}
