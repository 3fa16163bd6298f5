import { Injectable } from '@nestjs/common';
import type { PlatformSettings } from '@multpanel/contracts';
import type { Actor } from '../../common/auth/actor';
import { ActivityService } from '../../common/audit/activity.service';
import { PlatformSettingsRepository } from './platform-settings.repository';

const REQUIRE_STAFF_2FA = 'requireStaff2fa';

// Platform-wide switches. Read on every password login, so reads stay one primary-key lookup.
@Injectable()
export class PlatformSettingsService {
  constructor(
    private readonly repo: PlatformSettingsRepository,
    private readonly activity: ActivityService,
  ) {}

  async get(): Promise<PlatformSettings> {
    return { requireStaff2fa: (await this.repo.get(REQUIRE_STAFF_2FA)) === true };
  }

  async requireStaff2fa(): Promise<boolean> {
    return (await this.get()).requireStaff2fa;
  }

  async update(actor: Actor, input: PlatformSettings): Promise<PlatformSettings> {
    const before = await this.get();
    await this.repo.set(REQUIRE_STAFF_2FA, input.requireStaff2fa);
    const endedSessions =
      input.requireStaff2fa && !before.requireStaff2fa
        ? await this.repo.endStaffSessionsWithout2fa(actor.principal.sessionFamilyId)
        : 0;
    await this.activity.record({
      action: 'platform.settings_update',
      companyId: null,
      actor: actor.principal,
      resourceType: 'platform_setting',
      resourceId: REQUIRE_STAFF_2FA,
      ip: actor.meta.ip,
      userAgent: actor.meta.userAgent,
      details: { before: before.requireStaff2fa, after: input.requireStaff2fa, endedSessions },
    });
    return this.get();
  }
}
